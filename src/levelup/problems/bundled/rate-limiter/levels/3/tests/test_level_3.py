import pytest
from rate_limiter import RateLimiter


def fixed(limit=10, window_ms=1000):
    rl = RateLimiter()
    rl.add_endpoint("search", 3)
    rl.add_tier("free", limit, window_ms)
    rl.add_user("ann", "free")
    return rl


def bucket(capacity=5, refill_tokens=1, refill_ms=200):
    rl = RateLimiter()
    rl.add_endpoint("search", 3)
    rl.add_bucket_tier("burst", capacity, refill_tokens, refill_ms)
    rl.add_user("bea", "burst")
    return rl


def test_add_endpoint_returns_true_then_false_and_rejects_cost_below_one():
    rl = RateLimiter()
    assert rl.add_endpoint("search", 3) is True
    assert rl.add_endpoint("search", 7) is False
    with pytest.raises(ValueError):
        rl.add_endpoint("ping", 0)


def test_fixed_window_counts_endpoint_cost_in_tokens():
    rl = fixed(limit=10)
    assert [rl.allow("ann", t, "search") for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert rl.usage("ann", 3) == 9


def test_cheaper_request_fits_after_expensive_one_is_rejected():
    rl = fixed(limit=10)
    for t in (0, 1, 2):
        rl.allow("ann", t, "search")
    assert rl.allow("ann", 3, "search") is False
    assert rl.allow("ann", 4) is True
    assert rl.usage("ann", 5) == 10
    assert rl.remaining("ann", 5) == 0


def test_request_without_endpoint_costs_one_token():
    rl = fixed(limit=3)
    assert [rl.allow("ann", t) for t in (0, 1, 2, 3)] == [True, True, True, False]
    assert rl.usage("ann", 3) == 3


def test_sliding_window_frees_each_requests_cost_when_it_leaves():
    rl = RateLimiter()
    rl.add_endpoint("search", 3)
    rl.add_tier("pro", 4, 1000, "sliding")
    rl.add_user("sam", "pro")
    assert rl.allow("sam", 100, "search") is True
    assert rl.allow("sam", 500) is True
    assert rl.allow("sam", 600) is False
    assert rl.usage("sam", 1099) == 4
    assert rl.usage("sam", 1100) == 1
    assert rl.allow("sam", 1100, "search") is True


def test_unknown_endpoint_raises_key_error_and_is_not_recorded():
    rl = fixed()
    with pytest.raises(KeyError):
        rl.allow("ann", 0, "upload")
    assert rl.stats("ann") == {"allowed": 0, "rejected": 0}


def test_bucket_starts_full_and_allows_a_burst_up_to_capacity():
    rl = bucket(capacity=5)
    assert [rl.allow("bea", 10) for _ in range(6)] == [True] * 5 + [False]
    assert rl.remaining("bea", 10) == 0


def test_bucket_refills_at_multiples_of_refill_ms():
    rl = bucket(capacity=5, refill_tokens=1, refill_ms=200)
    assert rl.allow("bea", 100, "search") is True
    assert rl.allow("bea", 150, "search") is False
    assert rl.allow("bea", 199, "search") is False
    assert rl.allow("bea", 200, "search") is True
    assert rl.remaining("bea", 999) == 3
    assert rl.remaining("bea", 1000) == 4


def test_bucket_never_exceeds_capacity_after_idle_time():
    rl = bucket(capacity=5, refill_tokens=2, refill_ms=100)
    for _ in range(5):
        rl.allow("bea", 0)
    assert rl.remaining("bea", 9000) == 5
    assert [rl.allow("bea", 9000) for _ in range(6)] == [True] * 5 + [False]


def test_bucket_tier_shares_names_with_window_tiers_and_validates_arguments():
    rl = RateLimiter()
    rl.add_tier("free", 10, 1000)
    assert rl.add_bucket_tier("free", 5, 1, 200) is False
    assert rl.add_bucket_tier("burst", 5, 1, 200) is True
    assert rl.add_tier("burst", 10, 1000) is False
    for bad in [(0, 1, 200), (5, 0, 200), (5, 1, 0)]:
        with pytest.raises(ValueError):
            rl.add_bucket_tier("bad", *bad)


def test_stats_count_requests_not_tokens():
    rl = fixed(limit=10)
    for t in (0, 1, 2, 3):
        rl.allow("ann", t, "search")
    rl.allow("ann", 4)
    assert rl.stats("ann") == {"allowed": 4, "rejected": 1}
    assert rl.top_rejected(5) == [("ann", 1)]
