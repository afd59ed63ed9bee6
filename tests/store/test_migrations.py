"""The schema comes from one Alembic chain, on SQLite and on PostgreSQL alike: a new database gets
every table, reopening keeps rows, the chain goes down to nothing and back up, and levelup
recognises an up-to-date database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, create_engine, inspect, text

from levelup.store.database import HEAD_REVISION, MIGRATIONS_DIR, Database
from levelup.store.models import Base

EVERY_TABLE = set(Base.metadata.tables)


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@contextmanager
def migrating(url: str) -> Iterator[tuple[Config, Connection]]:
    """Alembic's commands, run on one transaction of the database at url."""
    engine = create_engine(url)
    try:
        with engine.begin() as connection:
            config = alembic_config()
            config.attributes["connection"] = connection
            yield config, connection
    finally:
        engine.dispose()


def tables_and_revision(url: str) -> tuple[set[str], str | None]:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            tables = set(inspect(connection).get_table_names())
            revision = connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    finally:
        engine.dispose()
    return tables - {"alembic_version"}, revision


def test_head_revision_constant_matches_the_newest_migration() -> None:
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == HEAD_REVISION


def test_a_new_database_is_migrated_to_head_with_every_table(database_url: str) -> None:
    Database(database_url).engine.dispose()
    assert {"users", "attempts", "attempt_levels", "checks", "test_results", "answers"} <= EVERY_TABLE
    assert tables_and_revision(database_url) == (EVERY_TABLE, HEAD_REVISION)


def test_reopening_keeps_stored_rows(database_url: str) -> None:
    first = Database(database_url)
    with first.engine.begin() as connection:
        connection.execute(
            text("INSERT INTO users (name, created_at) VALUES ('ada', :at)"), {"at": datetime(2026, 1, 1, tzinfo=UTC)}
        )
    first.engine.dispose()
    again = Database(database_url)
    with again.engine.connect() as connection:
        assert connection.execute(text("SELECT name FROM users")).scalars().all() == ["ada"]
    again.engine.dispose()


def test_the_chain_downgrades_to_nothing_and_upgrades_back_to_every_table(database_url: str) -> None:
    Database(database_url).engine.dispose()
    with migrating(database_url) as (config, _):
        command.downgrade(config, "base")
    assert tables_and_revision(database_url) == (set(), None)
    with migrating(database_url) as (config, _):
        command.upgrade(config, "head")
    assert tables_and_revision(database_url) == (EVERY_TABLE, HEAD_REVISION)


def test_a_database_from_before_hint_views_gains_the_column_and_keeps_its_levels(database_url: str) -> None:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    with migrating(database_url) as (config, connection):
        command.upgrade(config, "0001_initial")
        connection.execute(text("INSERT INTO users (name, created_at) VALUES ('ada', :at)"), {"at": at})
        connection.execute(
            text(
                "INSERT INTO attempts (user_id, problem_slug, problem_title, problem_path, level_count, level_weights,"
                " mode, workspace, workspace_token, started_at, paused_seconds, current_level, finished, score)"
                " VALUES (1, 'banking', 'Banking', '/p', 4, '[100, 200, 300, 400]', 'practice', '/w', 't',"
                " :at, 0, 1, false, 0)"
            ),
            {"at": at},
        )
        connection.execute(text("INSERT INTO attempt_levels (attempt_id, number, unlocked_elapsed) VALUES (1, 1, 0)"))
    database = Database(database_url)
    with database.engine.connect() as connection:
        rows = connection.execute(text("SELECT number, hints_viewed_elapsed FROM attempt_levels")).all()
    database.engine.dispose()
    assert [tuple(row) for row in rows] == [(1, None)]


def test_processes_opening_a_new_postgresql_database_together_all_find_it_migrated(postgres_url: str) -> None:
    """A server and its workers started at once on a new database: without the migration lock,
    all but one failed creating tables another had just created."""
    import multiprocessing

    context = multiprocessing.get_context("spawn")  # separate processes, as a server and its workers are
    with context.Pool(4) as pool:
        revisions = pool.map(_open_and_read_revision, [postgres_url] * 4)
    assert revisions == [HEAD_REVISION] * 4
    assert tables_and_revision(postgres_url) == (EVERY_TABLE, HEAD_REVISION)


def _open_and_read_revision(url: str) -> str | None:
    database = Database(url)
    try:
        return database._current_revision()
    finally:
        database.engine.dispose()
