class FieldStore:
    """Records by key, each a set of fields with string values."""

    def set(self, timestamp: int, key: str, field: str, value: str) -> None:
        """Set the field of the record `key`, creating the record if needed."""
        raise NotImplementedError

    def get(self, timestamp: int, key: str, field: str) -> str | None:
        """The field's value, or None."""
        raise NotImplementedError

    def delete(self, timestamp: int, key: str, field: str) -> bool:
        """Remove the field; True if it existed."""
        raise NotImplementedError
