"""What one check does to an attempt, decided by a pure function: whether it counts, the score it
sets, the levels it marks passed, the level it unlocks. No clock, no database, no files: the
service reads the attempt and the clock, grades, calls `advance`, and stores what it says."""

from __future__ import annotations

from dataclasses import dataclass

from levelup.attempts.scoring import check_score
from levelup.grading.results import CheckResult


@dataclass(frozen=True)
class AttemptState:
    """The part of an attempt a check can change or depends on."""

    level_count: int
    current_level: int
    level_weights: tuple[int, ...]
    time_limit_seconds: float | None
    submitted: bool
    finished: bool
    score: int
    passed_levels: frozenset[int]  # levels whose tests (with every level below) all passed once


@dataclass(frozen=True)
class CheckDecision:
    counted: bool  # False after the time limit or after submit: recorded, but the attempt is unchanged
    check_score: int  # what this check's results are worth
    attempt_score: int  # the attempt's score afterwards
    newly_passed: tuple[int, ...]  # levels this check passed for the first time (their time is `elapsed`)
    unlocked_level: int | None
    finished_now: bool
    current_level: int  # the attempt's level afterwards
    note: str | None


EXPIRED_NOTE = "time is up: the check ran and was recorded, but the score stays as it was when time ran out"
SUBMITTED_NOTE = "this attempt was already submitted: the check ran but does not change the score"


def advance(state: AttemptState, result: CheckResult, elapsed: float) -> CheckDecision:
    """Decide what a check graded at attempt-clock time `elapsed` (the moment its code snapshot was
    complete) does to the attempt. A check counts only before submit and before the time limit;
    passing every test of every unlocked level, the current one included, unlocks the next."""
    score = check_score(result, state.level_weights)
    expired = state.time_limit_seconds is not None and elapsed >= state.time_limit_seconds
    if state.submitted or expired:
        note = SUBMITTED_NOTE if state.submitted else EXPIRED_NOTE
        return CheckDecision(False, score, state.score, (), None, False, state.current_level, note)
    graded_current = bool(result.levels) and result.levels[-1] == state.current_level
    if not (result.all_passed and graded_current):
        return CheckDecision(True, score, score, (), None, False, state.current_level, None)
    newly_passed = tuple(n for n in range(1, state.current_level + 1) if n not in state.passed_levels)
    if state.current_level < state.level_count:
        unlocked = state.current_level + 1
        return CheckDecision(True, score, score, newly_passed, unlocked, False, unlocked, None)
    return CheckDecision(True, score, score, newly_passed, None, not state.finished, state.current_level, None)
