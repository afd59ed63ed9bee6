import pytest
from rate_limiter import RateLimiter


def test_sliding_window_counts_every_request_at_the_same_millisecond():
    rl = RateLimiter()
    rl.add_tier("pro", 3, 100, "sliding")
    rl.add_user("sam", "pro")
    assert [rl.allow("sam", 50) for _ in range(5)] == [True, True, True, False, False]
    assert rl.usage("sam", 149) == 3
    assert rl.allow("sam", 149) is False
    assert [rl.allow("sam", 150) for _ in range(4)] == [True, True, True, False]


def test_top_rejected_with_zero_n_or_no_rejections_is_empty():
    rl = RateLimiter()
    rl.add_tier("free", 1, 1000)
    rl.add_user("ann", "free")
    rl.allow("ann", 0)
    assert rl.top_rejected(5) == []
    rl.allow("ann", 1)
    assert rl.top_rejected(0) == []
    assert rl.top_rejected(5) == [("ann", 1)]


def test_top_rejected_for_unknown_tier_raises_key_error():
    rl = RateLimiter()
    rl.add_tier("free", 1, 1000)
    with pytest.raises(KeyError):
        rl.top_rejected(3, "gold")


def test_fixed_and_sliding_users_follow_their_own_tier_rules():
    rl = RateLimiter()
    rl.add_tier("free", 2, 1000)
    rl.add_tier("pro", 2, 1000, "sliding")
    rl.add_user("ann", "free")
    rl.add_user("sam", "pro")
    got = []
    for t in (800, 900, 1000, 1100, 1850):
        got.append((rl.allow("ann", t), rl.allow("sam", t)))
    assert got == [(True, True), (True, True), (True, False), (True, False), (False, True)]
    assert rl.usage("ann", 1850) == 2
    assert rl.usage("sam", 1850) == 2
    assert rl.stats("ann") == {"allowed": 4, "rejected": 1}
    assert rl.stats("sam") == {"allowed": 3, "rejected": 2}


def test_new_user_stats_are_zero():
    rl = RateLimiter()
    rl.add_tier("pro", 1, 10, "sliding")
    rl.add_user("sam", "pro")
    assert rl.stats("sam") == {"allowed": 0, "rejected": 0}


def test_long_sliding_stream_keeps_exact_trailing_count():
    rl = RateLimiter()
    rl.add_tier("pro", 10, 100, "sliding")
    rl.add_user("sam", "pro")
    # One request every 7 ms for 500 requests; at most 10 may be allowed in any 100 ms span.
    allowed = [t for t in range(0, 3500, 7) if rl.allow("sam", t)]
    for i in range(len(allowed) - 10):
        assert allowed[i + 10] - allowed[i] >= 100
    assert rl.stats("sam") == {"allowed": len(allowed), "rejected": 500 - len(allowed)}
    assert rl.usage("sam", 3493) == 10
