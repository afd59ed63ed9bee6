import lab


def test_interrupt():
    assert lab.interrupt() == "done"


def test_interrupt_while_iterating():
    assert list(lab.interrupt_while_iterating()) == [1]


def test_next_test_still_runs():
    assert lab.add(1, 1) == 2
