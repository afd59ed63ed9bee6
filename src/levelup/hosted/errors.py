"""Hosted mode's domain errors. Each carries the HTTP status the web face answers with; the CLI
prints the message and exits 2."""

from __future__ import annotations


class HostedError(Exception):
    status = 400


class SignInRefused(HostedError):
    status = 401


class TooManyAttempts(HostedError):
    status = 429

    def __init__(self, minutes: int) -> None:
        unit = "minute" if minutes == 1 else "minutes"
        super().__init__(f"too many failed sign-in attempts; try again in {minutes} {unit}")
        self.minutes = minutes


class InviteNotFound(HostedError):
    status = 404


class InviteUnusable(HostedError):
    """Used already, expired, or outside the assessment's window."""

    status = 410


class InviteNotOpenYet(HostedError):
    status = 403


class AccountError(HostedError):
    """A staff account cannot be made as asked (name taken, weak password, unknown role)."""


class HostedConfigError(HostedError):
    """The environment asks hosted mode for something it refuses (a fake clock, a missing URL)."""
