"""Sending invite links. Pluggable and off by default: the admin sees each link once and can
export them; a team that wants mail plugs in a sender with the same `send` (an SMTP one is a
small class over smtplib). The log senders write what would be mailed, for a relay or a person."""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Protocol


@dataclass(frozen=True)
class InviteMessage:
    email: str
    link: str
    assessment: str
    minutes: float
    expires_at: datetime

    def text(self) -> str:
        return (
            f"To: {self.email}\nSubject: Your coding assessment: {self.assessment}\n\n"
            f"You are invited to a {self.minutes:g}-minute coding assessment, {self.assessment}.\n"
            f"Open this link when you are ready to start (the clock starts when you press Start):\n"
            f"{self.link}\n\nThe link works once and expires {self.expires_at:%Y-%m-%d %H:%M} UTC.\n"
        )


class InviteMail(Protocol):
    enabled: bool

    def send(self, message: InviteMessage) -> None: ...


class NoMail:
    enabled = False

    def send(self, message: InviteMessage) -> None:
        pass


class ConsoleMail:
    enabled = True

    def send(self, message: InviteMessage) -> None:
        sys.stderr.write(message.text() + "\n")


class LogFileMail:
    enabled = True

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()

    def send(self, message: InviteMessage) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._lock, self.path.open("a", encoding="utf-8") as log:
            log.write(message.text() + "\n")
