"""A mock onsite: a coding assessment in exam mode on a problem you have not finished, then one
ML system design, one safety and one behavioural question, each timed, in order. The loop is
kept in the store, so it can be interrupted and resumed; it ends with a report."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from levelup.attempts.clock import as_utc, now
from levelup.attempts.service import AttemptService, AttemptView
from levelup.rounds.bank import QuestionError
from levelup.rounds.practice import AnswerView, PracticeService
from levelup.store.models import OnsiteLoopRow
from levelup.store.users import user_named

QUESTION_ROUNDS = ("ml-system-design", "safety", "behavioural")


@dataclass(frozen=True)
class OnsitePart:
    kind: str  # "coding" or a question round
    ref: str  # problem slug or question id
    record: int | None  # attempt id or answer id, once started
    workspace: str | None = None


@dataclass(frozen=True)
class OnsiteView:
    id: int
    started_at: datetime
    finished_at: datetime | None
    parts: tuple[OnsitePart, ...]
    break_minutes: int
    report_file: Path | None

    @property
    def current(self) -> int | None:
        """Index of the first part not yet done (None when the loop is over)."""
        return None if self.finished_at else next((i for i, p in enumerate(self.parts) if p.record is None), None)


class OnsiteService:
    def __init__(self, attempts: AttemptService, practice: PracticeService) -> None:
        self.attempts = attempts
        self.practice = practice

    @property
    def _database(self) -> Any:
        return self.practice.database

    def current(self) -> OnsiteView | None:
        with self._database.session() as session:
            row = session.scalars(
                select(OnsiteLoopRow)
                .where(OnsiteLoopRow.user_id == self.practice.reader_id(session), OnsiteLoopRow.finished_at.is_(None))
                .order_by(OnsiteLoopRow.id.desc())
            ).first()
            return _view(row) if row is not None else None

    def plan(self, problem_slug: str | None, break_minutes: int) -> OnsiteView:
        """A new loop: the coding problem and one question of each round, chosen now."""
        if break_minutes < 0:
            raise QuestionError("--break-minutes cannot be negative")
        slug = problem_slug or self._unfinished_problem()
        self.attempts.catalog.get(slug)  # an unknown slug fails here, before anything is stored
        parts = [{"kind": "coding", "ref": slug, "record": None, "workspace": None}]
        for round_name in QUESTION_ROUNDS:
            parts.append({"kind": round_name, "ref": self.practice.choose(round_name).id, "record": None})
        with self._database.session() as session:
            user = user_named(session, self.practice.settings.user)
            row = OnsiteLoopRow(user_id=user.id, started_at=now(), parts=parts, break_minutes=break_minutes)
            session.add(row)
            session.flush()
            return _view(row)

    def _unfinished_problem(self) -> str:
        finished = {view.slug for view in self.attempts.history() if view.finished}
        for problem in self.attempts.catalog.all():
            if problem.slug not in finished:
                return str(problem.slug)
        raise QuestionError("you have finished every problem; name one with --problem")

    def start_coding(self, loop_id: int, folder: Path) -> AttemptView:
        view = self.attempts.start(self._part(loop_id, 0).ref, folder, "exam", None)
        self._set_part(loop_id, 0, record=view.id, workspace=view.workspace)
        return view

    def coding_attempt(self, loop: OnsiteView) -> AttemptView | None:
        record = loop.parts[0].record
        return next((v for v in self.attempts.history() if v.id == record), None) if record else None

    def begin_question(self, loop_id: int, index: int, folder: Path | None) -> AnswerView:
        part = self._part(loop_id, index)
        return self.practice.begin(self.practice.bank.get(part.ref), folder, onsite_id=loop_id)

    def complete_question(self, loop_id: int, index: int, answer_id: int) -> None:
        self._set_part(loop_id, index, record=answer_id)

    def finish(self, loop_id: int) -> tuple[OnsiteView, str]:
        """End the loop: its report, also written as Markdown to $LEVELUP_HOME/onsite/onsite-N.md."""
        report = self.report(loop_id)
        path = self.practice.settings.home / "onsite" / f"onsite-{loop_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(report, encoding="utf-8")
        with self._database.session() as session:
            row = session.get(OnsiteLoopRow, loop_id)
            if row is None:
                raise QuestionError(f"mock onsite {loop_id} no longer exists")
            row.finished_at = now()
            row.report_file = str(path)
            return _view(row), report

    def answers_of(self, loop: OnsiteView) -> dict[int, AnswerView]:
        found = {}
        for index, part in enumerate(loop.parts):
            if part.kind != "coding" and part.record is not None:
                found[index] = self.practice.get(part.record)
        return found

    def loops(self) -> list[OnsiteView]:
        """Every mock onsite of the user, newest first."""
        with self._database.session() as session:
            rows = session.scalars(
                select(OnsiteLoopRow)
                .where(OnsiteLoopRow.user_id == self.practice.reader_id(session))
                .order_by(OnsiteLoopRow.id.desc())
            )
            return [_view(row) for row in rows]

    def get(self, loop_id: int) -> OnsiteView:
        with self._database.session() as session:
            row = session.get(OnsiteLoopRow, loop_id)
            if row is None or row.user_id != self.practice.reader_id(session):
                raise QuestionError(f"there is no mock onsite {loop_id} of yours")
            return _view(row)

    def report(self, loop_id: int) -> str:
        """The loop's report as Markdown, as far as it has gone."""
        loop = self.get(loop_id)
        return report_markdown(loop, self.coding_attempt(loop), self.answers_of(loop))

    def _part(self, loop_id: int, index: int) -> OnsitePart:
        with self._database.session() as session:
            row = session.get(OnsiteLoopRow, loop_id)
            return _view(row).parts[index]

    def _set_part(self, loop_id: int, index: int, **changes: Any) -> None:
        with self._database.session() as session:
            row = session.get(OnsiteLoopRow, loop_id)
            parts = [dict(part) for part in row.parts]
            parts[index].update(changes)
            row.parts = parts  # a new list, so the JSON column is written


