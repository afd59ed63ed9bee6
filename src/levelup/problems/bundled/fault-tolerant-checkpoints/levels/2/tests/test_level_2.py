import numpy as np
import pytest
from checkpoint import CheckpointManager, ObjectStore
from numpy.testing import assert_array_equal


def test_object_store_puts_gets_deletes_and_lists_keys():
    store = ObjectStore()
    store.put("b/2", b"two")
    store.put("a/1", b"one")
    store.put("b/1", b"uno")
    store.put("a/1", b"ONE")
    assert store.get("a/1") == b"ONE"
    assert store.keys() == ["a/1", "b/1", "b/2"]
    assert store.keys("b/") == ["b/1", "b/2"]
    store.delete("b/1")
    assert store.keys("b") == ["b/2"]
    with pytest.raises(KeyError):
        store.get("b/1")


def test_new_manager_on_the_same_store_sees_the_checkpoints():
    store = ObjectStore()
    CheckpointManager(2, store).save(10, {"w": np.arange(5.0), "step": np.array(10)})
    restarted = CheckpointManager(2, store)
    assert restarted.steps() == [10]
    assert_array_equal(restarted.load(10)["w"], np.arange(5.0))
    assert int(restarted.load_shard(10, 0)["step"]) == 10


def test_crash_before_the_commit_leaves_no_checkpoint():
    store = ObjectStore()
    m = CheckpointManager(3, store)
    for k in range(4):  # 0 .. world_size puts: the commit is never written
        with pytest.raises(RuntimeError):
            m.save(5, {"w": np.ones(6)}, fail_after_writes=k)
        assert m.steps() == []
        assert CheckpointManager(3, store).latest_step() is None


def test_save_completes_when_the_crash_would_come_after_the_commit():
    m = CheckpointManager(3)
    m.save(5, {"w": np.ones(6)}, fail_after_writes=4)
    assert m.steps() == [5]
    assert m.verify(5) == []


def test_crash_while_saving_a_step_again_keeps_the_old_version():
    store = ObjectStore()
    m = CheckpointManager(2, store)
    m.save(10, {"w": np.arange(4.0)})
    for k in range(3):
        with pytest.raises(RuntimeError):
            m.save(10, {"w": np.zeros(4)}, fail_after_writes=k)
        restarted = CheckpointManager(2, store)
        assert restarted.verify(10) == []
        assert_array_equal(restarted.load(10)["w"], np.arange(4.0))


def test_successful_save_of_a_step_again_leaves_only_the_new_version():
    store = ObjectStore()
    store.put("notes/readme", b"not a checkpoint")
    m = CheckpointManager(3, store)
    m.save(10, {"w": np.arange(6.0)})
    m.save(10, {"w": np.zeros(6)})
    assert len(store.keys("ckpt/")) == 4
    assert_array_equal(m.load(10)["w"], np.zeros(6))
    assert store.get("notes/readme") == b"not a checkpoint"
    assert all(key.startswith("ckpt/") for key in m.shard_keys(10))


def test_verify_reports_torn_changed_and_missing_shards():
    store = ObjectStore()
    m = CheckpointManager(4, store)
    m.save(1, {"w": np.arange(40.0).reshape(8, 5)})
    keys = m.shard_keys(1)
    assert m.verify(1) == []
    store.put(keys[3], store.get(keys[3])[:-5])
    data = bytearray(store.get(keys[1]))
    data[len(data) // 2] ^= 0xFF
    store.put(keys[1], bytes(data))
    store.delete(keys[2])
    assert m.verify(1) == [1, 2, 3]


def test_damaged_shard_makes_load_fail_but_not_other_ranks_shards():
    store = ObjectStore()
    m = CheckpointManager(2, store)
    m.save(10, {"w": np.arange(4.0)})
    key = m.shard_keys(10)[1]
    store.put(key, store.get(key)[:-1])
    with pytest.raises(ValueError):
        m.load(10)
    with pytest.raises(ValueError):
        m.load_shard(10, 1)
    assert_array_equal(m.load_shard(10, 0)["w"], [0.0, 1.0])


def test_latest_step_skips_damaged_and_uncommitted_checkpoints():
    store = ObjectStore()
    m = CheckpointManager(2, store)
    assert m.latest_step() is None
    m.save(100, {"w": np.ones(3)})
    m.save(200, {"w": np.ones(3)})
    with pytest.raises(RuntimeError):
        m.save(300, {"w": np.ones(3)}, fail_after_writes=2)
    assert m.latest_step() == 200
    store.delete(m.shard_keys(200)[0])
    assert m.steps() == [100, 200]
    assert m.latest_step() == 100


def test_garbage_collect_keeps_the_newest_valid_checkpoints_only():
    store = ObjectStore()
    store.put("logs/run", b"keep me")
    m = CheckpointManager(2, store)
    for step in (1, 2, 3, 4):
        m.save(step, {"w": np.full(2, float(step))})
    with pytest.raises(RuntimeError):
        m.save(5, {"w": np.ones(2)}, fail_after_writes=1)
    key = m.shard_keys(4)[0]
    store.put(key, b"garbage")
    kept_keys = set(m.shard_keys(2)) | set(m.shard_keys(3))
    deleted = m.garbage_collect(2)
    assert deleted == sorted(deleted)
    assert m.steps() == [2, 3]
    assert set(store.keys("ckpt/")) & set(deleted) == set()
    assert kept_keys <= set(store.keys("ckpt/"))
    assert len(store.keys("ckpt/")) == 6
    assert store.get("logs/run") == b"keep me"


def test_shard_keys_of_unknown_step_raise_key_error():
    m = CheckpointManager(2)
    with pytest.raises(KeyError):
        m.shard_keys(3)
    with pytest.raises(KeyError):
        m.verify(3)
