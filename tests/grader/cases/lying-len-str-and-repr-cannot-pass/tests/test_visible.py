import lab


def test_len_returning_minus_one():
    assert len(lab.liar(-1)) == 3


def test_len_returning_a_huge_number():
    assert len(lab.liar(2**40)) == 3


def test_len_too_big_for_an_index():
    assert len(lab.liar(2**70)) == 3


def test_list_of_an_object_lying_about_its_length():
    assert list(lab.liar(2**40)) == [1, 2, 3, 4]


def test_str_that_raises():
    assert str(lab.liar(3)) == "[1, 2, 3]"


def test_repr_that_raises_does_not_break_the_report():
    assert lab.liar(3) == [1, 2, 3]


def test_format_that_lies():
    assert f"{lab.liar(3)}" == "[1, 2, 3]"


def test_str_subclass_that_claims_to_equal_anything():
    assert lab.chameleon() == "expected"
