import threading
import time

import pytest
from kv_store import KVStore


def run_threads(store, per_thread_calls):
    """Start one thread per list of (method, args) calls, released together.

    Returns (results, seconds): results[i] lists thread i's return values in call order.
    """
    results = [[] for _ in per_thread_calls]
    errors = []
    barrier = threading.Barrier(len(per_thread_calls))

    def worker(index, calls):
        barrier.wait()
        try:
            for method, args in calls:
                results[index].append(getattr(store, method)(*args))
        except Exception as error:  # noqa: BLE001 (reported by the test thread)
            errors.append(repr(error))

    threads = [
        threading.Thread(target=worker, args=(i, calls), daemon=True)
        for i, calls in enumerate(per_thread_calls)
    ]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=4)
    seconds = time.monotonic() - start
    assert not any(thread.is_alive() for thread in threads), "calls never returned (deadlock?)"
    assert errors == []
    return results, seconds


def start_call(store, method, *args):
    """Run one call in a background thread; pass the result to finish_call."""
    box = {}

    def worker():
        try:
            box["result"] = getattr(store, method)(*args)
        except Exception as error:  # noqa: BLE001 (reported by the test thread)
            box["error"] = repr(error)

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()
    return thread, box


def finish_call(call):
    thread, box = call
    thread.join(timeout=4)
    assert not thread.is_alive(), "call never returned (deadlock?)"
    assert "error" not in box, box.get("error")
    return box["result"]


def test_get_during_slow_write_waits_and_sees_new_value():
    store = KVStore()
    store.put("k", "old")
    writer = start_call(store, "write_slow", "k", "new", 0.3)
    time.sleep(0.1)
    assert store.get("k") == "new"
    assert finish_call(writer) == 2


def test_negative_hold_raises_value_error_and_changes_nothing():
    store = KVStore()
    store.put("k", 1)
    with pytest.raises(ValueError):
        store.increment("k", 1, -0.1)
    with pytest.raises(ValueError):
        store.read_slow("k", -1)
    with pytest.raises(ValueError):
        store.write_slow("k", 2, -0.5)
    assert store.get("k") == 1
    assert store.put("k", 3) == 2


def test_concurrent_begin_returns_distinct_ids():
    store = KVStore()
    results, _ = run_threads(store, [[("begin", ())] * 25 for _ in range(8)])
    assert sorted(tx for ids in results for tx in ids) == list(range(1, 201))


def test_concurrent_transactional_increments_count_every_successful_commit():
    store = KVStore()
    store.put("n", 0)
    successes = []
    errors = []
    barrier = threading.Barrier(4)

    def worker():
        barrier.wait()
        try:
            for _ in range(25):
                tx = store.begin()
                value = store.tx_get(tx, "n")
                store.tx_put(tx, "n", value + 1)
                if store.commit(tx):
                    successes.append(tx)
        except Exception as error:  # noqa: BLE001 (reported by the test thread)
            errors.append(repr(error))

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=4)
    assert errors == []
    assert len(successes) >= 1
    assert store.get("n") == len(successes)
    assert store.put("n", -1) == len(successes) + 2


def test_slow_increments_on_two_keys_and_deleted_key_start_from_zero():
    store = KVStore()
    store.put("a", 7)
    store.delete("a")
    calls = [[("increment", ("a", 2, 0.02))] for _ in range(3)]
    calls += [[("increment", ("b", -1, 0.02))] for _ in range(3)]
    run_threads(store, calls)
    assert store.get("a") == 6
    assert store.get("b") == -3
    assert store.get_version("a", 3) == 2
