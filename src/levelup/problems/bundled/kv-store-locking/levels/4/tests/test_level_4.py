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


def test_slow_reads_of_one_key_run_concurrently():
    store = KVStore()
    store.put("k", "v")
    readers = [Call(store, "read_slow", "k", "g") for _ in range(4)]
    try:
        assert eventually(lambda: store.waiting_at("g") == 4), "the reads did not all hold access at once"
    finally:
        store.open_gate("g")
    assert [reader.result() for reader in readers] == ["v"] * 4


def test_slow_reads_of_different_keys_run_concurrently():
    store = KVStore()
    for i in range(4):
        store.put(f"k{i}", i)
    readers = [Call(store, "read_slow", f"k{i}", "g") for i in range(4)]
    try:
        assert eventually(lambda: store.waiting_at("g") == 4), "the reads did not all hold access at once"
    finally:
        store.open_gate("g")
    assert [reader.result() for reader in readers] == [0, 1, 2, 3]


def test_get_and_get_version_are_not_blocked_by_slow_read():
    store = KVStore()
    store.put("k", "v")
    reader = Call(store, "read_slow", "k", "g")
    try:
        assert eventually(lambda: store.waiting_at("g") == 1)
        getter = Call(store, "get", "k")
        versioner = Call(store, "get_version", "k", 1)
        assert getter.done.wait(PATIENCE) and versioner.done.wait(PATIENCE), "a read waited for another read"
        assert store.waiting_at("g") == 1  # the slow read was holding access all along
    finally:
        store.open_gate("g")
    assert (getter.result(), versioner.result(), reader.result()) == ("v", "v", "v")


def test_slow_write_never_overlaps_slow_reads():
    store = KVStore()
    store.put("k", "old")
    readers = [Call(store, "read_slow", "k", "r") for _ in range(2)]
    try:
        assert eventually(lambda: store.waiting_at("r") == 2)
        writer = Call(store, "write_slow", "k", "new", "w")
        time.sleep(GRACE)
        assert store.waiting_at("w") == 0, "the write got access while reads held it"
        store.open_gate("r")
        assert [reader.result() for reader in readers] == ["old", "old"]
        assert eventually(lambda: store.waiting_at("w") == 1)
        late_reader = Call(store, "read_slow", "k", "r")
        time.sleep(GRACE)
        assert not late_reader.done.is_set(), "a read got access while the write held it"
    finally:
        store.open_gate("r")
        store.open_gate("w")
    assert writer.result() == 2
    assert late_reader.result() == "new"


def test_slow_writes_never_overlap_each_other():
    store = KVStore()
    writers = [Call(store, "write_slow", "k", i, "g") for i in range(2)]
    try:
        assert eventually(lambda: store.waiting_at("g") >= 1)
        time.sleep(GRACE)
        assert store.waiting_at("g") == 1, "two slow writes held the store at once"
    finally:
        store.open_gate("g")
    assert sorted(writer.result() for writer in writers) == [1, 2]


def test_read_during_slow_write_waits_and_sees_new_value():
    store = KVStore()
    store.put("k", "old")
    store.open_gate("open")
    writer = Call(store, "write_slow", "k", "new", "g")
    try:
        assert eventually(lambda: store.waiting_at("g") == 1)
        reader = Call(store, "read_slow", "k", "open")
        time.sleep(GRACE)
        assert not reader.done.is_set(), "a read returned while the write held access"
    finally:
        store.open_gate("g")
    assert reader.result() == "new"
    assert writer.result() == 2


def test_put_waits_for_slow_reads_to_finish():
    store = KVStore()
    store.put("k", "old")
    readers = [Call(store, "read_slow", "k", "g") for _ in range(2)]
    try:
        assert eventually(lambda: store.waiting_at("g") == 2)
        writer = Call(store, "put", "k", "new")
        time.sleep(GRACE)
        assert not writer.done.is_set(), "put returned while reads held access"
    finally:
        store.open_gate("g")
    assert [reader.result() for reader in readers] == ["old", "old"]
    assert writer.result() == 2


def test_waiting_writer_blocks_readers_that_arrive_later():
    def got_in(store, later):
        return store.waiting_at("c") == 1

    def start(store):
        return Call(store, "read_slow", "k", "c")

    assert any(later_read_waits_for_the_queued_write(pause, got_in, start) for pause in (0.1, 0.5, 2.0)), (
        "a read that arrived while a write was waiting got access before the write"
    )


def test_concurrent_increments_with_readers_lose_no_updates():
    store = KVStore()
    calls = [[("increment", ("hits", 1))] * 50 for _ in range(4)]
    calls += [[("get", ("hits",))] * 50 for _ in range(4)]
    results = run_threads(store, calls)
    assert store.get("hits") == 200
    for values in results[4:]:
        seen = [0 if value is None else value for value in values]
        assert seen == sorted(seen)


def test_every_method_still_works_without_deadlock():
    store = KVStore()
    calls = [
        ("open_gate", ("open",)),
        ("put", ("k", 1)),
        ("begin", ()),
        ("tx_get", (1, "k")),
        ("tx_delete", (1, "k")),
        ("commit", (1,)),
        ("increment", ("n", 2, "open")),
        ("write_slow", ("k", "w", "open")),
        ("read_slow", ("k", "open")),
        ("get_version", ("k", 3)),
        ("delete", ("k",)),
        ("get", ("k",)),
        ("waiting_at", ("open",)),
    ]
    results = run_threads(store, [calls])
    assert results == [[None, 1, 1, 1, True, True, 2, 3, "w", "w", True, None, 0]]
