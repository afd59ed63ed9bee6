from lab import forever, quick


def test_a_quick_one():
    assert quick() == 1


def test_b_one_that_never_ends():
    assert forever() == 1


def test_c_one_after_it():
    assert quick() == 1
