"""`advance`: what one check does to an attempt, decided from plain data."""

from __future__ import annotations

from dataclasses import replace

from levelup.attempts.progress import EXPIRED_NOTE, SUBMITTED_NOTE, AttemptState, advance
from levelup.grading import results
from levelup.grading.results import CheckResult

WEIGHTS = (100, 200, 300, 400)
LEVEL_2 = AttemptState(
    level_count=4,
    current_level=2,
    level_weights=WEIGHTS,
    time_limit_seconds=600.0,
    submitted=False,
    finished=False,
    score=100,
    passed_levels=frozenset({1}),
)


def graded(passed_per_level: dict[int, tuple[int, int]]) -> CheckResult:
    """A check result with `passed` of `total` tests passing on each level."""
    tests = []
    for level, (passed, total) in passed_per_level.items():
        for index in range(total):
            status = "passed" if index < passed else "failed"
            tests.append(results.TestResult(name=f"test_{level}_{index}", level=level, visible=True, status=status))
    return CheckResult(tests=tuple(tests), levels=tuple(passed_per_level), import_error=None, duration=0.1)


def test_passing_every_unlocked_level_unlocks_the_next_and_marks_the_current_passed() -> None:
    decision = advance(LEVEL_2, graded({1: (4, 4), 2: (5, 5)}), elapsed=300.0)
    assert decision.counted and decision.note is None
    assert (decision.check_score, decision.attempt_score) == (300, 300)
    assert decision.newly_passed == (2,)
    assert (decision.unlocked_level, decision.current_level, decision.finished_now) == (3, 3, False)


def test_a_failing_test_scores_its_share_and_unlocks_nothing() -> None:
    decision = advance(LEVEL_2, graded({1: (4, 4), 2: (4, 5)}), elapsed=300.0)
    assert decision.counted
    assert (decision.check_score, decision.attempt_score) == (260, 260)
    assert (decision.unlocked_level, decision.newly_passed, decision.current_level) == (None, (), 2)


def test_a_check_at_or_after_the_time_limit_is_recorded_but_changes_nothing() -> None:
    decision = advance(LEVEL_2, graded({1: (4, 4), 2: (5, 5)}), elapsed=600.0)
    assert not decision.counted and decision.note == EXPIRED_NOTE
    assert (decision.check_score, decision.attempt_score) == (300, 100)
    assert (decision.unlocked_level, decision.newly_passed, decision.current_level) == (None, (), 2)


def test_a_check_after_submit_changes_nothing_even_without_a_time_limit() -> None:
    state = replace(LEVEL_2, submitted=True, time_limit_seconds=None)
    decision = advance(state, graded({1: (4, 4), 2: (5, 5)}), elapsed=10.0)
    assert not decision.counted and decision.note == SUBMITTED_NOTE and decision.attempt_score == 100


def test_an_untimed_attempt_never_expires() -> None:
    state = replace(LEVEL_2, time_limit_seconds=None)
    assert advance(state, graded({1: (4, 4), 2: (5, 5)}), elapsed=10_000_000.0).counted


def test_passing_the_last_level_finishes_the_attempt_once() -> None:
    last = replace(LEVEL_2, current_level=4, passed_levels=frozenset({1, 2, 3}))
    everything = graded({1: (1, 1), 2: (1, 1), 3: (1, 1), 4: (1, 1)})
    decision = advance(last, everything, elapsed=1.0)
    assert (decision.finished_now, decision.unlocked_level, decision.newly_passed, decision.attempt_score) == (
        True,
        None,
        (4,),
        1000,
    )
    again = advance(replace(last, finished=True, passed_levels=frozenset({1, 2, 3, 4})), everything, elapsed=2.0)
    assert (again.finished_now, again.newly_passed) == (False, ())


def test_a_check_of_fewer_levels_than_the_attempt_reached_unlocks_nothing() -> None:
    """Graded before another check unlocked a level: it scores, but cannot unlock again."""
    state = replace(LEVEL_2, current_level=3, passed_levels=frozenset({1, 2}))
    decision = advance(state, graded({1: (4, 4), 2: (5, 5)}), elapsed=5.0)
    assert (decision.unlocked_level, decision.newly_passed, decision.current_level) == (None, (), 3)
