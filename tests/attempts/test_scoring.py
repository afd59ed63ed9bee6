"""Scoring counts the tests a level really grades: a test its author skipped is in neither the
passed count nor the total, so skipping it neither costs nor earns points."""

from __future__ import annotations

from levelup.attempts.scoring import check_score, level_scores
from levelup.grading import results


def result(*statuses: str) -> results.CheckResult:
    tests = tuple(
        results.TestResult(name=f"test_level_1.py::test_{n}", level=1, visible=True, status=s)  # type: ignore[arg-type]
        for n, s in enumerate(statuses)
    )
    return results.CheckResult(tests=tests, levels=(1,))


def test_an_author_skip_is_left_out_of_the_levels_total() -> None:
    graded = result("passed", "passed", "skipped")
    [score] = level_scores(graded, [100])
    assert (score.passed, score.total, score.points) == (2, 2, 100)
    assert graded.all_passed and graded.level_passed(1)


def test_failures_still_cost_their_share_next_to_an_author_skip() -> None:
    assert check_score(result("passed", "failed", "skipped", "passed"), [300]) == 200


def test_a_level_whose_every_test_was_skipped_is_not_passed() -> None:
    skipped = result("skipped", "skipped")
    assert check_score(skipped, [100]) == 0
    assert not skipped.all_passed and not skipped.level_passed(1)
