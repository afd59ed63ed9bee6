import collections

import lab
import numpy as np


def test_a_list_grows_in_place():
    queue = ["Ada"]
    returned = lab.add_me_to_the_queue(queue, "Grace")
    assert queue == ["Ada", "Grace"]
    assert returned is queue


def test_a_dict_and_a_set_change_in_place():
    counts = {}
    lab.count_words("a b a", counts)
    assert counts == {"a": 2, "b": 1}
    tags = {"x"}
    lab.tag(tags, "y")
    assert tags == {"x", "y"}


def test_a_bytearray_and_a_numpy_array_change_in_place():
    buffer = bytearray(b"quiet")
    lab.shout(buffer)
    assert buffer == bytearray(b"QUIET")
    array = np.array([1.0, 2.0])
    lab.double_in_place(array)
    assert array.tolist() == [2.0, 4.0]


def test_aliases_of_an_inner_list_keep_aliasing():
    row = [0, 0]
    grid = [row, row]
    lab.fill_first_row(grid, 7)
    assert grid == [[7, 7], [7, 7]]
    assert grid[0] is row and grid[1] is row


def test_a_nested_list_is_sorted_in_place():
    items = [[3], [1], [2]]
    inner = items[1]
    lab.sort_in_place(items)
    assert items == [[1], [2], [3]]
    assert items[0] is inner


def test_a_deque_and_a_counter_change_in_place():
    queue = collections.deque([1, 2, 3])
    lab.rotate(queue)
    assert queue == collections.deque([3, 1, 2])
    counts = collections.Counter()
    lab.tally(counts, "a")
    assert counts == collections.Counter({"a": 1})
    assert isinstance(counts, collections.Counter)
