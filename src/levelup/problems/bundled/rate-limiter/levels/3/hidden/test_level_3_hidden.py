from rate_limiter import RateLimiter


def test_cost_above_capacity_or_limit_is_always_rejected_and_consumes_nothing():
    rl = RateLimiter()
    rl.add_endpoint("export", 8)
    rl.add_tier("free", 5, 1000)
    rl.add_bucket_tier("burst", 5, 5, 10)
    rl.add_user("ann", "free")
    rl.add_user("bea", "burst")
    assert rl.allow("ann", 0, "export") is False
    assert rl.allow("bea", 0, "export") is False
    assert rl.remaining("ann", 0) == 5
    assert rl.remaining("bea", 0) == 5
    assert rl.stats("bea") == {"allowed": 0, "rejected": 1}


def test_bucket_usage_is_capacity_minus_tokens():
    rl = RateLimiter()
    rl.add_endpoint("search", 3)
    rl.add_bucket_tier("burst", 5, 1, 200)
    rl.add_user("bea", "burst")
    assert rl.usage("bea", 0) == 0
    rl.allow("bea", 100, "search")
    assert rl.usage("bea", 100) == 3
    assert rl.usage("bea", 400) == 1


def test_bucket_adds_one_refill_per_multiple_crossed_between_requests():
    rl = RateLimiter()
    rl.add_bucket_tier("burst", 10, 2, 100)
    rl.add_user("bea", "burst")
    for _ in range(10):
        rl.allow("bea", 50)
    # 50 -> 349 crosses 100, 200 and 300: three refills of 2 tokens.
    assert rl.remaining("bea", 349) == 6
    assert [rl.allow("bea", 349) for _ in range(7)] == [True] * 6 + [False]
    # 349 -> 401 crosses only 400, even though 52 ms passed.
    assert rl.remaining("bea", 401) == 2


def test_bucket_users_on_the_same_tier_have_separate_buckets():
    rl = RateLimiter()
    rl.add_bucket_tier("burst", 2, 1, 1000)
    rl.add_user("bea", "burst")
    rl.add_user("cal", "burst")
    assert [rl.allow("bea", 10) for _ in range(3)] == [True, True, False]
    assert [rl.allow("cal", 20) for _ in range(2)] == [True, True]
    assert rl.remaining("bea", 30) == 0
    assert rl.top_rejected(5, "burst") == [("bea", 1)]


def test_remaining_on_sliding_tier_is_limit_minus_tokens_in_window():
    rl = RateLimiter()
    rl.add_endpoint("search", 3)
    rl.add_tier("pro", 7, 100, "sliding")
    rl.add_user("sam", "pro")
    rl.allow("sam", 0, "search")
    rl.allow("sam", 50, "search")
    assert rl.remaining("sam", 99) == 1
    assert rl.allow("sam", 99, "search") is False
    assert rl.remaining("sam", 100) == 4


def test_level_two_request_counting_still_holds_without_endpoints():
    rl = RateLimiter()
    rl.add_tier("free", 2, 1000)
    rl.add_tier("pro", 2, 1000, "sliding")
    rl.add_user("ann", "free")
    rl.add_user("sam", "pro")
    got = [(rl.allow("ann", t), rl.allow("sam", t)) for t in (900, 950, 1000, 1950)]
    assert got == [(True, True), (True, True), (True, False), (True, True)]
    assert rl.usage("ann", 1950) == 2
    assert rl.usage("sam", 1950) == 1
