"""The application layer for attempts. Every face (CLI now, web and hosted later) calls this; none
of them grades, stores or times anything itself."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import select
from sqlalchemy.orm import Session

from levelup.attempts import timer, workspace
from levelup.attempts.clock import as_utc, now
from levelup.attempts.errors import AttemptError
from levelup.attempts.scoring import check_score, level_scores
from levelup.grading.results import CheckResult
from levelup.problems.catalog import Catalog
from levelup.problems.model import Problem
from levelup.settings import Settings
from levelup.store.database import Database
from levelup.store.models import AttemptRow, CheckRow, LevelRow, TestResultRow, User

if TYPE_CHECKING:
    from levelup.attempts.early_start import EarlyCheck
    from levelup.grading.warm import WarmWorkers

Mode = Literal["exam", "practice"]


@dataclass(frozen=True)
class LevelView:
    number: int
    title: str
    weight: int
    unlocked: bool
    passed_tests: int | None
    total_tests: int | None
    seconds: float | None  # from unlock until every test of levels 1..number first passed


@dataclass(frozen=True)
class AttemptView:
    id: int
    slug: str
    title: str
    mode: str
    workspace: str
    started_at: datetime
    elapsed_seconds: float
    time_limit_seconds: float | None
    remaining_seconds: float | None
    state: str  # "active" | "paused" | "expired" | "submitted"
    finished: bool  # submitted, or every level passed: the attempt's score can no longer change
    all_levels_passed: bool
    current_level: int
    level_count: int
    score: int
    checks: int  # every check run, as history counts them
    uncounted_checks: int  # of those, checks run after time ran out or after submitting
    levels: list[LevelView] = field(default_factory=list)
    hints_used: list[int] = field(default_factory=list)  # levels whose hints the attempt viewed


@dataclass(frozen=True)
class CheckPoint:
    elapsed_seconds: float
    score: int
    counted: bool
    passed: int
    total: int


@dataclass(frozen=True)
class CheckOutcome:
    attempt: AttemptView
    result: CheckResult
    score: int
    counted: bool
    unlocked_level: int | None  # the level this check unlocked, if any
    finished_now: bool
    note: str | None


class AttemptService:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.catalog = Catalog(settings.problem_library)
        self._database: Database | None = None

    @property
    def database(self) -> Database:
        if self._database is None:
            self._database = Database(self.settings.database_url)
        return self._database

    # -- commands ----------------------------------------------------------------------------
    def start(self, slug: str, directory: Path | None, mode: Mode, minutes: float | None) -> AttemptView:
        problem = self.catalog.get(slug)
        if mode not in ("exam", "practice"):
            raise AttemptError(f"unknown mode {mode!r}: use exam or practice")
        if minutes is not None and minutes <= 0:
            raise AttemptError("--minutes must be positive (leave it out for an untimed practice attempt)")
        if mode == "exam":
            limit: float | None = 60.0 * (minutes if minutes is not None else problem.minutes)
        else:
            limit = 60.0 * minutes if minutes is not None else None
        folder = (directory or Path.cwd() / problem.slug).resolve()
        workspace.create(folder, problem)
        token = secrets.token_hex(16)
        moment = now()
        with self.database.session() as session:
            attempt = AttemptRow(
                user_id=self._user(session).id,
                problem_slug=problem.slug,
                problem_title=problem.title,
                problem_path=str(problem.path),
                level_count=problem.level_count,
                level_weights=list(problem.level_weights),
                mode=mode,
                workspace=str(folder),
                workspace_token=token,
                time_limit_seconds=limit,
                started_at=moment,
                paused_seconds=0.0,
                current_level=1,
                finished=False,
                score=0,
            )
            attempt.levels.append(LevelRow(number=1, unlocked_elapsed=0.0))
            session.add(attempt)
            session.flush()
            attempt_id = attempt.id
        workspace.write_marker(folder, workspace.WorkspaceMarker(attempt_id, token, problem.slug, 1))
        workspace.materialize(folder, problem, 1)
        return self.status(folder)

    def check(self, folder: Path, warm: WarmWorkers | None = None, early: EarlyCheck | None = None) -> CheckOutcome:
        """Grade the workspace's code. `warm` (watch mode) supplies a worker started ahead of time;
        `early` is a check already grading a snapshot taken when the command started."""
        attempt_id, problem = self._open_workspace(folder)
        with self.database.session() as session:
            attempt = self._attempt(session, attempt_id)
            if attempt.paused_at is not None:
                raise AttemptError("this attempt is paused: run `levelup resume` before checking")
            started = now()
            levels = list(range(1, attempt.current_level + 1))
            counted = attempt.submitted_at is None and not timer.is_expired(attempt, started)
            elapsed = timer.elapsed_seconds(attempt, started)
            exam = attempt.mode == "exam"
        result = early.result_for(problem.slug, levels) if early is not None else None
        code = early.code if early is not None else workspace.read_code(folder)
        if result is None:
            from levelup.grading.harness import run_check  # pytest is imported only by commands that grade

            result = run_check(problem, code, levels, require_isolation=exam, warm=warm)
        if skipped := getattr(code, "skipped", None):  # files the snapshot left out, and why
            result = replace(result, warnings=(*(str(file) for file in skipped), *result.warnings))
        score = check_score(result, problem.level_weights)
        unlocked_level: int | None = None
        finished_now = False
        with self.database.session() as session:
            attempt = self._attempt(session, attempt_id)
            check = CheckRow(
                created_at=started,
                elapsed_seconds=elapsed,
                counted=counted,
                levels_checked=levels,
                score=score,
                passed=sum(t.passed for t in result.tests),
                total=len(result.graded_tests),
                import_error=result.import_error,
                duration_seconds=result.duration,
                code_archive=workspace.archive(code),
            )
            check.results = [
                TestResultRow(
                    name=t.name,
                    level=t.level,
                    visible=t.visible,
                    status=t.status,
                    message=t.message,
                    details=t.details,
                    output=t.output,
                    duration_seconds=t.duration,
                )
                for t in result.tests
            ]
            attempt.checks.append(check)
            if counted:
                attempt.score = score
                if result.all_passed and attempt.current_level == levels[-1]:
                    for row in attempt.levels:
                        if row.passed_elapsed is None:
                            row.passed_elapsed = elapsed
                    if attempt.current_level < attempt.level_count:
                        attempt.current_level += 1
                        unlocked_level = attempt.current_level
                        attempt.levels.append(LevelRow(number=unlocked_level, unlocked_elapsed=elapsed))
                    elif not attempt.finished:
                        attempt.finished = True
                        finished_now = True
            unlocked = attempt.current_level
            submitted = attempt.submitted_at is not None
        workspace.materialize(folder, problem, unlocked)
        self._remember_level(folder, unlocked)
        note = None
        if not counted:
            note = (
                "this attempt was already submitted: the check ran but does not change the score"
                if submitted
                else "time is up: the check ran and was recorded, but the score stays as it was when time ran out"
            )
        return CheckOutcome(self.status(folder), result, score, counted, unlocked_level, finished_now, note)

    def hints(self, folder: Path, level: int | None) -> tuple[int, str]:
        """The hints of an unlocked level (default: the current one), as (level, text). Viewing them
        while the attempt is open is recorded: the attempt's report lists the levels whose hints
        were used."""
        from levelup.importers.hints import level_hints

        attempt_id, problem = self._open_workspace(folder)
        with self.database.session() as session:
            attempt = self._attempt(session, attempt_id)
            number = level if level is not None else attempt.current_level
            text = level_hints(problem, number, attempt.current_level)
            row = next(row for row in attempt.levels if row.number == number)
            if attempt.submitted_at is None and row.hints_viewed_elapsed is None:
                row.hints_viewed_elapsed = timer.elapsed_seconds(attempt, now())
        return number, text

    def warm_workers(self, folder: Path) -> WarmWorkers:
        """Workers started ahead of time for repeated checks of this workspace (watch mode)."""
        from levelup.grading.warm import WarmWorkers
        from levelup.problems.libraries import libraries_used

        attempt_id, problem = self._open_workspace(folder)
        with self.database.session() as session:
            exam = self._attempt(session, attempt_id).mode == "exam"
        return WarmWorkers(problem.memory_mb, require_isolation=exam, libraries=libraries_used(problem))

    def status(self, folder: Path) -> AttemptView:
        attempt_id, problem = self._open_workspace(folder)
        with self.database.session() as session:
            return self._view(self._attempt(session, attempt_id), problem)

    def pause(self, folder: Path) -> AttemptView:
        attempt_id, _ = self._open_workspace(folder)
        with self.database.session() as session:
            attempt = self._attempt(session, attempt_id)
            self._require_open(attempt)
            if attempt.mode == "exam":
                raise AttemptError("exam attempts cannot be paused: the clock runs until time is up")
            if attempt.paused_at is not None:
                raise AttemptError("this attempt is already paused")
            attempt.paused_at = now()
        return self.status(folder)

    def resume(self, folder: Path) -> AttemptView:
        attempt_id, _ = self._open_workspace(folder)
        with self.database.session() as session:
            attempt = self._attempt(session, attempt_id)
            if attempt.paused_at is None:
                raise AttemptError("this attempt is not paused")
            attempt.paused_seconds += max(0.0, (now() - as_utc(attempt.paused_at)).total_seconds())
            attempt.paused_at = None
        return self.status(folder)

    def submit(self, folder: Path) -> AttemptView:
        attempt_id, _ = self._open_workspace(folder)
        with self.database.session() as session:
            attempt = self._attempt(session, attempt_id)
            if attempt.submitted_at is not None:
                raise AttemptError("this attempt was already submitted; `levelup history` shows it")
            moment = now()
            if attempt.paused_at is not None:
                attempt.paused_seconds += max(0.0, (moment - as_utc(attempt.paused_at)).total_seconds())
                attempt.paused_at = None
            attempt.submitted_at = moment
        return self.status(folder)

    def history(self) -> list[AttemptView]:
        with self.database.session() as session:
            user = self._user(session)
            rows = session.scalars(
                select(AttemptRow).where(AttemptRow.user_id == user.id).order_by(AttemptRow.id)
            ).all()
            problems = {slug: self._installed_problem(slug) for slug in {row.problem_slug for row in rows}}
            return [
                self._view(row, problem if problem and problem.level_count == row.level_count else None)
                for row in rows
                for problem in [problems[row.problem_slug]]
            ]

    def _installed_problem(self, slug: str) -> Problem | None:
        """An attempt's problem, for its level titles, if it is still installed."""
        try:
            return self.catalog.get(slug)
        except Exception:  # removed or broken since: the view names levels by number only
            return None

    def attempt(self, attempt_id: int) -> AttemptView:
        """One of the user's attempts by id (the browser app addresses attempts by id)."""
        with self.database.session() as session:
            attempt = self._attempt(session, attempt_id)
            if attempt.user_id != self._user(session).id:
                raise AttemptError(f"attempt {attempt_id} is not yours")
            problem = self.catalog.get(attempt.problem_slug) if attempt.problem_slug else None
            return self._view(attempt, problem)

    def timeline(self, attempt_id: int) -> list[CheckPoint]:
        """Every check of an attempt, in order: when it ran on the attempt's clock and its score."""
        with self.database.session() as session:
            attempt = self._attempt(session, attempt_id)
            if attempt.user_id != self._user(session).id:
                raise AttemptError(f"attempt {attempt_id} is not yours")
            return [
                CheckPoint(check.elapsed_seconds, check.score, check.counted, check.passed, check.total)
                for check in attempt.checks
            ]

    def solution(self, slug: str, level: int) -> dict[str, str]:
        problem = self.catalog.get(slug)
        if not 1 <= level <= problem.level_count:
            raise AttemptError(f"{slug} has levels 1..{problem.level_count}; there is no level {level}")
        with self.database.session() as session:
            user = self._user(session)
            done = session.scalars(
                select(AttemptRow).where(
                    AttemptRow.user_id == user.id,
                    AttemptRow.problem_slug == slug,
                    (AttemptRow.finished.is_(True)) | (AttemptRow.submitted_at.is_not(None)),
                )
            ).first()
        if done is None:
            raise AttemptError(
                f"the reference solution of {slug} opens once you have finished or submitted an attempt of it "
                f"(`levelup start {slug}`, then `levelup submit`)"
            )
        folder = problem.level(level).solution_dir
        files = {p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.py"))}
        if not files:
            raise AttemptError(f"{slug} has no reference solution for level {level} (imported packages may lack one)")
        return files

    # -- helpers -----------------------------------------------------------------------------
    def _open_workspace(self, folder: Path) -> tuple[int, Problem]:
        root = workspace.find_workspace(folder)
        marker = workspace.read_marker(root)
        with self.database.session() as session:
            attempt = session.get(AttemptRow, marker.attempt_id)
            if attempt is None or attempt.workspace_token != marker.token:
                raise AttemptError(
                    f"{root} belongs to an attempt this levelup database does not know "
                    f"(database: {self.settings.database_url}); check LEVELUP_HOME or start a new attempt"
                )
            slug, current = attempt.problem_slug, attempt.current_level
        problem = self.catalog.get(slug)
        if problem.level_count < current:
            raise AttemptError(f"the installed {slug} package has fewer levels than this attempt reached")
        workspace.materialize(root, problem, current)
        return marker.attempt_id, problem

    @staticmethod
    def _remember_level(folder: Path, level: int) -> None:
        """Keep the marker's level hint current, so the next check can grade ahead."""
        root = workspace.find_workspace(folder)
        marker = workspace.read_marker(root)
        if marker.level != level:
            workspace.write_marker(root, replace(marker, level=level))

    def _attempt(self, session: Session, attempt_id: int) -> AttemptRow:
        attempt = session.get(AttemptRow, attempt_id)
        if attempt is None:
            raise AttemptError(f"attempt {attempt_id} no longer exists")
        return attempt

    @staticmethod
    def _require_open(attempt: AttemptRow) -> None:
        if attempt.submitted_at is not None:
            raise AttemptError("this attempt was already submitted")

    def _user(self, session: Session) -> User:
        user = session.scalars(select(User).where(User.name == self.settings.user)).first()
        if user is None:
            user = User(name=self.settings.user, created_at=now())
            session.add(user)
            session.flush()
        return user

    def _view(self, attempt: AttemptRow, problem: Problem | None) -> AttemptView:
        moment = now()
        if attempt.submitted_at is not None:
            state = "submitted"
        elif timer.is_expired(attempt, moment):
            state = "expired"
        elif attempt.paused_at is not None:
            state = "paused"
        else:
            state = "active"
        counted = [c for c in attempt.checks if c.counted]
        latest = counted[-1] if counted else None
        per_level: dict[int, tuple[int, int]] = {}
        if latest is not None:
            for number in latest.levels_checked:
                tests = [r for r in latest.results if r.level == number and r.status != "skipped"]
                per_level[number] = (sum(r.status == "passed" for r in tests), len(tests))
        level_rows = {row.number: row for row in attempt.levels}
        levels = []
        for number in range(1, attempt.level_count + 1):
            row = level_rows.get(number)
            passed, total = per_level.get(number, (None, None))
            seconds = None
            if row is not None and row.passed_elapsed is not None:
                seconds = row.passed_elapsed - row.unlocked_elapsed
            title = problem.level(number).title if problem is not None else f"Level {number}"
            levels.append(
                LevelView(number, title, attempt.level_weights[number - 1], row is not None, passed, total, seconds)
            )
        elapsed = timer.elapsed_seconds(attempt, moment)
        remaining = timer.remaining_seconds(attempt, moment)
        if attempt.time_limit_seconds is not None:
            elapsed = min(elapsed, attempt.time_limit_seconds)  # the clock stops when time is up
            if attempt.submitted_at is not None:
                remaining = 0.0  # a submitted attempt has no time left to use
        return AttemptView(
            id=attempt.id,
            slug=attempt.problem_slug,
            title=attempt.problem_title,
            mode=attempt.mode,
            workspace=attempt.workspace,
            started_at=as_utc(attempt.started_at),
            elapsed_seconds=elapsed,
            time_limit_seconds=attempt.time_limit_seconds,
            remaining_seconds=remaining,
            state=state,
            finished=attempt.finished or attempt.submitted_at is not None,
            all_levels_passed=attempt.finished,
            current_level=attempt.current_level,
            level_count=attempt.level_count,
            score=attempt.score,
            checks=len(attempt.checks),
            uncounted_checks=sum(not c.counted for c in attempt.checks),
            levels=levels,
            hints_used=[row.number for row in attempt.levels if row.hints_viewed_elapsed is not None],
        )


__all__ = ["AttemptError", "AttemptService", "AttemptView", "CheckOutcome", "LevelView", "level_scores"]
