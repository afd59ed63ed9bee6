"""One place that opens the database: creates it, migrates it to the current schema, and hands
out sessions. SQLite in the user's data folder by default; LEVELUP_DATABASE_URL overrides (for
example `postgresql+psycopg://user@host/levelup`). Both run the same Alembic chain; everything about
files (pragmas, busy waits, read-only folders, who holds a lock) applies to SQLite only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event, inspect, make_url, text
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from levelup.store.errors import StoreCorrupt, StoreError, StoreLocked, StoreReadOnly, StoreUnreachable

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
# Kept equal to the newest migration's revision (a test checks it), so an up-to-date database is
# recognised without importing Alembic, which is slow to import.
HEAD_REVISION = "0006_hosted_review"
BUSY_TIMEOUT_SECONDS = 5.0  # how long a command waits for another one's write to finish
SERVER_CONNECT_TIMEOUT_SECONDS = 10  # how long a command waits for a database server to answer
MIGRATION_LOCK_KEY = 0x6C6576656C7570  # "levelup": the advisory lock that serialises migrations on PostgreSQL


class Database:
    def __init__(self, url: str) -> None:
        self.url = url
        self.path = sqlite_path(url)
        self.read_only = self.path is not None and not _writable(self.path)
        with self._translated_errors():
            self.engine = _make_engine(url, self.path, self.read_only)
            self._sessions = sessionmaker(self.engine, expire_on_commit=False)
            self._migrate_if_needed()

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back if it raises. Database
        failures come out as StoreError subclasses with a message a user can act on."""
        session = self._sessions()
        try:
            with self._translated_errors():
                yield session
                session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    @contextmanager
    def _translated_errors(self) -> Iterator[None]:
        try:
            yield
        except (SQLAlchemyError, OSError) as exc:
            raise self._store_error(exc) from exc
        except ImportError as exc:  # a URL naming a database driver that is not installed
            raise StoreError(
                f"LEVELUP_DATABASE_URL ({_shown_url(self.url)}) needs the Python database driver `{exc.name}`, which "
                "is not installed. For PostgreSQL use a `postgresql+psycopg://` URL (psycopg 3 comes with levelup)."
            ) from exc

    def _store_error(self, exc: Exception) -> StoreError:
        where = str(self.path) if self.path is not None else _shown_url(self.url)
        detail = " ".join(str(getattr(exc, "orig", None) or exc).split())  # one paragraph
        lowered = detail.lower()
        if not self.url.startswith("sqlite"):
            return _server_error(where, detail)
        if "locked" in lowered or "busy" in lowered:
            holders = _processes_holding(self.path) if self.path is not None else []
            held_by = f" It is held by {', '.join(holders)}." if holders else ""
            return StoreLocked(
                f"the levelup database {where} stayed locked by another program for {BUSY_TIMEOUT_SECONDS:g} "
                f"seconds, so this command gave up.{held_by} Wait for the other levelup command to finish (or "
                "close whatever has the file open), then run this command again."
            )
        if "not a database" in lowered or "malformed" in lowered or "corrupt" in lowered:
            return StoreCorrupt(
                f"the levelup database {where} is damaged ({detail}). Move it aside, for example "
                f"`mv {where} {where}.damaged`, and levelup will create a new, empty database the next time it "
                f"runs; the old file keeps your history for recovery tools (`sqlite3 {where}.damaged .recover`)."
            )
        if self.read_only or "readonly" in lowered or "read-only" in lowered or isinstance(exc, PermissionError):
            folder = self.path.parent if self.path is not None else where
            return StoreReadOnly(
                f"levelup cannot write to its data folder {folder} (it is read-only for this user), so this "
                "command could not be recorded. Commands that only read (status, history, list) still work; "
                "make the folder writable, or set LEVELUP_HOME to a writable folder, to record attempts and checks."
            )
        return StoreError(f"cannot use the levelup database {where}: {detail}")

    def _current_revision(self) -> str | None:
        with self.engine.connect() as connection:
            if not inspect(connection).has_table("alembic_version"):
                return None
            return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()

    def _migrate_if_needed(self) -> None:
        if self.read_only and self.path is not None and not self.path.exists():
            raise StoreReadOnly(
                f"there is no levelup database in {self.path.parent} yet, and that folder is read-only, so "
                "levelup cannot create one. Make the folder writable, or set LEVELUP_HOME to a writable folder."
            )
        if self._current_revision() == HEAD_REVISION:
            return
        if self.read_only:
            raise StoreReadOnly(
                f"the levelup database {self.path} needs an upgrade to this levelup version, but its folder is "
                "read-only. Make the folder writable once (any levelup command then upgrades it)."
            )
        try:
            upgrade_to_head(self.engine)
        except SQLAlchemyError:
            raise
        except Exception as exc:  # alembic's own errors: report, never a traceback
            where = str(self.path) if self.path is not None else _shown_url(self.url)
            raise StoreError(f"cannot upgrade the levelup database at {where}: {exc}") from exc


