import numpy as np
import pytest
import zero
from numpy.testing import assert_allclose, assert_array_equal

F64 = {"rtol": 1e-12, "atol": 1e-12}


def example_buffers():
    return [np.arange(7), 10 * np.arange(7), 100 * np.arange(7)]


def test_reduce_scatter_gives_rank_r_chunk_r_of_the_sum():
    owned = zero.RingGroup(3).reduce_scatter(example_buffers())
    assert [o.tolist() for o in owned] == [[0, 111, 222], [333, 444], [555, 666]]


def test_reduce_scatter_random_floats_match_numpy_sum_chunks():
    rng = np.random.default_rng(0)
    buffers = [rng.normal(size=12) for _ in range(4)]
    expected = np.array_split(np.sum(buffers, axis=0), 4)
    owned = zero.RingGroup(4).reduce_scatter(buffers)
    assert len(owned) == 4
    for out, exp in zip(owned, expected, strict=True):
        assert_allclose(out, exp, **F64)


def test_reduce_scatter_counts_l_minus_own_chunk_per_rank():
    group = zero.RingGroup(3)
    group.reduce_scatter(example_buffers())
    assert group.elements_sent() == [4, 5, 5]


def test_all_gather_gives_every_rank_the_concatenation():
    chunks = [np.array([1.0, 2.0]), np.array([3.0, 4.0]), np.array([5.0, 6.0])]
    result = zero.RingGroup(3).all_gather(chunks)
    assert len(result) == 3
    for out in result:
        assert_array_equal(out, [1.0, 2.0, 3.0, 4.0, 5.0, 6.0])


def test_all_gather_counts_elements_per_rank_when_divisible():
    group = zero.RingGroup(4)
    group.all_gather([np.full(3, float(r)) for r in range(4)])
    assert group.elements_sent() == [9, 9, 9, 9]


def test_all_reduce_matches_level_one_ring_all_reduce():
    rng = np.random.default_rng(1)
    buffers = [rng.normal(size=10) for _ in range(4)]
    expected = zero.ring_all_reduce(buffers)
    result = zero.RingGroup(4).all_reduce(buffers)
    assert len(result) == 4
    for out, exp in zip(result, expected, strict=True):
        assert_allclose(out, exp, **F64)


def test_all_reduce_equals_all_gather_of_reduce_scatter_with_same_counters():
    buffers = example_buffers()
    one = zero.RingGroup(3)
    two = zero.RingGroup(3)
    direct = one.all_reduce(buffers)
    composed = two.all_gather(two.reduce_scatter(buffers))
    assert [d.tolist() for d in direct] == [c.tolist() for c in composed]
    assert one.elements_sent() == two.elements_sent() == [9, 10, 9]


def test_all_reduce_sends_two_n_minus_one_over_n_elements_when_divisible():
    group = zero.RingGroup(4)
    group.all_reduce([np.ones(8) for _ in range(4)])
    assert group.elements_sent() == [12, 12, 12, 12]


def test_partial_all_reduce_matches_level_one_and_counts_only_the_steps_run():
    buffers = example_buffers()
    group = zero.RingGroup(3)
    assert group.elements_sent() == [0, 0, 0]
    result = group.all_reduce(buffers, num_steps=1)
    expected = zero.ring_all_reduce(buffers, num_steps=1)
    for out, exp in zip(result, expected, strict=True):
        assert_array_equal(out, exp)
    assert group.elements_sent() == [2, 3, 2]  # step 0: ranks 0, 1, 2 send chunks 2, 0, 1
    group.all_reduce(buffers, num_steps=3)
    # steps 0-2 send chunks [2, 1, 0] from rank 0, [0, 2, 1] from rank 1, [1, 0, 2] from rank 2
    assert group.elements_sent() == [2 + 7, 3 + 7, 2 + 7]


def test_counters_accumulate_across_calls():
    group = zero.RingGroup(3)
    group.all_reduce([np.ones(6)] * 3)
    group.all_reduce([np.ones(6)] * 3)
    assert group.elements_sent() == [16, 16, 16]


def test_wrong_number_of_buffers_raises_value_error():
    group = zero.RingGroup(3)
    with pytest.raises(ValueError):
        group.reduce_scatter([np.zeros(4), np.zeros(4)])
    with pytest.raises(ValueError):
        group.all_gather([np.zeros(2), np.zeros(2)])


def test_single_rank_group_returns_whole_buffer_and_sends_nothing():
    group = zero.RingGroup(1)
    owned = group.reduce_scatter([np.array([1, 2, 3])])
    assert [o.tolist() for o in owned] == [[1, 2, 3]]
    assert [g.tolist() for g in group.all_gather(owned)] == [[1, 2, 3]]
    assert group.elements_sent() == [0]
