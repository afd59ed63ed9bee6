import threading
import time

import pytest
from kv_store import KVStore

PATIENCE = 2.0  # seconds to wait for a state a correct store reaches at once
GRACE = 0.2  # seconds a call gets to go wrong before a test checks that it has not
STUCK = 8.0  # seconds after which a call counts as never returning (a test may take 10)


def eventually(condition, seconds=PATIENCE):
    """Poll `condition` until it holds (True) or `seconds` pass (False)."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.005)
    return True


class Call:
    """One store call running in its own thread."""

    def __init__(self, store, method, *args):
        self.done = threading.Event()
        self.value = None
        self.error = None
        self._thread = threading.Thread(target=self._run, args=(store, method, args), daemon=True)
        self._thread.start()

    def _run(self, store, method, args):
        try:
            self.value = getattr(store, method)(*args)
        except Exception as error:  # noqa: BLE001 (reported by the test thread)
            self.error = repr(error)
        finally:
            self.done.set()

    def result(self):
        assert self.done.wait(STUCK), "the call never returned (deadlock?)"
        assert self.error is None, self.error
        return self.value


def run_threads(store, per_thread_calls):
    """Start one thread per list of (method, args) calls, released together by a barrier.

    Returns results: results[i] lists thread i's return values in call order.
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
    for thread in threads:
        thread.start()
    deadline = time.monotonic() + STUCK
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    assert not any(thread.is_alive() for thread in threads), "calls never returned (deadlock?)"
    assert errors == []
    return results


def test_get_during_slow_write_waits_and_sees_new_value():
    store = KVStore()
    store.put("k", "old")
    writer = Call(store, "write_slow", "k", "new", "g")
    reader = None
    try:
        assert eventually(lambda: store.waiting_at("g") == 1)
        reader = Call(store, "get", "k")
        time.sleep(GRACE)
        assert not reader.done.is_set(), "get returned while write_slow was waiting at its gate"
    finally:
        store.open_gate("g")
    assert reader.result() == "new"
    assert writer.result() == 2


def test_empty_gate_name_raises_value_error_and_changes_nothing():
    store = KVStore()
    store.put("k", 1)
    with pytest.raises(ValueError):
        store.increment("k", 1, "")
    with pytest.raises(ValueError):
        store.read_slow("k", "")
    with pytest.raises(ValueError):
        store.write_slow("k", 2, "")
    assert store.get("k") == 1
    assert store.put("k", 3) == 2


def test_concurrent_begin_returns_distinct_ids():
    store = KVStore()
    results = run_threads(store, [[("begin", ())] * 25 for _ in range(8)])
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
        thread.join(timeout=STUCK)
    assert errors == []
    assert len(successes) >= 1
    assert store.get("n") == len(successes)
    assert store.put("n", -1) == len(successes) + 2


def test_gated_increments_on_two_keys_and_deleted_key_start_from_zero():
    store = KVStore()
    store.put("a", 7)
    store.delete("a")
    calls = [Call(store, "increment", "a", 2, "ga") for _ in range(3)]
    calls += [Call(store, "increment", "b", -1, "gb") for _ in range(3)]
    try:
        assert eventually(lambda: store.waiting_at("ga") + store.waiting_at("gb") >= 1)
    finally:
        store.open_gate("ga")
        store.open_gate("gb")
    for call in calls:
        call.result()
    assert store.get("a") == 6
    assert store.get("b") == -3
    assert store.get_version("a", 3) == 2
