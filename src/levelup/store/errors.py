"""Errors of the store (kept apart so faces can catch them without importing SQLAlchemy)."""


class StoreError(Exception):
    """The database cannot be opened or migrated."""
