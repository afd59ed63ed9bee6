"""Reviewing hosted assessments: the application layer behind the review pages (and anything else
that wants the same answers). Functions over a SQLAlchemy Session; the caller owns the transaction.

- who may see what: admins see every candidate, a reviewer only the invites assigned to them
  (`InviteRow.reviewer_id`); anyone else sees nothing;
- the dashboard of an assessment (one row per invite) and its CSV export;
- a candidate's page: every check with every test result, the integrity events and flags.
  Hidden tests show their full detail here: reviewers are staff, and a hidden test is kept from
  the candidate, not from the people grading them;
- the replay: the code at every autosave and every check, in order, with per-file diffs;
- the reviewer's own score (0-100) and notes, one per reviewer per attempt;
- what the candidate's page records: a snapshot per save and the integrity events it reports.

Times come from the server's clock (hosted mode has no other) and are shown on the attempt's clock."""

from __future__ import annotations

import csv
import difflib
import io
import math
from collections import OrderedDict, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import cached_property
from pathlib import Path
from typing import Literal

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from levelup.attempts import timer, workspace
from levelup.attempts.clock import as_utc
from levelup.attempts.service import AttemptService, AttemptView
from levelup.hosted import fingerprints, integrity
from levelup.hosted.integrity import DEFAULT_THRESHOLDS, CodeStep, Flag, LevelWindow, Thresholds
from levelup.problems.catalog import Catalog
from levelup.problems.errors import ProblemError
from levelup.store.models import (
    AssessmentRow,
    AttemptRow,
    CheckRow,
    IntegrityEventRow,
    InviteRow,
    LevelRow,
    ReviewRow,
    SnapshotRow,
    User,
)

STAFF_ROLES = ("admin", "reviewer")
EVENT_KINDS = ("paste", "focus-lost")
MAX_EVENT_AMOUNT = {"paste": 10_000_000.0, "focus-lost": 7 * 86400.0}  # characters; seconds
EVENTS_PER_MINUTE = 30  # per attempt: a page reporting more is broken or hostile
EVENTS_PER_ATTEMPT = 5000
MAX_NOTES_CHARACTERS = 20_000
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # a spreadsheet would run such a cell as a formula

CandidateState = Literal["invited", "in progress", "submitted", "expired"]


class ReviewError(Exception):
    """A review request that cannot be served, with a message the user can act on."""


class NotFound(ReviewError):
    pass


class NotAllowed(ReviewError):
    pass


class InvalidInput(ReviewError):
    pass


class TooManyEvents(ReviewError):
    pass


class AttemptClosed(ReviewError):
    pass


# -- what the pages show -------------------------------------------------------------------------
@dataclass(frozen=True)
class AssessmentSummary:
    id: int
    title: str
    problem_slug: str
    minutes: float
    archived: bool
    candidates: int  # invites the asking user may see
    submitted: int


@dataclass(frozen=True)
class ReviewNote:
    reviewer_id: int
    reviewer: str
    score: int | None
    notes: str
    updated_at: datetime


@dataclass(frozen=True)
class LevelTime:
    number: int
    unlocked_elapsed: float
    passed_elapsed: float | None

    @property
    def seconds(self) -> float | None:
        """From unlock until every test of levels 1..number first passed."""
        return None if self.passed_elapsed is None else self.passed_elapsed - self.unlocked_elapsed


@dataclass(frozen=True)
class CandidateRow:
    invite_id: int
    email: str
    state: CandidateState
    attempt_id: int | None
    score: int | None  # of 1000
    level_count: int
    levels: tuple[LevelTime, ...]
    checks: int
    flags: tuple[Flag, ...]
    reviewer: str | None  # assigned
    reviews: tuple[ReviewNote, ...]

    @property
    def levels_passed(self) -> int:
        return sum(level.passed_elapsed is not None for level in self.levels)

    @property
    def review_score(self) -> int | None:
        """The reviewers' scores, averaged (None until someone scores)."""
        scores = [r.score for r in self.reviews if r.score is not None]
        return round(sum(scores) / len(scores)) if scores else None

    def level(self, number: int) -> LevelTime | None:
        return next((level for level in self.levels if level.number == number), None)

    def flag_counts(self) -> dict[str, int]:
        counts: dict[str, int] = defaultdict(int)
        for flag in self.flags:
            counts[flag.rule] += 1
        return dict(counts)


