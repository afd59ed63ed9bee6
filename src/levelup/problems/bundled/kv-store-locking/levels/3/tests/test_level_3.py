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


def test_increment_of_missing_key_starts_from_zero():
    store = KVStore()
    assert store.increment("hits", 5) == 5
    assert store.get("hits") == 5
    assert store.get_version("hits", 1) == 5


def test_increment_records_a_new_version():
    store = KVStore()
    store.put("hits", 10)
    assert store.increment("hits", -3) == 7
    assert store.get_version("hits", 2) == 7
    assert store.put("hits", 0) == 3


def test_increment_of_string_value_raises_type_error():
    store = KVStore()
    store.put("name", "5")
    with pytest.raises(TypeError):
        store.increment("name", 1)
    assert store.get("name") == "5"
    assert store.put("name", "6") == 2


def test_concurrent_increments_lose_no_updates():
    store = KVStore()
    results, _ = run_threads(store, [[("increment", ("hits", 1))] * 100 for _ in range(8)])
    assert store.get("hits") == 800
    assert sorted(value for values in results for value in values) == list(range(1, 801))


def test_concurrent_slow_increments_lose_no_updates():
    store = KVStore()
    results, seconds = run_threads(store, [[("increment", ("hits", 1, 0.03))] for _ in range(5)])
    assert store.get("hits") == 5
    assert sorted(values[0] for values in results) == [1, 2, 3, 4, 5]
    assert seconds >= 0.145


def test_concurrent_puts_return_distinct_versions():
    store = KVStore()
    calls = [[("put", ("k", f"t{t}-{i}")) for i in range(50)] for t in range(8)]
    results, _ = run_threads(store, calls)
    assert sorted(version for versions in results for version in versions) == list(range(1, 401))


def test_read_slow_returns_current_value_after_waiting():
    store = KVStore()
    store.put("k", "v")
    start = time.monotonic()
    assert store.read_slow("k", 0.05) == "v"
    assert time.monotonic() - start >= 0.05
    assert store.read_slow("missing", 0) is None


def test_write_slow_stores_value_and_returns_version():
    store = KVStore()
    store.put("k", "old")
    assert store.write_slow("k", "new", 0.02) == 2
    assert store.get("k") == "new"


def test_concurrent_slow_writes_never_overlap():
    store = KVStore()
    results, seconds = run_threads(store, [[("write_slow", ("k", i, 0.1))] for i in range(3)])
    assert sorted(values[0] for values in results) == [1, 2, 3]
    assert seconds >= 0.29


def test_put_waits_for_slow_read_to_finish():
    store = KVStore()
    store.put("k", "old")
    reader = start_call(store, "read_slow", "k", 0.3)
    time.sleep(0.1)
    start = time.monotonic()
    store.put("k", "new")
    waited = time.monotonic() - start
    assert finish_call(reader) == "old"
    assert waited >= 0.1
