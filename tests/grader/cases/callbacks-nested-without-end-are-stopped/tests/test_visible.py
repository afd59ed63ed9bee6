import lab


def deeper(depth):
    return lab.call(deeper, depth + 1)


def test_a_callback_that_calls_back_forever():
    assert lab.call(deeper, 0) == 0


def test_nested_callbacks_within_the_limit():
    def three_deep(depth):
        return depth if depth == 3 else lab.call(three_deep, depth + 1)

    assert lab.call(three_deep, 0) == 3
