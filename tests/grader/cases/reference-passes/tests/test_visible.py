from lab import Counter, add


def test_add():
    assert add(2, 3) == 5


def test_counter_keeps_state_between_calls():
    counter = Counter()
    counter.increment()
    assert counter.increment(by=4) == 5
    assert counter.count == 5
