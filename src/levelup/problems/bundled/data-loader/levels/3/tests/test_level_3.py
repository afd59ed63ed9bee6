import time

import pytest
from data_loader import DataLoader


def timed_next(iterator):
    start = time.monotonic()
    batch = next(iterator)
    return batch, time.monotonic() - start


def test_load_item_waits_then_returns_the_item():
    loader = DataLoader(["a", "b", "c"], batch_size=2, load_ms={1: 50})
    start = time.monotonic()
    assert loader.load_item(1) == "b"
    assert time.monotonic() - start >= 0.045
    assert loader.load_item(2) == "c"


def test_load_item_of_failing_index_raises_value_error():
    loader = DataLoader(5, batch_size=2, fail_indices=[3])
    with pytest.raises(ValueError):
        loader.load_item(3)
    assert loader.load_item(2) == 2


def test_batches_loads_nothing():
    loader = DataLoader(4, batch_size=2, load_ms={i: 1000 for i in range(4)}, fail_indices=[1])
    start = time.monotonic()
    assert loader.batches(0) == [[0, 1], [2, 3]]
    assert time.monotonic() - start < 0.9  # loading any item would take at least 1 s


def test_iter_batches_without_workers_yields_the_level_batches():
    loader = DataLoader(list("abcdefghij"), batch_size=3, shuffle=True, seed=5, rank=1, world_size=2)
    assert list(loader.iter_batches(2)) == loader.batches(2)


def test_iter_batches_with_workers_keeps_order_when_later_items_load_first():
    load_ms = {i: 40 - 5 * i for i in range(8)}
    loader = DataLoader(8, batch_size=3, shuffle=True, seed=1, load_ms=load_ms)
    assert list(loader.iter_batches(0, num_workers=4, prefetch=2)) == loader.batches(0)


def test_four_workers_load_concurrently():
    loader = DataLoader(8, batch_size=2, load_ms={i: 300 for i in range(8)})
    start = time.monotonic()
    assert list(loader.iter_batches(0, num_workers=4, prefetch=2)) == [[0, 1], [2, 3], [4, 5], [6, 7]]
    # four at once: two rounds, about 0.6 s; three workers need three rounds (at least 0.9 s)
    assert time.monotonic() - start < 0.9


def test_no_more_than_num_workers_loads_run_at_once():
    loader = DataLoader(6, batch_size=6, load_ms={i: 60 for i in range(6)})
    start = time.monotonic()
    assert list(loader.iter_batches(0, num_workers=2, prefetch=4)) == [[0, 1, 2, 3, 4, 5]]
    assert time.monotonic() - start >= 0.17


def test_max_in_flight_equals_the_window():
    loader = DataLoader(20, batch_size=3)
    assert loader.max_in_flight() == 0
    list(loader.iter_batches(0, num_workers=2, prefetch=3))
    assert loader.max_in_flight() == 6


def test_max_in_flight_is_limited_by_the_epoch_size():
    loader = DataLoader(5, batch_size=2)
    list(loader.iter_batches(0, num_workers=4, prefetch=2))
    assert loader.max_in_flight() == 5


def test_window_fills_while_consumer_is_busy_and_goes_no_further():
    # Items take 300 ms each and the window holds 2: items 1 and 2 are loaded 0.7 s before the
    # sleep ends, and item 3 starts only when item 1 is handed over. The margins are wide so a
    # loaded machine cannot fail a correct loader (sleeps never end early, only late).
    loader = DataLoader(8, batch_size=1, load_ms={i: 300 for i in range(8)})
    it = loader.iter_batches(0, num_workers=2, prefetch=1)
    assert next(it) == [0]
    time.sleep(1.0)
    first, first_wait = timed_next(it)
    second, second_wait = timed_next(it)
    third, third_wait = timed_next(it)
    assert [first, second, third] == [[1], [2], [3]]
    assert first_wait + second_wait < 0.25, "items 1 and 2 should have loaded during the sleep"
    assert third_wait > 0.15, "item 3 should not be handed over while the window is full"
    assert loader.max_in_flight() == 2


def test_load_error_surfaces_at_its_batch():
    loader = DataLoader(6, batch_size=2, fail_indices=[4])
    it = loader.iter_batches(0, num_workers=2, prefetch=2)
    assert next(it) == [0, 1]
    assert next(it) == [2, 3]
    with pytest.raises(ValueError):
        next(it)


def test_iteration_ends_after_a_load_error():
    loader = DataLoader(6, batch_size=2, fail_indices=[4])
    it = loader.iter_batches(0, num_workers=2, prefetch=2)
    next(it)
    next(it)
    with pytest.raises(ValueError):
        next(it)
    with pytest.raises(StopIteration):
        next(it)


def test_negative_num_workers_raises_value_error():
    loader = DataLoader(6, batch_size=2)
    with pytest.raises(ValueError):
        list(loader.iter_batches(0, num_workers=-1))
