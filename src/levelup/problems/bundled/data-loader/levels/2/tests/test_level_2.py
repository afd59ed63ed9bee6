import pytest
from data_loader import DataLoader


def shards(n, world_size, epoch=0, **kwargs):
    return [
        DataLoader(n, batch_size=2, rank=r, world_size=world_size, **kwargs).indices(epoch) for r in range(world_size)
    ]


def test_world_size_one_gives_the_whole_epoch():
    loader = DataLoader(10, batch_size=4, shuffle=True, seed=0, rank=0, world_size=1)
    assert loader.indices(0) == [4, 6, 2, 7, 3, 5, 9, 0, 8, 1]
    assert loader.batches(0) == [[4, 6, 2, 7], [3, 5, 9, 0], [8, 1]]


def test_shuffle_of_epoch_e_is_seeded_with_seed_plus_epoch():
    loader = DataLoader(10, batch_size=4, shuffle=True, seed=0)
    assert loader.indices(1) == [8, 4, 7, 0, 1, 2, 5, 9, 6, 3]
    assert loader.batches(1) == [[8, 4, 7, 0], [1, 2, 5, 9], [6, 3]]


def test_rank_takes_every_world_size_th_position_starting_at_rank():
    assert shards(8, 4) == [[0, 4], [1, 5], [2, 6], [3, 7]]


def test_padding_wraps_around_to_the_start_of_the_order():
    assert shards(10, 4) == [[0, 4, 8], [1, 5, 9], [2, 6, 0], [3, 7, 1]]


def test_every_rank_shards_the_same_shuffled_order():
    assert shards(10, 4, shuffle=True, seed=0) == [[4, 3, 8], [6, 5, 1], [2, 9, 4], [7, 0, 6]]


def test_shards_have_equal_sizes_and_together_cover_the_dataset():
    got = shards(23, 5, shuffle=True, seed=9)
    assert [len(shard) for shard in got] == [5, 5, 5, 5, 5]
    assert {i for shard in got for i in shard} == set(range(23))


def test_shards_are_disjoint_when_world_size_divides_the_dataset():
    all_indices = [i for shard in shards(24, 4, shuffle=True, seed=2) for i in shard]
    assert sorted(all_indices) == list(range(24))


def test_drop_uneven_leaves_out_the_tail_of_the_order():
    assert shards(10, 4, drop_uneven=True) == [[0, 4], [1, 5], [2, 6], [3, 7]]


def test_batches_and_len_use_the_rank_shard():
    loader = DataLoader(10, batch_size=2, shuffle=True, seed=0, rank=2, world_size=4)
    assert loader.batches(0) == [[2, 9], [4]]
    assert len(loader) == 2


def test_drop_last_applies_to_the_rank_shard():
    loader = DataLoader(10, batch_size=2, shuffle=True, seed=0, drop_last=True, rank=2, world_size=4)
    assert loader.batches(0) == [[2, 9]]
    assert len(loader) == 1


def test_next_batch_streams_this_ranks_batches_epoch_after_epoch():
    loader = DataLoader(10, batch_size=2, shuffle=True, seed=0, rank=2, world_size=4)
    assert [loader.next_batch() for _ in range(4)] == [[2, 9], [4], [7, 5], [8]]


def test_set_epoch_restarts_the_stream_at_that_epoch():
    loader = DataLoader(10, batch_size=4, shuffle=True, seed=0)
    loader.next_batch()
    loader.set_epoch(1)
    assert loader.next_batch() == [8, 4, 7, 0]
    loader.set_epoch(0)
    assert loader.next_batch() == [4, 6, 2, 7]


def test_rank_equal_to_world_size_raises_value_error():
    with pytest.raises(ValueError):
        DataLoader(10, batch_size=2, rank=4, world_size=4)
