import numpy as np
import pytest
from data_loader import DataLoader


def test_items_dropped_by_drop_last_are_never_loaded():
    loader = DataLoader(7, batch_size=3, drop_last=True, fail_indices=[6])
    assert list(loader.iter_batches(0, num_workers=2, prefetch=4)) == [[0, 1, 2], [3, 4, 5]]
    assert list(loader.iter_batches(0)) == [[0, 1, 2], [3, 4, 5]]
    stream = DataLoader(7, batch_size=3, drop_last=True, fail_indices=[6])
    assert [stream.next_batch() for _ in range(3)] == [[0, 1, 2], [3, 4, 5], [0, 1, 2]]


def test_without_workers_a_batch_loads_only_when_asked_for():
    loader = DataLoader(6, batch_size=2, fail_indices=[3])
    it = loader.iter_batches(0)
    assert next(it) == [0, 1]
    with pytest.raises(ValueError):
        next(it)


def test_nothing_is_in_flight_without_workers_and_loads_run_one_at_a_time():
    loader = DataLoader(10, batch_size=2, load_ms={i: 5 for i in range(10)})
    assert list(loader.iter_batches(0)) == loader.batches(0)
    assert loader.max_in_flight() == 0
    assert loader.in_flight() == 0
    assert loader.max_loading() == 1


def test_order_kept_with_workers_on_sharded_shuffled_padded_loader():
    rng = np.random.default_rng(0)
    load_ms = {i: float(ms) for i, ms in enumerate(rng.uniform(0, 8, size=30))}
    loader = DataLoader(30, batch_size=4, shuffle=True, seed=11, rank=3, world_size=4, load_ms=load_ms)
    assert list(loader.iter_batches(1, num_workers=3, prefetch=2)) == loader.batches(1)
    assert loader.max_in_flight() == 6


def test_nothing_stays_in_flight_after_an_iteration_finishes_or_fails():
    loader = DataLoader(12, batch_size=2)
    assert len(list(loader.iter_batches(1, num_workers=2, prefetch=2))) == 6
    assert loader.in_flight() == 0
    loader = DataLoader(12, batch_size=2, fail_indices=[5])
    it = loader.iter_batches(0, num_workers=2, prefetch=3)
    next(it)
    next(it)
    with pytest.raises(ValueError):
        next(it)
    assert loader.in_flight() == 0


def test_prefetch_zero_raises_value_error():
    loader = DataLoader(6, batch_size=2)
    with pytest.raises(ValueError):
        list(loader.iter_batches(0, num_workers=2, prefetch=0))