@dataclass(frozen=True)
class Dashboard:
    assessment: AssessmentSummary
    level_count: int
    rows: tuple[CandidateRow, ...]


@dataclass(frozen=True)
class ResultDetail:
    name: str
    level: int
    visible: bool
    status: str
    message: str
    details: str
    output: str
    duration_seconds: float


@dataclass(frozen=True)
class CheckDetail:
    number: int  # 1-based, in order
    elapsed_seconds: float
    counted: bool
    score: int
    passed: int
    total: int
    levels_checked: tuple[int, ...]
    import_error: str | None
    duration_seconds: float
    results: tuple[ResultDetail, ...] = ()


@dataclass(frozen=True)
class EventDetail:
    elapsed_seconds: float
    kind: str
    path: str | None
    amount: float

    @property
    def description(self) -> str:
        where = f" into {self.path}" if self.path else ""
        if self.kind == "paste":
            return f"pasted {int(self.amount):,} characters{where}"
        return f"left the page for {integrity.duration(self.amount)}"


@dataclass(frozen=True)
class CandidatePage:
    assessment: AssessmentSummary
    row: CandidateRow
    checks: tuple[CheckDetail, ...]
    events: tuple[EventDetail, ...]
    own_review: ReviewNote | None
    replay_steps: int


@dataclass(frozen=True)
class DiffLine:
    kind: Literal["add", "remove", "context", "hunk"]
    text: str


@dataclass(frozen=True)
class FileDiff:
    path: str
    change: Literal["added", "removed", "changed"]
    lines: tuple[DiffLine, ...]

    @property
    def added(self) -> int:
        return sum(line.kind == "add" for line in self.lines)

    @property
    def removed(self) -> int:
        return sum(line.kind == "remove" for line in self.lines)


@dataclass(frozen=True)
class ReplayStep:
    number: int  # 1-based
    elapsed_seconds: float
    kind: Literal["save", "check"]
    path: str | None  # the file whose save made this step (checks: None)
    files: Mapping[str, str]
    previous: Mapping[str, str] = field(repr=False)  # the step before's files (the starter for step 1)
    check: CheckDetail | None = None

    @cached_property
    def diffs(self) -> tuple[FileDiff, ...]:
        """What changed since the previous step, file by file."""
        return file_diffs(self.previous, self.files)

    @property
    def changed(self) -> tuple[str, ...]:
        return tuple(diff.path for diff in self.diffs)


@dataclass(frozen=True)
class Replay:
    attempt_id: int
    email: str
    title: str
    starter: Mapping[str, str]
    steps: tuple[ReplayStep, ...]


# -- who may see what ------------------------------------------------------------------------------
def require_staff(user: User) -> None:
    if user.role not in STAFF_ROLES:
        raise NotAllowed("only admins and reviewers may review candidates")


def can_see(user: User, invite: InviteRow) -> bool:
    return user.role == "admin" or (user.role == "reviewer" and invite.reviewer_id == user.id)


def _invite_for_attempt(session: Session, user: User, attempt_id: int) -> InviteRow:
    require_staff(user)
    invite = session.scalars(select(InviteRow).where(InviteRow.attempt_id == attempt_id)).first()
    if invite is None:
        raise NotFound(f"there is no candidate's attempt {attempt_id}")
    if not can_see(user, invite):
        raise NotAllowed(f"attempt {attempt_id} is not assigned to you; an admin can assign it")
    return invite


def _assessment(session: Session, assessment_id: int) -> AssessmentRow:
    assessment = session.get(AssessmentRow, assessment_id)
    if assessment is None:
        raise NotFound(f"there is no assessment {assessment_id}")
    return assessment


def assessments(session: Session, user: User) -> list[AssessmentSummary]:
    """The assessments the user reviews: every one for an admin, those with a candidate assigned to
    the user for a reviewer. Newest first."""
    require_staff(user)
    counted = select(
        InviteRow.assessment_id,
        func.count(InviteRow.id),
        func.count(AttemptRow.submitted_at),
    ).outerjoin(AttemptRow, AttemptRow.id == InviteRow.attempt_id).group_by(InviteRow.assessment_id)
    if user.role != "admin":
        counted = counted.where(InviteRow.reviewer_id == user.id)
    counts = {row[0]: (row[1], row[2]) for row in session.execute(counted)}
    query = select(AssessmentRow).order_by(AssessmentRow.created_at.desc(), AssessmentRow.id.desc())
    if user.role != "admin":
        query = query.where(AssessmentRow.id.in_(list(counts)))
    return [_summary(row, *counts.get(row.id, (0, 0))) for row in session.scalars(query)]


