import numpy as np
import pytest
from checkpoint import CheckpointManager, ObjectStore
from numpy.testing import assert_array_equal


def test_shard_swapped_for_another_steps_shard_is_detected():
    store = ObjectStore()
    m = CheckpointManager(2, store)
    m.save(1, {"w": np.arange(4.0)})
    m.save(2, {"w": np.arange(4.0) + 10.0})
    store.put(m.shard_keys(2)[0], store.get(m.shard_keys(1)[0]))
    assert m.verify(2) == [0]
    assert m.latest_step() == 1


def test_deleting_a_missing_key_raises_key_error():
    store = ObjectStore()
    with pytest.raises(KeyError):
        store.delete("nope")


def test_garbage_collect_with_keep_below_one_raises_value_error():
    m = CheckpointManager(2)
    m.save(1, {"w": np.ones(2)})
    with pytest.raises(ValueError):
        m.garbage_collect(0)
    assert m.steps() == [1]


def test_garbage_collect_removes_leftovers_of_a_crashed_save():
    store = ObjectStore()
    m = CheckpointManager(3, store)
    m.save(1, {"w": np.ones(3)})
    with pytest.raises(RuntimeError):
        m.save(2, {"w": np.ones(3)}, fail_after_writes=3)
    deleted = m.garbage_collect(5)
    assert len(deleted) == 3
    assert len(store.keys("ckpt/")) == 4
    assert m.garbage_collect(5) == []


def test_retry_after_a_crashed_save_commits_normally():
    store = ObjectStore()
    m = CheckpointManager(2, store)
    with pytest.raises(RuntimeError):
        m.save(7, {"w": np.arange(3.0)}, fail_after_writes=1)
    m.save(7, {"w": np.arange(3.0)})
    restarted = CheckpointManager(2, store)
    assert restarted.steps() == [7]
    assert restarted.verify(7) == []
    assert_array_equal(restarted.load(7)["w"], np.arange(3.0))
