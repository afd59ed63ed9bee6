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
        store.increment("name", 1, "g")
    assert store.waiting_at("g") == 0
    assert store.get("name") == "5"
    assert store.put("name", "6") == 2


def test_concurrent_increments_lose_no_updates():
    store = KVStore()
    results = run_threads(store, [[("increment", ("hits", 1))] * 100 for _ in range(8)])
    assert store.get("hits") == 800
    assert sorted(value for values in results for value in values) == list(range(1, 801))


def test_gated_increments_take_turns_and_lose_no_updates():
    store = KVStore()
    calls = [Call(store, "increment", "hits", 1, "g") for _ in range(5)]
    try:
        assert eventually(lambda: store.waiting_at("g") >= 1)
        time.sleep(GRACE)  # time for an increment that did not wait its turn to reach the gate too
        assert store.waiting_at("g") == 1, "several increments were between their read and write at once"
    finally:
        store.open_gate("g")
    assert sorted(call.result() for call in calls) == [1, 2, 3, 4, 5]
    assert store.get("hits") == 5


def test_concurrent_puts_return_distinct_versions():
    store = KVStore()
    calls = [[("put", ("k", f"t{t}-{i}")) for i in range(50)] for t in range(8)]
    results = run_threads(store, calls)
    assert sorted(version for versions in results for version in versions) == list(range(1, 401))


def test_read_slow_returns_the_value_read_before_its_gate():
    store = KVStore()
    store.put("k", "v")
    reader = Call(store, "read_slow", "k", "g")
    try:
        assert eventually(lambda: store.waiting_at("g") == 1)
        assert not reader.done.is_set()
    finally:
        store.open_gate("g")
    assert reader.result() == "v"
    assert store.waiting_at("g") == 0
    assert store.read_slow("missing", "g") is None  # an open gate does not stop anyone


def test_write_slow_stores_value_and_returns_version():
    store = KVStore()
    store.put("k", "old")
    store.open_gate("open")
    assert store.write_slow("k", "new", "open") == 2
    assert store.get("k") == "new"


def test_concurrent_slow_writes_never_overlap():
    store = KVStore()
    calls = [Call(store, "write_slow", "k", i, "g") for i in range(3)]
    try:
        assert eventually(lambda: store.waiting_at("g") >= 1)
        time.sleep(GRACE)
        assert store.waiting_at("g") == 1, "several slow writes held the store at once"
    finally:
        store.open_gate("g")
    assert sorted(call.result() for call in calls) == [1, 2, 3]


def test_put_waits_for_slow_read_to_finish():
    store = KVStore()
    store.put("k", "old")
    reader = Call(store, "read_slow", "k", "g")
    writer = None
    try:
        assert eventually(lambda: store.waiting_at("g") == 1)
        writer = Call(store, "put", "k", "new")
        time.sleep(GRACE)
        assert not writer.done.is_set(), "put returned while read_slow was waiting at its gate"
    finally:
        store.open_gate("g")
    assert reader.result() == "old"
    assert writer.result() == 2
    assert store.get("k") == "new"
