import numpy as np
import pytest
from checkpoint import CheckpointManager, ObjectStore
from numpy.testing import assert_array_equal


def test_every_rank_of_every_world_size_matches_array_split():
    rng = np.random.default_rng(3)
    tensors = {"a": rng.normal(size=(13, 2)), "b": rng.integers(0, 9, size=(3,)), "c": rng.normal(size=(1, 4))}
    store = ObjectStore()
    CheckpointManager(5, store).save(1, tensors)
    for world in (1, 2, 3, 4, 6, 7):
        m = CheckpointManager(world, store)
        for rank in range(world):
            shard = m.load_shard(1, rank)
            for name, array in tensors.items():
                assert_array_equal(shard[name], np.array_split(array, world)[rank])
                assert shard[name].dtype == array.dtype


def test_rank_with_no_rows_reads_no_shard():
    store = ObjectStore()
    CheckpointManager(4, store).save(1, {"w": np.arange(6.0).reshape(2, 3)})
    m = CheckpointManager(6, store)
    before = store.reads()
    piece = m.load_shard(1, 5)["w"]
    assert piece.shape == (0, 3)
    assert store.reads() - before <= 2


def test_scalars_need_stored_shard_zero_for_rank_zero_only():
    store = ObjectStore()
    CheckpointManager(3, store).save(1, {"w": np.arange(3.0), "step": np.array(1)})
    m1 = CheckpointManager(1, store)
    m3 = CheckpointManager(3, store)
    store.delete(m1.shard_keys(1)[0])
    assert_array_equal(m3.load_shard(1, 2)["w"], [2.0])
    with pytest.raises(ValueError):
        m3.load_shard(1, 0)  # rank 0 needs stored shard 0 for the scalar and for w's rows


def test_tensors_of_different_lengths_read_the_union_of_needed_shards():
    store = ObjectStore()
    long, short = np.arange(40.0), np.arange(4.0)
    CheckpointManager(4, store).save(1, {"long": long, "short": short})
    m2 = CheckpointManager(2, store)
    before = store.reads()
    shard = m2.load_shard(1, 0)  # long rows [0, 20): stored 0 and 1; short rows [0, 2): stored 0, 1
    assert_array_equal(shard["long"], long[:20])
    assert_array_equal(shard["short"], short[:2])
    assert store.reads() - before <= 2 + 2
