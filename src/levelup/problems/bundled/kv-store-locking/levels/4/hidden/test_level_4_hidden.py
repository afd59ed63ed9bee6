import threading
import time

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


def later_read_waits_for_the_queued_write(pause, later_read_got_in, start_later_read):
    """The worked example once: True when the later read waited for the queued write. The test
    cannot see the write queue up for access, so it pauses before the later read arrives; a correct
    store can only fail a try whose pause was too short for the write's thread to get there."""
    store = KVStore()
    store.put("k", "old")
    first = Call(store, "read_slow", "k", "a")
    try:
        assert eventually(lambda: store.waiting_at("a") == 1)
        writer = Call(store, "write_slow", "k", "new", "b")
        time.sleep(pause)
        later = start_later_read(store)
        if eventually(lambda: later_read_got_in(store, later), seconds=GRACE * 2):
            return False  # the read overtook the waiting write (or the write had not queued yet)
        store.open_gate("a")
        assert first.result() == "old"
        assert eventually(lambda: store.waiting_at("b") == 1), "the write never got access"
        assert not later_read_got_in(store, later), "a read got in while the write held access"
        store.open_gate("b")
        assert writer.result() == 2
        store.open_gate("c")
        assert later.result() == "new"
        return True
    finally:
        for gate in ("a", "b", "c"):
            store.open_gate(gate)


def test_eight_slow_reads_run_concurrently():
    store = KVStore()
    store.put("k", 1)
    readers = [Call(store, "read_slow", "k", "g") for _ in range(8)]
    try:
        assert eventually(lambda: store.waiting_at("g") == 8), "the reads did not all hold access at once"
    finally:
        store.open_gate("g")
    assert [reader.result() for reader in readers] == [1] * 8


def test_read_during_slow_increment_waits_and_sees_result():
    store = KVStore()
    store.put("n", 10)
    store.open_gate("open")
    incrementer = Call(store, "increment", "n", 5, "g")
    try:
        assert eventually(lambda: store.waiting_at("g") == 1)
        reader = Call(store, "read_slow", "n", "open")
        time.sleep(GRACE)
        assert not reader.done.is_set(), "a read returned while the increment held access"
    finally:
        store.open_gate("g")
    assert reader.result() == 15
    assert store.get_version("n", 2) == 15
    assert incrementer.result() == 15


def test_waiting_writer_also_blocks_later_get():
    def got_in(store, later):
        return later.done.is_set()

    def start(store):
        return Call(store, "get", "k")

    assert any(later_read_waits_for_the_queued_write(pause, got_in, start) for pause in (0.1, 0.5, 2.0)), (
        "a read that arrived while a write was waiting got access before the write"
    )


def test_commit_waits_for_slow_read():
    store = KVStore()
    store.put("k", 1)
    tx = store.begin()
    store.tx_put(tx, "k", 2)
    reader = Call(store, "read_slow", "k", "g")
    try:
        assert eventually(lambda: store.waiting_at("g") == 1)
        committer = Call(store, "commit", tx)
        time.sleep(GRACE)
        assert not committer.done.is_set(), "commit returned while a read held access"
    finally:
        store.open_gate("g")
    assert reader.result() == 1
    assert committer.result() is True
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
        thread.join(timeout=STUCK)
    assert errors == []
    assert len(successes) >= 1
    assert store.get("n") == len(successes)
