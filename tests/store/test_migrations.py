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


def test_a_database_from_before_hint_views_gains_the_column_and_keeps_its_levels(tmp_path: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    url = f"sqlite:///{tmp_path / 'old.db'}"
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with create_engine(url).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001_initial")
        connection.execute(text("INSERT INTO users (name, created_at) VALUES ('ada', '2026-01-01 00:00:00')"))
        connection.execute(
            text(
                "INSERT INTO attempts (user_id, problem_slug, problem_title, problem_path, level_count, level_weights,"
                " mode, workspace, workspace_token, started_at, paused_seconds, current_level, finished, score)"
                " VALUES (1, 'banking', 'Banking', '/p', 4, '[100, 200, 300, 400]', 'practice', '/w', 't',"
                " '2026-01-01 00:00:00', 0, 1, 0, 0)"
            )
        )
        connection.execute(text("INSERT INTO attempt_levels (attempt_id, number, unlocked_elapsed) VALUES (1, 1, 0)"))
    with Database(url).engine.connect() as connection:
        rows = connection.execute(text("SELECT number, hints_viewed_elapsed FROM attempt_levels")).all()
    assert [tuple(row) for row in rows] == [(1, None)]
