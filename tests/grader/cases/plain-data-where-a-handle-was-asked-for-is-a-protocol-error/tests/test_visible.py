import lab


def test_a_forged_difference_sent_as_plain_data():
    assert lab.make_the_worker_lie()
    assert abs(1.0 - lab.dequantize()) < 1e-9
