"""The application layer for the other rounds: pick a question, answer it, answer its probes,
review the answer against the rubric, schedule the next review. Every face calls this."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from levelup.attempts.clock import as_utc, now
from levelup.rounds import answer_file, schedule
from levelup.rounds.bank import BUNDLED_BANK, QuestionBank, QuestionError, load_bank
from levelup.rounds.coverage import Hint, coverage_hints, sentences
from levelup.rounds.model import ROUNDS, Question
from levelup.rounds.model_grader import ModelGrader, ModelGraderError
from levelup.rounds.scoring import rating_for, weighted_score
from levelup.settings import Settings
from levelup.store.database import Database
from levelup.store.models import AnswerRow, KeyPointMarkRow, ReviewCardRow
from levelup.store.users import find_user, user_named

PHASES = ("answering", "probing", "reviewing", "done")


@dataclass(frozen=True)
class AnswerView:
    id: int
    question: Question
    phase: str
    file: Path
    answer: str
    probe_answers: tuple[str, ...]
    started_at: datetime
    answer_seconds: float | None
    score: float | None
    marks: dict[str, str] = field(default_factory=dict)
    model_marks: dict[str, str] = field(default_factory=dict)
    next_due: datetime | None = None
    onsite_id: int | None = None

    @property
    def current_probe(self) -> int | None:
        """The 0-based index of the follow-up being answered (probes are asked one at a time)."""
        if self.phase != "probing" or not self.probe_answers:
            return None
        return len(self.probe_answers) - 1

    def elapsed_seconds(self, moment: datetime) -> float:
        """Time spent on the answer itself: running while it is written, then fixed."""
        if self.answer_seconds is not None:
            return self.answer_seconds
        return max(0.0, (moment - self.started_at).total_seconds())

    @property
    def revealed(self) -> bool:
        """Whether the rubric may be shown: only once the answer and its follow-ups are written."""
        return self.phase in ("reviewing", "done")


@dataclass(frozen=True)
class DueQuestion:
    question: Question
    due: datetime | None  # None: never answered
    reviews: int

    def is_due(self, moment: datetime) -> bool:
        return self.due is not None and self.due <= moment


@dataclass(frozen=True)
class MissedPoint:
    question_id: str
    point_id: str
    description: str
    missed: int
    partly: int
    reviewed: int


class PracticeService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._database: Database | None = None
        self._bank: QuestionBank | None = None

    @property
    def database(self) -> Database:
        if self._database is None:
            self._database = Database(self.settings.database_url)
        return self._database

    @property
    def bank(self) -> QuestionBank:
        """The bundled questions, plus the user's own in $LEVELUP_HOME/questions if present."""
        if self._bank is None:
            bank = load_bank(BUNDLED_BANK)
            own = self.settings.home / "questions"
            if own.is_dir():
                extra = load_bank(own)
                bank.questions.extend(extra.questions)
                bank.problems.extend(extra.problems)
            self._bank = bank
        return self._bank

    def questions(self, round_name: str | None = None) -> list[Question]:
        if round_name is not None and round_name not in ROUNDS:
            raise QuestionError(f"no round is called {round_name!r}; the rounds are {', '.join(ROUNDS)}")
        return self.bank.in_round(round_name)

    # -- choosing ----------------------------------------------------------------------------
    def choose(self, round_name: str | None = None, question_id: str | None = None) -> Question:
        """The question asked for, else the most overdue one, else one never answered (the
        interview's own questions first), else the one due soonest."""
        if question_id:
            question = self.bank.get(question_id)
            if round_name and question.round != round_name:
                raise QuestionError(f"{question_id} is a {question.round} question, not {round_name}")
            return question
        queue = self.review_queue(round_name)
        if not queue:
            raise QuestionError(f"the bank has no {round_name} questions")
        return queue[0].question

    def review_queue(self, round_name: str | None = None) -> list[DueQuestion]:
        """Every question of the round in the order `ask` would pick them."""
        moment = now()
        with self.database.session() as session:
            user_id = self.reader_id(session)
            cards = {
                card.question_id: card
                for card in session.scalars(select(ReviewCardRow).where(ReviewCardRow.user_id == user_id))
            }
        entries = []
        for question in self.questions(round_name):
            card = cards.get(question.id)
            entries.append(DueQuestion(question, as_utc(card.due) if card else None, card.reviews if card else 0))

        def order(entry: DueQuestion) -> tuple[int, float, int, str]:
            if entry.due is not None and entry.due <= moment:
                return (0, entry.due.timestamp(), 0, entry.question.id)  # overdue: most overdue first
            if entry.due is None:
                return (1, 0.0, 0 if entry.question.from_seed else 1, entry.question.id)
            return (2, entry.due.timestamp(), 0, entry.question.id)

        return sorted(entries, key=order)

    # -- answering ---------------------------------------------------------------------------
    def begin(self, question: Question, folder: Path | None = None, onsite_id: int | None = None) -> AnswerView:
        """Resume this question's unfinished answer, or start a new one (its file and timer)."""
        with self.database.session() as session:
            user = user_named(session, self.settings.user)
            open_answer = session.scalars(
                select(AnswerRow)
                .where(AnswerRow.user_id == user.id, AnswerRow.question_id == question.id, AnswerRow.phase != "done")
                .order_by(AnswerRow.id.desc())
            ).first()
            if open_answer is not None:
                if onsite_id is not None and open_answer.onsite_id is None:
                    open_answer.onsite_id = onsite_id
                return self._view(open_answer)
            row = AnswerRow(
                user_id=user.id,
                question_id=question.id,
                round=question.round,
                started_at=now(),
                phase="answering",
                answer_file="",
                answer_text="",
                probe_answers=[],
                minutes=question.minutes,
                onsite_id=onsite_id,
            )
            session.add(row)
            session.flush()
            path = (folder or self.settings.home / "answers").resolve() / f"{question.id}-{row.id}.md"
            answer_file.create(path, question)
            row.answer_file = str(path)
            return self._view(row)

    def latest_unfinished(self) -> AnswerView | None:
        with self.database.session() as session:
            row = session.scalars(
                select(AnswerRow)
                .where(AnswerRow.user_id == self.reader_id(session), AnswerRow.phase != "done")
                .order_by(AnswerRow.id.desc())
            ).first()
            return self._view(row) if row is not None else None

    def get(self, answer_id: int) -> AnswerView:
        with self.database.session() as session:
            return self._view(self._row(session, answer_id))

    def save(self, answer_id: int) -> AnswerView:
        """Store what the file holds now (the file is the draft; the store keeps every step)."""
        with self.database.session() as session:
            row = self._row(session, answer_id)
            self._take_file(row)
            return self._view(row)

    def finish_answer(self, answer_id: int) -> AnswerView:
        with self.database.session() as session:
            row = self._row(session, answer_id)
            self._take_file(row)
            if row.phase != "answering":
                return self._view(row)
            if not row.answer_text.strip():
                raise QuestionError(f"nothing is written under '{answer_file.ANSWER_HEADING}' in {row.answer_file}")
            moment = now()
            row.answered_at = moment
            row.answer_seconds = (moment - as_utc(row.started_at)).total_seconds()
            row.phase = "probing"
            self._ask_next_probe(row)
            return self._view(row)

    def finish_probe(self, answer_id: int) -> AnswerView:
        """The current follow-up is answered: ask the next one, or move on to the self-review."""
        with self.database.session() as session:
            row = self._row(session, answer_id)
            self._take_file(row)
            if row.phase == "probing":
                self._ask_next_probe(row)
            return self._view(row)

    def _ask_next_probe(self, row: AnswerRow) -> None:
        """Append the next follow-up to the answer file, or end the probing when all were asked."""
        question = self.bank.get(row.question_id)
        asked = len(row.probe_answers)
        if asked < len(question.probes):
            answer_file.add_probe(Path(row.answer_file), asked + 1, question.probes[asked])
            self._take_file(row)
        else:
            row.phase = "reviewing"

    # -- reviewing ---------------------------------------------------------------------------
    def hints(self, answer_id: int) -> list[Hint]:
        view = self.get(answer_id)
        text = "\n\n".join([view.answer, *view.probe_answers])
        return coverage_hints(text, view.question.rubric)

    def record_review(self, answer_id: int, marks: dict[str, str]) -> AnswerView:
        """Score the self-review, keep the marks, and schedule the question's next review."""
        with self.database.session() as session:
            row = self._row(session, answer_id)
            if row.phase in ("answering", "probing"):
                raise QuestionError("the rubric is revealed only after the answer and its follow-ups are written")
            question = self.bank.get(row.question_id)
            score = weighted_score(question.rubric, marks)
            weights = {point.id: point.weight for point in question.rubric}
            row.marks = [m for m in row.marks if m.marked_by != "self"]
            session.flush()
            for point_id, mark in marks.items():
                row.marks.append(
                    KeyPointMarkRow(point_id=point_id, marked_by="self", mark=mark, weight=weights[point_id])
                )
            row.score = score
            row.phase = "done"
            row.reviewed_at = now()
            self._schedule(session, row.user_id, question.id, rating_for(score), row.reviewed_at)
            return self._view(row)

    def record_model_marks(self, answer_id: int, marks: dict[str, str]) -> AnswerView:
        with self.database.session() as session:
            row = self._row(session, answer_id)
            weights = {point.id: point.weight for point in self.bank.get(row.question_id).rubric}
            row.marks = [m for m in row.marks if m.marked_by != "model"]
            session.flush()
            for point_id, mark in marks.items():
                if point_id in weights:
                    row.marks.append(
                        KeyPointMarkRow(point_id=point_id, marked_by="model", mark=mark, weight=weights[point_id])
                    )
            return self._view(row)

    @staticmethod
    def _schedule(session: Session, user_id: int, question_id: str, rating: str, moment: datetime) -> None:
        card = session.scalars(
            select(ReviewCardRow).where(ReviewCardRow.user_id == user_id, ReviewCardRow.question_id == question_id)
        ).first()
        state, due = schedule.review(card.card if card else None, rating, moment)
        if card is None:
            session.add(ReviewCardRow(user_id=user_id, question_id=question_id, card=state, due=due, reviews=1))
        else:
            card.card, card.due, card.reviews = state, due, card.reviews + 1

    # -- history -----------------------------------------------------------------------------
    def answers(self, round_name: str | None = None) -> list[AnswerView]:
        known = {question.id for question in self.bank.questions}  # a question removed since is left out
        with self.database.session() as session:
            query = select(AnswerRow).where(AnswerRow.user_id == self.reader_id(session)).order_by(AnswerRow.id)
            if round_name:
                query = query.where(AnswerRow.round == round_name)
            return [self._view(row) for row in session.scalars(query) if row.question_id in known]

    def missed_points(self, round_name: str | None = None) -> list[MissedPoint]:
        """Key points by how often self-reviews marked them missed (then partly), most first."""
        missed: Counter[tuple[str, str]] = Counter()
        partly: Counter[tuple[str, str]] = Counter()
        reviewed: Counter[tuple[str, str]] = Counter()
        for view in self.answers(round_name):
            for point_id, mark in view.marks.items():
                key = (view.question.id, point_id)
                reviewed[key] += 1
                missed[key] += mark == "missed"
                partly[key] += mark == "partly"
        points = []
        for (question_id, point_id), count in reviewed.items():
            question = self.bank.get(question_id)
            description = next((p.description for p in question.rubric if p.id == point_id), point_id)
            points.append(
                MissedPoint(question_id, point_id, description, missed[(question_id, point_id)],
                            partly[(question_id, point_id)], count)
            )
        points = [p for p in points if p.missed or p.partly]
        return sorted(points, key=lambda p: (-p.missed, -p.partly, p.question_id, p.point_id))

    # -- for the browser (the page sends whole parts; "Done" may arrive twice) -----------------
    def find(self, round_name: str | None = None, text: str = "") -> list[Question]:
        """The round's questions whose id, title or prompt contains `text` (any case)."""
        needle = text.strip().lower()
        return [q for q in self.questions(round_name) if needle in f"{q.id} {q.title} {q.prompt}".lower()]

    def due(self, round_name: str | None = None) -> list[DueQuestion]:
        """The questions due for review now, most overdue first."""
        moment = now()
        return [entry for entry in self.review_queue(round_name) if entry.is_due(moment)]

    def write(self, answer_id: int, text: str, probe: int | None = None) -> AnswerView:
        """Autosave: `text` becomes the answer (probe None) or the answer to follow-up `probe`
        (0-based) in the answer file, which the store then takes. Refused when that part is no
        longer the one being written, so a late autosave never lands in the next part."""
        with self.database.session() as session:
            row = self._row(session, answer_id)
            self._take_file(row)
            path = Path(row.answer_file)
            if not path.exists():
                raise QuestionError(f"the answer file {path} is gone; levelup cannot save into it")
            if not self._is_current(row, probe):
                raise QuestionError("that part of the answer is already finished; reload the page to see where it is")
            if probe is None:
                answer_file.write_answer(path, text)
            else:
                answer_file.write_probe_answer(path, probe + 1, text)
            self._take_file(row)
            return self._view(row)

    def finish_step(self, answer_id: int, probe: int | None = None, text: str | None = None) -> AnswerView:
        """'Done' on the answer (probe None) or on follow-up `probe`: save `text` into it and move
        on. A repeated request for a part already finished changes nothing."""
        with self.database.session() as session:
            current = self._is_current(self._row(session, answer_id), probe)
        if not current:
            return self.get(answer_id)
        if text is not None:
            self.write(answer_id, text, probe)
        return self.finish_answer(answer_id) if probe is None else self.finish_probe(answer_id)

    @staticmethod
    def _is_current(row: AnswerRow, probe: int | None) -> bool:
        if probe is None:
            return row.phase == "answering"
        return row.phase == "probing" and probe == len(row.probe_answers) - 1

    def hint_sentences(self, answer_id: int) -> dict[str, list[str]]:
        """For each key point, the sentences of the answer (and follow-ups) the coverage hint
        picks, best first. Only once the rubric is revealed."""
        view = self.get(answer_id)
        if not view.revealed:
            raise QuestionError("the rubric is revealed only after the answer and its follow-ups are written")
        found = sentences("\n\n".join([view.answer, *view.probe_answers]))
        return {hint.point_id: [found[i] for i in hint.sentences] for hint in self.hints(answer_id)}

    def grade_with_model(self, answer_id: int, grader: ModelGrader) -> str | None:
        """Ask the configured grader to mark the reviewed answer; its marks are kept beside the
        self-review. Returns why it could not, or None."""
        view = self.get(answer_id)
        if view.phase != "done":
            raise QuestionError("the model grades an answer after your own self-review")
        try:
            marks = grader.grade(view.question, view.answer, view.probe_answers)
        except ModelGraderError as exc:
            return f"the model grader could not mark this answer: {exc}"
        self.record_model_marks(answer_id, marks)
        return None

    def missed_by_round(self) -> dict[str, tuple[int, int]]:
        """Per round with reviewed answers: how many key-point marks were missed, and partly."""
        counts: dict[str, tuple[int, int]] = {}
        for view in self.answers():
            if not view.marks:
                continue
            missed, partly = counts.get(view.question.round, (0, 0))
            marks = list(view.marks.values())
            counts[view.question.round] = (missed + marks.count("missed"), partly + marks.count("partly"))
        return {name: counts[name] for name in ROUNDS if name in counts}

    # -- helpers -----------------------------------------------------------------------------
    def reader_id(self, session: Session) -> int | None:
        """The user's id for a read (None before their first answer: reading creates nothing)."""
        user = find_user(session, self.settings.user)
        return user.id if user is not None else None

    def _row(self, session: Session, answer_id: int) -> AnswerRow:
        row = session.get(AnswerRow, answer_id)
        if row is None or row.user_id != self.reader_id(session):
            raise QuestionError(f"there is no answer {answer_id} of yours")
        return row

    @staticmethod
    def _take_file(row: AnswerRow) -> None:
        text, probes = answer_file.read(Path(row.answer_file))
        if text or not row.answer_text:
            row.answer_text = text
        if len(probes) >= len(row.probe_answers):
            row.probe_answers = probes

    def _view(self, row: AnswerRow) -> AnswerView:
        question = self.bank.get(row.question_id)
        marks = {m.point_id: m.mark for m in row.marks if m.marked_by == "self"}
        model_marks = {m.point_id: m.mark for m in row.marks if m.marked_by == "model"}
        session = Session.object_session(row)
        next_due = None
        if session is not None and row.phase == "done":
            card = session.scalars(
                select(ReviewCardRow).where(
                    ReviewCardRow.user_id == row.user_id, ReviewCardRow.question_id == row.question_id
                )
            ).first()
            next_due = as_utc(card.due) if card else None
        return AnswerView(
            id=row.id,
            question=question,
            phase=row.phase,
            file=Path(row.answer_file),
            answer=row.answer_text,
            probe_answers=tuple(row.probe_answers),
            started_at=as_utc(row.started_at),
            answer_seconds=row.answer_seconds,
            score=row.score,
            marks=marks,
            model_marks=model_marks,
            next_due=next_due,
            onsite_id=row.onsite_id,
        )

