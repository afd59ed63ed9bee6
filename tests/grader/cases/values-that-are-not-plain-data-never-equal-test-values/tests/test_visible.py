import lab


def increment(x):
    return x + 1


def test_a_lambda_compared_with_a_function():
    assert lab.make_adder(1) == increment


def test_a_generator_compared_with_a_list():
    assert lab.squares(3) == [0, 1, 4]


def test_a_socket_compared_with_itself():
    assert lab.open_socket() == lab.open_socket()


def test_a_module_compared_with_a_module():
    assert lab.this_module() == lab


def test_a_lambda_can_still_be_called():
    assert lab.make_adder(1)(2) == 3
