import pytest
from rate_limiter import RateLimiter


def make(limit=2, window_ms=1000):
    rl = RateLimiter()
    rl.add_tier("free", limit, window_ms)
    rl.add_user("ann", "free")
    return rl


def test_add_tier_returns_true_then_false_for_duplicate_name():
    rl = RateLimiter()
    assert rl.add_tier("free", 2, 1000) is True
    assert rl.add_tier("free", 9, 10) is False


def test_duplicate_tier_keeps_original_limit():
    rl = RateLimiter()
    rl.add_tier("free", 1, 1000)
    rl.add_tier("free", 5, 1000)
    rl.add_user("ann", "free")
    assert [rl.allow("ann", t) for t in (0, 1, 2)] == [True, False, False]


def test_add_tier_with_limit_below_one_raises_value_error():
    rl = RateLimiter()
    with pytest.raises(ValueError):
        rl.add_tier("broken", 0, 1000)


def test_add_user_to_unknown_tier_raises_key_error():
    rl = RateLimiter()
    with pytest.raises(KeyError):
        rl.add_user("ann", "gold")


def test_add_user_twice_returns_false_and_keeps_original_tier():
    rl = make(limit=1)
    rl.add_tier("pro", 10, 1000)
    assert rl.add_user("ann", "pro") is False
    assert [rl.allow("ann", t) for t in (0, 10)] == [True, False]


def test_requests_allowed_up_to_limit_then_rejected():
    rl = make(limit=3)
    assert [rl.allow("ann", t) for t in (100, 200, 300, 400, 500)] == [
        True, True, True, False, False,
    ]


def test_new_window_starts_exactly_at_multiple_of_window_ms():
    rl = make(limit=2)
    assert [rl.allow("ann", t) for t in (300, 400, 999, 1000)] == [True, True, False, True]


def test_windows_are_aligned_to_multiples_not_first_request():
    rl = make(limit=1)
    assert rl.allow("ann", 900) is True
    # 1000 is a new window even though only 100 ms passed since the first request.
    assert rl.allow("ann", 1000) is True
    assert rl.allow("ann", 1899) is False


def test_usage_counts_only_allowed_requests_in_current_window():
    rl = make(limit=2)
    for t in (300, 400, 999):
        rl.allow("ann", t)
    assert rl.usage("ann", 999) == 2
    rl.allow("ann", 1000)
    assert rl.usage("ann", 1500) == 1
    assert rl.usage("ann", 2000) == 0


def test_users_on_the_same_tier_have_separate_counters():
    rl = make(limit=1)
    rl.add_user("bob", "free")
    assert rl.allow("ann", 10) is True
    assert rl.allow("bob", 20) is True
    assert rl.allow("ann", 30) is False
    assert rl.usage("bob", 40) == 1


def test_different_tiers_have_different_limits_and_windows():
    rl = make(limit=1, window_ms=1000)
    rl.add_tier("pro", 3, 100)
    rl.add_user("pat", "pro")
    assert [rl.allow("pat", t) for t in (0, 10, 20, 30, 100)] == [True, True, True, False, True]
    assert [rl.allow("ann", t) for t in (150, 160)] == [True, False]


def test_allow_for_unknown_user_raises_key_error():
    rl = make()
    with pytest.raises(KeyError):
        rl.allow("nobody", 0)
