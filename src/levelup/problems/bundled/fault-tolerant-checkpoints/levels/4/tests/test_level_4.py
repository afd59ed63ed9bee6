import numpy as np
import pytest
from checkpoint import CheckpointManager, ObjectStore, TrainingRun
from numpy.testing import assert_array_equal


def saved(world_size, tensors, step=7):
    store = ObjectStore()
    CheckpointManager(world_size, store).save(step, tensors)
    return store


def test_load_at_a_smaller_world_size_gives_the_same_tensors():
    rng = np.random.default_rng(0)
    tensors = {"w": rng.normal(size=(10, 3)), "ids": np.arange(5, dtype=np.int32), "step": np.array(7)}
    store = saved(4, tensors)
    loaded = CheckpointManager(3, store).load(7)
    for name, array in tensors.items():
        assert loaded[name].dtype == array.dtype
        assert_array_equal(loaded[name], array)


def test_load_at_a_larger_world_size_gives_the_same_tensors():
    w = np.arange(18.0).reshape(9, 2)
    store = saved(2, {"w": w})
    assert_array_equal(CheckpointManager(5, store).load(7)["w"], w)


def test_load_shard_follows_the_new_world_size():
    w = np.arange(20.0).reshape(10, 2)
    store = saved(4, {"w": w, "step": np.array(7)})
    m3 = CheckpointManager(3, store)
    assert_array_equal(m3.load_shard(7, 0)["w"], w[0:4])
    assert int(m3.load_shard(7, 0)["step"]) == 7
    assert_array_equal(m3.load_shard(7, 1)["w"], w[4:7])
    assert sorted(m3.load_shard(7, 2)) == ["w"]
    assert_array_equal(m3.load_shard(7, 2)["w"], w[7:10])


def test_rank_is_checked_against_the_new_world_size():
    store = saved(4, {"w": np.zeros(8)})
    m2 = CheckpointManager(2, store)
    with pytest.raises(ValueError):
        m2.load_shard(7, 2)


def test_shard_keys_and_verify_describe_the_stored_shards():
    store = saved(4, {"w": np.zeros(8)})
    m2 = CheckpointManager(2, store)
    assert len(m2.shard_keys(7)) == 4
    store.delete(m2.shard_keys(7)[3])
    assert m2.verify(7) == [3]


def test_damage_to_a_shard_that_is_not_needed_does_not_matter():
    w = np.arange(20.0).reshape(10, 2)
    store = saved(4, {"w": w})
    m3 = CheckpointManager(3, store)
    store.delete(m3.shard_keys(7)[3])
    assert_array_equal(m3.load_shard(7, 0)["w"], w[0:4])
    with pytest.raises(ValueError):
        m3.load_shard(7, 2)
    with pytest.raises(ValueError):
        m3.load(7)


def test_load_shard_reads_only_the_needed_shards():
    w = np.arange(64.0).reshape(16, 4)
    store = saved(8, {"w": w})
    m2 = CheckpointManager(2, store)
    before = store.reads()
    assert_array_equal(m2.load_shard(7, 1)["w"], w[8:16])
    assert store.reads() - before <= 2 + 4


def test_reads_counts_successful_gets():
    store = ObjectStore()
    store.put("a", b"1")
    store.get("a")
    store.get("a")
    with pytest.raises(KeyError):
        store.get("b")
    assert store.reads() == 2


def test_training_resumes_bit_identically_on_fewer_ranks():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(10, 3)), rng.normal(size=10)
    args = {"lr": 0.1, "batch_size": 4, "seed": 42, "noise": 0.01}
    store = ObjectStore()
    run = TrainingRun(CheckpointManager(4, store), x, y, **args)
    run.train(5)
    run.checkpoint()
    again = TrainingRun(CheckpointManager(3, store), x, y, **args)
    assert again.resume() == 5
    again.train(6)
    never_stopped = TrainingRun(CheckpointManager(1), x, y, **args)
    never_stopped.train(11)
    assert_array_equal(again.weights(), never_stopped.weights())


def test_checkpoint_saved_at_the_new_size_is_stored_with_the_new_size():
    store = saved(4, {"w": np.arange(6.0)}, step=1)
    m2 = CheckpointManager(2, store)
    m2.save(2, m2.load(1))
    assert len(m2.shard_keys(2)) == 2
    assert_array_equal(CheckpointManager(5, store).load(2)["w"], np.arange(6.0))
