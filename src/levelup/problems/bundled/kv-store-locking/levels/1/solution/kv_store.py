"""A versioned in-memory key-value store."""

Value = str | int


class KVStore:
    def __init__(self) -> None:
        # key -> every change of the key; entry i is version i + 1, None marks a deletion
        self._history: dict[str, list[Value | None]] = {}

    def put(self, key: str, value: Value) -> int:
        versions = self._history.setdefault(key, [])
        versions.append(value)
        return len(versions)

    def get(self, key: str) -> Value | None:
        versions = self._history.get(key)
        return versions[-1] if versions else None

    def get_version(self, key: str, version: int) -> Value | None:
        versions = self._history.get(key, [])
        if 1 <= version <= len(versions):
            return versions[version - 1]
        return None

    def delete(self, key: str) -> bool:
        if self.get(key) is None:
            return False
        self._history[key].append(None)
        return True
