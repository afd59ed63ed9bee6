"""The attempt clock: active time since start, minus pauses; exam deadlines."""

from __future__ import annotations

from datetime import datetime

from levelup.attempts.clock import as_utc
from levelup.store.models import AttemptRow


def elapsed_seconds(attempt: AttemptRow, moment: datetime) -> float:
    """Seconds the attempt's clock has run at `moment` (paused time and time after submit excluded)."""
    end = as_utc(attempt.submitted_at) if attempt.submitted_at else moment
    if attempt.paused_at is not None:
        end = min(end, as_utc(attempt.paused_at))
    return max(0.0, (end - as_utc(attempt.started_at)).total_seconds() - attempt.paused_seconds)


def remaining_seconds(attempt: AttemptRow, moment: datetime) -> float | None:
    if attempt.time_limit_seconds is None:
        return None
    return max(0.0, attempt.time_limit_seconds - elapsed_seconds(attempt, moment))


def is_expired(attempt: AttemptRow, moment: datetime) -> bool:
    remaining = remaining_seconds(attempt, moment)
    return remaining is not None and remaining <= 0
