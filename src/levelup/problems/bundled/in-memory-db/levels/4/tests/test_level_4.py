import pytest
from in_memory_db import InMemoryDB


def test_backup_returns_number_of_records_with_fields():
    db = InMemoryDB()
    db.set_at("user:1", "name", "Ada", 10)
    db.set_at("user:1", "city", "London", 10)
    db.set_at("user:2", "name", "Grace", 10)
    assert db.backup(20) == 2


def test_backup_of_empty_database_returns_zero():
    db = InMemoryDB()
    assert db.backup(10) == 0


def test_backup_does_not_count_record_whose_fields_expired():
    db = InMemoryDB()
    db.set_at_with_ttl("user:1", "token", "abc", 10, 5)
    db.set_at("user:2", "name", "Grace", 10)
    assert db.backup(15) == 1


def test_backup_does_not_count_record_whose_fields_were_deleted():
    db = InMemoryDB()
    db.set_at("user:1", "name", "Ada", 10)
    db.set_at("user:2", "name", "Grace", 10)
    db.delete_at("user:1", "name", 11)
    assert db.backup(12) == 1


def test_restore_returns_none_and_brings_back_deleted_field():
    db = InMemoryDB()
    db.set_at("user:1", "name", "Ada", 10)
    db.backup(20)
    db.delete_at("user:1", "name", 30)
    assert db.restore(40, 20) is None
    assert db.get_at("user:1", "name", 40) == "Ada"


def test_restore_drops_everything_set_after_the_backup():
    db = InMemoryDB()
    db.set_at("user:1", "name", "Ada", 10)
    db.backup(20)
    db.set_at("user:1", "name", "Grace", 30)
    db.set_at("user:1", "city", "London", 30)
    db.set_at("user:2", "name", "Linus", 30)
    db.restore(40, 20)
    assert db.scan_at("user:1", 40) == ["name(Ada)"]
    assert db.scan_at("user:2", 40) == []


def test_restore_uses_latest_backup_at_or_before_timestamp_to_restore():
    db = InMemoryDB()
    db.set_at("k", "v", "first", 10)
    db.backup(20)
    db.set_at("k", "v", "second", 30)
    db.backup(40)
    db.set_at("k", "v", "third", 50)
    db.backup(60)
    db.restore(100, 55)
    assert db.get_at("k", "v", 100) == "second"


def test_restore_includes_backup_taken_exactly_at_timestamp_to_restore():
    db = InMemoryDB()
    db.set_at("k", "v", "first", 10)
    db.backup(20)
    db.set_at("k", "v", "second", 30)
    db.backup(40)
    db.restore(100, 40)
    assert db.get_at("k", "v", 100) == "second"


def test_restore_rebases_remaining_ttl_to_restore_time():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "token", "abc", 100, 1000)  # expires at 1100
    db.backup(200)  # 900 ms left
    db.restore(5000, 200)
    assert db.get_at("k", "token", 5899) == "abc"
    assert db.get_at("k", "token", 5900) is None


def test_restored_field_without_ttl_never_expires():
    db = InMemoryDB()
    db.set_at("k", "name", "Ada", 10)
    db.backup(20)
    db.restore(30, 20)
    assert db.get_at("k", "name", 10_000_000) == "Ada"


def test_field_expired_at_backup_time_is_not_restored():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "token", "abc", 100, 50)  # expires at 150
    db.set_at("k", "name", "Ada", 100)
    db.backup(150)
    db.restore(200, 150)
    assert db.scan_at("k", 200) == ["name(Ada)"]


def test_restore_without_earlier_backup_raises_value_error_and_changes_nothing():
    db = InMemoryDB()
    db.set_at("k", "name", "Ada", 10)
    db.backup(50)
    db.set_at("k", "name", "Grace", 60)
    with pytest.raises(ValueError):
        db.restore(100, 49)
    assert db.get_at("k", "name", 100) == "Grace"
