"""Spaced review of questions with FSRS (the `fsrs` package): each self-review becomes a rating,
and the scheduler says when the question is due again."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler

RATINGS = {"again": Rating.Again, "hard": Rating.Hard, "good": Rating.Good, "easy": Rating.Easy}

# Flash-card defaults re-show a card after 1 and 10 minutes; a written interview answer is
# practised again a day later at the soonest. No fuzzing, so the schedule is reproducible.
_SCHEDULER = Scheduler(
    learning_steps=(timedelta(days=1),),
    relearning_steps=(timedelta(days=1),),
    enable_fuzzing=False,
)


def new_card(moment: datetime) -> dict[str, Any]:
    return dict(Card(due=moment).to_dict())


def review(card_state: dict[str, Any] | None, rating: str, moment: datetime) -> tuple[dict[str, Any], datetime]:
    """The card after a review with `rating` at `moment`, and when it is due next."""
    card = Card.from_dict(card_state) if card_state else Card(due=moment)  # type: ignore[arg-type]
    card, _log = _SCHEDULER.review_card(card, RATINGS[rating], moment)
    return dict(card.to_dict()), card.due
