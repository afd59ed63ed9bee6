"""The current time, with a testing hook (LEVELUP_FAKE_TIME) so timers can be tested without sleeping."""

from __future__ import annotations

import os
from datetime import UTC, datetime


class ClockError(Exception):
    pass


def now() -> datetime:
    fake = os.environ.get("LEVELUP_FAKE_TIME")
    if not fake:
        return datetime.now(UTC)
    try:
        return datetime.fromtimestamp(float(fake), UTC)
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(fake)
    except ValueError:
        raise ClockError(f"LEVELUP_FAKE_TIME={fake!r} is neither epoch seconds nor an ISO-8601 timestamp") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def as_utc(moment: datetime) -> datetime:
    """SQLite hands back naive datetimes; every stored time is UTC."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
