"""Hosted grading's configuration, read from the environment (beside `Settings`, which every face
shares).

LEVELUP_BROKER_URL         the Redis the queue and the check events live in (redis://host:6379/0)
LEVELUP_BROKER_NAMESPACE   prefix of every Redis key levelup makes (default "levelup"), so several
                           installs can share one Redis
LEVELUP_REDELIVERY_SECONDS how long a worker may go silent before its unfinished checks are handed
                           to another worker (default 10; Dramatiq's heartbeat timeout)
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from levelup.hosted.errors import HostedError

DEFAULT_NAMESPACE = "levelup"
DEFAULT_REDELIVERY_SECONDS = 10.0


@dataclass(frozen=True)
class QueueSettings:
    broker_url: str
    namespace: str = DEFAULT_NAMESPACE
    redelivery_seconds: float = DEFAULT_REDELIVERY_SECONDS

    @classmethod
    def from_environment(cls) -> QueueSettings:
        url = os.environ.get("LEVELUP_BROKER_URL", "").strip()
        if not url:
            raise HostedError("set LEVELUP_BROKER_URL to the Redis that carries the grading queue (redis://host:6379/0)")
        text = os.environ.get("LEVELUP_REDELIVERY_SECONDS", "").strip()
        try:
            redelivery = float(text) if text else DEFAULT_REDELIVERY_SECONDS
        except ValueError:
            raise HostedError(f"LEVELUP_REDELIVERY_SECONDS={text!r} is not a number of seconds") from None
        if redelivery <= 0:
            raise HostedError("LEVELUP_REDELIVERY_SECONDS must be positive")
        namespace = os.environ.get("LEVELUP_BROKER_NAMESPACE", "").strip() or DEFAULT_NAMESPACE
        return cls(url, namespace, redelivery)


def refuse_fake_clock() -> None:
    """In hosted mode the server's clock is the only clock: a testing hook that moves it would let
    a misconfigured host grant or take away a candidate's time. Refuse rather than ignore."""
    if os.environ.get("LEVELUP_FAKE_TIME"):
        raise HostedError(
            "LEVELUP_FAKE_TIME is set, but hosted mode uses the server's clock only; unset it to run a "
            "hosted server or grading worker"
        )