def _summary(row: AssessmentRow, candidates: int, submitted: int) -> AssessmentSummary:
    return AssessmentSummary(row.id, row.title, row.problem_slug, row.minutes, row.archived, candidates, submitted)


# -- the dashboard -----------------------------------------------------------------------------------
def dashboard(
    session: Session,
    user: User,
    assessment_id: int,
    catalog: Catalog,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    moment: datetime | None = None,
    cache: FingerprintCache | None = None,
) -> Dashboard:
    """One row per invite the user may see. Flags compare each candidate with every other candidate
    of the assessment, also those the user may not see (they are then not named)."""
    require_staff(user)
    assessment = _assessment(session, assessment_id)
    moment = as_utc(moment or datetime.now(UTC))
    every_invite = list(session.scalars(select(InviteRow).where(InviteRow.assessment_id == assessment_id)))
    shown = [invite for invite in every_invite if can_see(user, invite)]
    if not shown and user.role != "admin":
        raise NotAllowed(f"no candidate of assessment {assessment_id} is assigned to you")
    attempts = _load_attempts(session, [i.attempt_id for i in every_invite if i.attempt_id is not None])
    problem = _ProblemFacts(catalog, assessment.problem_slug)
    similar = _similarity_flags(session, user, every_invite, attempts, problem, thresholds, cache)
    names = _names(session, {i.reviewer_id for i in shown if i.reviewer_id is not None})
    records = _Records.load(session, [i.attempt_id for i in shown if i.attempt_id is not None])
    rows = []
    for invite in sorted(shown, key=lambda i: (i.email.lower(), i.id)):
        attempt = attempts.get(invite.attempt_id) if invite.attempt_id is not None else None
        rows.append(_row(invite, attempt, records, problem, thresholds, similar, names, moment))
    level_count = max([problem.level_count, *(r.level_count for r in rows)])
    submitted = sum(r.state == "submitted" for r in rows)
    return Dashboard(_summary(assessment, len(rows), submitted), level_count, tuple(rows))


def _load_attempts(session: Session, ids: Sequence[int]) -> dict[int, AttemptRow]:
    if not ids:
        return {}
    return {a.id: a for a in session.scalars(select(AttemptRow).where(AttemptRow.id.in_(ids)))}


class _ProblemFacts:
    """What the review needs of the assessment's problem: its starter code and level count. A
    problem removed since keeps its candidates reviewable (no starter, levels from the attempts)."""

    def __init__(self, catalog: Catalog, slug: str) -> None:
        self.starter: dict[str, str] = {}
        self.level_count = 0
        try:
            problem = catalog.get(slug)
        except ProblemError:
            return
        self.level_count = problem.level_count
        self.starter = starter_code(problem.starter_dir)

    @cached_property
    def starter_fingerprints(self) -> frozenset[int]:
        return fingerprints.fingerprints(self.starter)


def starter_code(folder: Path) -> dict[str, str]:
    """The starter's Python files, as every candidate of the problem received them."""
    files = {}
    for source in sorted(folder.rglob("*.py")) if folder.is_dir() else []:
        if "__pycache__" not in source.parts:
            files[source.relative_to(folder).as_posix()] = source.read_text(encoding="utf-8", errors="replace")
    return files


