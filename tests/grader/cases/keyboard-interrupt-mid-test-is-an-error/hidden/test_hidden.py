import lab


def test_hidden_interrupt():
    assert lab.interrupt() == "done"
