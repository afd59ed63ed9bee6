import pytest
from rate_limiter import RateLimiter


def sliding(limit=2, window_ms=1000):
    rl = RateLimiter()
    rl.add_tier("pro", limit, window_ms, "sliding")
    rl.add_user("sam", "pro")
    return rl


def rejections(rl, user, count, timestamp):
    """Make `user` (limit 1 tier) get exactly `count` rejected requests at `timestamp`."""
    rl.allow(user, timestamp)
    for _ in range(count):
        rl.allow(user, timestamp)


def test_sliding_tier_rejects_burst_across_fixed_boundary():
    rl = sliding(limit=2)
    assert [rl.allow("sam", t) for t in (900, 950, 1000)] == [True, True, False]


def test_sliding_window_excludes_its_lower_bound():
    rl = sliding(limit=2)
    for t in (900, 950):
        rl.allow("sam", t)
    assert rl.allow("sam", 1899) is False
    assert rl.allow("sam", 1900) is True
    assert rl.allow("sam", 1949) is False
    assert rl.allow("sam", 1950) is True


def test_sliding_usage_counts_allowed_requests_in_trailing_window():
    rl = sliding(limit=3)
    for t in (100, 500, 900, 950):
        rl.allow("sam", t)
    assert rl.usage("sam", 950) == 3
    assert rl.usage("sam", 1100) == 2
    assert rl.usage("sam", 2000) == 0


def test_rejected_requests_do_not_enter_the_sliding_window():
    rl = sliding(limit=1)
    assert rl.allow("sam", 0) is True
    assert rl.allow("sam", 600) is False
    # If the rejected request at 600 had been logged, 1000 would still be blocked.
    assert rl.allow("sam", 1000) is True


def test_fixed_mode_is_the_default():
    rl = RateLimiter()
    rl.add_tier("free", 2, 1000)
    rl.add_tier("also_fixed", 2, 1000, "fixed")
    rl.add_user("ann", "free")
    rl.add_user("bob", "also_fixed")
    assert [rl.allow("ann", t) for t in (900, 950, 1000)] == [True, True, True]
    assert [rl.allow("bob", t) for t in (1900, 1950, 2000)] == [True, True, True]


def test_unknown_mode_raises_value_error():
    rl = RateLimiter()
    with pytest.raises(ValueError):
        rl.add_tier("odd", 2, 1000, "leaky")


def test_stats_count_allowed_and_rejected_over_all_windows():
    rl = RateLimiter()
    rl.add_tier("free", 1, 1000)
    rl.add_user("ann", "free")
    for t in (0, 10, 20, 1000, 1010, 2000):
        rl.allow("ann", t)
    assert rl.stats("ann") == {"allowed": 3, "rejected": 3}


def test_stats_for_unknown_user_raises_key_error():
    rl = sliding()
    with pytest.raises(KeyError):
        rl.stats("ghost")


def test_top_rejected_sorts_by_count_then_user_id():
    rl = RateLimiter()
    rl.add_tier("free", 1, 1000)
    for user in ("dan", "cat", "bob", "ann"):
        rl.add_user(user, "free")
    rejections(rl, "cat", 3, 0)
    rejections(rl, "bob", 1, 0)
    rejections(rl, "ann", 3, 0)
    rejections(rl, "dan", 2, 0)
    assert rl.top_rejected(10) == [("ann", 3), ("cat", 3), ("dan", 2), ("bob", 1)]


def test_top_rejected_limits_to_n_and_skips_users_never_rejected():
    rl = RateLimiter()
    rl.add_tier("free", 1, 1000)
    for user in ("ann", "bob", "cat", "dan"):
        rl.add_user(user, "free")
    rejections(rl, "ann", 3, 0)
    rejections(rl, "bob", 1, 0)
    rejections(rl, "cat", 3, 0)
    rejections(rl, "dan", 0, 0)
    assert rl.top_rejected(2) == [("ann", 3), ("cat", 3)]
    assert rl.top_rejected(10) == [("ann", 3), ("cat", 3), ("bob", 1)]


def test_top_rejected_filters_by_tier():
    rl = RateLimiter()
    rl.add_tier("free", 1, 1000)
    rl.add_tier("pro", 1, 1000, "sliding")
    rl.add_user("ann", "free")
    rl.add_user("bob", "free")
    rl.add_user("cat", "pro")
    rejections(rl, "ann", 3, 0)
    rejections(rl, "bob", 1, 0)
    rejections(rl, "cat", 5, 0)
    assert rl.top_rejected(10, "free") == [("ann", 3), ("bob", 1)]
    assert rl.top_rejected(10, "pro") == [("cat", 5)]
