import pytest
from in_memory_db import InMemoryDB


def test_set_at_without_ttl_removes_earlier_ttl():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "f", "v", 100, 50)
    db.set_at("k", "f", "v2", 120)
    assert db.get_at("k", "f", 10_000) == "v2"


def test_set_at_with_ttl_can_shorten_an_earlier_ttl():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "f", "v", 100, 1000)
    db.set_at_with_ttl("k", "f", "v", 110, 10)
    assert db.get_at("k", "f", 119) == "v"
    assert db.get_at("k", "f", 120) is None


def test_expired_field_can_be_set_again():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "f", "old", 10, 5)
    assert db.get_at("k", "f", 15) is None
    db.set_at("k", "f", "new", 20)
    assert db.get_at("k", "f", 20) == "new"
    assert db.scan_at("k", 20) == ["f(new)"]


def test_untimed_scan_and_delete_act_at_latest_timestamp():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "a", "1", 10, 5)
    db.set_at_with_ttl("k", "b", "2", 10, 100)
    assert db.scan("k") == ["a(1)", "b(2)"]
    db.scan_at("other", 50)
    assert db.scan("k") == ["b(2)"]
    assert db.scan_by_prefix("k", "a") == []
    assert db.delete("k", "a") is False
    assert db.delete("k", "b") is True
    assert db.scan_at("k", 50) == []


def test_set_at_with_negative_ttl_raises_value_error_and_changes_nothing():
    db = InMemoryDB()
    db.set_at("k", "f", "v", 10)
    with pytest.raises(ValueError):
        db.set_at_with_ttl("k", "f", "changed", 10, -5)
    assert db.get_at("k", "f", 10) == "v"


def test_ttl_of_one_lives_for_exactly_one_millisecond():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "f", "v", 7, 1)
    assert db.scan_at("k", 7) == ["f(v)"]
    assert db.scan_at("k", 8) == []
