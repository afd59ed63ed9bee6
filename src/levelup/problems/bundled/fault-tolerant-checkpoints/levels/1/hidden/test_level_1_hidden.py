import numpy as np
from checkpoint import CheckpointManager
from numpy.testing import assert_array_equal


def test_single_rank_holds_every_tensor_whole():
    m = CheckpointManager(1)
    tensors = {"w": np.arange(12.0).reshape(3, 4), "step": np.array(9)}
    m.save(0, tensors)
    shard = m.load_shard(0, 0)
    assert sorted(shard) == ["step", "w"]
    assert_array_equal(shard["w"], tensors["w"])


def test_more_ranks_than_rows_gives_one_row_to_the_first_ranks():
    m = CheckpointManager(5)
    w = np.arange(6.0).reshape(2, 3)
    m.save(2, {"w": w})
    assert [m.load_shard(2, r)["w"].shape for r in range(5)] == [(1, 3), (1, 3), (0, 3), (0, 3), (0, 3)]
    assert_array_equal(m.load(2)["w"], w)


def test_two_managers_do_not_share_checkpoints():
    a, b = CheckpointManager(2), CheckpointManager(2)
    a.save(1, {"w": np.zeros(2)})
    assert b.steps() == []


def test_many_dtypes_round_trip_through_five_ranks():
    rng = np.random.default_rng(7)
    tensors = {
        "f16": rng.normal(size=(11, 2)).astype(np.float16),
        "u8": rng.integers(0, 255, size=(13,), dtype=np.uint8),
        "i32": rng.integers(-9, 9, size=(4, 4, 2), dtype=np.int32),
        "f64": rng.normal(size=(3,)),
        "lr": np.array(0.25),
    }
    m = CheckpointManager(5)
    m.save(11, tensors)
    loaded = m.load(11)
    for name, array in tensors.items():
        assert loaded[name].dtype == array.dtype, name
        assert loaded[name].shape == array.shape, name
        assert_array_equal(loaded[name], array)