@dataclass
class _Records:
    """An assessment's attempts' levels, checks, snapshots (sizes only), events and reviews, read
    with one query per table."""

    levels: dict[int, list[LevelRow]]
    checks: dict[int, list[tuple[int, float]]]  # (id, elapsed)
    snapshots: dict[int, list[tuple[int, float, int | None]]]  # (id, elapsed, new characters)
    events: dict[int, list[IntegrityEventRow]]
    reviews: dict[int, list[ReviewNote]]

    @classmethod
    def load(cls, session: Session, ids: Sequence[int]) -> _Records:
        levels: dict[int, list[LevelRow]] = defaultdict(list)
        checks: dict[int, list[tuple[int, float]]] = defaultdict(list)
        snapshots: dict[int, list[tuple[int, float, int | None]]] = defaultdict(list)
        events: dict[int, list[IntegrityEventRow]] = defaultdict(list)
        reviews: dict[int, list[ReviewNote]] = defaultdict(list)
        if ids:
            for level in session.scalars(
                select(LevelRow).where(LevelRow.attempt_id.in_(ids)).order_by(LevelRow.number)
            ):
                levels[level.attempt_id].append(level)
            for cid, aid, elapsed in session.execute(
                select(CheckRow.id, CheckRow.attempt_id, CheckRow.elapsed_seconds)
                .where(CheckRow.attempt_id.in_(ids)).order_by(CheckRow.id)
            ):
                checks[aid].append((cid, elapsed))
            for sid, aid, elapsed, characters in session.execute(
                select(
                    SnapshotRow.id, SnapshotRow.attempt_id, SnapshotRow.elapsed_seconds, SnapshotRow.added_characters
                )
                .where(SnapshotRow.attempt_id.in_(ids))
                .order_by(SnapshotRow.id)
            ):
                snapshots[aid].append((sid, elapsed, characters))
            for event in session.scalars(
                select(IntegrityEventRow).where(IntegrityEventRow.attempt_id.in_(ids)).order_by(IntegrityEventRow.id)
            ):
                events[event.attempt_id].append(event)
            for review, reviewer in session.execute(
                select(ReviewRow, User).join(User, User.id == ReviewRow.reviewer_id)
                .where(ReviewRow.attempt_id.in_(ids)).order_by(ReviewRow.id)
            ):
                reviews[review.attempt_id].append(_note(review, reviewer))
            _fill_missing_sizes(session, snapshots)
        return cls(levels, checks, snapshots, events, reviews)


def _fill_missing_sizes(session: Session, snapshots: dict[int, list[tuple[int, float, int | None]]]) -> None:
    """Snapshots stored without their count of new characters (by another writer) are measured
    from the archives, each against the one before (the first: against nothing)."""
    for aid, rows in snapshots.items():
        if all(added is not None for _, _, added in rows):
            continue
        archives = dict(session.execute(
            select(SnapshotRow.id, SnapshotRow.code_archive).where(SnapshotRow.attempt_id == aid)
        ).tuples())
        measured: list[tuple[int, float, int | None]] = []
        previous: dict[str, bytes] = {}
        for sid, elapsed, added in rows:
            files = workspace.unarchive(archives[sid])
            measured.append((sid, elapsed, added if added is not None else integrity.added_characters(previous, files)))
            previous = files
        snapshots[aid] = measured


def _note(review: ReviewRow, reviewer: User) -> ReviewNote:
    return ReviewNote(review.reviewer_id, _person(reviewer), review.score, review.notes, as_utc(review.updated_at))


def _person(user: User) -> str:
    return user.email or user.name


def candidate_state(invite: InviteRow, attempt: AttemptRow | None, moment: datetime) -> CandidateState:
    """invited: the link is unused and valid; in progress: the exam clock runs; submitted; expired:
    the link lapsed unused, or the exam time ran out without a submit."""
    if attempt is None:
        return "expired" if as_utc(invite.expires_at) <= moment else "invited"
    if attempt.submitted_at is not None:
        return "submitted"
    return "expired" if timer.is_expired(attempt, moment) else "in progress"


def _row(
    invite: InviteRow,
    attempt: AttemptRow | None,
    records: _Records,
    problem: _ProblemFacts,
    thresholds: Thresholds,
    similar: Mapping[int, list[Flag]],
    names: Mapping[int, str],
    moment: datetime,
) -> CandidateRow:
    assigned = names.get(invite.reviewer_id) if invite.reviewer_id is not None else None
    if attempt is None:
        return CandidateRow(invite.id, invite.email, candidate_state(invite, None, moment), None, None,
                            problem.level_count, (), 0, (), assigned, ())
    levels = tuple(LevelTime(r.number, r.unlocked_elapsed, r.passed_elapsed) for r in records.levels[attempt.id])
    steps = _code_steps(records, attempt.id)
    windows = [LevelWindow(level.number, level.unlocked_elapsed, level.passed_elapsed) for level in levels]
    flags = integrity.attempt_flags(steps, windows, records.events[attempt.id], thresholds)
    flags = sorted([*flags, *similar.get(attempt.id, [])], key=lambda flag: flag.elapsed_seconds or 0.0)
    return CandidateRow(
        invite.id, invite.email, candidate_state(invite, attempt, moment), attempt.id, attempt.score,
        attempt.level_count, levels, len(records.checks[attempt.id]), tuple(flags), assigned,
        tuple(records.reviews[attempt.id]),
    )


