"""Errors of the store (kept apart so faces can catch them without importing SQLAlchemy). Each
message is one paragraph that says what happened and what to do."""


class StoreError(Exception):
    """The database cannot be opened, read or written."""


class StoreLocked(StoreError):
    """Another process kept the database locked for longer than levelup waits."""


class StoreCorrupt(StoreError):
    """The database file is damaged (or is not a SQLite database at all)."""


class StoreReadOnly(StoreError):
    """The data folder (or the database file) cannot be written: reading still works."""


class StoreUnreachable(StoreError):
    """A database server (PostgreSQL) cannot be reached, has no such database, or refused the login."""
