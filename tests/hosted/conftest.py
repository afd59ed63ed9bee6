"""Hosted review tests run on both engines (the store tests' fixtures: a SQLite file, or a
PostgreSQL database of the test's own) with the seeded assessment of tests/hosted/seed.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from levelup.problems.catalog import Catalog
from levelup.store.database import Database
from tests.hosted.seed import Seeded, seed_assessment
from tests.store.conftest import database_url, postgres_url  # noqa: F401  (fixtures)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:  # noqa: F811
    opened = Database(database_url)
    yield opened
    opened.engine.dispose()


@pytest.fixture
def seeded(database: Database, tmp_path: Path) -> Seeded:
    with database.session() as session:
        return seed_assessment(session, tmp_path / "workspaces")


@pytest.fixture
def catalog() -> Catalog:
    return Catalog()