def _code_steps(records: _Records, attempt_id: int) -> list[CodeStep]:
    """The attempt's saves and checks in time order (a save made for a check comes first)."""
    timeline = [(elapsed, 0, sid, added or 0) for sid, elapsed, added in records.snapshots[attempt_id]]
    timeline += [(elapsed, 1, cid, 0) for cid, elapsed in records.checks[attempt_id]]
    return [
        CodeStep(elapsed, "save" if order == 0 else "check", added) for elapsed, order, _, added in sorted(timeline)
    ]


# -- similarity across an assessment -----------------------------------------------------------------
class FingerprintCache:
    """Fingerprints of stored code by row: stored code never changes, so a dashboard reopened
    fingerprints only the code saved since. One per database (row ids are per database)."""

    def __init__(self, size: int = 5000) -> None:
        self.size = size
        self._kept: OrderedDict[tuple[str, int], frozenset[int]] = OrderedDict()
        # the latest comparison per assessment, by what it compared: reused while no code changed
        self.pairs: dict[int, tuple[object, list[fingerprints.SimilarPair]]] = {}

    def get(self, key: tuple[str, int]) -> frozenset[int] | None:
        found = self._kept.get(key)
        if found is not None:
            self._kept.move_to_end(key)
        return found

    def put(self, key: tuple[str, int], value: frozenset[int]) -> None:
        self._kept[key] = value
        while len(self._kept) > self.size:
            self._kept.popitem(last=False)


def _latest_code(session: Session, attempt_ids: Sequence[int]) -> dict[int, tuple[str, int]]:
    """For each attempt, the row holding its latest code: ("snapshot" | "check", id)."""
    latest: dict[int, tuple[float, int, str, int]] = {}
    for table, kind, order in ((SnapshotRow, "snapshot", 0), (CheckRow, "check", 1)):
        newest = select(func.max(table.id)).where(table.attempt_id.in_(attempt_ids)).group_by(table.attempt_id)
        for rid, aid, elapsed in session.execute(
            select(table.id, table.attempt_id, table.elapsed_seconds).where(table.id.in_(newest))
        ):
            candidate = (elapsed, order, kind, rid)
            if aid not in latest or candidate[:2] > latest[aid][:2]:
                latest[aid] = candidate
    return {aid: (kind, rid) for aid, (_, _, kind, rid) in latest.items()}


def _code_fingerprints(
    session: Session, rows: Mapping[int, tuple[str, int]], cache: FingerprintCache
) -> dict[int, frozenset[int]]:
    found: dict[tuple[str, int], frozenset[int]] = {}
    for key in set(rows.values()):
        cached = cache.get(key)
        if cached is not None:
            found[key] = cached
    for kind, table in (("snapshot", SnapshotRow), ("check", CheckRow)):
        ids = [rid for k, rid in rows.values() if k == kind and (k, rid) not in found]
        if not ids:
            continue
        for rid, archive in session.execute(select(table.id, table.code_archive).where(table.id.in_(ids))):
            found[kind, rid] = fingerprints.fingerprints(_texts(workspace.unarchive(archive)))
            cache.put((kind, rid), found[kind, rid])
    return {aid: found[key] for aid, key in rows.items()}


def _texts(files: Mapping[str, bytes]) -> dict[str, str]:
    return {name: data.decode("utf-8", errors="replace") for name, data in sorted(files.items())}


