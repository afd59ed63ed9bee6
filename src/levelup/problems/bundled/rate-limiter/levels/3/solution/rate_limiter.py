"""Rate limiter counting tokens: fixed windows, sliding windows and token buckets."""

from collections import deque
from typing import NamedTuple

WINDOW_MODES = ("fixed", "sliding")


class Tier(NamedTuple):
    mode: str  # "fixed", "sliding" or "bucket"
    limit: int  # tokens per window, or bucket capacity
    window_ms: int  # window length, or refill interval
    refill: int = 0  # tokens added per refill (buckets only)


class RateLimiter:
    def __init__(self) -> None:
        self.tiers: dict[str, Tier] = {}
        self.endpoints: dict[str, int] = {}
        self.user_tier: dict[str, str] = {}
        self.windows: dict[str, tuple[int, int]] = {}  # fixed: user -> (window index, used)
        self.logs: dict[str, deque[tuple[int, int]]] = {}  # sliding: user -> (timestamp, cost)
        self.buckets: dict[str, tuple[int, int]] = {}  # bucket: user -> (tokens, last timestamp)
        self.counts: dict[str, dict[str, int]] = {}  # user -> {"allowed": a, "rejected": r}

    def add_tier(self, name: str, limit: int, window_ms: int, mode: str = "fixed") -> bool:
        if limit < 1 or window_ms < 1:
            raise ValueError("limit and window_ms must be at least 1")
        if mode not in WINDOW_MODES:
            raise ValueError(f"unknown mode {mode!r}")
        return self._create_tier(name, Tier(mode, limit, window_ms))

    def add_bucket_tier(self, name: str, capacity: int, refill_tokens: int, refill_ms: int) -> bool:
        if capacity < 1 or refill_tokens < 1 or refill_ms < 1:
            raise ValueError("capacity, refill_tokens and refill_ms must be at least 1")
        return self._create_tier(name, Tier("bucket", capacity, refill_ms, refill_tokens))

    def _create_tier(self, name: str, tier: Tier) -> bool:
        if name in self.tiers:
            return False
        self.tiers[name] = tier
        return True

    def add_endpoint(self, name: str, cost: int) -> bool:
        if cost < 1:
            raise ValueError("cost must be at least 1")
        if name in self.endpoints:
            return False
        self.endpoints[name] = cost
        return True

    def add_user(self, user_id: str, tier: str) -> bool:
        if tier not in self.tiers:
            raise KeyError(tier)
        if user_id in self.user_tier:
            return False
        self.user_tier[user_id] = tier
        self.logs[user_id] = deque()
        self.counts[user_id] = {"allowed": 0, "rejected": 0}
        return True

    def _tier_of(self, user_id: str) -> Tier:
        if user_id not in self.user_tier:
            raise KeyError(user_id)
        return self.tiers[self.user_tier[user_id]]

    def usage(self, user_id: str, timestamp: int) -> int:
        tier = self._tier_of(user_id)
        if tier.mode == "bucket":
            tokens, last = self.buckets.get(user_id, (tier.limit, timestamp))
            refills = timestamp // tier.window_ms - last // tier.window_ms
            tokens = min(tier.limit, tokens + refills * tier.refill)
            self.buckets[user_id] = (tokens, timestamp)
            return tier.limit - tokens
        if tier.mode == "sliding":
            log = self.logs[user_id]
            # Timestamps never decrease, so entries that left the window never come back.
            while log and log[0][0] <= timestamp - tier.window_ms:
                log.popleft()
            return sum(cost for _, cost in log)
        index, used = self.windows.get(user_id, (-1, 0))
        return used if index == timestamp // tier.window_ms else 0

    def remaining(self, user_id: str, timestamp: int) -> int:
        return self._tier_of(user_id).limit - self.usage(user_id, timestamp)

    def allow(self, user_id: str, timestamp: int, endpoint: str | None = None) -> bool:
        tier = self._tier_of(user_id)
        cost = 1 if endpoint is None else self.endpoints[endpoint]
        used = self.usage(user_id, timestamp)
        if used + cost > tier.limit:
            self.counts[user_id]["rejected"] += 1
            return False
        self.counts[user_id]["allowed"] += 1
        if tier.mode == "bucket":
            self.buckets[user_id] = (tier.limit - used - cost, timestamp)
        elif tier.mode == "sliding":
            self.logs[user_id].append((timestamp, cost))
        else:
            self.windows[user_id] = (timestamp // tier.window_ms, used + cost)
        return True

    def stats(self, user_id: str) -> dict:
        self._tier_of(user_id)
        return dict(self.counts[user_id])

    def top_rejected(self, n: int, tier: str | None = None) -> list[tuple[str, int]]:
        if tier is not None and tier not in self.tiers:
            raise KeyError(tier)
        rows = [
            (user, counts["rejected"])
            for user, counts in self.counts.items()
            if counts["rejected"] > 0 and (tier is None or self.user_tier[user] == tier)
        ]
        rows.sort(key=lambda row: (-row[1], row[0]))
        return rows[:n]