def _view(row: OnsiteLoopRow) -> OnsiteView:
    parts = tuple(
        OnsitePart(str(p["kind"]), str(p["ref"]), p.get("record"), p.get("workspace"))  # type: ignore[arg-type]
        for p in row.parts
    )
    return OnsiteView(
        id=row.id,
        started_at=as_utc(row.started_at),
        finished_at=as_utc(row.finished_at) if row.finished_at else None,
        parts=parts,
        break_minutes=row.break_minutes,
        report_file=Path(row.report_file) if row.report_file else None,
    )


def report_markdown(loop: OnsiteView, coding: AttemptView | None, answers: dict[int, AnswerView]) -> str:
    """The loop's report: each round's score, time used, rubric points missed, what to practise."""
    lines = [f"# Mock onsite {loop.id}", "", f"Started {loop.started_at:%Y-%m-%d %H:%M} UTC.", ""]
    lines += ["| round | what | score | time used |", "|---|---|---|---|"]
    weakest: list[tuple[float, str]] = []
    if coding is not None:
        used = _clock(min(coding.elapsed_seconds, coding.time_limit_seconds or coding.elapsed_seconds))
        lines.append(f"| coding | {coding.title} | {coding.score}/1000 | {used} |")
        weakest.append((coding.score / 10, f"coding: {coding.title} (level {coding.current_level} of "
                                           f"{coding.level_count} reached)"))
    for index, part in enumerate(loop.parts):
        answer = answers.get(index)
        if part.kind == "coding" or answer is None:
            continue
        score = answer.score or 0.0
        lines.append(f"| {part.kind} | {answer.question.title} | {score:.0f}/100 | "
                     f"{_clock(answer.answer_seconds)} of {answer.question.minutes}:00 |")
        weakest.append((score, f"{part.kind}: {answer.question.title}"))
    for _index, answer in sorted(answers.items()):
        missed = [p for p in answer.question.rubric if answer.marks.get(p.id) in ("missed", "partly")]
        if missed:
            lines += ["", f"## {answer.question.title}: key points missed or partly covered", ""]
            lines += [f"- **{p.description}** ({answer.marks[p.id]}). A strong answer: {p.strong}" for p in missed]
    lines += ["", "## What to practise next", ""]
    for score, label in sorted(weakest)[:2]:
        lines.append(f"- {label} — scored {score:.0f}%")
    return "\n".join(lines) + "\n"


def _clock(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"
