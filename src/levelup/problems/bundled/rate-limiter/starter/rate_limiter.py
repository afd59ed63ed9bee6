"""Rate limiter: fill in the methods described in SPEC.md."""


class RateLimiter:
    def __init__(self) -> None:
        """Create an empty limiter with no tiers and no users."""

    def add_tier(self, name: str, limit: int, window_ms: int) -> bool:
        """Create a tier allowing `limit` requests per fixed window of `window_ms` ms."""
        raise NotImplementedError

    def add_user(self, user_id: str, tier: str) -> bool:
        """Register a user on an existing tier."""
        raise NotImplementedError

    def allow(self, user_id: str, timestamp: int) -> bool:
        """Decide one request of `user_id` at `timestamp` (ms) and record it if allowed."""
        raise NotImplementedError

    def usage(self, user_id: str, timestamp: int) -> int:
        """Number of allowed requests of `user_id` in the window containing `timestamp`."""
        raise NotImplementedError