def _similarity_flags(
    session: Session,
    user: User,
    invites: Sequence[InviteRow],
    attempts: Mapping[int, AttemptRow],
    problem: _ProblemFacts,
    thresholds: Thresholds,
    cache: FingerprintCache | None,
) -> dict[int, list[Flag]]:
    by_attempt = {i.attempt_id: i for i in invites if i.attempt_id is not None and i.attempt_id in attempts}
    if len(by_attempt) < 2:
        return {}
    cache = cache or FingerprintCache()
    latest = _latest_code(session, list(by_attempt))
    compared = (tuple(sorted(latest.items())), thresholds.similarity, thresholds.min_fingerprints)
    kept = cache.pairs.get(invites[0].assessment_id)
    if kept is not None and kept[0] == compared:
        pairs = kept[1]
    else:
        prints = _code_fingerprints(session, latest, cache)
        pairs = fingerprints.similar_pairs(prints, problem.starter_fingerprints, thresholds.similarity,
                                           thresholds.min_fingerprints)
        cache.pairs[invites[0].assessment_id] = (compared, pairs)
    flags: dict[int, list[Flag]] = defaultdict(list)
    for pair in pairs:
        for mine, other in ((pair.first, pair.second), (pair.second, pair.first)):
            invite = by_attempt[other]
            label = f"{invite.email}'s" if can_see(user, invite) else "another candidate's of this assessment"
            flags[mine].append(Flag("similar", integrity.similar_reason(pair.similarity, label), None, other))
    return flags


def _names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    return {user.id: _person(user) for user in session.scalars(select(User).where(User.id.in_(ids)))}


# -- one candidate -----------------------------------------------------------------------------------
def candidate(
    session: Session,
    user: User,
    attempt_id: int,
    catalog: Catalog,
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
    moment: datetime | None = None,
    cache: FingerprintCache | None = None,
) -> CandidatePage:
    """Everything about one candidate: the dashboard's row (the same flags), every check with every
    test result, the events the page reported, and the user's own review."""
    invite = _invite_for_attempt(session, user, attempt_id)
    board = dashboard(session, user, invite.assessment_id, catalog, thresholds, moment, cache)
    row = next(r for r in board.rows if r.invite_id == invite.id)
    checks = tuple(
        _check_detail(number, check, with_results=True)
        for number, check in enumerate(
            session.scalars(select(CheckRow).where(CheckRow.attempt_id == attempt_id).order_by(CheckRow.id)), 1
        )
    )
    events = tuple(
        EventDetail(e.elapsed_seconds, e.kind, e.path, e.amount)
        for e in session.scalars(
            select(IntegrityEventRow).where(IntegrityEventRow.attempt_id == attempt_id).order_by(IntegrityEventRow.id)
        )
    )
    own = next((r for r in row.reviews if r.reviewer_id == user.id), None)
    snapshots = session.scalar(select(func.count(SnapshotRow.id)).where(SnapshotRow.attempt_id == attempt_id)) or 0
    return CandidatePage(board.assessment, row, checks, events, own, snapshots + len(checks))


def _check_detail(number: int, check: CheckRow, with_results: bool) -> CheckDetail:
    results = tuple(
        ResultDetail(r.name, r.level, r.visible, r.status, r.message, r.details, r.output, r.duration_seconds)
        for r in check.results
    ) if with_results else ()
    return CheckDetail(
        number, check.elapsed_seconds, check.counted, check.score, check.passed, check.total,
        tuple(check.levels_checked), check.import_error, check.duration_seconds, results,
    )


# -- replay ------------------------------------------------------------------------------------------
def replay(session: Session, user: User, attempt_id: int, catalog: Catalog) -> Replay:
    """The code at every autosave and every check, in time order (a save and the check it was made
    for share a moment: the save comes first). Step 1's diff is against the starter code."""
    invite = _invite_for_attempt(session, user, attempt_id)
    attempt = session.get(AttemptRow, attempt_id)
    assert attempt is not None  # the invite names it, and attempts are never deleted
    starter = _ProblemFacts(catalog, attempt.problem_slug).starter
    timeline: list[tuple[float, int, int, SnapshotRow | CheckRow]] = [
        (s.elapsed_seconds, 0, s.id, s)
        for s in session.scalars(select(SnapshotRow).where(SnapshotRow.attempt_id == attempt_id))
    ]
    checks = list(session.scalars(select(CheckRow).where(CheckRow.attempt_id == attempt_id).order_by(CheckRow.id)))
    timeline += [(c.elapsed_seconds, 1, c.id, c) for c in checks]
    numbers = {check.id: n for n, check in enumerate(checks, 1)}
    steps: list[ReplayStep] = []
    previous: Mapping[str, str] = starter
    for number, (elapsed, _, _, row) in enumerate(sorted(timeline, key=lambda item: item[:3]), 1):
        files = _texts(workspace.unarchive(row.code_archive))
        if isinstance(row, SnapshotRow):
            steps.append(ReplayStep(number, elapsed, "save", row.path, files, previous))
        else:
            detail = _check_detail(numbers[row.id], row, with_results=False)
            steps.append(ReplayStep(number, elapsed, "check", None, files, previous, detail))
        previous = files
    return Replay(attempt_id, invite.email, attempt.problem_title, starter, tuple(steps))


