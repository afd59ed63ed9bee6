"""Hosted-mode rows for review tests, written as the hosted server writes them: staff, an
assessment of the bundled banking problem, invites, attempts with autosaves, checks, level times
and the events the candidate's page reported.

`seed_assessment` makes one assessment with five candidates a reviewer would tell apart:
  alice  works level by level, saving often (no flags), submitted;           reviewer: rita
  bob    pastes a whole level-1 solution and passes on his first check;     reviewer: rita
  carol  hands in bob's code with the names changed (similar to bob's);     reviewer: sam
  dan    has not opened his link yet;                                       unassigned
  erin   never used her link and it lapsed;                                 unassigned"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.orm import Session

from levelup.attempts import workspace
from levelup.hosted import review
from levelup.store.models import (
    AssessmentRow,
    AttemptRow,
    CheckRow,
    IntegrityEventRow,
    InviteRow,
    LevelRow,
    SnapshotRow,
    TestResultRow,
    User,
)

BANKING = Path(__file__).resolve().parents[2] / "src" / "levelup" / "problems" / "bundled" / "banking"
MODULE = "banking_system.py"


def starter() -> str:
    return (BANKING / "starter" / MODULE).read_text()


def reference(level: int) -> str:
    return (BANKING / "levels" / str(level) / "solution" / MODULE).read_text()


def renamed(code: str) -> str:
    """The same program with every name of the candidate's own changed, as a copier hides a copy."""
    for old, new in (("balances", "ledger"), ("accounts", "book"), ("account_id", "acct"), ("account", "entry"),
                     ("amount", "value"), ("source_id", "src"), ("target_id", "dst"), ("source", "payer"),
                     ("target", "payee"), ("timestamp", "ts"), ("outgoing", "spent"), ("ranked", "order")):
        code = re.sub(rf"\b{old}\b", new, code)
    return code


def names_of_tests(level: int, hidden: bool) -> list[str]:
    folder = BANKING / "levels" / str(level) / ("hidden" if hidden else "tests")
    sources = [path.read_text() for path in sorted(folder.glob("test_*.py"))]
    return [name for source in sources for name in re.findall(r"def (test_\w+)", source)]


def user(session: Session, name: str, role: str, email: str | None = None) -> User:
    row = User(name=name, role=role, email=email, created_at=datetime.now(UTC))
    session.add(row)
    session.flush()
    return row


def assessment(session: Session, admin: User, title: str = "Backend engineer, spring round") -> AssessmentRow:
    row = AssessmentRow(
        title=title, problem_slug="banking", minutes=90, created_by=admin.id, created_at=datetime.now(UTC)
    )
    session.add(row)
    session.flush()
    return row


def invite(
    session: Session,
    of: AssessmentRow,
    email: str,
    reviewer: User | None = None,
    expires_in: timedelta = timedelta(days=7),
) -> InviteRow:
    row = InviteRow(
        assessment_id=of.id, email=email, token_hash=f"{of.id}-{email}".ljust(64, "0")[:64],
        created_at=datetime.now(UTC) - timedelta(days=1), expires_at=datetime.now(UTC) + expires_in,
        reviewer_id=reviewer.id if reviewer else None,
    )
    session.add(row)
    session.flush()
    return row


def start(session: Session, by: InviteRow, started_at: datetime, folder: Path) -> AttemptRow:
    """The candidate's account and attempt, as following the invite link makes them."""
    candidate = user(session, by.email, "candidate", by.email)
    attempt = AttemptRow(
        user_id=candidate.id, problem_slug="banking", problem_title="Banking system", problem_path=str(BANKING),
        level_count=4, level_weights=[100, 200, 300, 400], mode="exam",
        workspace=str(folder), workspace_token="t" * 64, time_limit_seconds=90 * 60,
        started_at=started_at, paused_seconds=0.0, current_level=1, finished=False, score=0,
    )
    attempt.levels = [LevelRow(number=1, unlocked_elapsed=0.0)]
    session.add(attempt)
    session.flush()
    by.attempt_id, by.candidate_id, by.used_at = attempt.id, candidate.id, started_at
    return attempt


def save(session: Session, attempt: AttemptRow, elapsed: float, code: str, path: str = MODULE) -> SnapshotRow | None:
    """The candidate's page saving `code`: the file lands in the workspace, and the file API's hook
    records the snapshot (as the hosted server does on every save)."""
    folder = Path(attempt.workspace)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / path).write_text(code)
    return review.record_snapshot(session, attempt.id, folder, path, attempt.started_at + timedelta(seconds=elapsed))


