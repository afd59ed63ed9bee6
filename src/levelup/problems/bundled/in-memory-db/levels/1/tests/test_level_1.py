from in_memory_db import InMemoryDB


def test_set_returns_none():
    db = InMemoryDB()
    assert db.set("user:1", "name", "Ada") is None


def test_get_returns_value_after_set():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    assert db.get("user:1", "name") == "Ada"


def test_get_missing_record_returns_none():
    db = InMemoryDB()
    assert db.get("user:1", "name") is None


def test_get_missing_field_returns_none():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    assert db.get("user:1", "email") is None


def test_set_replaces_existing_value():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    db.set("user:1", "name", "Grace")
    assert db.get("user:1", "name") == "Grace"


def test_record_holds_several_fields():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    db.set("user:1", "city", "London")
    assert db.get("user:1", "name") == "Ada"
    assert db.get("user:1", "city") == "London"


def test_same_field_in_different_records_is_independent():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    db.set("user:2", "name", "Grace")
    assert db.get("user:1", "name") == "Ada"
    assert db.get("user:2", "name") == "Grace"


def test_delete_existing_field_returns_true():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    assert db.delete("user:1", "name") is True


def test_get_after_delete_returns_none():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    db.delete("user:1", "name")
    assert db.get("user:1", "name") is None


def test_delete_missing_field_returns_false():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    assert db.delete("user:1", "email") is False


def test_delete_missing_record_returns_false():
    db = InMemoryDB()
    assert db.delete("user:1", "name") is False


def test_delete_leaves_other_fields_alone():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    db.set("user:1", "city", "London")
    db.delete("user:1", "city")
    assert db.get("user:1", "name") == "Ada"
