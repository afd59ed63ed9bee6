import lab


def test_a_name_taken_from_the_tests_list_is_the_tests_own_string():
    guests = ["Ada", "Grace", "Linus"]
    expected = "Linus"
    assert lab.last_guest(guests) is expected
    assert guests == ["Ada", "Grace"]


def test_a_name_your_code_writes_as_a_literal_is_the_same_interned_string():
    expected = "Cardamom"
    assert lab.favourite_spice() is expected
    assert lab.FAVOURITE is expected


def test_an_attribute_holding_a_name_is_the_same_string():
    expected = "Pantry"
    assert lab.Shelf("Pantry").label is expected


def test_text_with_spaces_is_still_equal():
    assert lab.spell(["a", " ", "b"]) == "a b"
