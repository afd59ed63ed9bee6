import numpy as np
import pytest
from data_loader import DataLoader


def test_drop_last_keeps_a_last_batch_that_is_exactly_full():
    loader = DataLoader(8, batch_size=4, drop_last=True)
    assert [loader.next_batch() for _ in range(3)] == [[0, 1, 2, 3], [4, 5, 6, 7], [0, 1, 2, 3]]
    assert len(loader) == 2


def test_batch_size_larger_than_dataset_gives_one_short_batch_per_epoch():
    loader = DataLoader(3, batch_size=10)
    assert len(loader) == 1
    assert [loader.next_batch() for _ in range(2)] == [[0, 1, 2], [0, 1, 2]]


def test_loaders_without_batches_have_len_zero_and_next_batch_raises():
    for loader in (
        DataLoader([], batch_size=3, shuffle=True),
        DataLoader(3, batch_size=10, shuffle=True, drop_last=True),
    ):
        assert len(loader) == 0
        with pytest.raises(ValueError):
            loader.next_batch()


def test_large_first_epoch_matches_numpy_permutation():
    loader = DataLoader(1000, batch_size=64, shuffle=True, seed=123)
    batches = [loader.next_batch() for _ in range(len(loader))]
    assert [len(batch) for batch in batches] == [64] * 15 + [40]
    assert [item for batch in batches for item in batch] == np.random.default_rng(123).permutation(1000).tolist()


def test_different_seeds_give_different_streams():
    first = DataLoader(30, batch_size=5, shuffle=True, seed=1)
    second = DataLoader(30, batch_size=5, shuffle=True, seed=2)
    assert [first.next_batch() for _ in range(12)] != [second.next_batch() for _ in range(12)]


def test_negative_int_dataset_raises_value_error():
    with pytest.raises(ValueError):
        DataLoader(-1, batch_size=2)
