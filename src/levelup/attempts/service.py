"""The application layer for attempts. Every face (CLI now, web and hosted later) calls this; none
of them grades, stores or times anything itself."""

from __future__ import annotations

import copy
import secrets
import shutil
import uuid
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from levelup.attempts import timer, workspace
from levelup.attempts.clock import as_utc, now
from levelup.attempts.errors import AttemptError
from levelup.attempts.progress import AttemptState, CheckDecision, advance
from levelup.attempts.scoring import level_scores
from levelup.attempts.views import AttemptView, CheckOutcome, CheckPoint, LevelView
from levelup.attempts.workspace import WorkspaceError
from levelup.grading.results import CheckResult, TestResult
from levelup.problems.catalog import Catalog
from levelup.problems.model import Problem
from levelup.settings import Settings
from levelup.store.database import Database
from levelup.store.errors import StoreError
from levelup.store.models import AttemptRow, CheckRequestRow, CheckRow, LevelRow, TestResultRow, User
from levelup.store.users import find_user, user_named

if TYPE_CHECKING:
    from levelup.attempts.early_start import EarlyCheck
    from levelup.grading.warm import WarmWorkers

Mode = Literal["exam", "practice"]


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

    def for_user(self, name: str) -> AttemptService:
        """This service acting for another user (hosted mode: the signed-in candidate of a request),
        sharing the open database and the catalogue instead of opening its own."""
        other = copy.copy(self)
        other.settings = replace(self.settings, user=name)
        other._database = self.database
        return other

    # -- commands ----------------------------------------------------------------------------
    def start(self, slug: str, directory: Path | None, mode: Mode, minutes: float | None) -> AttemptView:
        """Create the attempt and its workspace together: the folder is made next to its final place
        and moved there only inside the database transaction, so a failure leaves neither."""
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
        database = self.database  # opened (and any store problem reported) before anything is made
        staging = workspace.staged(folder, problem)
        placed = False
        try:
            with database.session() as session:
                attempt = AttemptRow(
                    user_id=self._user(session).id,
                    problem_slug=problem.slug,
                    problem_title=problem.title,
                    problem_path=str(problem.path),
                    level_count=problem.level_count,
                    level_weights=list(problem.level_weights),
                    mode=mode,
                    workspace=str(folder),
                    workspace_token=secrets.token_hex(16),
                    time_limit_seconds=limit,
                    started_at=now(),
                    paused_seconds=0.0,
                    current_level=1,
                    finished=False,
                    score=0,
                )
                attempt.levels.append(LevelRow(number=1, unlocked_elapsed=0.0))
                session.add(attempt)
                session.flush()
                marker = workspace.WorkspaceMarker(attempt.id, attempt.workspace_token, problem.slug, 1, str(folder))
                workspace.write_marker(staging, marker)
                workspace.materialize(staging, problem, 1)
                workspace.put_in_place(staging, folder)
                placed = True
                view = self._view(attempt, problem)
        except BaseException:
            shutil.rmtree(folder if placed else staging, ignore_errors=True)
            raise
        return view

    def attach(self, folder: Path, attempt_id: int) -> AttemptView:
        """Make `folder` the workspace of attempt `attempt_id` (a moved or copied workspace, or one
        whose marker was deleted). The folder it had before stops being its workspace."""
        root = folder.resolve()
        if not root.is_dir():
            raise WorkspaceError(f"{root} is not a folder; pass the workspace folder with --dir")
        with self.database.session() as session:
            attempt = session.get(AttemptRow, attempt_id)
            user = self._find_user(session)
            if attempt is None or user is None or attempt.user_id != user.id:
                raise AttemptError(f"you have no attempt {attempt_id}; `levelup history` lists yours")
            owner = self._attempt_owning(session, root)
            if owner is not None and owner != attempt_id:
                raise AttemptError(
                    f"{root} is attempt {owner}'s workspace; attach attempt {attempt_id} to another folder"
                )
            problem = self.catalog.get(attempt.problem_slug)
            attempt.workspace = str(root)
            attempt.workspace_token = secrets.token_hex(16)
            marker = workspace.WorkspaceMarker(
                attempt.id, attempt.workspace_token, attempt.problem_slug, attempt.current_level, str(root)
            )
            workspace.write_marker(root, marker)  # inside the transaction: a failed write changes nothing
            current = attempt.current_level
            view = self._view(attempt, problem)
        workspace.materialize(root, problem, current)
        return view

    def check(
        self,
        folder: Path,
        warm: WarmWorkers | None = None,
        early: EarlyCheck | None = None,
        on_result: Callable[[TestResult], None] | None = None,
    ) -> CheckOutcome:
        """Grade the workspace's code. `warm` (watch mode) supplies a worker started ahead of time;
        `early` is a check already grading a snapshot taken when the command started; `on_result`
        hears each test's result as soon as it is known (the browser app streams them).

        One path, shared with the queue (`request_check` + `grade_request`): the attempt is loaded
        once; the code is snapshotted and only then is the clock read, so whether the check counts
        (and its time) is decided by the moment the snapshot was complete; the grader grades the
        snapshot; `advance` decides; one transaction stores it."""
        root, attempt, state = self._open(folder)
        problem = self._problem_of(attempt)
        code, moment, levels = self._snapshot(root, attempt, early)
        result = early.result_for(problem.slug, levels) if early is not None else None
        if result is None:
            result = self._grade(problem, code, levels, attempt.mode == "exam", warm, on_result)
        elif on_result is not None:  # graded ahead: every result is known at once
            for test in result.tests:
                on_result(test)
        if skipped := getattr(code, "skipped", None):  # files the snapshot left out, and why
            result = replace(result, warnings=(*(str(file) for file in skipped), *result.warnings))
        try:
            decision, view = self._store(attempt.id, problem, result, code, moment, levels)
        except StoreError as exc:
            decision = advance(state, result, timer.elapsed_seconds(attempt, moment))
            note = f"these results were NOT recorded: {exc}"
            return CheckOutcome(self.status(root), result, decision.check_score, False, None, False, note, False)
        workspace.materialize(root, problem, decision.current_level)
        self._remember_level(root, decision.current_level)
        return _outcome(view, result, decision)

    def request_check(self, folder: Path) -> str:
        """Hosted mode's first half of a check: snapshot the workspace's code, read the server's
        clock, and store the request for a grading worker. Returns the request's id (the queue
        task's id)."""
        root, attempt, _ = self._open(folder)
        code, moment, levels = self._snapshot(root, attempt, None)
        request_id = uuid.uuid4().hex
        with self.database.session() as session:
            session.add(
                CheckRequestRow(
                    id=request_id,
                    attempt_id=attempt.id,
                    requested_at=moment,
                    levels=levels,
                    code_archive=workspace.archive(code),
                    status="queued",
                    deliveries=0,
                )
            )
        return request_id

    def grade_request(
        self, request_id: str, on_result: Callable[[TestResult], None] | None = None
    ) -> CheckOutcome:
        """Hosted mode's second half (a grading worker): grade a stored request's code with the full
        sandbox and store the result in one transaction with the progress decision. Delivery is
        at-least-once, so a request whose check is already stored is not graded again, and a
        concurrent worker that stored it first wins (the check's request_id is unique)."""
        with self.database.session() as session:
            request = session.get(CheckRequestRow, request_id)
            if request is None:
                raise AttemptError(f"no check request {request_id}")
            stored = self._stored_outcome(session, request_id)
            if stored is not None:
                return stored
            request.deliveries += 1
            request.status = "grading"
            attempt = self._attempt(session, request.attempt_id)
            problem = self._problem_of(attempt)
            moment, levels, code = as_utc(request.requested_at), list(request.levels), request.code_archive
        result = self._grade(problem, workspace.unarchive(code), levels, True, None, on_result)
        try:
            decision, view = self._store(
                attempt.id, problem, result, workspace.unarchive(code), moment, levels, request_id=request_id
            )
        except StoreError as exc:
            if not isinstance(exc.__cause__, IntegrityError):
                raise
            with self.database.session() as session:  # another worker stored this request first
                stored = self._stored_outcome(session, request_id)
            if stored is None:
                raise
            return stored
        return _outcome(view, result, decision)

    def fail_request(self, request_id: str, cause: str) -> None:
        """levelup could not grade a request (after the queue's retries): say why; store no check."""
        with self.database.session() as session:
            request = session.get(CheckRequestRow, request_id)
            if request is not None and request.status != "done":
                request.status = "failed"
                request.error = cause
                request.finished_at = now()

    def request_status(self, request_id: str) -> tuple[str, str | None]:
        """A check request's status ("queued", "grading", "done", "failed") and why it failed."""
        with self.database.session() as session:
            request = session.get(CheckRequestRow, request_id)
            if request is None:
                raise AttemptError(f"no check request {request_id}")
            return request.status, request.error

    def request_outcome(self, request_id: str) -> CheckOutcome | None:
        """The stored outcome of a graded request (None while it is not graded)."""
        with self.database.session() as session:
            return self._stored_outcome(session, request_id)

    def refresh_workspace(self, attempt_id: int) -> None:
        """Show the levels the attempt has unlocked in its workspace (hosted mode: the worker that
        unlocked them cannot reach the server's disk, so the server does this)."""
        with self.database.session() as session:
            attempt = self._attempt(session, attempt_id)
            root, level, problem = Path(attempt.workspace), attempt.current_level, self._problem_of(attempt)
        workspace.materialize(root, problem, level)
        self._remember_level(root, level)

    # -- the steps of a check, shared by the local and the queued path ----------------------------
    def _snapshot(
        self, root: Path, attempt: AttemptRow, early: EarlyCheck | None
    ) -> tuple[dict[str, bytes], datetime, list[int]]:
        """The code to grade, then the clock: the check's moment is when its snapshot was complete."""
        if attempt.paused_at is not None:
            raise AttemptError("this attempt is paused: run `levelup resume` before checking")
        code = early.code if early is not None else workspace.read_code(root)
        moment = early.taken_at if early is not None else now()  # after the snapshot, never before
        return code, moment, list(range(1, attempt.current_level + 1))

    @staticmethod
    def _grade(
        problem: Problem,
        code: dict[str, bytes],
        levels: list[int],
        require_isolation: bool,
        warm: WarmWorkers | None,
        on_result: Callable[[TestResult], None] | None,
    ) -> CheckResult:
        from levelup.grading.harness import run_check  # pytest is imported only by commands that grade

        return run_check(problem, code, levels, require_isolation=require_isolation, warm=warm, on_result=on_result)

    def _store(
        self,
        attempt_id: int,
        problem: Problem,
        result: CheckResult,
        code: dict[str, bytes],
        moment: datetime,
        levels: list[int],
        request_id: str | None = None,
    ) -> tuple[CheckDecision, AttemptView]:
        """One transaction: the attempt's clock at `moment`, `advance`, the check and its results
        (and the queued request marked done)."""
        with self.database.session() as session:
            row = self._attempt(session, attempt_id)
            state, elapsed = _clock_at(row, moment)
            decision = advance(state, result, elapsed)
            self._record(row, decision, result, code, moment, elapsed, levels, request_id)
            if request_id is not None:
                request = session.get(CheckRequestRow, request_id)
                if request is not None:
                    request.status, request.finished_at, request.error = "done", now(), None
            session.flush()  # a second store of the same request fails here, inside the transaction
            return decision, self._view(row, problem)

    def _stored_outcome(self, session: Session, request_id: str) -> CheckOutcome | None:
        """The outcome of a request whose check is already stored, read back from the store."""
        check = session.scalars(select(CheckRow).where(CheckRow.request_id == request_id)).first()
        if check is None:
            return None
        attempt = check.attempt
        tests = tuple(
            TestResult(r.name, r.level, r.visible, r.status, r.message, r.details, r.output, r.duration_seconds)  # type: ignore[arg-type]
            for r in check.results
        )
        result = CheckResult(tests, tuple(check.levels_checked), check.import_error, (), check.duration_seconds)
        unlocked = next(
            (row.number for row in attempt.levels if row.number > 1 and row.unlocked_elapsed == check.elapsed_seconds),
            None,
        )
        view = self._view(attempt, self._installed_problem(attempt.problem_slug))
        return CheckOutcome(view, result, check.score, check.counted, unlocked, False, None)

    @staticmethod
    def _record(
        attempt: AttemptRow,
        decision: CheckDecision,
        result: CheckResult,
        code: dict[str, bytes],
        moment: datetime,
        elapsed: float,
        levels: list[int],
        request_id: str | None = None,
    ) -> None:
        """Apply a check's decision to the attempt and add the check with its results."""
        check = CheckRow(
            request_id=request_id,
            created_at=moment,
            elapsed_seconds=elapsed,
            counted=decision.counted,
            levels_checked=levels,
            score=decision.check_score,
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
        attempt.score = decision.attempt_score
        for row in attempt.levels:
            if row.number in decision.newly_passed and row.passed_elapsed is None:
                row.passed_elapsed = elapsed
        if decision.unlocked_level is not None:
            attempt.current_level = decision.unlocked_level
            attempt.levels.append(LevelRow(number=decision.unlocked_level, unlocked_elapsed=elapsed))
        if decision.finished_now:
            attempt.finished = True

    def hints(self, folder: Path, level: int | None) -> tuple[int, str]:
        """The hints of an unlocked level (default: the current one), as (level, text). Viewing them
        while the attempt is open is recorded: the attempt's report lists the levels whose hints
        were used."""
        from levelup.importers.hints import level_hints

        root = workspace.find_workspace(folder)
        with self.database.session() as session:
            attempt = self._bound_attempt(session, root)
            problem = self._problem_of(attempt)
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

        _, attempt, _ = self._open(folder)
        problem = self._problem_of(attempt)
        exam = attempt.mode == "exam"
        return WarmWorkers(problem.memory_mb, require_isolation=exam, libraries=libraries_used(problem))

    def status(self, folder: Path) -> AttemptView:
        """Read-only: writes nothing, to the database or to the workspace."""
        root = workspace.find_workspace(folder)
        with self.database.session() as session:
            attempt = self._bound_attempt(session, root)
            return self._view(attempt, self._problem_of(attempt))

    def pause(self, folder: Path) -> AttemptView:
        root = workspace.find_workspace(folder)
        with self.database.session() as session:
            attempt = self._bound_attempt(session, root)
            self._require_open(attempt)
            if attempt.mode == "exam":
                raise AttemptError("exam attempts cannot be paused: the clock runs until time is up")
            if attempt.paused_at is not None:
                raise AttemptError("this attempt is already paused")
            attempt.paused_at = now()
        return self.status(folder)

    def resume(self, folder: Path) -> AttemptView:
        root = workspace.find_workspace(folder)
        with self.database.session() as session:
            attempt = self._bound_attempt(session, root)
            if attempt.paused_at is None:
                raise AttemptError("this attempt is not paused")
            attempt.paused_seconds += max(0.0, (now() - as_utc(attempt.paused_at)).total_seconds())
            attempt.paused_at = None
        return self.status(folder)

    def submit(self, folder: Path) -> AttemptView:
        root = workspace.find_workspace(folder)
        with self.database.session() as session:
            attempt = self._bound_attempt(session, root)
            if attempt.submitted_at is not None:
                raise AttemptError("this attempt was already submitted; `levelup history` shows it")
            moment = now()
            if attempt.paused_at is not None:
                attempt.paused_seconds += max(0.0, (moment - as_utc(attempt.paused_at)).total_seconds())
                attempt.paused_at = None
            attempt.submitted_at = moment
        return self.status(folder)

    def history(self) -> list[AttemptView]:
        """Read-only: writes nothing."""
        with self.database.session() as session:
            user = self._find_user(session)
            if user is None:
                return []
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
            user = self._find_user(session)
            if user is None or attempt.user_id != user.id:
                raise AttemptError(f"attempt {attempt_id} is not yours")
            problem = self.catalog.get(attempt.problem_slug) if attempt.problem_slug else None
            return self._view(attempt, problem)

    def timeline(self, attempt_id: int) -> list[CheckPoint]:
        """Every check of an attempt, in order: when it ran on the attempt's clock and its score."""
        with self.database.session() as session:
            attempt = self._attempt(session, attempt_id)
            user = self._find_user(session)
            if user is None or attempt.user_id != user.id:
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
            user = self._find_user(session)
            done = session.scalars(
                select(AttemptRow).where(
                    AttemptRow.user_id == (user.id if user is not None else -1),
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
    def _open(self, folder: Path) -> tuple[Path, AttemptRow, AttemptState]:
        """The workspace containing `folder` and its attempt, read once (a detached row and its state)."""
        root = workspace.find_workspace(folder)
        with self.database.session() as session:
            attempt = self._bound_attempt(session, root)
            return root, attempt, attempt_state(attempt)

    def _bound_attempt(self, session: Session, root: Path) -> AttemptRow:
        """The attempt whose workspace `root` is, checked from both sides: the marker names the
        attempt and was written for this folder, and the attempt's row names this folder and the
        marker's token. Anything else (a copied marker, a moved folder, another database) is refused
        before any code is graded or anything is written."""
        marker = workspace.read_marker(root)
        workspace.require_own_folder(root, marker)
        attempt = session.get(AttemptRow, marker.attempt_id)
        if attempt is None:
            raise AttemptError(
                f"{root} belongs to attempt {marker.attempt_id}, which this levelup database does not know "
                f"(database: {self.settings.database_url}); check LEVELUP_HOME or start a new attempt"
            )
        if attempt.workspace_token != marker.token or attempt.workspace != str(root.resolve()):
            raise AttemptError(
                f"{root} is no longer attempt {attempt.id}'s workspace: that attempt's workspace is "
                f"{attempt.workspace}. Nothing was graded or recorded. To make this folder its workspace again, "
                f"run `levelup attach --dir {root} {attempt.id}`."
            )
        return attempt

    def _attempt_owning(self, session: Session, root: Path) -> int | None:
        """The attempt this folder is the workspace of, if any (by a marker that really binds it)."""
        try:
            marker = workspace.read_marker(root)
        except WorkspaceError:
            return None
        attempt = session.get(AttemptRow, marker.attempt_id)
        if attempt is not None and attempt.workspace == str(root) and attempt.workspace_token == marker.token:
            return attempt.id
        return None

    def _problem_of(self, attempt: AttemptRow) -> Problem:
        problem = self.catalog.get(attempt.problem_slug)
        if problem.level_count < attempt.current_level:
            raise AttemptError(
                f"the installed {attempt.problem_slug} package has fewer levels than this attempt reached"
            )
        return problem

    @staticmethod
    def _remember_level(root: Path, level: int) -> None:
        """Keep the marker's level hint current, so the next check can grade ahead."""
        marker = workspace.read_marker(root)
        if marker.level != level:
            workspace.write_marker(root, replace(marker, level=level, folder=marker.folder or str(root)))

    def _attempt(self, session: Session, attempt_id: int) -> AttemptRow:
        attempt = session.get(AttemptRow, attempt_id)
        if attempt is None:
            raise AttemptError(f"attempt {attempt_id} no longer exists")
        return attempt

    @staticmethod
    def _require_open(attempt: AttemptRow) -> None:
        if attempt.submitted_at is not None:
            raise AttemptError("this attempt was already submitted")

    def _find_user(self, session: Session) -> User | None:
        return find_user(session, self.settings.user)

    def _user(self, session: Session) -> User:
        return user_named(session, self.settings.user)

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


def _outcome(view: AttemptView, result: CheckResult, decision: CheckDecision) -> CheckOutcome:
    return CheckOutcome(
        view,
        result,
        decision.check_score,
        decision.counted,
        decision.unlocked_level,
        decision.finished_now,
        decision.note,
    )


def _clock_at(attempt: AttemptRow, moment: datetime) -> tuple[AttemptState, float]:
    """The attempt's state and clock as they were at `moment`. A queued check is graded later than
    it was requested: a submit in between does not stop it from counting, as it would not have
    stopped a check graded at once."""
    state = attempt_state(attempt)
    if attempt.submitted_at is not None and as_utc(attempt.submitted_at) > moment:
        state = replace(state, submitted=False)
        return state, max(0.0, (moment - as_utc(attempt.started_at)).total_seconds() - attempt.paused_seconds)
    return state, timer.elapsed_seconds(attempt, moment)


def attempt_state(attempt: AttemptRow) -> AttemptState:
    return AttemptState(
        level_count=attempt.level_count,
        current_level=attempt.current_level,
        level_weights=tuple(attempt.level_weights),
        time_limit_seconds=attempt.time_limit_seconds,
        submitted=attempt.submitted_at is not None,
        finished=attempt.finished,
        score=attempt.score,
        passed_levels=frozenset(row.number for row in attempt.levels if row.passed_elapsed is not None),
    )


__all__ = ["AttemptError", "AttemptService", "AttemptView", "CheckOutcome", "CheckPoint", "LevelView", "level_scores"]
