"""The schema. Every attempt belongs to a user (locally the OS user), so the same tables serve the
hosted mode. A check stores the exact code it ran on, which makes replays possible."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, Boolean, DateTime, Float, ForeignKey, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    # "local" (the OS user of a local install) | "admin" | "reviewer" | "candidate" (hosted mode)
    role: Mapped[str] = mapped_column(String(20), default="local", server_default="local")
    email: Mapped[str | None] = mapped_column(String(320), nullable=True)
    password_hash: Mapped[str | None] = mapped_column(Text, nullable=True)  # argon2; staff only


class AttemptRow(Base):
    __tablename__ = "attempts"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    problem_slug: Mapped[str] = mapped_column(String(200), index=True)
    problem_title: Mapped[str] = mapped_column(String(300))
    problem_path: Mapped[str] = mapped_column(Text)
    level_count: Mapped[int] = mapped_column(Integer)
    level_weights: Mapped[list[int]] = mapped_column(JSON)
    mode: Mapped[str] = mapped_column(String(20))  # "exam" | "practice"
    workspace: Mapped[str] = mapped_column(Text)
    workspace_token: Mapped[str] = mapped_column(String(64))  # also in the workspace's .levelup/attempt.json
    time_limit_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    paused_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    paused_seconds: Mapped[float] = mapped_column(Float, default=0.0)
    submitted_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    current_level: Mapped[int] = mapped_column(Integer, default=1)
    finished: Mapped[bool] = mapped_column(Boolean, default=False)  # every level passed
    score: Mapped[int] = mapped_column(Integer, default=0)  # of the latest counted check

    levels: Mapped[list[LevelRow]] = relationship(
        back_populates="attempt", order_by="LevelRow.number", cascade="all, delete-orphan"
    )
    checks: Mapped[list[CheckRow]] = relationship(
        back_populates="attempt", order_by="CheckRow.id", cascade="all, delete-orphan"
    )


class LevelRow(Base):
    __tablename__ = "attempt_levels"
    __table_args__ = (UniqueConstraint("attempt_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    unlocked_elapsed: Mapped[float] = mapped_column(Float)  # attempt-clock seconds at unlock
    passed_elapsed: Mapped[float | None] = mapped_column(Float, nullable=True)  # first time all its tests passed
    # attempt-clock seconds when `levelup hints` first showed this level's hints (None: never)
    hints_viewed_elapsed: Mapped[float | None] = mapped_column(Float, nullable=True)

    attempt: Mapped[AttemptRow] = relationship(back_populates="levels")


class CheckRow(Base):
    __tablename__ = "checks"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    elapsed_seconds: Mapped[float] = mapped_column(Float)  # attempt clock
    counted: Mapped[bool] = mapped_column(Boolean)  # False after the exam time ran out or after submit
    levels_checked: Mapped[list[int]] = mapped_column(JSON)
    score: Mapped[int] = mapped_column(Integer)
    passed: Mapped[int] = mapped_column(Integer)
    total: Mapped[int] = mapped_column(Integer)
    import_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    duration_seconds: Mapped[float] = mapped_column(Float)
    code_archive: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)  # the exact files checked (zip)
    # the queued request this check graded (hosted mode); unique, so a request graded twice by
    # two workers (at-least-once delivery) is stored once
    request_id: Mapped[str | None] = mapped_column(String(32), unique=True, nullable=True)

    attempt: Mapped[AttemptRow] = relationship(back_populates="checks")
    results: Mapped[list[TestResultRow]] = relationship(
        back_populates="check", order_by="TestResultRow.id", cascade="all, delete-orphan"
    )


class CheckRequestRow(Base):
    """A check handed to the grading queue (hosted mode): the code as snapshotted when the request
    arrived, and the attempt clock's reading then. Its id is the queue task's id; the CheckRow it
    produces names it."""

    __tablename__ = "check_requests"

    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    levels: Mapped[list[int]] = mapped_column(JSON)
    code_archive: Mapped[bytes] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(20))  # "queued" | "grading" | "done" | "failed"
    deliveries: Mapped[int] = mapped_column(Integer, default=0)  # how many times a worker took it
    error: Mapped[str | None] = mapped_column(Text, nullable=True)  # why it could not be graded
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)


class TestResultRow(Base):
    __tablename__ = "test_results"
    __test__ = False  # not a pytest test class

    id: Mapped[int] = mapped_column(primary_key=True)
    check_id: Mapped[int] = mapped_column(ForeignKey("checks.id"), index=True)
    name: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer)
    visible: Mapped[bool] = mapped_column(Boolean)
    status: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    details: Mapped[str] = mapped_column(Text)
    output: Mapped[str] = mapped_column(Text)
    duration_seconds: Mapped[float] = mapped_column(Float)

    check: Mapped[CheckRow] = relationship(back_populates="results")


class AnswerRow(Base):
    """One written answer to a question of the other rounds, with its probes and self-review."""

    __tablename__ = "answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(200), index=True)
    round: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    answered_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # "answering" -> "probing" -> "reviewing" -> "done"
    phase: Mapped[str] = mapped_column(String(20))
    answer_file: Mapped[str] = mapped_column(Text)  # the Markdown file the answer is written in
    answer_text: Mapped[str] = mapped_column(Text, default="")  # as written, kept at every step
    probe_answers: Mapped[list[str]] = mapped_column(JSON, default=list)
    minutes: Mapped[int] = mapped_column(Integer)  # the question's suggested time
    answer_seconds: Mapped[float | None] = mapped_column(Float, nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)  # weighted share covered, 0-100
    onsite_id: Mapped[int | None] = mapped_column(ForeignKey("onsite_loops.id"), nullable=True)

    marks: Mapped[list[KeyPointMarkRow]] = relationship(
        back_populates="answer", order_by="KeyPointMarkRow.id", cascade="all, delete-orphan"
    )


class KeyPointMarkRow(Base):
    __tablename__ = "key_point_marks"
    __table_args__ = (UniqueConstraint("answer_id", "point_id", "marked_by"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    answer_id: Mapped[int] = mapped_column(ForeignKey("answers.id"), index=True)
    point_id: Mapped[str] = mapped_column(String(200))
    marked_by: Mapped[str] = mapped_column(String(20))  # "self" or "model"
    mark: Mapped[str] = mapped_column(String(20))  # "covered" | "partly" | "missed"
    weight: Mapped[int] = mapped_column(Integer)

    answer: Mapped[AnswerRow] = relationship(back_populates="marks")


class ReviewCardRow(Base):
    """The spaced-review state (FSRS) of one question for one user."""

    __tablename__ = "review_cards"
    __table_args__ = (UniqueConstraint("user_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    question_id: Mapped[str] = mapped_column(String(200))
    card: Mapped[dict[str, object]] = mapped_column(JSON)  # fsrs.Card.to_dict()
    due: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    reviews: Mapped[int] = mapped_column(Integer, default=0)


class OnsiteLoopRow(Base):
    """A mock onsite: a coding assessment and one question of each other round, in order."""

    __tablename__ = "onsite_loops"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    started_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    # [{"kind": "coding"|"ml-system-design"|..., "ref": slug or question id, "record": attempt/answer id}]
    parts: Mapped[list[dict[str, object]]] = mapped_column(JSON)
    break_minutes: Mapped[int] = mapped_column(Integer, default=0)
    report_file: Mapped[str | None] = mapped_column(Text, nullable=True)


# -- hosted mode: people, assessments, invites, review ------------------------------------------
class WebSessionRow(Base):
    """A signed-in browser (hosted mode). The cookie carries a random token; only its SHA-256 is
    stored, so a leaked table cannot be replayed as cookies."""

    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 hex of the cookie's token
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    csrf: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginFailureRow(Base):
    """One failed sign-in, by account name and by client address, for rate limiting."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(400), index=True)  # "name:<account>" or "addr:<client>"
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class AssessmentRow(Base):
    """A problem a hiring team administers: exam minutes and an optional window to start in."""

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(300))
    problem_slug: Mapped[str] = mapped_column(String(200))
    minutes: Mapped[float] = mapped_column(Float)
    opens_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    closes_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    created_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    archived: Mapped[bool] = mapped_column(Boolean, default=False)


