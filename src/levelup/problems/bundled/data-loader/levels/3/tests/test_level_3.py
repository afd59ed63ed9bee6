import pytest
from data_loader import DataLoader


def test_load_item_returns_the_item_after_its_load_time():
    loader = DataLoader(["a", "b", "c"], batch_size=2, load_ms={1: 20})
    assert loader.load_item(1) == "b"
    assert loader.load_item(2) == "c"


def test_load_item_of_failing_index_raises_value_error():
    loader = DataLoader(5, batch_size=2, fail_indices=[3])
    with pytest.raises(ValueError):
        loader.load_item(3)
    assert loader.load_item(2) == 2


def test_batches_loads_nothing_so_failing_items_do_not_raise():
    loader = DataLoader(4, batch_size=2, fail_indices=[1])
    assert loader.batches(0) == [[0, 1], [2, 3]]
    assert loader.max_loading() == 0


def test_next_batch_loads_and_skips_a_batch_whose_load_fails():
    loader = DataLoader(6, batch_size=2, fail_indices=[2])
    assert loader.next_batch() == [0, 1]
    with pytest.raises(ValueError):
        loader.next_batch()
    assert loader.next_batch() == [4, 5]
    assert loader.max_loading() == 1


def test_iter_batches_without_workers_yields_the_level_batches():
    loader = DataLoader(list("abcdefghij"), batch_size=3, shuffle=True, seed=5, rank=1, world_size=2)
    assert list(loader.iter_batches(2)) == loader.batches(2)


def test_iter_batches_with_workers_keeps_order_when_later_items_load_first():
    load_ms = {i: 40 - 5 * i for i in range(8)}
    loader = DataLoader(8, batch_size=3, shuffle=True, seed=1, load_ms=load_ms)
    assert list(loader.iter_batches(0, num_workers=4, prefetch=2)) == loader.batches(0)


def test_workers_load_concurrently_but_never_more_than_num_workers_at_once():
    loader = DataLoader(8, batch_size=2, load_ms={i: 200 for i in range(8)})
    assert list(loader.iter_batches(0, num_workers=4, prefetch=2)) == [[0, 1], [2, 3], [4, 5], [6, 7]]
    assert 2 <= loader.max_loading() <= 4


def test_max_in_flight_equals_the_window():
    loader = DataLoader(20, batch_size=3)
    assert loader.max_in_flight() == 0
    list(loader.iter_batches(0, num_workers=2, prefetch=3))
    assert loader.max_in_flight() == 6


def test_max_in_flight_is_limited_by_the_epoch_size():
    loader = DataLoader(5, batch_size=2)
    list(loader.iter_batches(0, num_workers=4, prefetch=2))
    assert loader.max_in_flight() == 5


def test_window_is_full_each_time_a_batch_is_handed_out():
    loader = DataLoader(8, batch_size=1, load_ms={i: 30 for i in range(8)})
    it = loader.iter_batches(0, num_workers=2, prefetch=1)
    for expected in range(6):
        assert next(it) == [expected]
        assert loader.in_flight() == 2, f"after batch {expected}, two items should be loading"
    assert next(it) == [6]
    assert loader.in_flight() == 1, "only item 7 is left"


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
