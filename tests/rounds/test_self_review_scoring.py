"""Self-review marks become a weighted score, and the score a spaced-review rating."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from levelup.rounds.bank import load_bank
from levelup.rounds.schedule import review
from levelup.rounds.scoring import MarkError, rating_for, weighted_score

QUESTION = load_bank().get("loss-spike-after-three-days")


def test_partly_covered_points_earn_half_their_weight() -> None:
    marks = {point.id: "missed" for point in QUESTION.rubric}
    heaviest = max(QUESTION.rubric, key=lambda p: p.weight)
    marks[heaviest.id] = "partly"
    assert weighted_score(QUESTION.rubric, marks) == round(100 * heaviest.weight / 2 / QUESTION.total_weight, 1)
    assert weighted_score(QUESTION.rubric, {p.id: "covered" for p in QUESTION.rubric}) == 100.0


def test_every_point_needs_a_known_mark() -> None:
    marks = {point.id: "covered" for point in QUESTION.rubric}
    with pytest.raises(MarkError, match="missing"):
        weighted_score(QUESTION.rubric, dict(list(marks.items())[1:]))
    with pytest.raises(MarkError, match="covered, partly or missed"):
        weighted_score(QUESTION.rubric, marks | {QUESTION.rubric[0].id: "sort of"})


def test_a_weak_answer_comes_back_sooner_than_a_strong_one() -> None:
    moment = datetime(2026, 12, 1, tzinfo=UTC)
    _, weak_due = review(None, rating_for(20.0), moment)
    _, strong_due = review(None, rating_for(95.0), moment)
    assert rating_for(20.0) == "again" and rating_for(95.0) == "easy"
    assert moment < weak_due < strong_due