def file_diffs(before: Mapping[str, str], after: Mapping[str, str]) -> tuple[FileDiff, ...]:
    """Per file, a unified diff (3 lines of context) of what changed, files in name order."""
    diffs = []
    for path in sorted(set(before) | set(after)):
        old, new = before.get(path), after.get(path)
        if old == new:
            continue
        change: Literal["added", "removed", "changed"] = (
            "added" if old is None else "removed" if new is None else "changed"
        )
        lines = []
        for line in difflib.unified_diff((old or "").splitlines(), (new or "").splitlines(), lineterm="", n=3):
            if line.startswith(("---", "+++")):
                continue
            if line.startswith("@@"):
                lines.append(DiffLine("hunk", line))
            elif line.startswith("+"):
                lines.append(DiffLine("add", line[1:]))
            elif line.startswith("-"):
                lines.append(DiffLine("remove", line[1:]))
            else:
                lines.append(DiffLine("context", line[1:]))
        diffs.append(FileDiff(path, change, tuple(lines)))
    return tuple(diffs)


# -- the reviewer's score and notes ------------------------------------------------------------------
def save_review(
    session: Session, user: User, attempt_id: int, score: int | None, notes: str, moment: datetime | None = None
) -> ReviewNote:
    """Set the user's own score (0-100, or None) and notes on a candidate; saving again replaces them."""
    _invite_for_attempt(session, user, attempt_id)
    if score is not None and not 0 <= score <= 100:
        raise InvalidInput("a review score is a whole number from 0 to 100 (or left empty)")
    if len(notes) > MAX_NOTES_CHARACTERS:
        raise InvalidInput(f"notes may hold at most {MAX_NOTES_CHARACTERS:,} characters")
    moment = as_utc(moment or datetime.now(UTC))
    mine = select(ReviewRow).where(ReviewRow.attempt_id == attempt_id, ReviewRow.reviewer_id == user.id)
    review = session.scalars(mine).first()
    if review is None:
        try:
            with session.begin_nested():  # two tabs saving at once: the second updates the first's row
                review = ReviewRow(
                    attempt_id=attempt_id, reviewer_id=user.id, score=score, notes=notes, updated_at=moment
                )
                session.add(review)
        except IntegrityError:
            review = session.scalars(mine).one()
    review.score, review.notes, review.updated_at = score, notes, moment
    session.flush()
    return _note(review, user)


# -- CSV ---------------------------------------------------------------------------------------------
def dashboard_csv(board: Dashboard) -> str:
    """The dashboard as CSV (one row per candidate). Text cells that a spreadsheet would run as a
    formula (starting with = + - @, a tab or a carriage return) get a leading apostrophe."""
    levels = range(1, board.level_count + 1)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([
        "email", "state", "score", "levels_passed", *(f"level_{n}_minutes" for n in levels), "checks",
        "flags", "reviewer", "review_score", "reviews", "review_notes",
    ])
    for row in board.rows:
        minutes = []
        for n in levels:
            level = row.level(n)
            seconds = level.seconds if level is not None else None
            minutes.append("" if seconds is None else f"{seconds / 60:.1f}")
        writer.writerow([
            safe_cell(row.email), row.state, "" if row.score is None else row.score, row.levels_passed, *minutes,
            row.checks, safe_cell(" | ".join(flag.reason for flag in row.flags)), safe_cell(row.reviewer or ""),
            "" if row.review_score is None else row.review_score,
            safe_cell("; ".join(f"{r.reviewer}: {'-' if r.score is None else r.score}" for r in row.reviews)),
            safe_cell("\n\n".join(f"{r.reviewer}: {r.notes}" for r in row.reviews if r.notes)),
        ])
    return out.getvalue()


