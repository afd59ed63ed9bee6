class InMemoryDB:
    """An in-memory database of records, each holding named string fields."""

    def __init__(self) -> None:
        self._records: dict[str, dict[str, str]] = {}

    def set(self, key: str, field: str, value: str) -> None:
        self._records.setdefault(key, {})[field] = value

    def get(self, key: str, field: str) -> str | None:
        return self._records.get(key, {}).get(field)

    def delete(self, key: str, field: str) -> bool:
        record = self._records.get(key, {})
        if field not in record:
            return False
        del record[field]
        return True

    def scan(self, key: str) -> list[str]:
        return self.scan_by_prefix(key, "")

    def scan_by_prefix(self, key: str, prefix: str) -> list[str]:
        record = self._records.get(key, {})
        return [
            f"{field}({record[field]})"
            for field in sorted(record)
            if field.startswith(prefix)
        ]
