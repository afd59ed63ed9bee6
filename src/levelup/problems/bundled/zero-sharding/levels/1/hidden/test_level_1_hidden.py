import numpy as np
import pytest
import zero
from numpy.testing import assert_allclose, assert_array_equal


def test_ring_steps_follow_chunk_formula_and_order_for_five_ranks():
    steps = [tuple(s) for s in zero.ring_steps([np.zeros(7, dtype=np.int64)] * 5)]
    expected = [(t, r, (r + 1) % 5, (r - t - 1) % 5) for t in range(8) for r in range(5)]
    assert steps == expected
    assert all(type(v) is int for s in steps for v in s)


def test_ring_bytes_sent_counts_real_chunk_sizes_when_not_divisible():
    # chunks of 10 float64 over 4 ranks: [3, 3, 2, 2]; rank r skips chunk r then chunk r + 1
    buffers = [np.zeros(10) for _ in range(4)]
    sent = zero.ring_bytes_sent(buffers)
    assert sent == [112, 120, 128, 120]
    assert all(type(v) is int for v in sent)


def test_ring_all_reduce_keeps_float32_and_int32_dtypes():
    rng = np.random.default_rng(3)
    floats = [rng.normal(size=9).astype(np.float32) for _ in range(3)]
    out = zero.ring_all_reduce(floats)
    assert all(o.dtype == np.float32 for o in out)
    for o in out:
        assert_allclose(o, np.sum(np.array(floats, dtype=np.float64), axis=0), rtol=1e-5, atol=1e-6)
    ints = [np.arange(5, dtype=np.int32) * (r + 1) for r in range(4)]
    out = zero.ring_all_reduce(ints)
    assert all(o.dtype == np.int32 for o in out)
    for o in out:
        assert_array_equal(o, np.arange(5) * 10)


def test_ring_all_reduce_with_more_ranks_than_elements():
    assert [len(c) for c in zero.split_chunks(np.arange(2), 3)] == [1, 1, 0]
    buffers = [np.array([float(r), 10.0 * r]) for r in range(5)]
    out = zero.ring_all_reduce(buffers)
    assert len(out) == 5
    for o in out:
        assert_allclose(o, [10.0, 100.0], rtol=1e-12, atol=1e-12)
    assert len(zero.ring_steps(buffers)) == 40
    # chunks [1, 1, 0, 0, 0]: rank r sends L - len(chunk r) then L - len(chunk r + 1) elements
    assert zero.ring_bytes_sent(buffers) == [16, 24, 32, 32, 24]


def test_invalid_inputs_and_num_steps_raise_value_error():
    good = [np.zeros(4), np.zeros(4)]
    with pytest.raises(ValueError):
        zero.ring_all_reduce(good, num_steps=3)
    with pytest.raises(ValueError):
        zero.ring_all_reduce(good, num_steps=-1)
    with pytest.raises(ValueError):
        zero.ring_all_reduce([np.zeros(4), np.zeros(4, dtype=np.float32)])
    with pytest.raises(ValueError):
        zero.ring_steps([np.zeros((2, 2)), np.zeros((2, 2))])
    with pytest.raises(ValueError):
        zero.ring_bytes_sent([])
    with pytest.raises(ValueError):
        zero.split_chunks(np.zeros(4), 0)
    assert [o.tolist() for o in zero.ring_all_reduce(good, num_steps=2)] == [[0.0] * 4] * 2
