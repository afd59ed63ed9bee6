from in_memory_db import InMemoryDB


def test_scan_formats_each_field_as_name_then_value_in_parentheses():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    assert db.scan("user:1") == ["name(Ada)"]


def test_scan_lists_fields_sorted_by_name():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    db.set("user:1", "city", "London")
    db.set("user:1", "age", "36")
    assert db.scan("user:1") == ["age(36)", "city(London)", "name(Ada)"]


def test_scan_missing_record_returns_empty_list():
    db = InMemoryDB()
    assert db.scan("user:1") == []


def test_scan_reads_only_the_given_record():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    db.set("user:2", "name", "Grace")
    assert db.scan("user:2") == ["name(Grace)"]


def test_scan_shows_replaced_value():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    db.set("user:1", "name", "Grace")
    assert db.scan("user:1") == ["name(Grace)"]


def test_scan_omits_deleted_field():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    db.set("user:1", "city", "London")
    db.delete("user:1", "city")
    assert db.scan("user:1") == ["name(Ada)"]


def test_scan_by_prefix_keeps_only_fields_starting_with_prefix():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    db.set("user:1", "nickname", "countess")
    db.set("user:1", "age", "36")
    assert db.scan_by_prefix("user:1", "n") == ["name(Ada)", "nickname(countess)"]


def test_scan_by_prefix_results_are_sorted_by_name():
    db = InMemoryDB()
    db.set("user:1", "tag_c", "3")
    db.set("user:1", "tag_a", "1")
    db.set("user:1", "tag_b", "2")
    assert db.scan_by_prefix("user:1", "tag_") == ["tag_a(1)", "tag_b(2)", "tag_c(3)"]


def test_scan_by_prefix_matches_field_equal_to_prefix():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    db.set("user:1", "nickname", "countess")
    assert db.scan_by_prefix("user:1", "name") == ["name(Ada)"]


def test_scan_by_prefix_without_match_returns_empty_list():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    assert db.scan_by_prefix("user:1", "x") == []


def test_scan_by_prefix_empty_prefix_matches_every_field():
    db = InMemoryDB()
    db.set("user:1", "name", "Ada")
    db.set("user:1", "age", "36")
    assert db.scan_by_prefix("user:1", "") == ["age(36)", "name(Ada)"]
