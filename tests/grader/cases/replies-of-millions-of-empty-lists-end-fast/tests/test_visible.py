import lab


def test_one_list_of_16_mi_empty_lists():
    assert len(lab.flat()) == 16 * 2**20


def test_16_lists_of_1_mi_empty_lists():
    assert len(lab.nested()) == 16


def test_a_normal_call_afterwards():
    assert lab.add(2, 3) == 5
