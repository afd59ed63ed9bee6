"""Rate limiter with per-tier fixed windows."""


class RateLimiter:
    def __init__(self) -> None:
        self.tiers: dict[str, tuple[int, int]] = {}  # name -> (limit, window_ms)
        self.user_tier: dict[str, str] = {}
        self.windows: dict[str, tuple[int, int]] = {}  # user -> (window index, allowed count)

    def add_tier(self, name: str, limit: int, window_ms: int) -> bool:
        if limit < 1 or window_ms < 1:
            raise ValueError("limit and window_ms must be at least 1")
        if name in self.tiers:
            return False
        self.tiers[name] = (limit, window_ms)
        return True

    def add_user(self, user_id: str, tier: str) -> bool:
        if tier not in self.tiers:
            raise KeyError(tier)
        if user_id in self.user_tier:
            return False
        self.user_tier[user_id] = tier
        return True

    def _tier_of(self, user_id: str) -> tuple[int, int]:
        if user_id not in self.user_tier:
            raise KeyError(user_id)
        return self.tiers[self.user_tier[user_id]]

    def usage(self, user_id: str, timestamp: int) -> int:
        _, window_ms = self._tier_of(user_id)
        index, count = self.windows.get(user_id, (-1, 0))
        return count if index == timestamp // window_ms else 0

    def allow(self, user_id: str, timestamp: int) -> bool:
        limit, window_ms = self._tier_of(user_id)
        used = self.usage(user_id, timestamp)
        if used >= limit:
            return False
        self.windows[user_id] = (timestamp // window_ms, used + 1)
        return True
