import numpy as np
import pytest
import zero
from numpy.testing import assert_array_equal


def test_uneven_split_counters_for_reduce_scatter_and_all_gather():
    # 10 elements over 4 ranks: chunk lengths [3, 3, 2, 2]
    group = zero.RingGroup(4)
    owned = group.reduce_scatter([np.arange(10) for _ in range(4)])
    assert [len(o) for o in owned] == [3, 3, 2, 2]
    assert group.elements_sent() == [7, 7, 8, 8]
    group.all_gather(owned)
    assert group.elements_sent() == [7 + 7, 7 + 8, 8 + 8, 8 + 7]
    assert all(type(v) is int for v in group.elements_sent())


def test_all_gather_accepts_chunks_of_any_lengths_including_empty():
    group = zero.RingGroup(3)
    chunks = [np.array([7]), np.array([1, 2, 3, 4]), np.array([], dtype=np.int64)]
    result = group.all_gather(chunks)
    for out in result:
        assert_array_equal(out, [7, 1, 2, 3, 4])
    assert group.elements_sent() == [5 - 4, 5 - 0, 5 - 1]


def test_failed_calls_leave_counters_unchanged():
    group = zero.RingGroup(2)
    group.all_reduce([np.ones(4), np.ones(4)])
    before = group.elements_sent()
    with pytest.raises(ValueError):
        group.reduce_scatter([np.ones(4), np.ones(5)])
    with pytest.raises(ValueError):
        group.all_reduce([np.ones(4)])
    with pytest.raises(ValueError):
        group.all_gather([np.ones(2), np.ones(2, dtype=np.float32)])
    with pytest.raises(ValueError):
        group.all_gather([np.ones((2, 2)), np.ones((2, 2))])
    assert group.elements_sent() == before == [4, 4]


def test_collectives_keep_input_dtype():
    group = zero.RingGroup(2)
    owned = group.reduce_scatter([np.ones(5, dtype=np.float32), np.ones(5, dtype=np.float32)])
    assert all(o.dtype == np.float32 for o in owned)
    out = group.all_reduce([np.arange(4, dtype=np.int32), np.arange(4, dtype=np.int32)])
    assert all(o.dtype == np.int32 for o in out)
    assert_array_equal(out[1], [0, 2, 4, 6])


def test_more_ranks_than_elements_gives_empty_owned_chunks():
    group = zero.RingGroup(4)
    buffers = [np.array([1.0, 2.0]) * (r + 1) for r in range(4)]
    owned = group.reduce_scatter(buffers)
    assert [o.tolist() for o in owned] == [[10.0], [20.0], [], []]
    assert group.elements_sent() == [1, 1, 2, 2]
    full = group.all_gather(owned)
    assert [f.tolist() for f in full] == [[10.0, 20.0]] * 4
    with pytest.raises(ValueError):
        zero.RingGroup(0)


def test_ring_bytes_sent_equals_group_counters_and_bad_num_steps_changes_no_counter():
    rng = np.random.default_rng(9)
    for dtype, n, length in ((np.float32, 4, 10), (np.int64, 3, 2), (np.float64, 5, 13)):
        buffers = [rng.normal(size=length).astype(dtype) for _ in range(n)]
        group = zero.RingGroup(n)
        group.all_reduce(buffers)
        itemsize = np.dtype(dtype).itemsize
        assert zero.ring_bytes_sent(buffers) == [e * itemsize for e in group.elements_sent()]
    group = zero.RingGroup(3)
    with pytest.raises(ValueError):
        group.all_reduce([np.zeros(4)] * 3, num_steps=5)
    assert group.elements_sent() == [0, 0, 0]
