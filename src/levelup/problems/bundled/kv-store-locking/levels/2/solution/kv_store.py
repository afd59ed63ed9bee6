"""A versioned in-memory key-value store with optimistic transactions."""

from dataclasses import dataclass, field

Value = str | int


@dataclass
class _Transaction:
    read_versions: dict[str, int] = field(default_factory=dict)
    writes: dict[str, Value | None] = field(default_factory=dict)  # None = buffered delete


class KVStore:
    def __init__(self) -> None:
        # key -> every change of the key; entry i is version i + 1, None marks a deletion
        self._history: dict[str, list[Value | None]] = {}
        self._transactions: dict[int, _Transaction] = {}
        self._last_tx_id = 0

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

    def _latest_version(self, key: str) -> int:
        return len(self._history.get(key, []))

    def _touch(self, tx_id: int, key: str) -> _Transaction:
        tx = self._transactions[tx_id]  # KeyError for unknown or ended transactions
        tx.read_versions.setdefault(key, self._latest_version(key))
        return tx

    def begin(self) -> int:
        self._last_tx_id += 1
        self._transactions[self._last_tx_id] = _Transaction()
        return self._last_tx_id

    def tx_get(self, tx_id: int, key: str) -> Value | None:
        tx = self._touch(tx_id, key)
        if key in tx.writes:
            return tx.writes[key]
        return self.get_version(key, tx.read_versions[key])

    def tx_put(self, tx_id: int, key: str, value: Value) -> None:
        self._touch(tx_id, key).writes[key] = value

    def tx_delete(self, tx_id: int, key: str) -> bool:
        if self.tx_get(tx_id, key) is None:
            return False
        self._transactions[tx_id].writes[key] = None
        return True

    def commit(self, tx_id: int) -> bool:
        tx = self._transactions.pop(tx_id)
        for key, read_version in tx.read_versions.items():
            if self._latest_version(key) != read_version:
                return False
        for key, value in tx.writes.items():
            if value is None:
                self.delete(key)
            else:
                self.put(key, value)
        return True

    def rollback(self, tx_id: int) -> None:
        del self._transactions[tx_id]
