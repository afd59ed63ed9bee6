"""All configuration in one object, read from the environment.

LEVELUP_HOME          folder for levelup's data (default: the platform's user data folder)
LEVELUP_DATABASE_URL  SQLAlchemy URL (default: sqlite:///$LEVELUP_HOME/levelup.db)
LEVELUP_USER          who the attempts belong to (default: the OS user)
LEVELUP_FAKE_TIME     testing hook: the current time as an ISO-8601 timestamp or epoch seconds
LEVELUP_GRADER_URL    optional OpenAI-compatible chat endpoint (e.g. http://127.0.0.1:8080/v1) that
                      marks written answers beside the self-review; nothing calls a network without it
LEVELUP_GRADER_MODEL  the model name sent to that endpoint (default: "default")
LEVELUP_GRADER_API_KEY  sent as a bearer token when set
LEVELUP_NO_DAEMON     1: `levelup check` grades in its own process, never through the daemon
LEVELUP_DAEMON_IDLE_MINUTES  how long the daemon waits for a check before it ends (default 15)
"""

from __future__ import annotations

import getpass
import os
from dataclasses import dataclass
from pathlib import Path


def cache_dir() -> Path:
    """levelup's cache folder (compiled test files, the worker's module copy): safe to delete."""
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "levelup"


@dataclass(frozen=True)
class Settings:
    home: Path
    database_url: str
    user: str
    grader_url: str | None = None
    grader_model: str = "default"
    grader_api_key: str | None = None
    use_daemon: bool = True  # `levelup check` hands the check to a running daemon (levelup.daemon)
    daemon_idle_minutes: float = 15.0

    @property
    def problem_library(self) -> Path:
        return self.home / "problems"

    @classmethod
    def from_environment(cls) -> Settings:
        home_env = os.environ.get("LEVELUP_HOME")
        if home_env:
            home = Path(home_env).expanduser().resolve()
        else:
            from platformdirs import user_data_dir

            home = Path(user_data_dir("levelup", appauthor=False))
        url = os.environ.get("LEVELUP_DATABASE_URL") or f"sqlite:///{home / 'levelup.db'}"
        try:
            default_user = getpass.getuser()
        except (KeyError, OSError):
            default_user = "local"
        return cls(
            home=home,
            database_url=url,
            user=os.environ.get("LEVELUP_USER") or default_user,
            grader_url=os.environ.get("LEVELUP_GRADER_URL") or None,
            grader_model=os.environ.get("LEVELUP_GRADER_MODEL") or "default",
            grader_api_key=os.environ.get("LEVELUP_GRADER_API_KEY") or None,
            use_daemon=os.environ.get("LEVELUP_NO_DAEMON", "") in ("", "0"),
            daemon_idle_minutes=_minutes(os.environ.get("LEVELUP_DAEMON_IDLE_MINUTES"), 15.0),
        )


def _minutes(text: str | None, default: float) -> float:
    try:
        value = float(text) if text else default
    except ValueError:
        return default
    return value if value > 0 else default
