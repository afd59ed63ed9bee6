import numpy as np
import pytest
from data_loader import DataLoader


def test_empty_dataset_has_no_batches_and_len_zero():
    for dataset in (0, []):
        loader = DataLoader(dataset, batch_size=3, shuffle=True)
        assert loader.indices(0) == []
        assert loader.batches(0) == []
        assert len(loader) == 0


def test_drop_last_keeps_a_last_batch_that_is_exactly_full():
    loader = DataLoader(8, batch_size=4, drop_last=True)
    assert loader.batches(0) == [[0, 1, 2, 3], [4, 5, 6, 7]]
    assert len(loader) == 2


def test_batch_size_larger_than_dataset_gives_one_short_batch_or_none_with_drop_last():
    assert DataLoader(3, batch_size=10).batches(0) == [[0, 1, 2]]
    assert len(DataLoader(3, batch_size=10)) == 1
    assert DataLoader(3, batch_size=10, drop_last=True).batches(0) == []
    assert len(DataLoader(3, batch_size=10, drop_last=True)) == 0


def test_order_depends_only_on_seed_plus_epoch():
    assert DataLoader(20, 5, shuffle=True, seed=1).indices(0) == DataLoader(20, 5, shuffle=True, seed=0).indices(1)
    assert DataLoader(20, 5, shuffle=True, seed=7).indices(3) == DataLoader(20, 5, shuffle=True, seed=4).indices(6)


def test_large_shuffled_epoch_matches_numpy_permutation():
    loader = DataLoader(1000, batch_size=64, shuffle=True, seed=123)
    expected = np.random.default_rng(128).permutation(1000).tolist()
    assert loader.indices(5) == expected
    batches = loader.batches(5)
    assert len(batches) == 16 == len(loader)
    assert [len(batch) for batch in batches] == [64] * 15 + [40]
    assert [item for batch in batches for item in batch] == expected


def test_negative_int_dataset_raises_value_error():
    with pytest.raises(ValueError):
        DataLoader(-1, batch_size=2)
