import pytest
from data_loader import DataLoader


def test_world_size_larger_than_dataset_repeats_the_order():
    got = [DataLoader(3, batch_size=1, rank=r, world_size=8).indices(0) for r in range(8)]
    assert got == [[0], [1], [2], [0], [1], [2], [0], [1]]


def test_drop_uneven_with_world_size_larger_than_dataset_gives_empty_shards():
    loader = DataLoader(3, batch_size=1, rank=1, world_size=8, drop_uneven=True)
    assert loader.indices(0) == []
    assert loader.batches(0) == []
    assert len(loader) == 0


def test_list_dataset_shards_hold_elements_of_the_seed_plus_epoch_order():
    # default_rng(3 + 1).permutation(7) == [1, 2, 0, 5, 4, 3, 6], padded with 1, 2.
    got = [
        DataLoader(list("abcdefg"), batch_size=2, shuffle=True, seed=3, rank=r, world_size=3).batches(1)
        for r in range(3)
    ]
    assert got == [[["b", "f"], ["g"]], [["c", "e"], ["b"]], [["a", "d"], ["c"]]]


def test_empty_dataset_gives_every_rank_nothing():
    loader = DataLoader([], batch_size=2, shuffle=True, rank=2, world_size=3)
    assert loader.indices(0) == []
    assert loader.batches(0) == []
    assert len(loader) == 0


def test_negative_rank_raises_value_error():
    with pytest.raises(ValueError):
        DataLoader(10, batch_size=2, rank=-1, world_size=2)
