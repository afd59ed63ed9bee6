from in_memory_db import InMemoryDB


def test_scan_sorts_by_plain_string_order_uppercase_first_and_f10_before_f9():
    db = InMemoryDB()
    for field in ["f9", "age", "f10", "Zip", "B"]:
        db.set("r", field, "v")
    assert db.scan("r") == ["B(v)", "Zip(v)", "age(v)", "f10(v)", "f9(v)"]


def test_scan_shows_empty_value_as_empty_parentheses():
    db = InMemoryDB()
    db.set("r", "note", "")
    db.set("r", "name", "Ada")
    assert db.scan("r") == ["name(Ada)", "note()"]


def test_scan_of_record_whose_fields_were_all_deleted_is_empty():
    db = InMemoryDB()
    db.set("r", "a", "1")
    db.set("r", "b", "2")
    db.delete("r", "a")
    db.delete("r", "b")
    assert db.scan("r") == []
    assert db.scan_by_prefix("r", "") == []


def test_scan_by_prefix_is_case_sensitive_and_ignores_values():
    db = InMemoryDB()
    db.set("r", "Name", "nora")
    db.set("r", "name", "Ada")
    db.set("r", "city", "name")
    assert db.scan_by_prefix("r", "n") == ["name(Ada)"]
    assert db.scan_by_prefix("r", "N") == ["Name(nora)"]


def test_scan_by_prefix_on_missing_record_returns_empty_list():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    assert db.scan_by_prefix("user:2", "n") == []
