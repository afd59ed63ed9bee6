import threading
import time

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


def test_eight_slow_reads_run_concurrently():
    store = KVStore()
    store.put("k", 1)
    results, seconds = run_threads(store, [[("read_slow", ("k", 0.15))] for _ in range(8)])
    assert results == [[1]] * 8
    assert seconds < 0.45


def test_read_during_slow_increment_waits_and_sees_result():
    store = KVStore()
    store.put("n", 10)
    incrementer = start_call(store, "increment", "n", 5, 0.2)
    time.sleep(0.05)
    assert store.read_slow("n", 0) == 15
    assert store.get_version("n", 2) == 15
    assert finish_call(incrementer) == 15


def test_waiting_writer_also_blocks_later_get():
    store = KVStore()
    store.put("k", "old")
    first_reader = start_call(store, "read_slow", "k", 0.3)
    time.sleep(0.08)
    writer = start_call(store, "write_slow", "k", "new", 0.05)
    time.sleep(0.08)
    assert store.get("k") == "new"
    assert finish_call(first_reader) == "old"
    assert finish_call(writer) == 2


def test_commit_waits_for_slow_read():
    store = KVStore()
    store.put("k", 1)
    tx = store.begin()
    store.tx_put(tx, "k", 2)
    reader = start_call(store, "read_slow", "k", 0.2)
    time.sleep(0.05)
    start = time.monotonic()
    assert store.commit(tx) is True
    waited = time.monotonic() - start
    assert finish_call(reader) == 1
    assert waited >= 0.1
    assert store.get("k") == 2


def test_concurrent_transactions_still_detect_conflicts():
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
