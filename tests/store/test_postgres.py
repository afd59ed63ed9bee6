"""levelup driven as a user drives it, with its store on SQLite and on PostgreSQL: the same commands
give the same answers, the rows land in the database LEVELUP_DATABASE_URL names, and a server that
cannot be reached, a missing database or a refused login is a one-paragraph error with exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.cli.test_end_to_end import check_json, levelup, use_reference
from tests.store.test_store_failures import one_paragraph_error


def test_a_full_loop_is_stored_in_the_configured_database(
    database_url: str, tmp_path: Path, isolated_levelup_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEVELUP_DATABASE_URL", database_url)
    workspace = tmp_path / "bank"
    started = levelup("start", "banking", "--dir", str(workspace))
    assert started.returncode == 0, started.stdout + started.stderr

    use_reference(workspace, "banking", 1)
    code, report = check_json(workspace)
    assert code == 0, [t for t in report["tests"] if t["status"] != "passed"]
    assert report["newly_unlocked"] == 2 and report["score"] == 100

    status = levelup("status", "--json", cwd=workspace)
    assert status.returncode == 0, status.stdout + status.stderr
    current = json.loads(status.stdout)
    assert (current["slug"], current["level"], current["unlocked"], current["score"], current["checks"]) == (
        "banking",
        2,
        [1, 2],
        100,
        1,
    )

    history = levelup("history", "--json")
    assert history.returncode == 0, history.stdout + history.stderr
    attempts = json.loads(history.stdout)["attempts"]
    assert [(a["slug"], a["score"], a["state"], a["checks"]) for a in attempts] == [("banking", 100, "active", 1)]

    engine = create_engine(database_url)  # the rows are where LEVELUP_DATABASE_URL says
    try:
        with engine.connect() as connection:
            stored = connection.execute(text("SELECT passed, total, score FROM checks")).all()
    finally:
        engine.dispose()
    assert len(stored) == 1 and stored[0].passed == stored[0].total > 0 and stored[0].score == 100
    if database_url.startswith("postgresql"):
        assert not (isolated_levelup_home / "levelup.db").exists()


@pytest.mark.parametrize(
    ("url", "what_to_check"),
    [
        ("postgresql+psycopg://postgres:secret@127.0.0.1:1/postgres", "cannot reach the database server"),
        ("postgresql+psycopg://postgres@127.0.0.1:5432/levelup_test_no_such_database", "does not exist"),
        ("postgresql+psycopg://levelup_test_no_such_role@127.0.0.1:5432/postgres", "refused the login"),
    ],
    ids=["server-unreachable", "database-missing", "login-refused"],
)
def test_a_postgresql_store_that_cannot_be_used_is_a_one_paragraph_error(
    url: str, what_to_check: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LEVELUP_DATABASE_URL", url)
    message = one_paragraph_error(levelup("start", "banking", "--dir", str(tmp_path / "bank")))
    assert what_to_check in message and "LEVELUP_DATABASE_URL" in message
    assert "secret" not in message  # a password in the URL is never shown
    assert not (tmp_path / "bank").exists()
