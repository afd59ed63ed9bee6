"""Shared fixtures: every test gets its own levelup home (database, library) and clock."""

from __future__ import annotations

from pathlib import Path

import pytest

# Golden folders hold test files for the graded problem, not for this suite.
collect_ignore_glob = ["*/cases/*", "*/semantics/*"]


@pytest.fixture(autouse=True)
def isolated_levelup_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "levelup-home"
    monkeypatch.setenv("LEVELUP_HOME", str(home))
    monkeypatch.delenv("LEVELUP_DATABASE_URL", raising=False)
    monkeypatch.delenv("LEVELUP_FAKE_TIME", raising=False)
    monkeypatch.setenv("LEVELUP_USER", "tester")
    # `levelup check` would start a daemon that outlives the test: only tests/daemon/ use one
    monkeypatch.setenv("LEVELUP_NO_DAEMON", "1")
    return home
