"""A versioned in-memory key-value store."""


class KVStore:
    def __init__(self) -> None:
        """Start with no keys."""

    def put(self, key: str, value: str | int) -> int:
        """Store value under key and return the key's new version number."""
        raise NotImplementedError

    def get(self, key: str) -> str | int | None:
        """Return the key's current value, or None if it has none."""
        raise NotImplementedError

    def get_version(self, key: str, version: int) -> str | int | None:
        """Return the value the key held at the given version, or None."""
        raise NotImplementedError

    def delete(self, key: str) -> bool:
        """Remove the key's current value; return True if there was one."""
        raise NotImplementedError