class InviteRow(Base):
    """A candidate's single-use link to an assessment. Only the token's SHA-256 is stored."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    assessment_id: Mapped[int] = mapped_column(ForeignKey("assessments.id"), index=True)
    email: Mapped[str] = mapped_column(String(320))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), nullable=True)
    candidate_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)
    attempt_id: Mapped[int | None] = mapped_column(ForeignKey("attempts.id"), unique=True, nullable=True)
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), nullable=True)  # assigned reviewer


class SnapshotRow(Base):
    """The candidate's files at an autosave (hosted mode), for the reviewer's replay. A check's
    code is its CheckRow's archive."""

    __tablename__ = "snapshots"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    elapsed_seconds: Mapped[float] = mapped_column(Float)  # attempt clock
    path: Mapped[str] = mapped_column(String(300))  # the file whose save made this snapshot
    code_archive: Mapped[bytes] = mapped_column(LargeBinary)  # every candidate file (zip)
    # characters (whitespace not counted) of the lines this save added or changed since the snapshot
    # before (the starter code for the first): the integrity rules read this, not the archives
    added_characters: Mapped[int | None] = mapped_column(Integer, nullable=True)


class IntegrityEventRow(Base):
    """Something the candidate's page reported that a reviewer may want to look at (never a verdict)."""

    __tablename__ = "integrity_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    elapsed_seconds: Mapped[float] = mapped_column(Float)
    kind: Mapped[str] = mapped_column(String(20))  # "paste" | "focus-lost"
    path: Mapped[str | None] = mapped_column(String(300), nullable=True)
    amount: Mapped[float] = mapped_column(Float)  # characters pasted, or seconds away


class ReviewRow(Base):
    """A reviewer's score and notes on one candidate's attempt."""

    __tablename__ = "reviews"
    __table_args__ = (UniqueConstraint("attempt_id", "reviewer_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    score: Mapped[int | None] = mapped_column(Integer, nullable=True)  # the reviewer's own 0-100
    notes: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
