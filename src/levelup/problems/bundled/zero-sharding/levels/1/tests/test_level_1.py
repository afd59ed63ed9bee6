import numpy as np
import pytest
import zero
from numpy.testing import assert_allclose, assert_array_equal

F64 = {"rtol": 1e-12, "atol": 1e-12}


def example_buffers():
    return [np.array([1, 2, 3]), np.array([10, 20, 30]), np.array([100, 200, 300])]


def as_tuples(steps):
    return [tuple(s) for s in steps]


def test_split_chunks_gives_first_chunks_one_extra_element():
    chunks = zero.split_chunks(np.arange(10), 4)
    assert [len(c) for c in chunks] == [3, 3, 2, 2]
    assert_array_equal(np.concatenate(chunks), np.arange(10))
    assert_array_equal(chunks[2], [6, 7])


def test_split_chunks_divisible_length_gives_equal_chunks():
    chunks = zero.split_chunks(np.arange(12.0), 3)
    assert [c.tolist() for c in chunks] == [[0, 1, 2, 3], [4, 5, 6, 7], [8, 9, 10, 11]]


def test_ring_steps_for_three_ranks_matches_the_schedule():
    assert as_tuples(zero.ring_steps(example_buffers())) == [
        (0, 0, 1, 2), (0, 1, 2, 0), (0, 2, 0, 1),
        (1, 0, 1, 1), (1, 1, 2, 2), (1, 2, 0, 0),
        (2, 0, 1, 0), (2, 1, 2, 1), (2, 2, 0, 2),
        (3, 0, 1, 2), (3, 1, 2, 0), (3, 2, 0, 1),
    ]


def test_ring_steps_has_two_n_minus_one_steps_of_n_sends_each():
    steps = as_tuples(zero.ring_steps([np.zeros(8)] * 4))
    assert len(steps) == 2 * 3 * 4
    assert sorted({s[0] for s in steps}) == [0, 1, 2, 3, 4, 5]
    assert all(dst == (src + 1) % 4 for _, src, dst, _ in steps)


def test_ring_all_reduce_gives_every_rank_the_sum():
    result = zero.ring_all_reduce(example_buffers())
    assert len(result) == 3
    for out in result:
        assert_array_equal(out, [111, 222, 333])


def test_ring_all_reduce_random_floats_match_numpy_sum():
    rng = np.random.default_rng(0)
    buffers = [rng.normal(size=10) for _ in range(4)]
    expected = np.sum(buffers, axis=0)
    result = zero.ring_all_reduce(buffers)
    assert len(result) == 4
    for out in result:
        assert out.dtype == np.float64
        assert_allclose(out, expected, **F64)


def test_ring_all_reduce_one_step_adds_the_first_sends():
    result = zero.ring_all_reduce(example_buffers(), num_steps=1)
    assert [r.tolist() for r in result] == [[1, 202, 3], [10, 20, 33], [110, 200, 300]]


def test_after_reduce_scatter_phase_rank_r_owns_the_sum_of_chunk_r():
    result = zero.ring_all_reduce(example_buffers(), num_steps=2)
    assert [r.tolist() for r in result] == [[111, 202, 3], [10, 222, 33], [110, 200, 333]]


def test_first_all_gather_step_replaces_chunks():
    result = zero.ring_all_reduce(example_buffers(), num_steps=3)
    assert [r.tolist() for r in result] == [[111, 202, 333], [111, 222, 33], [110, 222, 333]]


def test_ring_bytes_sent_is_two_n_minus_one_over_n_times_buffer_size():
    buffers = [np.ones(12, dtype=np.float32) for _ in range(4)]
    assert zero.ring_bytes_sent(buffers) == [72, 72, 72, 72]
    assert 2 * 3 / 4 * buffers[0].nbytes == 72


def test_single_rank_is_a_no_op():
    buffers = [np.array([1.5, -2.0, 3.25])]
    assert as_tuples(zero.ring_steps(buffers)) == []
    result = zero.ring_all_reduce(buffers)
    assert len(result) == 1
    assert_array_equal(result[0], [1.5, -2.0, 3.25])
    assert zero.ring_bytes_sent(buffers) == [0]


def test_buffers_of_different_lengths_raise_value_error():
    with pytest.raises(ValueError):
        zero.ring_all_reduce([np.zeros(3), np.zeros(4)])
