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
    with pytest.raises(ValueError):
        loader.next_batch()


def test_list_dataset_shards_hold_elements_of_the_seed_plus_epoch_order():
    # default_rng(3 + 1).permutation(7) == [1, 2, 0, 5, 4, 3, 6], padded with 1, 2.
    got = [
        DataLoader(list("abcdefg"), batch_size=2, shuffle=True, seed=3, rank=r, world_size=3).batches(1)
        for r in range(3)
    ]
    assert got == [[["b", "f"], ["g"]], [["c", "e"], ["b"]], [["a", "d"], ["c"]]]


def test_stream_continues_into_the_epoch_after_the_one_set():
    loader = DataLoader(list("abcdefg"), batch_size=2, shuffle=True, seed=3, rank=1, world_size=3)
    loader.set_epoch(1)
    assert [loader.next_batch() for _ in range(4)] == loader.batches(1) + loader.batches(2)


def test_order_depends_only_on_seed_plus_epoch_whatever_was_read_before():
    reader = DataLoader(20, 5, shuffle=True, seed=0)
    for _ in range(7):
        reader.next_batch()
    assert reader.indices(1) == DataLoader(20, 5, shuffle=True, seed=1).indices(0)
    assert DataLoader(20, 5, shuffle=True, seed=7).indices(3) == DataLoader(20, 5, shuffle=True, seed=4).indices(6)


def test_negative_rank_world_size_zero_and_negative_epoch_raise_value_error():
    with pytest.raises(ValueError):
        DataLoader(10, batch_size=2, rank=-1, world_size=2)
    with pytest.raises(ValueError):
        DataLoader(10, batch_size=2, rank=0, world_size=0)
    loader = DataLoader(10, batch_size=2, shuffle=True)
    for call in (loader.indices, loader.batches, loader.set_epoch):
        with pytest.raises(ValueError):
            call(-1)
