from dataclasses import dataclass


@dataclass(frozen=True)
class _Field:
    value: str
    expires_at: int | None  # None: never expires

    def alive_at(self, timestamp: int) -> bool:
        return self.expires_at is None or timestamp < self.expires_at


# key -> field -> (value, remaining ttl or None); a backup stores time left, not expiry times.
_Snapshot = dict[str, dict[str, tuple[str, int | None]]]


class InMemoryDB:
    """An in-memory database of records, each holding named string fields."""

    def __init__(self) -> None:
        self._records: dict[str, dict[str, _Field]] = {}
        self._now = 0  # largest timestamp seen; the untimed methods act at this time
        self._backups: list[tuple[int, _Snapshot]] = []  # in the order they were taken

    def _tick(self, timestamp: int) -> None:
        self._now = max(self._now, timestamp)

    def _alive(self, key: str, field: str, timestamp: int) -> _Field | None:
        entry = self._records.get(key, {}).get(field)
        if entry is None or not entry.alive_at(timestamp):
            return None
        return entry

    # Timestamped API (level 3).

    def set_at(self, key: str, field: str, value: str, timestamp: int) -> None:
        self._tick(timestamp)
        self._records.setdefault(key, {})[field] = _Field(value, None)

    def set_at_with_ttl(
        self, key: str, field: str, value: str, timestamp: int, ttl: int
    ) -> None:
        if ttl <= 0:
            raise ValueError(f"ttl must be positive, got {ttl}")
        self._tick(timestamp)
        self._records.setdefault(key, {})[field] = _Field(value, timestamp + ttl)

    def get_at(self, key: str, field: str, timestamp: int) -> str | None:
        self._tick(timestamp)
        entry = self._alive(key, field, timestamp)
        return None if entry is None else entry.value

    def delete_at(self, key: str, field: str, timestamp: int) -> bool:
        self._tick(timestamp)
        if self._alive(key, field, timestamp) is None:
            return False
        del self._records[key][field]
        return True

    def scan_at(self, key: str, timestamp: int) -> list[str]:
        return self.scan_by_prefix_at(key, "", timestamp)

    def scan_by_prefix_at(self, key: str, prefix: str, timestamp: int) -> list[str]:
        self._tick(timestamp)
        record = self._records.get(key, {})
        return [
            f"{field}({record[field].value})"
            for field in sorted(record)
            if field.startswith(prefix) and record[field].alive_at(timestamp)
        ]

    # Backups (level 4).

    def backup(self, timestamp: int) -> int:
        self._tick(timestamp)
        snapshot: _Snapshot = {}
        for key, record in self._records.items():
            alive = {
                field: (
                    entry.value,
                    None if entry.expires_at is None else entry.expires_at - timestamp,
                )
                for field, entry in record.items()
                if entry.alive_at(timestamp)
            }
            if alive:
                snapshot[key] = alive
        self._backups.append((timestamp, snapshot))
        return len(snapshot)

    def restore(self, timestamp: int, timestamp_to_restore: int) -> None:
        snapshot = self._latest_backup(timestamp_to_restore)
        self._tick(timestamp)
        # Fresh dicts and fields, so later writes never reach into the stored backup.
        self._records = {
            key: {
                field: _Field(value, None if remaining is None else timestamp + remaining)
                for field, (value, remaining) in record.items()
            }
            for key, record in snapshot.items()
        }

    def _latest_backup(self, timestamp: int) -> _Snapshot:
        # Backups are appended in timestamp order, so the last match is the latest.
        for taken_at, snapshot in reversed(self._backups):
            if taken_at <= timestamp:
                return snapshot
        raise ValueError(f"no backup taken at or before {timestamp}")

    # Untimed API (levels 1-2): the same operations at the current time.

    def set(self, key: str, field: str, value: str) -> None:
        self.set_at(key, field, value, self._now)

    def get(self, key: str, field: str) -> str | None:
        return self.get_at(key, field, self._now)

    def delete(self, key: str, field: str) -> bool:
        return self.delete_at(key, field, self._now)

    def scan(self, key: str) -> list[str]:
        return self.scan_at(key, self._now)

    def scan_by_prefix(self, key: str, prefix: str) -> list[str]:
        return self.scan_by_prefix_at(key, prefix, self._now)
