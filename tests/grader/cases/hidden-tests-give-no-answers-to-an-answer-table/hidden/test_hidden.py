import pytest

from lab import born, check_name, record, surname


def test_hidden_surname_of_barbara():
    assert surname("barbara") == "Liskov"


def test_hidden_year_born():
    assert born("radia") == pytest.approx(1951.25)


def test_hidden_unknown_person_is_a_key_error():
    with pytest.raises(KeyError):
        surname("nobody-at-all")


def test_hidden_record_has_surname():
    assert record("frances")["surname"] == "Allen"


def test_hidden_empty_name_is_refused():
    assert check_name("") is False
