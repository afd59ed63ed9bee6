"""What the application layer hands the faces about attempts and checks: plain, frozen data.

Kept apart from the service (which loads the store) so a face can rebuild them from a document
without importing SQLAlchemy: `levelup check` handed to the daemon does (see `levelup.daemon`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from levelup.grading.results import CheckResult


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
    recorded: bool = True  # False when the store failed: the results were graded but not saved
