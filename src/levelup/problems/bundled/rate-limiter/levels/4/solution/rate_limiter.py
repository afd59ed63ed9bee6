"""Rate limiter nodes that keep all state in a shared store with atomic operations."""

import threading
from collections.abc import Callable
from typing import Any, NamedTuple

WINDOW_MODES = ("fixed", "sliding")


class SharedStore:
    """Key-value store shared by limiter nodes; every operation is one atomic step."""

    def __init__(self) -> None:
        self._data: dict[str, Any] = {}
        self._lock = threading.Lock()

    def get(self, key: str, default: Any = None) -> Any:
        with self._lock:
            return self._data.get(key, default)

    def set(self, key: str, value: Any) -> None:
        with self._lock:
            self._data[key] = value

    def incr(self, key: str, amount: int = 1) -> int:
        with self._lock:
            value = self._data.get(key, 0)
            if type(value) is not int:
                raise TypeError(f"value at {key!r} is not an int")
            self._data[key] = value + amount
            return value + amount

    def compare_and_set(self, key: str, expected: Any, new: Any) -> bool:
        with self._lock:
            if self._data.get(key) != expected:
                return False
            self._data[key] = new
            return True


class Tier(NamedTuple):
    mode: str  # "fixed", "sliding" or "bucket"
    limit: int  # tokens per window, or bucket capacity
    window_ms: int  # window length, or refill interval
    refill: int = 0  # tokens added per refill (buckets only)


def settle(tier: Tier, state: Any, now: int) -> tuple[Any, int]:
    """Bring a user's stored state up to time `now`; return (new state, tokens used)."""
    if tier.mode == "fixed":
        index, used = state or (now // tier.window_ms, 0)
        if index != now // tier.window_ms:
            index, used = now // tier.window_ms, 0
        return (index, used), used
    if tier.mode == "sliding":
        log = tuple(entry for entry in state or () if entry[0] > now - tier.window_ms)
        return log, sum(cost for _, cost in log)
    tokens, last = state or (tier.limit, now)
    refills = now // tier.window_ms - last // tier.window_ms
    tokens = min(tier.limit, tokens + refills * tier.refill)
    return (tokens, now), tier.limit - tokens


def consume(tier: Tier, state: Any, now: int, cost: int) -> Any:
    """State after spending `cost` tokens at `now`; `state` is already settled."""
    if tier.mode == "fixed":
        return (state[0], state[1] + cost)
    if tier.mode == "sliding":
        return state + ((now, cost),)
    return (state[0] - cost, now)


class RateLimiter:
    def __init__(self, store: SharedStore | None = None, clock_skew_ms: int = 0) -> None:
        self.store = store if store is not None else SharedStore()
        self.clock_skew_ms = clock_skew_ms

    def _update(self, key: str, change: Callable[[Any], Any]) -> Any:
        """Replace the value at `key` by change(old) atomically; return the new value."""
        while True:
            old = self.store.get(key)
            new = change(old)
            if self.store.compare_and_set(key, old, new):
                return new

    def _now(self, timestamp: int) -> int:
        # The store clock is authoritative and never runs backwards.
        corrected = timestamp - self.clock_skew_ms
        return self._update("clock", lambda clock: corrected if clock is None else max(clock, corrected))

    def add_tier(self, name: str, limit: int, window_ms: int, mode: str = "fixed") -> bool:
        if limit < 1 or window_ms < 1:
            raise ValueError("limit and window_ms must be at least 1")
        if mode not in WINDOW_MODES:
            raise ValueError(f"unknown mode {mode!r}")
        return self.store.compare_and_set("tier:" + name, None, Tier(mode, limit, window_ms))

    def add_bucket_tier(self, name: str, capacity: int, refill_tokens: int, refill_ms: int) -> bool:
        if capacity < 1 or refill_tokens < 1 or refill_ms < 1:
            raise ValueError("capacity, refill_tokens and refill_ms must be at least 1")
        tier = Tier("bucket", capacity, refill_ms, refill_tokens)
        return self.store.compare_and_set("tier:" + name, None, tier)

    def add_endpoint(self, name: str, cost: int) -> bool:
        if cost < 1:
            raise ValueError("cost must be at least 1")
        return self.store.compare_and_set("endpoint:" + name, None, cost)

    def add_user(self, user_id: str, tier: str) -> bool:
        if self.store.get("tier:" + tier) is None:
            raise KeyError(tier)
        if not self.store.compare_and_set("user:" + user_id, None, tier):
            return False
        self._update("users", lambda users: (users or ()) + (user_id,))
        return True

    def _tier_of(self, user_id: str) -> Tier:
        tier = self.store.get("user:" + user_id)
        if tier is None:
            raise KeyError(user_id)
        return self.store.get("tier:" + tier)

    def usage(self, user_id: str, timestamp: int) -> int:
        tier = self._tier_of(user_id)
        _, used = settle(tier, self.store.get("state:" + user_id), self._now(timestamp))
        return used

    def remaining(self, user_id: str, timestamp: int) -> int:
        return self._tier_of(user_id).limit - self.usage(user_id, timestamp)

    def allow(self, user_id: str, timestamp: int, endpoint: str | None = None) -> bool:
        tier = self._tier_of(user_id)
        cost = 1 if endpoint is None else self.store.get("endpoint:" + endpoint)
        if cost is None:
            raise KeyError(endpoint)
        now = self._now(timestamp)
        allowed = False

        def step(old: Any) -> Any:
            nonlocal allowed
            state, used = settle(tier, old, now)
            allowed = used + cost <= tier.limit
            return consume(tier, state, now, cost) if allowed else state

        self._update("state:" + user_id, step)
        self.store.incr(("allowed:" if allowed else "rejected:") + user_id)
        return allowed

    def stats(self, user_id: str) -> dict:
        self._tier_of(user_id)
        return {
            "allowed": self.store.get("allowed:" + user_id, 0),
            "rejected": self.store.get("rejected:" + user_id, 0),
        }

    def top_rejected(self, n: int, tier: str | None = None) -> list[tuple[str, int]]:
        if tier is not None and self.store.get("tier:" + tier) is None:
            raise KeyError(tier)
        rows = []
        for user in self.store.get("users", ()):
            rejected = self.store.get("rejected:" + user, 0)
            if rejected > 0 and (tier is None or self.store.get("user:" + user) == tier):
                rows.append((user, rejected))
        rows.sort(key=lambda row: (-row[1], row[0]))
        return rows[:n]
