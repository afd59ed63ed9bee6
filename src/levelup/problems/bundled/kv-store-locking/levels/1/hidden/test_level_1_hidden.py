from kv_store import KVStore


def test_second_delete_returns_false_and_records_no_version():
    store = KVStore()
    store.put("k", "v")
    assert store.delete("k") is True
    assert store.delete("k") is False
    assert store.put("k", "w") == 3


def test_get_version_negative_returns_none():
    store = KVStore()
    store.put("k", "v")
    assert store.get_version("k", -1) is None


def test_get_version_of_deleted_key_still_returns_old_values():
    store = KVStore()
    store.put("k", 1)
    store.delete("k")
    assert store.get("k") is None
    assert store.get_version("k", 1) == 1
    assert store.get_version("k", 2) is None
    assert store.get_version("k", 3) is None


def test_many_keys_keep_independent_versions():
    store = KVStore()
    for round_number in range(1, 4):
        for i in range(300):
            assert store.put(f"key{i}", i * round_number) == round_number
    assert store.get("key7") == 21
    assert store.get_version("key7", 2) == 14


def test_keys_are_case_sensitive():
    store = KVStore()
    store.put("a", "lower")
    assert store.get("A") is None
    assert store.delete("A") is False
    assert store.get("a") == "lower"
