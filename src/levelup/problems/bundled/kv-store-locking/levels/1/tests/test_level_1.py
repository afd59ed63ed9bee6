from kv_store import KVStore


def test_first_put_returns_version_one():
    store = KVStore()
    assert store.put("color", "red") == 1


def test_put_versions_count_up_per_key():
    store = KVStore()
    assert store.put("color", "red") == 1
    assert store.put("color", "blue") == 2
    assert store.put("size", 10) == 1
    assert store.put("color", "blue") == 3


def test_get_returns_latest_value():
    store = KVStore()
    store.put("color", "red")
    store.put("color", "blue")
    assert store.get("color") == "blue"


def test_get_of_unknown_key_returns_none():
    store = KVStore()
    assert store.get("shape") is None


def test_values_keep_their_type():
    store = KVStore()
    store.put("n", 5)
    store.put("s", "5")
    assert store.get("n") == 5
    assert store.get("s") == "5"
    assert store.get("n") != store.get("s")


def test_get_version_returns_old_values():
    store = KVStore()
    store.put("color", "red")
    store.put("color", "blue")
    store.put("color", "green")
    assert store.get_version("color", 1) == "red"
    assert store.get_version("color", 2) == "blue"
    assert store.get_version("color", 3) == "green"


def test_get_version_out_of_range_returns_none():
    store = KVStore()
    store.put("color", "red")
    assert store.get_version("color", 0) is None
    assert store.get_version("color", 2) is None
    assert store.get_version("shape", 1) is None


def test_delete_existing_key_returns_true_and_hides_value():
    store = KVStore()
    store.put("color", "red")
    assert store.delete("color") is True
    assert store.get("color") is None


def test_delete_of_unknown_key_returns_false():
    store = KVStore()
    assert store.delete("shape") is False


def test_delete_records_a_version_and_keeps_history():
    store = KVStore()
    store.put("color", "red")
    store.put("color", "blue")
    store.delete("color")
    assert store.get_version("color", 3) is None
    assert store.get_version("color", 2) == "blue"
    assert store.put("color", "green") == 4
    assert store.get("color") == "green"
