"""Scoring out of 1000: each level is worth its weight, shared equally by its tests (visible and
hidden alike), as in CodeSignal's Industry Coding Framework. Levels not yet unlocked score 0.
A test its author skipped is not graded: it is in neither the passed count nor the total."""

from __future__ import annotations

from dataclasses import dataclass

from levelup.grading.results import CheckResult


@dataclass(frozen=True)
class LevelScore:
    level: int
    passed: int
    total: int
    points: float
    weight: int


def level_scores(result: CheckResult, weights: list[int] | tuple[int, ...]) -> list[LevelScore]:
    scores = []
    for level in result.levels:
        tests = result.graded_for_level(level)
        passed = sum(t.passed for t in tests)
        weight = weights[level - 1]
        points = weight * passed / len(tests) if tests else 0.0
        scores.append(LevelScore(level, passed, len(tests), points, weight))
    return scores


def check_score(result: CheckResult, weights: list[int] | tuple[int, ...]) -> int:
    return round(sum(score.points for score in level_scores(result, weights)))
