"""Rate limiter with fixed or sliding windows per tier, plus rejection stats."""

from collections import deque

MODES = ("fixed", "sliding")


class RateLimiter:
    def __init__(self) -> None:
        self.tiers: dict[str, tuple[str, int, int]] = {}  # name -> (mode, limit, window_ms)
        self.user_tier: dict[str, str] = {}
        self.windows: dict[str, tuple[int, int]] = {}  # fixed: user -> (window index, count)
        self.logs: dict[str, deque[int]] = {}  # sliding: user -> allowed timestamps, oldest first
        self.counts: dict[str, dict[str, int]] = {}  # user -> {"allowed": a, "rejected": r}

    def add_tier(self, name: str, limit: int, window_ms: int, mode: str = "fixed") -> bool:
        if limit < 1 or window_ms < 1:
            raise ValueError("limit and window_ms must be at least 1")
        if mode not in MODES:
            raise ValueError(f"unknown mode {mode!r}")
        if name in self.tiers:
            return False
        self.tiers[name] = (mode, limit, window_ms)
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

    def _tier_of(self, user_id: str) -> tuple[str, int, int]:
        if user_id not in self.user_tier:
            raise KeyError(user_id)
        return self.tiers[self.user_tier[user_id]]

    def usage(self, user_id: str, timestamp: int) -> int:
        mode, _, window_ms = self._tier_of(user_id)
        if mode == "sliding":
            log = self.logs[user_id]
            # Timestamps never decrease, so entries that left the window never come back.
            while log and log[0] <= timestamp - window_ms:
                log.popleft()
            return len(log)
        index, count = self.windows.get(user_id, (-1, 0))
        return count if index == timestamp // window_ms else 0

    def allow(self, user_id: str, timestamp: int) -> bool:
        mode, limit, window_ms = self._tier_of(user_id)
        used = self.usage(user_id, timestamp)
        if used >= limit:
            self.counts[user_id]["rejected"] += 1
            return False
        self.counts[user_id]["allowed"] += 1
        if mode == "sliding":
            self.logs[user_id].append(timestamp)
        else:
            self.windows[user_id] = (timestamp // window_ms, used + 1)
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
