import lab


def test_equal_fractions_in_lowest_terms_or_not():
    assert lab.Fraction(1, 2) == lab.Fraction(2, 4)


def test_different_fractions():
    assert lab.Fraction(1, 2) != lab.Fraction(1, 3)


def test_empty_bags_are_equal():
    assert lab.Bag() == lab.Bag()


def test_bags_with_the_same_items_in_another_order():
    assert lab.Bag([1, 2]) == lab.Bag([2, 1])
    assert lab.Bag([1]) != lab.Bag([1, 3])
