from rate_limiter import RateLimiter


def new_store():
    from rate_limiter import SharedStore

    return SharedStore()


def nodes(*skews):
    store = new_store()
    return [RateLimiter(store, clock_skew_ms=skew) for skew in skews]


def test_store_incr_treats_missing_key_as_zero_and_returns_new_value():
    store = new_store()
    assert store.incr("hits") == 1
    assert store.incr("hits", 4) == 5
    assert store.get("hits") == 5


def test_store_get_returns_default_for_missing_key_and_set_overwrites():
    store = new_store()
    assert store.get("nope") is None
    assert store.get("nope", 0) == 0
    store.set("name", "x")
    store.set("name", "y")
    assert store.get("name", "z") == "y"


def test_store_compare_and_set_replaces_only_the_expected_value():
    store = new_store()
    assert store.compare_and_set("owner", None, "a") is True
    assert store.compare_and_set("owner", None, "b") is False
    assert store.get("owner") == "a"
    assert store.compare_and_set("owner", "a", "b") is True
    assert store.compare_and_set("owner", "a", "c") is False
    assert store.get("owner") == "b"


def test_tiers_users_and_endpoints_are_visible_to_every_node_on_the_store():
    store = new_store()
    a = RateLimiter(store)
    b = RateLimiter(store)
    a.add_tier("free", 5, 1000)
    a.add_endpoint("search", 3)
    b.add_user("ann", "free")
    late = RateLimiter(store)
    assert late.allow("ann", 0, "search") is True
    assert a.usage("ann", 1) == 3


def test_adding_an_existing_tier_endpoint_or_user_through_another_node_returns_false():
    a, b = nodes(0, 0)
    assert a.add_tier("free", 2, 1000) is True
    assert b.add_tier("free", 9, 1000) is False
    assert a.add_endpoint("search", 3) is True
    assert b.add_endpoint("search", 1) is False
    assert b.add_user("ann", "free") is True
    assert a.add_user("ann", "free") is False


def test_fixed_window_limit_is_global_across_nodes():
    a, b, c = nodes(0, 0, 0)
    a.add_tier("free", 4, 1000)
    a.add_user("ann", "free")
    got = [node.allow("ann", 100 + i) for i, node in enumerate([a, b, c, a, b, c])]
    assert got == [True, True, True, True, False, False]
    assert c.usage("ann", 200) == 4


def test_node_ahead_subtracts_its_skew_before_choosing_the_window():
    a, b = nodes(300, 0)
    a.add_tier("free", 2, 1000)
    a.add_user("ann", "free")
    assert b.allow("ann", 700) is True
    assert b.allow("ann", 750) is True
    # a reads 1250 but the true time is 950: still window 0, which is full.
    assert a.allow("ann", 1250) is False
    assert a.allow("ann", 1300) is True


def test_node_behind_adds_back_its_skew():
    a, b = nodes(-200, 0)
    a.add_tier("free", 1, 1000)
    a.add_user("ann", "free")
    assert b.allow("ann", 900) is True
    # a reads 850 but the true time is 1050: window 1 is still empty.
    assert a.allow("ann", 850) is True
    assert b.allow("ann", 1100) is False


def test_late_request_is_treated_as_happening_at_the_store_clock():
    a, b = nodes(0, 0)
    a.add_tier("free", 1, 1000)
    a.add_user("ann", "free")
    a.add_user("bob", "free")
    assert b.allow("bob", 500) is True
    assert a.allow("ann", 1000) is True
    # bob's request was made at 995 but arrives after the store clock reached 1000,
    # so it counts in window 1 (window 0 is full for bob).
    assert b.allow("bob", 995) is True
    assert b.allow("bob", 999) is False
    assert b.usage("bob", 990) == 1


def test_stats_and_top_rejected_are_totals_over_all_nodes():
    a, b = nodes(0, 25)
    a.add_tier("free", 1, 1000)
    a.add_user("ann", "free")
    b.add_user("bob", "free")
    for node, user in [(a, "ann"), (b, "ann"), (a, "ann"), (b, "bob"), (a, "bob")]:
        node.allow(user, 100)
    assert a.stats("ann") == {"allowed": 1, "rejected": 2}
    assert b.stats("bob") == {"allowed": 1, "rejected": 1}
    assert b.top_rejected(5) == [("ann", 2), ("bob", 1)]
    assert a.top_rejected(5, "free") == [("ann", 2), ("bob", 1)]


def test_bucket_tokens_are_shared_across_nodes():
    a, b = nodes(0, 100)
    a.add_bucket_tier("burst", 4, 1, 200)
    a.add_endpoint("search", 3)
    b.add_user("bea", "burst")
    assert a.allow("bea", 50, "search") is True
    assert b.allow("bea", 160, "search") is False
    assert b.remaining("bea", 300) == 2
    assert a.allow("bea", 400, "search") is True
    assert b.remaining("bea", 500) == 0


def test_limiters_without_a_store_are_independent():
    a = RateLimiter()
    b = RateLimiter()
    assert a.add_tier("free", 1, 1000) is True
    assert b.add_tier("free", 1, 1000) is True
    a.add_user("ann", "free")
    b.add_user("ann", "free")
    assert a.allow("ann", 0) is True
    assert b.allow("ann", 0) is True
    assert a.allow("ann", 1) is False
