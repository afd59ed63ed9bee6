"""A versioned in-memory key-value store with optimistic transactions and readers-writer locking."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

Value = str | int


class ReadWriteLock:
    """Many readers or one writer; a waiting writer blocks readers that arrive after it."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._readers = 0
        self._writing = False
        self._waiting_writers = 0

    @contextmanager
    def reading(self) -> Iterator[None]:
        with self._changed:
            while self._writing or self._waiting_writers:
                self._changed.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._changed:
                self._readers -= 1
                if self._readers == 0:
                    self._changed.notify_all()

    @contextmanager
    def writing(self) -> Iterator[None]:
        with self._changed:
            self._waiting_writers += 1
            while self._writing or self._readers:
                self._changed.wait()
            self._waiting_writers -= 1
            self._writing = True
        try:
            yield
        finally:
            with self._changed:
                self._writing = False
                self._changed.notify_all()


@dataclass
class _Transaction:
    read_versions: dict[str, int] = field(default_factory=dict)
    writes: dict[str, Value | None] = field(default_factory=dict)  # None = buffered delete


class Gates:
    """Named switches, closed until opened (then open for good). Kept apart from the store's lock,
    so opening a gate or counting its waiters works while a call holds the store."""

    def __init__(self) -> None:
        self._changed = threading.Condition()
        self._open: set[str] = set()
        self._waiting: dict[str, int] = {}

    def wait(self, gate: str) -> None:
        with self._changed:
            self._waiting[gate] = self._waiting.get(gate, 0) + 1
            while gate not in self._open:
                self._changed.wait()
            self._waiting[gate] -= 1

    def open(self, gate: str) -> None:
        with self._changed:
            self._open.add(gate)
            self._changed.notify_all()

    def waiting_at(self, gate: str) -> int:
        with self._changed:
            return self._waiting.get(gate, 0)


def _check_gate(gate: str | None) -> None:
    if gate == "":
        raise ValueError("a gate needs a name")


class KVStore:
    def __init__(self) -> None:
        # key -> every change of the key; entry i is version i + 1, None marks a deletion
        self._history: dict[str, list[Value | None]] = {}
        self._transactions: dict[int, _Transaction] = {}
        self._last_tx_id = 0
        # Public methods take the lock once and then call only the unlocked _helpers,
        # because the lock is not re-entrant.
        self._lock = ReadWriteLock()
        self._gates = Gates()

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

    # --- read operations: shared access ---

    def get(self, key: str) -> Value | None:
        with self._lock.reading():
            return self._get(key)

    def get_version(self, key: str, version: int) -> Value | None:
        with self._lock.reading():
            return self._get_version(key, version)

    def read_slow(self, key: str, gate: str) -> Value | None:
        _check_gate(gate)
        with self._lock.reading():
            value = self._get(key)
            self._gates.wait(gate)
            return value
    # --- write operations: exclusive access ---

    def put(self, key: str, value: Value) -> int:
        with self._lock.writing():
            return self._put(key, value)

    def delete(self, key: str) -> bool:
        with self._lock.writing():
            return self._delete(key)

    def begin(self) -> int:
        with self._lock.writing():
            self._last_tx_id += 1
            self._transactions[self._last_tx_id] = _Transaction()
            return self._last_tx_id

    def tx_get(self, tx_id: int, key: str) -> Value | None:
        with self._lock.writing():
            return self._tx_get(tx_id, key)

    def tx_put(self, tx_id: int, key: str, value: Value) -> None:
        with self._lock.writing():
            self._touch(tx_id, key).writes[key] = value

    def tx_delete(self, tx_id: int, key: str) -> bool:
        with self._lock.writing():
            if self._tx_get(tx_id, key) is None:
                return False
            self._transactions[tx_id].writes[key] = None
            return True

    def commit(self, tx_id: int) -> bool:
        with self._lock.writing():
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
        with self._lock.writing():
            del self._transactions[tx_id]

    def increment(self, key: str, amount: int, gate: str | None = None) -> int:
        _check_gate(gate)
        with self._lock.writing():
            current = self._get(key)
            if current is None:
                current = 0
            if not isinstance(current, int):
                raise TypeError(f"value of {key!r} is not an integer")
            if gate is not None:
                self._gates.wait(gate)
            self._put(key, current + amount)
            return current + amount

    def write_slow(self, key: str, value: Value, gate: str) -> int:
        _check_gate(gate)
        with self._lock.writing():
            self._gates.wait(gate)
            return self._put(key, value)

    # --- gates: neither reads nor writes; they never wait for access ---

    def open_gate(self, gate: str) -> None:
        self._gates.open(gate)

    def waiting_at(self, gate: str) -> int:
        return self._gates.waiting_at(gate)
