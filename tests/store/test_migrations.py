"""The schema comes from Alembic migrations, and levelup recognises an up-to-date database."""

from __future__ import annotations

from pathlib import Path

from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, text

from levelup.store.database import HEAD_REVISION, MIGRATIONS_DIR, Database


def test_head_revision_constant_matches_the_newest_migration() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert ScriptDirectory.from_config(config).get_current_head() == HEAD_REVISION


def test_a_new_database_is_migrated_to_head(tmp_path: Path) -> None:
    database = Database(f"sqlite:///{tmp_path / 'fresh.db'}")
    with database.engine.connect() as connection:
        tables = set(inspect(connection).get_table_names())
        revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    assert {"users", "attempts", "attempt_levels", "checks", "test_results"} <= tables
    assert revision == HEAD_REVISION


def test_reopening_keeps_stored_rows(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'kept.db'}"
    with Database(url).engine.begin() as connection:
        connection.execute(text("INSERT INTO users (name, created_at) VALUES ('ada', '2026-01-01 00:00:00')"))
    with Database(url).engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM users")).scalars().all() == ["ada"]
