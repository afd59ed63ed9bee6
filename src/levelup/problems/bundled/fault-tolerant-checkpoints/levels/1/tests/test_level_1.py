import numpy as np
import pytest
from checkpoint import CheckpointManager
from numpy.testing import assert_array_equal


def assert_same_tensors(actual, expected):
    assert sorted(actual) == sorted(expected)
    for name, array in expected.items():
        assert actual[name].dtype == array.dtype, name
        assert actual[name].shape == array.shape, name
        assert_array_equal(actual[name], array)


def test_world_size_below_one_raises_value_error():
    with pytest.raises(ValueError):
        CheckpointManager(0)


def test_rows_are_split_like_numpy_array_split():
    m = CheckpointManager(3)
    w = np.arange(14.0).reshape(7, 2)
    m.save(100, {"w": w})
    assert [m.load_shard(100, r)["w"].shape for r in range(3)] == [(3, 2), (2, 2), (2, 2)]
    assert_array_equal(m.load_shard(100, 1)["w"], w[3:5])
    assert_array_equal(m.load_shard(100, 2)["w"], w[5:7])


def test_rank_without_rows_gets_an_empty_piece_with_the_tensor_dtype():
    m = CheckpointManager(3)
    m.save(1, {"b": np.array([1, 2], dtype=np.int32)})
    piece = m.load_shard(1, 2)["b"]
    assert piece.shape == (0,)
    assert piece.dtype == np.int32


def test_scalar_is_held_by_rank_zero_only():
    m = CheckpointManager(2)
    m.save(5, {"w": np.ones((4, 3)), "step": np.array(5)})
    assert sorted(m.load_shard(5, 0)) == ["step", "w"]
    assert sorted(m.load_shard(5, 1)) == ["w"]
    assert m.load_shard(5, 0)["step"].shape == ()
    assert int(m.load_shard(5, 0)["step"]) == 5


def test_load_gives_back_exact_names_shapes_dtypes_and_values():
    rng = np.random.default_rng(0)
    tensors = {
        "layer.0.w": rng.normal(size=(9, 4)).astype(np.float32),
        "layer.0.b": rng.normal(size=9),
        "embed": rng.integers(-50, 50, size=(5, 2, 3)),
        "count": np.array(17, dtype=np.int64),
    }
    m = CheckpointManager(4)
    m.save(3, tensors)
    assert_same_tensors(m.load(3), tensors)


def test_steps_are_listed_in_ascending_order():
    m = CheckpointManager(2)
    assert m.steps() == []
    for step in (30, 10, 20):
        m.save(step, {"w": np.full(3, float(step))})
    assert m.steps() == [10, 20, 30]


def test_saving_a_step_again_replaces_the_whole_checkpoint():
    m = CheckpointManager(2)
    m.save(10, {"w": np.zeros(4), "old": np.ones(2)})
    m.save(10, {"w": np.arange(6.0)})
    assert_same_tensors(m.load(10), {"w": np.arange(6.0)})
    assert m.steps() == [10]


def test_checkpoint_keeps_its_own_copy_of_the_data():
    m = CheckpointManager(2)
    w = np.arange(6.0)
    m.save(1, {"w": w})
    w[:] = -1.0
    assert_array_equal(m.load(1)["w"], np.arange(6.0))


def test_returned_arrays_belong_to_the_caller():
    m = CheckpointManager(2)
    m.save(1, {"w": np.arange(6.0)})
    m.load(1)["w"][:] = 99.0
    m.load_shard(1, 0)["w"][:] = 99.0
    assert_array_equal(m.load(1)["w"], np.arange(6.0))


def test_unknown_step_raises_key_error():
    m = CheckpointManager(2)
    m.save(1, {"w": np.zeros(2)})
    with pytest.raises(KeyError):
        m.load(7)
    with pytest.raises(KeyError):
        m.load_shard(7, 0)


def test_rank_outside_the_world_raises_value_error():
    m = CheckpointManager(3)
    m.save(1, {"w": np.zeros(5)})
    with pytest.raises(ValueError):
        m.load_shard(1, 3)
    with pytest.raises(ValueError):
        m.load_shard(1, -1)


def test_negative_step_or_empty_tensors_raise_value_error():
    m = CheckpointManager(2)
    with pytest.raises(ValueError):
        m.save(-1, {"w": np.zeros(2)})
    with pytest.raises(ValueError):
        m.save(1, {})
    assert m.steps() == []
