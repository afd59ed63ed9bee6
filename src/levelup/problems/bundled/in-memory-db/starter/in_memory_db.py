class InMemoryDB:
    """An in-memory database of records, each holding named string fields."""

    def __init__(self) -> None:
        """Create an empty database."""

    def set(self, key: str, field: str, value: str) -> None:
        """Set `field` of record `key` to `value`, creating the record if needed."""
        raise NotImplementedError

    def get(self, key: str, field: str) -> str | None:
        """Return the value of `field` in record `key`, or None if there is none."""
        raise NotImplementedError

    def delete(self, key: str, field: str) -> bool:
        """Remove `field` from record `key`; return whether it existed."""
        raise NotImplementedError
