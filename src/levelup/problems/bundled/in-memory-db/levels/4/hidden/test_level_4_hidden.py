from in_memory_db import InMemoryDB


def test_changes_after_backup_do_not_alter_the_backup():
    db = InMemoryDB()
    db.set_at("k", "a", "1", 10)
    db.set_at("k", "b", "2", 10)
    db.backup(20)
    db.set_at("k", "a", "changed", 30)
    db.delete_at("k", "b", 30)
    db.set_at("k", "c", "3", 30)
    db.restore(40, 20)
    assert db.scan_at("k", 40) == ["a(1)", "b(2)"]


def test_same_backup_restores_again_after_changes_made_since_a_restore():
    db = InMemoryDB()
    db.set_at("k", "a", "1", 10)
    db.backup(20)
    db.restore(30, 20)
    db.set_at("k", "a", "changed", 40)
    db.set_at("k", "b", "new", 40)
    db.restore(50, 20)
    assert db.scan_at("k", 50) == ["a(1)"]


def test_restoring_an_older_backup_keeps_newer_backups_available():
    db = InMemoryDB()
    db.set_at("k", "v", "old", 10)
    db.backup(20)
    db.set_at("k", "v", "new", 30)
    db.backup(40)
    db.restore(50, 20)
    assert db.get_at("k", "v", 50) == "old"
    db.restore(60, 60)
    assert db.get_at("k", "v", 60) == "new"


def test_last_of_two_backups_with_same_timestamp_is_restored():
    db = InMemoryDB()
    db.set_at("k", "v", "first", 10)
    db.backup(20)
    db.set_at("k", "v", "second", 20)
    db.backup(20)
    db.restore(30, 20)
    assert db.get_at("k", "v", 30) == "second"


def test_ttl_is_rebased_again_through_a_second_backup_and_restore():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "token", "abc", 0, 30)  # expires at 30
    db.backup(10)  # 20 ms left
    db.restore(100, 10)  # expires at 120
    assert db.backup(110) == 1  # 10 ms left
    db.restore(200, 110)  # expires at 210
    assert db.get_at("k", "token", 209) == "abc"
    assert db.get_at("k", "token", 210) is None


def test_untimed_methods_see_restored_fields_until_rebased_expiry():
    db = InMemoryDB()
    db.set_at_with_ttl("k", "token", "abc", 0, 30)  # expires at 30
    db.set_at("k", "name", "Ada", 0)
    db.backup(10)  # token has 20 ms left
    db.get_at("k", "name", 45)
    db.restore(50, 10)  # token alive in [50, 70)
    assert db.scan("k") == ["name(Ada)", "token(abc)"]
    assert db.get("k", "token") == "abc"
    db.get_at("other", "f", 70)
    assert db.get("k", "token") is None