def _shown_url(url: str) -> str:
    """The URL as messages show it: any password replaced by ***."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


_LOGIN_REFUSED = ("password authentication failed", 'role "', "no password supplied", "pg_hba.conf", "authentication")
_SERVER_UNREACHABLE = (
    "connection refused",
    "could not connect",
    "failed to resolve",
    "timeout",
    "timed out",
    "no route to host",
    "network is unreachable",
    "connection failed",
    "server closed the connection",
)


def _server_error(where: str, detail: str) -> StoreError:
    """A database server's failure (PostgreSQL), told as what to check: the server, the database
    name, or the credentials in LEVELUP_DATABASE_URL."""
    lowered = detail.lower()
    said = f"(The server said: {detail})"
    if "database" in lowered and "does not exist" in lowered:
        return StoreUnreachable(
            f"the database named in LEVELUP_DATABASE_URL ({where}) does not exist on that server. Create it (for "
            "example `createdb -h HOST -U USER NAME`) or point LEVELUP_DATABASE_URL at an existing database; levelup "
            f"creates its tables itself. {said}"
        )
    if any(sign in lowered for sign in _LOGIN_REFUSED):
        return StoreUnreachable(
            f"the database server refused the login in LEVELUP_DATABASE_URL ({where}). Check the user name and "
            f"password in the URL (or ~/.pgpass) and that the server lets this user connect to that database. {said}"
        )
    if any(sign in lowered for sign in _SERVER_UNREACHABLE):
        return StoreUnreachable(
            f"levelup cannot reach the database server in LEVELUP_DATABASE_URL ({where}). Check that the server is "
            "running and that the host name and port in the URL are right, or unset LEVELUP_DATABASE_URL to use the "
            f"local SQLite database. {said}"
        )
    return StoreError(f"cannot use the levelup database {where}: {detail}")


def sqlite_path(url: str) -> Path | None:
    """The database file of a SQLite URL (None for other databases and in-memory SQLite)."""
    if not url.startswith("sqlite:///") or url in ("sqlite:///", "sqlite:///:memory:"):
        return None
    return Path(url.removeprefix("sqlite:///").split("?", 1)[0])


def _writable(path: Path) -> bool:
    """Whether this user can write the database (and its journal files next to it)."""
    folder = path.parent
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent  # the nearest folder that exists will hold the ones levelup makes
    if not os.access(folder, os.W_OK | os.X_OK):
        return False
    return not path.exists() or os.access(path, os.W_OK)


def _processes_holding(path: Path) -> list[str]:
    """Other processes with the database (or its journal) open, as "pid N (command)"; only those
    this user may inspect."""
    names = {str(path), f"{path}-wal", f"{path}-shm", f"{path}-journal"}
    found: list[str] = []
    for pid in (entry for entry in os.listdir("/proc") if entry.isdigit() and int(entry) != os.getpid()):
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
            if not any(os.readlink(f"/proc/{pid}/fd/{fd}") in names for fd in fds):
                continue
            with open(f"/proc/{pid}/cmdline", "rb") as cmdline:
                command = cmdline.read().replace(b"\0", b" ").decode(errors="replace").strip()
        except OSError:
            continue
        found.append(f"pid {pid} ({command[:80] or '?'})")
    return found[:5]


def upgrade_to_head(engine: Engine) -> None:
    from alembic import command
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Processes starting together on a new database (a server and its workers) migrate one
            # at a time: the next one waits here, then finds the schema already at head.
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def _make_engine(url: str, path: Path | None, read_only: bool) -> Engine:
    if path is None:
        if url.startswith("postgresql") and "connect_timeout" not in url:
            return create_engine(url, connect_args={"connect_timeout": SERVER_CONNECT_TIMEOUT_SECONDS})
        return create_engine(url)
    if read_only:
        # Read without creating anything next to the file (no journal, no migrations). In WAL mode
        # a reader needs a -shm file it cannot create here; `immutable` lets SQLite do without it
        # (and without locks): right for a folder nobody here can write to.
        read_only_url = f"sqlite:///file:{path}?mode=ro&immutable=1&uri=true"
        engine = create_engine(read_only_url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_SECONDS})

    @event.listens_for(engine, "connect")
    def _sqlite_pragmas(dbapi_connection, _record):  # type: ignore[no-untyped-def]
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if not read_only:
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    return engine
