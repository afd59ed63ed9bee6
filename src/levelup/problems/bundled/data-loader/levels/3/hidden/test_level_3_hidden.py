import time

import numpy as np
import pytest
from data_loader import DataLoader


def test_items_dropped_by_drop_last_are_never_loaded():
    loader = DataLoader(7, batch_size=3, drop_last=True, fail_indices=[6])
    assert list(loader.iter_batches(0, num_workers=2, prefetch=4)) == [[0, 1, 2], [3, 4, 5]]
    assert list(loader.iter_batches(0)) == [[0, 1, 2], [3, 4, 5]]


def test_load_error_without_workers_surfaces_at_its_batch():
    loader = DataLoader(6, batch_size=2, fail_indices=[3])
    it = loader.iter_batches(0)
    assert next(it) == [0, 1]
    with pytest.raises(ValueError):
        next(it)


def test_max_in_flight_stays_zero_without_workers():
    loader = DataLoader(10, batch_size=2)
    assert list(loader.iter_batches(0)) == loader.batches(0)
    assert loader.max_in_flight() == 0


def test_order_kept_with_workers_on_sharded_shuffled_padded_loader():
    rng = np.random.default_rng(0)
    load_ms = {i: float(ms) for i, ms in enumerate(rng.uniform(0, 8, size=30))}
    loader = DataLoader(30, batch_size=4, shuffle=True, seed=11, rank=3, world_size=4, load_ms=load_ms)
    assert list(loader.iter_batches(1, num_workers=3, prefetch=2)) == loader.batches(1)
    assert loader.max_in_flight() == 6


def test_prefetching_overlaps_loading_with_a_slow_consumer():
    loader = DataLoader(6, batch_size=1, load_ms={i: 150 for i in range(6)})
    start = time.monotonic()
    for _ in loader.iter_batches(0, num_workers=2, prefetch=2):
        time.sleep(0.15)
    # Loading and consuming one after the other takes at least 6 * (150 + 150) ms = 1.8 s (sleeps
    # never end early); overlapped about 1.05 s, so a loaded machine still has 0.7 s to spare.
    assert time.monotonic() - start < 1.75


def test_prefetch_zero_raises_value_error():
    loader = DataLoader(6, batch_size=2)
    with pytest.raises(ValueError):
        list(loader.iter_batches(0, num_workers=2, prefetch=0))
