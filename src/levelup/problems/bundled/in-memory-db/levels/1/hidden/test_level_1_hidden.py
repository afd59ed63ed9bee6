from in_memory_db import InMemoryDB


def test_empty_string_value_is_stored_not_missing():
    db = InMemoryDB()
    db.set("user:1", "note", "")
    assert db.get("user:1", "note") == ""
    assert db.delete("user:1", "note") is True


def test_delete_twice_returns_true_then_false():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    assert db.delete("user:1", "name") is True
    assert db.delete("user:1", "name") is False


def test_field_can_be_set_again_after_delete():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    db.delete("user:1", "name")
    db.set("user:1", "name", "Grace")
    assert db.get("user:1", "name") == "Grace"


def test_keys_and_field_names_are_case_sensitive():
    db = InMemoryDB()
    db.set("A", "name", "upper key")
    db.set("a", "name", "lower key")
    db.set("a", "Name", "capital field")
    assert db.get("A", "name") == "upper key"
    assert db.get("a", "name") == "lower key"
    assert db.get("a", "Name") == "capital field"
    assert db.get("A", "Name") is None


def test_many_records_and_fields_keep_their_values():
    db = InMemoryDB()
    for r in range(200):
        for f in range(20):
            db.set(f"rec{r}", f"f{f}", f"{r}-{f}")
    for r in range(0, 200, 2):
        db.delete(f"rec{r}", "f0")
    assert db.get("rec7", "f13") == "7-13"
    assert db.get("rec199", "f0") == "199-0"
    assert db.get("rec198", "f0") is None
    assert db.get("rec198", "f1") == "198-1"
