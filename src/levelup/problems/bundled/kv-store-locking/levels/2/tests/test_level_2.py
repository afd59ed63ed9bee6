import pytest
from kv_store import KVStore


def test_begin_returns_increasing_ids_from_one():
    store = KVStore()
    assert [store.begin(), store.begin(), store.begin()] == [1, 2, 3]


def test_buffered_put_is_invisible_before_commit():
    store = KVStore()
    tx = store.begin()
    store.tx_put(tx, "stock", 10)
    assert store.get("stock") is None


def test_commit_applies_writes_and_returns_true():
    store = KVStore()
    store.put("stock", 10)
    tx = store.begin()
    store.tx_put(tx, "stock", 9)
    store.tx_put(tx, "price", 3)
    assert store.commit(tx) is True
    assert store.get("stock") == 9
    assert store.get_version("stock", 2) == 9
    assert store.get("price") == 3


def test_tx_get_sees_own_buffered_writes():
    store = KVStore()
    store.put("stock", 10)
    tx = store.begin()
    assert store.tx_get(tx, "stock") == 10
    store.tx_put(tx, "stock", 9)
    assert store.tx_get(tx, "stock") == 9


def test_rollback_discards_buffered_writes():
    store = KVStore()
    store.put("stock", 10)
    tx = store.begin()
    store.tx_put(tx, "stock", 0)
    assert store.rollback(tx) is None
    assert store.get("stock") == 10


def test_tx_get_repeats_value_at_read_version():
    store = KVStore()
    store.put("stock", 10)
    tx = store.begin()
    assert store.tx_get(tx, "stock") == 10
    store.put("stock", 7)
    assert store.tx_get(tx, "stock") == 10


def test_commit_conflicts_when_a_read_key_changed():
    store = KVStore()
    store.put("stock", 10)
    tx = store.begin()
    store.tx_get(tx, "stock")
    store.tx_put(tx, "sold", 1)
    store.put("stock", 7)
    assert store.commit(tx) is False
    assert store.get("sold") is None
    assert store.get("stock") == 7


def test_second_of_two_conflicting_commits_fails():
    store = KVStore()
    store.put("stock", 10)
    first = store.begin()
    second = store.begin()
    store.tx_put(first, "stock", 9)
    store.tx_put(second, "stock", 8)
    assert store.commit(first) is True
    assert store.commit(second) is False
    assert store.get("stock") == 9


def test_ended_or_unknown_transaction_raises_key_error():
    store = KVStore()
    tx = store.begin()
    store.commit(tx)
    with pytest.raises(KeyError):
        store.tx_get(tx, "stock")
    with pytest.raises(KeyError):
        store.commit(tx)
    with pytest.raises(KeyError):
        store.tx_put(99, "stock", 1)
    with pytest.raises(KeyError):
        store.rollback(99)


def test_tx_delete_reports_and_applies_deletion():
    store = KVStore()
    store.put("stock", 10)
    tx = store.begin()
    assert store.tx_delete(tx, "stock") is True
    assert store.tx_get(tx, "stock") is None
    assert store.tx_delete(tx, "missing") is False
    assert store.get("stock") == 10
    assert store.commit(tx) is True
    assert store.get("stock") is None
    assert store.put("stock", 1) == 3