def check(
    session: Session, attempt: AttemptRow, elapsed: float, code: str, failing: int = 0, counted: bool = True
) -> CheckRow:
    """A check of levels 1..current: every test passes but the first `failing` visible ones of the
    current level. When all pass, the current level is marked passed and the next unlocked, as the
    grader's progress decision does."""
    levels = list(range(1, attempt.current_level + 1))
    results = []
    for level in levels:
        for hidden in (False, True):
            for index, name in enumerate(names_of_tests(level, hidden)):
                fails = level == attempt.current_level and not hidden and index < failing
                results.append(TestResultRow(
                    name=name, level=level, visible=not hidden, status="failed" if fails else "passed",
                    message=f"assert -1 == {100 + index}" if fails else "",
                    details=f"E   assert -1 == {100 + index}\nE    +  where -1 = deposit(2, 'a', 100)" if fails else "",
                    output="", duration_seconds=0.002,
                ))
    passed = sum(r.status == "passed" for r in results)
    all_passed = passed == len(results)
    weights = zip(levels, attempt.level_weights, strict=False)
    score = sum(weight for number, weight in weights if number < attempt.current_level or all_passed)
    row = CheckRow(
        attempt_id=attempt.id, created_at=attempt.started_at + timedelta(seconds=elapsed), elapsed_seconds=elapsed,
        counted=counted, levels_checked=levels, score=score, passed=passed, total=len(results), import_error=None,
        duration_seconds=0.4, code_archive=workspace.archive({MODULE: code.encode()}),
    )
    row.results = results
    session.add(row)
    if counted:
        attempt.score = score
        if all_passed:
            current = attempt.levels[-1]
            current.passed_elapsed = elapsed
            if attempt.current_level < attempt.level_count:
                attempt.current_level += 1
                attempt.levels.append(LevelRow(number=attempt.current_level, unlocked_elapsed=elapsed))
    session.flush()
    return row


def event(
    session: Session, attempt: AttemptRow, elapsed: float, kind: str, amount: float, path: str | None = None
) -> None:
    session.add(IntegrityEventRow(
        attempt_id=attempt.id, created_at=attempt.started_at + timedelta(seconds=elapsed), elapsed_seconds=elapsed,
        kind=kind, path=path, amount=amount,
    ))
    session.flush()


def typed(session: Session, attempt: AttemptRow, start: float, before: str, after: str) -> float:
    """Autosaves 30 s apart that go from `before` to `after` about four lines at a time, as steady
    typing does. Returns the last save's moment."""
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    saves = max(2, math.ceil(len(new) / 4))
    elapsed = start
    for index in range(1, saves + 1):
        elapsed += 30
        code = "".join(new[: len(new) * index // saves]) + "".join(old[len(old) * index // saves :])
        save(session, attempt, elapsed, code)
    return elapsed


@dataclass(frozen=True)
class Seeded:
    admin: User
    rita: User  # a reviewer
    sam: User  # another reviewer
    assessment: AssessmentRow
    alice: AttemptRow
    bob: AttemptRow
    carol: AttemptRow
    dan: InviteRow
    erin: InviteRow


def seed_assessment(session: Session, workspaces: Path, now: datetime | None = None) -> Seeded:
    """The assessment of the module's docstring; candidates' workspaces are folders in `workspaces`."""
    now = now or datetime.now(UTC)

    def ago(minutes: float) -> datetime:
        return now - timedelta(minutes=minutes)

    admin = user(session, "admin", "admin", "admin@example.com")
    rita = user(session, "rita", "reviewer", "rita@example.com")
    sam = user(session, "sam", "reviewer", "sam@example.com")
    exam = assessment(session, admin)

    alice = start(session, invite(session, exam, "alice@example.com", rita), ago(80), workspaces / "alice")
    elapsed = typed(session, alice, 0, starter(), reference(1).replace("self.balances[source_id] -= amount", "pass"))
    check(session, alice, elapsed + 5, reference(1), failing=2)
    save(session, alice, elapsed + 60, reference(1))
    check(session, alice, elapsed + 62, reference(1))
    elapsed = typed(session, alice, elapsed + 62, reference(1), reference(2))
    check(session, alice, elapsed + 3, reference(2))
    elapsed = typed(session, alice, elapsed + 3, reference(2), reference(3))
    check(session, alice, elapsed + 4, reference(3), failing=3)
    alice.submitted_at = alice.started_at + timedelta(seconds=elapsed + 100)

    bob = start(session, invite(session, exam, "bob@example.com", rita), ago(50), workspaces / "bob")
    event(session, bob, 95, "focus-lost", 240)
    save(session, bob, 120, starter().replace("pass", "self.balances = {}"))
    event(session, bob, 130, "paste", len(reference(1)), MODULE)
    save(session, bob, 134, reference(1))
    check(session, bob, 136, reference(1))
    elapsed = typed(session, bob, 136, reference(1), reference(2))
    check(session, bob, elapsed + 2, reference(2), failing=1)

    carol = start(session, invite(session, exam, "carol@example.com", sam), ago(40), workspaces / "carol")
    elapsed = typed(session, carol, 0, starter(), renamed(reference(2)))
    check(session, carol, elapsed + 3, renamed(reference(2)))

    dan = invite(session, exam, "dan@example.com")
    erin = invite(session, exam, "erin@example.com", expires_in=timedelta(days=-1))
    return Seeded(admin, rita, sam, exam, alice, bob, carol, dan, erin)
