import pytest
from rate_limiter import RateLimiter


def test_add_tier_with_window_below_one_or_negative_limit_raises_value_error():
    rl = RateLimiter()
    with pytest.raises(ValueError):
        rl.add_tier("a", 5, 0)
    with pytest.raises(ValueError):
        rl.add_tier("b", -1, 1000)
    assert rl.add_tier("a", 5, 1) is True


def test_usage_for_unknown_user_raises_key_error():
    rl = RateLimiter()
    rl.add_tier("free", 1, 1000)
    with pytest.raises(KeyError):
        rl.usage("ghost", 0)


def test_counter_resets_after_skipping_several_windows():
    rl = RateLimiter()
    rl.add_tier("free", 1, 1000)
    rl.add_user("ann", "free")
    assert rl.allow("ann", 0) is True
    assert rl.allow("ann", 5500) is True
    assert rl.usage("ann", 5999) == 1
    assert rl.allow("ann", 5999) is False
    assert rl.usage("ann", 7000) == 0


def test_usage_of_new_user_is_zero():
    rl = RateLimiter()
    rl.add_tier("free", 3, 1000)
    rl.add_user("ann", "free")
    assert rl.usage("ann", 0) == 0


def test_many_users_sharing_a_tier_each_get_the_full_limit():
    rl = RateLimiter()
    rl.add_tier("free", 2, 100)
    users = [f"u{i:03d}" for i in range(50)]
    for u in users:
        rl.add_user(u, "free")
    results = []
    for _ in range(3):
        for u in users:
            results.append(rl.allow(u, 50))
    assert results.count(True) == 100
    assert results[100:] == [False] * 50
    assert all(rl.usage(u, 99) == 2 for u in users)
