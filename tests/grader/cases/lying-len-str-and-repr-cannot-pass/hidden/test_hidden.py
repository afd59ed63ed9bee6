import lab


def test_hidden_len():
    assert len(lab.liar(2**40)) == 3
