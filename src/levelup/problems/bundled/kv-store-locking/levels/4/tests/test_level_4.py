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


def test_slow_reads_of_one_key_run_concurrently():
    store = KVStore()
    store.put("k", "v")
    results, seconds = run_threads(store, [[("read_slow", ("k", 0.15))] for _ in range(4)])
    assert results == [["v"]] * 4
    assert seconds < 0.45


def test_slow_reads_of_different_keys_run_concurrently():
    store = KVStore()
    for i in range(4):
        store.put(f"k{i}", i)
    results, seconds = run_threads(store, [[("read_slow", (f"k{i}", 0.15))] for i in range(4)])
    assert results == [[0], [1], [2], [3]]
    assert seconds < 0.45


def test_get_and_get_version_are_not_blocked_by_slow_read():
    store = KVStore()
    store.put("k", "v")
    reader = start_call(store, "read_slow", "k", 0.3)
    time.sleep(0.05)
    start = time.monotonic()
    assert store.get("k") == "v"
    assert store.get_version("k", 1) == "v"
    assert time.monotonic() - start < 0.15
    assert finish_call(reader) == "v"


def test_slow_write_never_overlaps_slow_reads():
    store = KVStore()
    store.put("k", "old")
    calls = [[("read_slow", ("k", 0.15))] for _ in range(4)]
    calls.append([("write_slow", ("k", "new", 0.15))])
    results, seconds = run_threads(store, calls)
    assert seconds >= 0.3
    assert results[4] == [2]
    assert all(values[0] in ("old", "new") for values in results[:4])


def test_slow_writes_never_overlap_each_other():
    store = KVStore()
    results, seconds = run_threads(store, [[("write_slow", ("k", i, 0.15))] for i in range(2)])
    assert sorted(values[0] for values in results) == [1, 2]
    assert seconds >= 0.3


def test_read_during_slow_write_waits_and_sees_new_value():
    store = KVStore()
    store.put("k", "old")
    writer = start_call(store, "write_slow", "k", "new", 0.2)
    time.sleep(0.05)
    assert store.read_slow("k", 0) == "new"
    assert finish_call(writer) == 2


def test_put_waits_for_slow_reads_to_finish():
    store = KVStore()
    store.put("k", "old")
    readers = [start_call(store, "read_slow", "k", 0.2) for _ in range(2)]
    time.sleep(0.05)
    start = time.monotonic()
    assert store.put("k", "new") == 2
    waited = time.monotonic() - start
    assert [finish_call(reader) for reader in readers] == ["old", "old"]
    assert waited >= 0.1


def test_waiting_writer_blocks_readers_that_arrive_later():
    store = KVStore()
    store.put("k", "old")
    first_reader = start_call(store, "read_slow", "k", 0.3)
    time.sleep(0.08)
    writer = start_call(store, "write_slow", "k", "new", 0.05)
    time.sleep(0.08)
    assert store.read_slow("k", 0) == "new"
    assert finish_call(first_reader) == "old"
    assert finish_call(writer) == 2


def test_concurrent_increments_with_readers_lose_no_updates():
    store = KVStore()
    calls = [[("increment", ("hits", 1))] * 50 for _ in range(4)]
    calls += [[("get", ("hits",))] * 50 for _ in range(4)]
    results, _ = run_threads(store, calls)
    assert store.get("hits") == 200
    for values in results[4:]:
        seen = [0 if value is None else value for value in values]
        assert seen == sorted(seen)


def test_every_method_still_works_without_deadlock():
    store = KVStore()
    calls = [
        ("put", ("k", 1)),
        ("begin", ()),
        ("tx_get", (1, "k")),
        ("tx_delete", (1, "k")),
        ("commit", (1,)),
        ("increment", ("n", 2)),
        ("write_slow", ("k", "w", 0)),
        ("read_slow", ("k", 0)),
        ("get_version", ("k", 3)),
        ("delete", ("k",)),
        ("get", ("k",)),
    ]
    results, _ = run_threads(store, [calls])
    assert results == [[1, 1, 1, True, True, 2, 3, "w", "w", True, None]]
