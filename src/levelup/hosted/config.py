"""Hosted mode's configuration, read from the environment once at start-up.

LEVELUP_DATABASE_URL     required for `levelup server`: the shared store (PostgreSQL in production)
LEVELUP_BROKER_URL       redis://... : checks go to grading workers (`levelup worker`) through it, and
                         their results' events come back through it
LEVELUP_BROKER_NAMESPACE prefix of every Redis key levelup makes (default "levelup"), so several
                         installs can share one Redis
LEVELUP_REDELIVERY_SECONDS how long a worker may go silent before its unfinished checks are handed
                         to another worker (default 10; Dramatiq's heartbeat timeout)
LEVELUP_SECURE_COOKIES   1: cookies are marked Secure even when the request looks like plain http
                         (behind a TLS-terminating proxy); https requests get Secure cookies anyway
LEVELUP_PUBLIC_URL       the address candidates reach the server at (invite links), e.g.
                         https://assess.example.com (default: the address of the admin's request)
LEVELUP_INVITE_DAYS      how long an invite link stays valid (default 14)
LEVELUP_INVITE_MAIL      where invite mails go: unset = nowhere (links are shown and exported);
                         "log:<file>" appends each mail to that file; "console" prints it

The server's clock is the only clock: LEVELUP_FAKE_TIME (a local testing hook) is refused, so
neither the hosted server nor a grading worker starts with it set."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from levelup.hosted.errors import HostedConfigError
from levelup.hosted.mail import ConsoleMail, InviteMail, LogFileMail, NoMail

DEFAULT_INVITE_DAYS = 14.0
DEFAULT_NAMESPACE = "levelup"
DEFAULT_REDELIVERY_SECONDS = 10.0


@dataclass(frozen=True)
class HostedConfig:
    secure_cookies: bool = False
    public_url: str | None = None
    invite_days: float = DEFAULT_INVITE_DAYS
    mail: InviteMail = NoMail()

    @classmethod
    def from_environment(cls) -> HostedConfig:
        refuse_local_clock()
        days_text = os.environ.get("LEVELUP_INVITE_DAYS", "").strip()
        try:
            days = float(days_text) if days_text else DEFAULT_INVITE_DAYS
        except ValueError:
            raise HostedConfigError(f"LEVELUP_INVITE_DAYS={days_text!r} is not a number of days") from None
        if days <= 0:
            raise HostedConfigError("LEVELUP_INVITE_DAYS must be positive")
        return cls(
            secure_cookies=os.environ.get("LEVELUP_SECURE_COOKIES", "") == "1",
            public_url=(os.environ.get("LEVELUP_PUBLIC_URL") or "").rstrip("/") or None,
            invite_days=days,
            mail=mail_from(os.environ.get("LEVELUP_INVITE_MAIL", "")),
        )


@dataclass(frozen=True)
class QueueSettings:
    broker_url: str
    namespace: str = DEFAULT_NAMESPACE
    redelivery_seconds: float = DEFAULT_REDELIVERY_SECONDS

    @classmethod
    def from_environment(cls) -> QueueSettings:
        url = os.environ.get("LEVELUP_BROKER_URL", "").strip()
        if not url:
            raise HostedConfigError("set LEVELUP_BROKER_URL to the Redis that carries the grading queue (redis://host:6379/0)")
        text = os.environ.get("LEVELUP_REDELIVERY_SECONDS", "").strip()
        try:
            redelivery = float(text) if text else DEFAULT_REDELIVERY_SECONDS
        except ValueError:
            raise HostedConfigError(f"LEVELUP_REDELIVERY_SECONDS={text!r} is not a number of seconds") from None
        if redelivery <= 0:
            raise HostedConfigError("LEVELUP_REDELIVERY_SECONDS must be positive")
        namespace = os.environ.get("LEVELUP_BROKER_NAMESPACE", "").strip() or DEFAULT_NAMESPACE
        return cls(url, namespace, redelivery)


def refuse_local_clock() -> None:
    """Hosted mode trusts only the server's clock: a candidate's time limit and an invite's expiry
    must not move with a testing hook left in the environment."""
    if os.environ.get("LEVELUP_FAKE_TIME"):
        raise HostedConfigError(
            "LEVELUP_FAKE_TIME is set, but hosted mode uses only the server's clock; unset it "
            "(it is a testing hook for local use) and start the server again"
        )


def mail_from(setting: str) -> InviteMail:
    setting = setting.strip()
    if not setting:
        return NoMail()
    if setting == "console":
        return ConsoleMail()
    if setting.startswith("log:") and setting[4:]:
        return LogFileMail(Path(setting[4:]).expanduser())
    raise HostedConfigError(f"LEVELUP_INVITE_MAIL={setting!r}: use nothing, `console` or `log:<file>`")
