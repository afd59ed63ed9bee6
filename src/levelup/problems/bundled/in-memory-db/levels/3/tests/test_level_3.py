import pytest
from in_memory_db import InMemoryDB


def test_set_at_field_never_expires():
    db = InMemoryDB()
    db.set_at("k", "f", "v", 10)
    assert db.get_at("k", "f", 10) == "v"
    assert db.get_at("k", "f", 1_000_000) == "v"


def test_ttl_field_is_alive_at_its_set_timestamp():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "f", "v", 100, 50)
    assert db.get_at("k", "f", 100) == "v"


def test_ttl_field_is_alive_one_millisecond_before_expiry():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "f", "v", 100, 50)
    assert db.get_at("k", "f", 149) == "v"


def test_ttl_field_expires_at_timestamp_plus_ttl():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "f", "v", 100, 50)
    assert db.get_at("k", "f", 150) is None


def test_set_at_with_ttl_replaces_value_and_restarts_ttl():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "f", "old", 100, 50)
    db.set_at_with_ttl("k", "f", "new", 140, 50)
    assert db.get_at("k", "f", 160) == "new"
    assert db.get_at("k", "f", 190) is None


def test_delete_at_alive_field_returns_true_and_removes_it():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "f", "v", 100, 50)
    assert db.delete_at("k", "f", 120) is True
    assert db.get_at("k", "f", 121) is None


def test_delete_at_expired_field_returns_false():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "f", "v", 100, 50)
    assert db.delete_at("k", "f", 150) is False


def test_scan_at_leaves_out_expired_fields():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "token", "abc", 1000, 500)
    db.set_at("k", "user", "ada", 1100)
    assert db.scan_at("k", 1499) == ["token(abc)", "user(ada)"]
    assert db.scan_at("k", 1500) == ["user(ada)"]


def test_scan_by_prefix_at_leaves_out_expired_fields():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "tag_a", "1", 10, 5)
    db.set_at_with_ttl("k", "tag_b", "2", 10, 20)
    db.set_at("k", "name", "x", 10)
    assert db.scan_by_prefix_at("k", "tag_", 15) == ["tag_b(2)"]


def test_untimed_get_acts_at_latest_timestamp():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "f", "v", 10, 5)
    assert db.get("k", "f") == "v"
    db.get_at("k", "other", 20)
    assert db.get("k", "f") is None


def test_untimed_set_never_expires():
    db = InMemoryDB()
    db.set_at("k", "start", "x", 10)
    db.set("k", "f", "w")
    assert db.get_at("k", "f", 1_000_000) == "w"


def test_set_at_with_ttl_rejects_zero_ttl():
    db = InMemoryDB()
    with pytest.raises(ValueError):
        db.set_at_with_ttl("k", "f", "v", 10, 0)
