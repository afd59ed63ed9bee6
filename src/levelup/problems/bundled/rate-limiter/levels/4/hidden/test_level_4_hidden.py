import pytest
from rate_limiter import RateLimiter


def new_store():
    from rate_limiter import SharedStore

    return SharedStore()


def test_store_incr_on_non_int_raises_type_error_and_keeps_value():
    store = new_store()
    store.set("name", "x")
    with pytest.raises(TypeError):
        store.incr("name")
    assert store.get("name") == "x"


def test_sliding_window_is_global_across_skewed_nodes():
    store = new_store()
    a = RateLimiter(store, clock_skew_ms=500)
    b = RateLimiter(store, clock_skew_ms=-300)
    a.add_tier("pro", 2, 1000, "sliding")
    a.add_user("sam", "pro")
    assert a.allow("sam", 1400) is True   # true 900
    assert b.allow("sam", 650) is True    # true 950
    assert a.allow("sam", 2399) is False  # true 1899: (899, 1899] holds 900 and 950
    assert b.allow("sam", 1600) is True   # true 1900: 900 has left the window
    assert a.usage("sam", 2449) == 2      # true 1949: 950 and 1900
    assert b.remaining("sam", 1650) == 1  # true 1950: only 1900


def test_separate_stores_do_not_share_state():
    s1, s2 = new_store(), new_store()
    a1, b1 = RateLimiter(s1), RateLimiter(s1)
    a2 = RateLimiter(s2)
    a1.add_tier("free", 1, 1000)
    a1.add_user("ann", "free")
    with pytest.raises(KeyError):
        a2.add_user("ann", "free")
    assert a2.add_tier("free", 1, 1000) is True
    a2.add_user("ann", "free")
    assert a1.allow("ann", 0) is True
    assert a2.allow("ann", 0) is True
    assert b1.allow("ann", 1) is False
    assert a2.stats("ann") == {"allowed": 1, "rejected": 0}


def test_late_usage_and_remaining_queries_use_the_store_clock():
    store = new_store()
    a = RateLimiter(store)
    b = RateLimiter(store, clock_skew_ms=40)
    a.add_tier("free", 5, 1000)
    a.add_user("ann", "free")
    a.allow("ann", 500)
    a.allow("ann", 600)
    a.allow("ann", 1000)
    # b reads 1030, i.e. true 990, but the store clock is already 1000: window 1.
    assert b.usage("ann", 1030) == 1
    assert b.remaining("ann", 1030) == 4


def test_private_store_still_corrects_its_own_skew():
    rl = RateLimiter(clock_skew_ms=250)
    rl.add_tier("free", 1, 1000)
    rl.add_user("ann", "free")
    assert rl.allow("ann", 1200) is True   # true 950: window 0
    assert rl.allow("ann", 1249) is False  # true 999: window 0
    assert rl.allow("ann", 1250) is True   # true 1000: window 1


def test_endpoint_costs_and_stats_survive_a_mix_of_nodes_and_tiers():
    store = new_store()
    a = RateLimiter(store, clock_skew_ms=10)
    b = RateLimiter(store, clock_skew_ms=-10)
    a.add_endpoint("search", 3)
    b.add_tier("free", 6, 1000)
    b.add_bucket_tier("burst", 3, 3, 500)
    a.add_user("ann", "free")
    a.add_user("bea", "burst")
    got = [
        a.allow("ann", 110, "search"),  # true 100
        b.allow("bea", 90, "search"),   # true 100
        b.allow("ann", 190, "search"),  # true 200
        a.allow("bea", 210),            # true 200: bucket empty
        a.allow("ann", 310),            # true 300: 6 + 1 > 6
        b.allow("bea", 490, "search"),  # true 500: refill to 3
    ]
    assert got == [True, True, True, False, False, True]
    assert b.top_rejected(5) == [("ann", 1), ("bea", 1)]
    assert a.stats("bea") == {"allowed": 2, "rejected": 1}
