"""A versioned in-memory key-value store with optimistic transactions, safe across threads."""

import threading
import time
from dataclasses import dataclass, field

Value = str | int


@dataclass
class _Transaction:
    read_versions: dict[str, int] = field(default_factory=dict)
    writes: dict[str, Value | None] = field(default_factory=dict)  # None = buffered delete


def _check_hold(hold_seconds: float) -> None:
    if hold_seconds < 0:
        raise ValueError("hold_seconds must not be negative")


class KVStore:
    def __init__(self) -> None:
        # key -> every change of the key; entry i is version i + 1, None marks a deletion
        self._history: dict[str, list[Value | None]] = {}
        self._transactions: dict[int, _Transaction] = {}
        self._last_tx_id = 0
        # One lock guards all state. Public methods take it once and then call only the
        # unlocked _helpers, because threading.Lock is not re-entrant.
        self._lock = threading.Lock()

    # --- unlocked helpers: call only while holding self._lock ---

    def _put(self, key: str, value: Value) -> int:
        versions = self._history.setdefault(key, [])
        versions.append(value)
        return len(versions)

    def _get(self, key: str) -> Value | None:
        versions = self._history.get(key)
        return versions[-1] if versions else None

    def _get_version(self, key: str, version: int) -> Value | None:
        versions = self._history.get(key, [])
        if 1 <= version <= len(versions):
            return versions[version - 1]
        return None

    def _delete(self, key: str) -> bool:
        if self._get(key) is None:
            return False
        self._history[key].append(None)
        return True

    def _latest_version(self, key: str) -> int:
        return len(self._history.get(key, []))

    def _touch(self, tx_id: int, key: str) -> _Transaction:
        tx = self._transactions[tx_id]  # KeyError for unknown or ended transactions
        tx.read_versions.setdefault(key, self._latest_version(key))
        return tx

    def _tx_get(self, tx_id: int, key: str) -> Value | None:
        tx = self._touch(tx_id, key)
        if key in tx.writes:
            return tx.writes[key]
        return self._get_version(key, tx.read_versions[key])

    # --- level 1 ---

    def put(self, key: str, value: Value) -> int:
        with self._lock:
            return self._put(key, value)

    def get(self, key: str) -> Value | None:
        with self._lock:
            return self._get(key)

    def get_version(self, key: str, version: int) -> Value | None:
        with self._lock:
            return self._get_version(key, version)

    def delete(self, key: str) -> bool:
        with self._lock:
            return self._delete(key)

    # --- level 2 ---

    def begin(self) -> int:
        with self._lock:
            self._last_tx_id += 1
            self._transactions[self._last_tx_id] = _Transaction()
            return self._last_tx_id

    def tx_get(self, tx_id: int, key: str) -> Value | None:
        with self._lock:
            return self._tx_get(tx_id, key)

    def tx_put(self, tx_id: int, key: str, value: Value) -> None:
        with self._lock:
            self._touch(tx_id, key).writes[key] = value

    def tx_delete(self, tx_id: int, key: str) -> bool:
        with self._lock:
            if self._tx_get(tx_id, key) is None:
                return False
            self._transactions[tx_id].writes[key] = None
            return True

    def commit(self, tx_id: int) -> bool:
        with self._lock:
            tx = self._transactions.pop(tx_id)
            for key, read_version in tx.read_versions.items():
                if self._latest_version(key) != read_version:
                    return False
            for key, value in tx.writes.items():
                if value is None:
                    self._delete(key)
                else:
                    self._put(key, value)
            return True

    def rollback(self, tx_id: int) -> None:
        with self._lock:
            del self._transactions[tx_id]

    # --- level 3 ---

    def increment(self, key: str, amount: int, hold_seconds: float = 0.0) -> int:
        _check_hold(hold_seconds)
        with self._lock:
            current = self._get(key)
            if current is None:
                current = 0
            if not isinstance(current, int):
                raise TypeError(f"value of {key!r} is not an integer")
            time.sleep(hold_seconds)
            self._put(key, current + amount)
            return current + amount

    def read_slow(self, key: str, hold_seconds: float) -> Value | None:
        _check_hold(hold_seconds)
        with self._lock:
            value = self._get(key)
            time.sleep(hold_seconds)
            return value

    def write_slow(self, key: str, value: Value, hold_seconds: float) -> int:
        _check_hold(hold_seconds)
        with self._lock:
            time.sleep(hold_seconds)
            return self._put(key, value)
