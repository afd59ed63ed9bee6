import pytest
from kv_store import KVStore


def test_only_final_buffered_write_adds_one_version():
    store = KVStore()
    tx = store.begin()
    store.tx_put(tx, "k", "a")
    store.tx_put(tx, "k", "b")
    store.tx_put(tx, "k", "c")
    assert store.commit(tx) is True
    assert store.get("k") == "c"
    assert store.get_version("k", 1) == "c"
    assert store.get_version("k", 2) is None


def test_conflict_on_key_first_written_after_it_was_touched():
    store = KVStore()
    tx = store.begin()
    assert store.tx_get(tx, "new") is None
    store.tx_put(tx, "other", 1)
    store.put("new", "outside")
    assert store.commit(tx) is False
    assert store.get("other") is None


def test_outside_delete_causes_conflict():
    store = KVStore()
    store.put("k", 1)
    tx = store.begin()
    store.tx_put(tx, "k", 2)
    store.delete("k")
    assert store.commit(tx) is False
    assert store.get("k") is None


def test_failed_commit_ends_the_transaction():
    store = KVStore()
    store.put("k", 1)
    tx = store.begin()
    store.tx_get(tx, "k")
    store.put("k", 2)
    assert store.commit(tx) is False
    with pytest.raises(KeyError):
        store.rollback(tx)
    with pytest.raises(KeyError):
        store.tx_delete(tx, "k")


def test_transactions_on_disjoint_keys_both_commit_and_ids_are_not_reused():
    store = KVStore()
    first = store.begin()
    second = store.begin()
    store.tx_put(first, "a", 1)
    store.tx_put(second, "b", 2)
    assert store.commit(second) is True
    assert store.commit(first) is True
    assert (store.get("a"), store.get("b")) == (1, 2)
    assert store.begin() == 3
    assert store.commit(3) is True
    assert store.begin() == 4


def test_buffered_put_then_delete_of_new_key_commits_nothing():
    store = KVStore()
    tx = store.begin()
    store.tx_put(tx, "k", 1)
    assert store.tx_delete(tx, "k") is True
    assert store.commit(tx) is True
    assert store.get("k") is None
    assert store.put("k", 5) == 1
