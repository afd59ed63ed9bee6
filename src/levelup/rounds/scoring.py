"""Self-review arithmetic: marks on key points become a weighted score and a review rating."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from levelup.rounds.errors import MarkError
from levelup.rounds.model import KeyPoint

MARK_CREDIT = {"covered": 1.0, "partly": 0.5, "missed": 0.0}
# The score (0-100) at or above which a self-review counts as each FSRS rating.
RATING_FLOORS = (("easy", 85.0), ("good", 60.0), ("hard", 35.0), ("again", 0.0))


def weighted_score(rubric: Sequence[KeyPoint], marks: Mapping[str, str]) -> float:
    """The weighted share of the rubric covered, 0-100 (a partly covered point earns half)."""
    missing = [point.id for point in rubric if point.id not in marks]
    if missing:
        raise MarkError(f"every key point needs a mark; missing: {', '.join(missing)}")
    unknown = sorted(set(marks) - {point.id for point in rubric})
    if unknown:
        raise MarkError(f"these are not key points of the question: {', '.join(unknown)}")
    bad = sorted({mark for mark in marks.values() if mark not in MARK_CREDIT})
    if bad:
        raise MarkError(f"marks are covered, partly or missed; got {', '.join(bad)}")
    total = sum(point.weight for point in rubric)
    earned = sum(point.weight * MARK_CREDIT[marks[point.id]] for point in rubric)
    return round(100.0 * earned / total, 1)


def rating_for(score: float) -> str:
    for rating, floor in RATING_FLOORS:
        if score >= floor:
            return rating
    return "again"