def safe_cell(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


# -- what the candidate's page records ---------------------------------------------------------------
def record_snapshot(
    session: Session, attempt_id: int, folder: Path, path: str, moment: datetime | None = None
) -> SnapshotRow | None:
    """After a save through the file API: store every candidate file (as a check would grade them)
    for the replay, unless nothing changed since the last snapshot or the attempt was submitted.
    A workspace that cannot be read whole is skipped: the save itself stands, and a check of that
    code reports why."""
    attempt = session.get(AttemptRow, attempt_id)
    if attempt is None:
        raise NotFound(f"there is no attempt {attempt_id}")
    if attempt.submitted_at is not None:
        return None
    moment = as_utc(moment or datetime.now(UTC))
    try:
        code = dict(workspace.read_code(folder))
    except workspace.WorkspaceError:
        return None
    last = session.scalars(
        select(SnapshotRow).where(SnapshotRow.attempt_id == attempt_id).order_by(SnapshotRow.id.desc()).limit(1)
    ).first()
    before: Mapping[str, bytes] | Mapping[str, str]
    if last is not None:
        before = workspace.unarchive(last.code_archive)
        if before == code:
            return None
    else:
        before = starter_code(Path(attempt.problem_path) / "starter")
    snapshot = SnapshotRow(
        attempt_id=attempt_id,
        created_at=moment,
        elapsed_seconds=_on_the_clock(attempt, moment),
        path=path[:300],
        code_archive=workspace.archive(code),
        added_characters=integrity.added_characters(before, code),
    )
    session.add(snapshot)
    session.flush()
    return snapshot


def record_save(service: AttemptService, view: AttemptView, path: str) -> None:
    """The hosted file API's hook after each save: a replay snapshot of the attempt's workspace."""
    with service.database.session() as session:
        record_snapshot(session, view.id, Path(view.workspace), path)


def _on_the_clock(attempt: AttemptRow, moment: datetime) -> float:
    """The attempt clock's reading at `moment`; it stops when an exam's time is up."""
    elapsed = timer.elapsed_seconds(attempt, moment)
    if attempt.time_limit_seconds is not None:
        elapsed = min(elapsed, attempt.time_limit_seconds)
    return elapsed


def record_event(
    session: Session,
    candidate: User,
    attempt_id: int,
    kind: str,
    amount: float,
    path: str | None = None,
    moment: datetime | None = None,
) -> IntegrityEventRow:
    """Store what the candidate's own page reported (a paste, focus lost) at the server's moment
    of arrival on the attempt's clock. Only the attempt's candidate may report, only while it is
    open, at most EVENTS_PER_MINUTE a minute."""
    attempt = session.get(AttemptRow, attempt_id)
    if attempt is None or attempt.user_id != candidate.id:
        raise NotAllowed(f"attempt {attempt_id} is not yours")
    if attempt.submitted_at is not None:
        raise AttemptClosed("this attempt was submitted; nothing more is recorded")
    if kind not in EVENT_KINDS:
        raise InvalidInput(f"kind must be one of {', '.join(EVENT_KINDS)}")
    if not (isinstance(amount, int | float) and math.isfinite(amount) and 0 <= amount <= MAX_EVENT_AMOUNT[kind]):
        raise InvalidInput(f"amount must be a number from 0 to {MAX_EVENT_AMOUNT[kind]:g}")
    if path is not None and (len(path) > 300 or not path.isprintable()):
        raise InvalidInput("path must be a file name of at most 300 printable characters")
    moment = as_utc(moment or datetime.now(UTC))
    of_attempt = select(func.count(IntegrityEventRow.id)).where(IntegrityEventRow.attempt_id == attempt_id)
    recent = session.scalar(of_attempt.where(IntegrityEventRow.created_at > moment - timedelta(minutes=1))) or 0
    if recent >= EVENTS_PER_MINUTE or (session.scalar(of_attempt) or 0) >= EVENTS_PER_ATTEMPT:
        raise TooManyEvents("too many events from this page; wait a minute")
    event = IntegrityEventRow(
        attempt_id=attempt_id,
        created_at=moment,
        elapsed_seconds=_on_the_clock(attempt, moment),
        kind=kind,
        path=path,
        amount=float(amount),
    )
    session.add(event)
    session.flush()
    return event
