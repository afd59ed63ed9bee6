import lab


def test_finish():
    lab.finish()
