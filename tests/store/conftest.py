"""Store tests run on both engines levelup supports: SQLite (a file in the test's folder) and
PostgreSQL (a database of its own, made for the one test and dropped afterwards, so installs
testing side by side on one server never share state). PostgreSQL is expected on
127.0.0.1:5432 (user postgres, trust auth) as on CI; LEVELUP_TEST_POSTGRES_URL points elsewhere.
If it cannot be reached the PostgreSQL tests fail, saying so: they are never skipped."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, make_url, text
from sqlalchemy.exc import OperationalError

POSTGRES_SERVER_URL = os.environ.get(
    "LEVELUP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """The URL of a new, empty PostgreSQL database named levelup_test_<random>, dropped afterwards
    (also when the test fails)."""
    name = f"levelup_test_{uuid.uuid4().hex}"
    server = create_engine(POSTGRES_SERVER_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 10})
    try:
        with server.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    except OperationalError as exc:
        server.dispose()
        pytest.fail(
            f"the PostgreSQL store tests need a PostgreSQL server at {POSTGRES_SERVER_URL} (set "
            f"LEVELUP_TEST_POSTGRES_URL to use another one), and it cannot be reached: {exc.orig}",
            pytrace=False,
        )
    try:
        yield make_url(POSTGRES_SERVER_URL).set(database=name).render_as_string(hide_password=False)
    finally:
        with server.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        server.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A URL for an empty database on each engine in turn."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return str(request.getfixturevalue("postgres_url"))
