import lab


def test_quit():
    assert lab.quit_quietly() == "done"


def test_next_test_still_runs():
    assert lab.add(1, 1) == 2
