"""The harness's side of the boundary: one worker process at a time, requests with deadlines.

Several test threads may call at once. Replies are read leader/follower style: whichever waiting
caller holds the reader role reads frames and hands each reply to its caller, so a lone caller
reads its own reply with no thread hand-off. A worker that crashes or runs past the deadline is
killed, every waiting call fails with a clear error, and the next request starts a fresh worker.
"""

from __future__ import annotations

import collections
import itertools
import os
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable
from typing import Any, Protocol

import msgpack

from levelup.grading.boundary import codec, protocol
from levelup.grading.boundary.failures import (
    BoundaryViolation,
    CandidateCrash,
    CandidateMemoryError,
    CandidateTimeout,
    StaleObjectError,
    exception_from_description,
)
from levelup.grading.boundary.mailbox import Mailbox
from levelup.grading.cpu_pressure import cpu_wait_seconds, deadline_allowing_for_load

MAX_KEPT_OUTPUT_CHARS = 16 * 1024
_FRAME_LENGTH = struct.Struct(">I")
_CALL_ID = struct.Struct(">I")
_OP_HEADS: dict[str, bytes] = {}


_ATOMS = frozenset({int, float, str, bool, type(None), bytes})


def _needs_lowering(argument: Any, handle_types: tuple[type, ...]) -> bool:
    """Whether a request argument may hold a container to index (see codec's shared mode)."""
    kind = type(argument)
    if kind is list:
        return not all(type(item) in _ATOMS for item in argument)
    if kind is dict:
        return bool(argument) and not all(type(item) in _ATOMS for item in argument.values())
    return kind not in _ATOMS and not isinstance(argument, handle_types)


def _request_head(op: str, call_id: int, keep: bool) -> bytes:
    """msgpack for the start of [op, call_id, keep, arguments]."""
    head = _OP_HEADS.get(op)
    if head is None:
        head = _OP_HEADS.setdefault(op, b"\x94" + msgpack.packb(op))
    number = b"\xce" + _CALL_ID.pack(call_id) if call_id < 2**32 else msgpack.packb(call_id)
    return head + number + (b"\xc3" if keep else b"\xc2")


_TAINTING = frozenset((*protocol.BINARY_OPERATORS, *protocol.UNARY_OPERATORS, "getitem"))
_TAINTING_CALLS = frozenset((protocol.OP_CALL, protocol.OP_CALL_METHOD))
_WATCHDOG_SECONDS = 0.05  # how often deadlines are checked; a time-out fires at most this late
_FOLLOWER_RECHECK_SECONDS = 0.05


class _Pending:
    """One outstanding call. Only calls on the concurrent channel wait on an event: a sequential
    caller reads its own reply."""

    __slots__ = ("concurrent", "done", "ok", "value", "wake", "states")

    def __init__(self, concurrent: bool) -> None:
        self.concurrent = concurrent  # waits on the concurrent channel (and may be asked to read it)
        self.done = False
        self.ok = False
        self.value: Any = None
        self.states: Any = None  # shared mode: the new state of each argument container the call changed
        self.wake = threading.Event() if concurrent else None  # done, or "take over reading"

    def finish(self, ok: bool, value: Any, states: Any = None) -> None:
        self.ok, self.value, self.states, self.done = ok, value, states, True
        if self.wake is not None:
            self.wake.set()


class ResourceGroup(Protocol):
    """Per-worker resource accounting from the sandbox (cgroups), when it has any."""

    def kill_all(self) -> None: ...
    def remove(self) -> None: ...
    def ran_out_of_memory(self) -> bool: ...
    def hit_process_limit(self) -> bool: ...


class LaunchedWorker:
    """What a sandbox launcher returns: a process handle and the harness's end of the socket."""

    def __init__(
        self,
        process: Any,
        sock: socket.socket,
        concurrent_sock: socket.socket,
        output_fd: int | None,
        resources: ResourceGroup | None = None,
        mailbox: Mailbox | None = None,
    ) -> None:
        self.process = process
        self.sock = sock  # the sequential channel: one call at a time, served inline by the worker
        self.concurrent_sock = concurrent_sock  # calls made while another call is outstanding
        self.output_fd = output_fd
        self.resources = resources
        self.mailbox = mailbox  # the sequential channel through shared memory, where the machine allows it
        # one call at a time, read only by its caller
        self.sequential: codec.FramedSocket | Mailbox = mailbox or codec.FramedSocket(sock, protocol.SPIN_SECONDS)
        self.concurrent = codec.FramedSocket(concurrent_sock)  # read by whoever holds the reader role

    def close_sockets(self) -> None:
        sockets = [self.sock, self.concurrent_sock]
        if self.mailbox is not None:
            sockets.append(self.mailbox.bell)
        for sock in sockets:
            try:
                sock.shutdown(socket.SHUT_RDWR)  # wakes a caller blocked reading it
            except OSError:
                pass
            sock.close()

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.kill()
        except ProcessLookupError:
            pass
        if self.resources is not None:
            self.resources.kill_all()
        self.process.wait()
        if self.resources is not None:
            for _ in range(50):  # the kernel reaps a dead pid namespace asynchronously
                self.resources.kill_all()
                self.resources.remove()
                if not any(folder.exists() for folder in getattr(self.resources, "folders", {}).values()):
                    break
                time.sleep(0.01)

    def exhausted_resource(self) -> str | None:
        if self.resources is None:
            return None
        if self.resources.ran_out_of_memory():
            return "memory"
        if self.resources.hit_process_limit():
            return "processes"
        return None


class Boundary:
    """Requests to the candidate's process. `launch` starts a fresh confined worker."""

    def __init__(self, launch: Callable[[], LaunchedWorker], memory_mb: int) -> None:
        self._launch = launch
        self._memory_mb = memory_mb
        self._lock = threading.RLock()
        self._send_lock = threading.Lock()
        self._reader_lock = threading.Lock()
        self._worker: LaunchedWorker | None = None
        self._route_lock = threading.Lock()
        self._sequential_busy = False
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)
        self._dead_reason: str | None = None
        self._last_status: int | None = None
        self._last_exhausted: str | None = None
        self.generation = 0
        self.calls = 0  # requests sent (benchmarks report it)
        self._deadline: float | None = None
        # when the deadline was set, by which thread, and how long that thread had waited for a CPU
        self._deadline_set: tuple[float, int, float | None] = (0.0, 0, None)
        self.deadline_label = ""
        self._output: list[str] = []
        self._output_chars = 0
        self._output_lock = threading.Lock()
        self._make_handle: Callable[[int, int, bytes], Any] = lambda handle_id, flags, description: handle_id
        self._to_handle: Callable[[Any], Any] = self._refuse_non_plain
        self._current_generation = threading.local()
        self._encoder = codec.Encoder(self._encode_handle)
        self.budget = codec.ReplyBudget()
        self._decoder = codec.Decoder(
            lambda handle_id, flags, description: self._make_handle(handle_id, flags, description), budget=self.budget
        )
        self._taint: Callable[[Any], None] = lambda value: None
        self._callbacks: dict[int, Any] = {}
        self._active_callbacks = 0
        self._callback_ids: dict[int, int] = {}
        self._exhausted_budget: str | None = None  # why the check's replies used up their budget
        self._exhaustion_hits = 0  # calls refused for it since the last test ended
        self._timed_out_in_test = False
        self._closed = threading.Event()
        threading.Thread(target=self._watch_deadlines, name="levelup-watchdog", daemon=True).start()

    @property
    def deadline(self) -> float | None:
        """When the current test (or the import) must end; setting it starts a new test's account."""
        return self._deadline

    @deadline.setter
    def deadline(self, value: float | None) -> None:
        if value is not None:
            self._timed_out_in_test = False
            thread = threading.get_native_id()  # the test's thread: its waits for a CPU count
            self._deadline_set = (time.monotonic(), thread, cpu_wait_seconds(thread))
        self._deadline = value

    def past_deadline(self) -> bool:
        """Whether the current deadline has passed, not counting time a busy machine kept the test
        waiting for a CPU (see `cpu_pressure`; looked up only once the plain deadline passed)."""
        deadline = self._deadline
        if deadline is None:
            return False
        now = time.monotonic()
        if now < deadline:
            return False
        set_at, thread, waited_at_start = self._deadline_set
        return now >= deadline_allowing_for_load(deadline, set_at, waited_at_start, cpu_wait_seconds(thread))

    def bind_proxy_factories(
        self,
        make_handle: Callable[[int, int, bytes], Any],
        to_handle: Callable[[Any], Any],
        handle_type: type,
        taint: Callable[[Any], None],
    ) -> None:
        """`handle_type` is the proxies' base class; its objects always cross back as handles.
        `taint` marks a value that came back for a `keep` request."""
        self._make_handle, self._to_handle, self._taint = make_handle, to_handle, taint
        self._encoder.handle_types = (handle_type,)

    def is_current(self, generation: int) -> bool:
        """Whether objects of that worker generation still exist (the worker is alive)."""
        return generation == self.generation and self._worker is not None and self._dead_reason is None

    def decode_nested(self, data: bytes) -> Any:
        """Decode a message embedded in the one being decoded (a class description)."""
        return self._decoder.decode_nested(data)

    def count_class_in_reply(self) -> int:
        return self._decoder.count_class()

    def callback_ref(self, function: Any) -> codec.CallbackRef:
        """A test's callable, registered so the worker can call it back (the same callable keeps
        its id, and stays alive for the check)."""
        with self._route_lock:
            callback_id = self._callback_ids.get(id(function))
            if callback_id is None or self._callbacks.get(callback_id) is not function:
                callback_id = len(self._callbacks) + 1
                self._callbacks[callback_id] = function
                self._callback_ids[id(function)] = callback_id
        return codec.CallbackRef(callback_id)

    @staticmethod
    def _refuse_non_plain(obj: Any) -> Any:
        raise BoundaryViolation(f"a test passed a {type(obj).__name__} to your code; only plain data can be sent")

    # -- lifecycle ---------------------------------------------------------------------------
    def ensure_running(self) -> None:
        with self._lock:
            if self._worker is not None and self._dead_reason is None:
                return
            self._discard_worker()
            self._worker = self._launch()
            self._dead_reason = None
            self._last_status = None
            self._last_exhausted = None
            self.generation += 1
            if self._worker.output_fd is not None:
                threading.Thread(target=self._read_raw_output, args=(self._worker.output_fd,), daemon=True).start()

    def close(self) -> None:
        self._closed.set()
        with self._lock:
            self._discard_worker()

    def _watch_deadlines(self) -> None:
        """Kill the worker when a call is still running at the deadline (this wakes every waiter)."""
        while not self._closed.wait(_WATCHDOG_SECONDS):
            if not self.past_deadline():
                continue
            if any(not pending.done for pending in list(self._pending.values())):
                with self._lock:
                    if self._worker is not None and self._dead_reason is None:
                        self._dead_reason = "timeout"
                        self._discard_worker()

    def _discard_worker(self) -> None:
        if self._worker is not None:
            worker, self._worker = self._worker, None
            self._dead_reason = self._dead_reason or "stopped"
            exhausted = worker.exhausted_resource()
            worker.kill()
            self._last_exhausted = self._last_exhausted or exhausted
            if self._last_status is None:
                self._last_status = worker.process.returncode
            worker.close_sockets()
        self._fail_all_pending()

    def _mark_dead(self, generation: int, reason: str) -> None:
        with self._lock:
            if self.generation != generation or self._worker is None:
                return
            if self._dead_reason is None:
                self._dead_reason = reason
            if reason == "crash":
                try:  # it closed its socket: let it finish exiting so the exit status is known
                    self._last_status = self._worker.process.wait(timeout=1.0)
                except Exception:
                    pass
            self._discard_worker()

    # -- output ------------------------------------------------------------------------------
    def _keep_output(self, text: str) -> None:
        if not text:
            return
        if not text.isascii():  # lone surrogates (printed by the candidate) cannot be stored or shown
            text = text.encode("utf-8", "backslashreplace").decode("utf-8")
        with self._output_lock:
            room = MAX_KEPT_OUTPUT_CHARS - self._output_chars
            if room > 0:
                self._output.append(text[:room])
            self._output_chars += len(text)

    def take_output(self) -> str:
        """What the candidate's code printed since the last call (capped)."""
        with self._output_lock:
            text = "".join(self._output)
            dropped = self._output_chars - len(text)
            self._output, self._output_chars = [], 0
        if dropped > 0:
            text += f"\n[output truncated: {dropped} more characters not shown]\n"
        return text

    def _read_raw_output(self, fd: int) -> None:
        try:
            while chunk := os.read(fd, 65536):
                self._keep_output(chunk.decode("utf-8", "replace"))
        except OSError:
            pass
        finally:
            try:
                os.close(fd)
            except OSError:
                pass

    # -- requests ----------------------------------------------------------------------------
    def request(self, op: str, *args: Any, keep: bool = False, taint_free: bool = False) -> Any:
        """Send one request and wait for its value. `keep`: the value must come back as a handle
        (see protocol), and is tainted; an operator (or indexing) or a call with a tainted operand
        is kept too, unless `taint_free`."""
        __tracebackhide__ = True
        if self._exhausted_budget is not None:
            self._exhaustion_hits += 1
            raise BoundaryViolation(self._exhausted_budget)  # a fresh one: a re-raised one grows its traceback
        if self.deadline is not None and self.past_deadline():
            # past the test's limit: no new worker for a test that caught the time-out and goes on
            self._timed_out_in_test = True
            raise self._death_error("timeout")
        if self._worker is None or self._dead_reason is not None:
            self.ensure_running()
        worker, generation = self._worker, self.generation
        if worker is None:
            raise self._death_error(self._dead_reason or "crash")
        call_id = next(self._ids)
        self.calls += 1
        local = self._current_generation
        local.value, local.tainted = generation, False
        memo: codec.Memo | None = None
        lowered = list(args)
        for position, arg in enumerate(args):
            if not _needs_lowering(arg, self._encoder.handle_types):  # the common case: nothing to index
                continue
            if memo is None:
                memo = codec.Memo()
            lowered[position] = self._lower_argument(arg, memo)
        body = self._encoder.encode_body(lowered)
        # an operator with a tainted operand gives a tainted result, and so does a call of (or
        # with) a tainted object: the candidate's code computes its answer from the test's value
        # (`(expected - actual).max()`); an attribute read (`t.data`) is asked on purpose and
        # answers as usual
        keep = keep or (
            local.tainted
            and not taint_free
            and (op in _TAINTING_CALLS or (op == protocol.OP_OPERATOR and args[0] in _TAINTING))
        )
        # [op, call_id, keep, arguments]: the header is packed after the arguments, whose encoding
        # tells whether a tainted handle is among them (by hand: this is every call's path)
        head = _request_head(op, call_id, keep)
        if len(body) + len(head) > codec.MAX_FRAME_BYTES:
            self._encoder.frame(body)  # raises the size error
        frame = b"".join((_FRAME_LENGTH.pack(len(head) + len(body)), head, body))
        with self._route_lock:
            sequential = not self._sequential_busy
            self._sequential_busy = True
        pending = _Pending(concurrent=not sequential)
        self._pending[call_id] = pending
        try:
            try:
                if sequential:
                    worker.sequential.send(frame)
                else:
                    with self._send_lock:
                        worker.concurrent.send(frame)
            except OSError:
                pass  # reading finds the worker dead and fails this call
            self._expire_if_past_deadline(generation)
            if sequential:
                self._read_channel(pending, worker.sequential, generation)
            else:
                self._wait(pending, worker.concurrent, generation)
        finally:
            if sequential:
                self._sequential_busy = False
            self._pending.pop(call_id, None)
        if pending.states is not None:
            self._synchronise(pending, memo or codec.Memo())
        if pending.ok:
            if keep:
                self._taint_kept(op, pending.value, generation)
            if type(pending.value) is str:
                return codec.interned_like_python(pending.value)
            return pending.value
        if not isinstance(pending.value, BaseException):  # defensive: never `raise None`
            pending.value = self._death_error(self._dead_reason or "crash")
        raise pending.value

    def _lower_argument(self, argument: Any, memo: codec.Memo) -> Any:
        """Arguments of a request in shared form: the positional list and keyword dict a proxy
        builds are the request's own, the values in them are the test's (see codec)."""
        kind = type(argument)
        if kind is list:
            return [self._encoder.lower(item, memo) for item in argument]
        if kind is dict:
            return {key: self._encoder.lower(item, memo) for key, item in argument.items()}
        return self._encoder.lower(argument, memo)

    def _taint_kept(self, op: str, value: Any, generation: int) -> None:
        """A kept request's value must be a handle (the worker cannot turn a value computed from
        the test's data into plain data); it is tainted."""
        if op == protocol.OP_GETATTR and isinstance(value, list) and len(value) == 2:
            if value[0] is True:
                return  # a method: calling it sends the tainted handle again
            value = value[1]
        if not (isinstance(value, self._encoder.handle_types) or type(value).__name__ == "generator"):
            reason = "protocol: plain data came back where a handle was asked for"
            self._mark_dead(generation, reason)
            raise self._death_error(reason)
        self._taint(value)

    def _synchronise(self, pending: _Pending, memo: codec.Memo) -> None:
        """Shared mode: put back references to the test's own containers, then give each argument
        container the call changed its new state, in place (as if the call had run here)."""
        try:
            pending.value = resolve_refs(pending.value, memo)
            states = pending.states
            if not isinstance(states, list):
                raise codec.BoundaryError("malformed argument states")
            for entry in states:
                index, state = entry
                original = memo.objects.get(index) if isinstance(index, int) else None
                if original is None:
                    raise codec.BoundaryError("a state for an argument that was not sent")
                update_in_place(original, resolve_refs(state, memo))
        except (codec.BoundaryError, ValueError, TypeError) as exc:
            pending.ok, pending.value = False, BoundaryViolation(
                f"your code's process sent back a malformed argument ({exc})"
            )

    def channel_breach_error(self) -> BaseException | None:
        """After a test: the error to report if the worker broke its shared-memory channel during
        it (hung up, or wrote to its socket out of turn), or if the check's replies used up their
        budget during it, else None. The worker is then replaced, so the next test does not
        inherit the damage."""
        if self._exhausted_budget is not None and self._exhaustion_hits:
            self._exhaustion_hits = 0
            return BoundaryViolation(self._exhausted_budget)
        if self._timed_out_in_test:  # the test caught its time-out: it still did not finish in time
            self._timed_out_in_test = False
            return self._death_error("timeout")
        worker, generation = self._worker, self.generation
        if worker is None or worker.mailbox is None or self._dead_reason is not None:
            return None
        if worker.mailbox.peer_hung_up():
            reason = "crash"
        elif worker.mailbox.has_stray_data():
            reason = "protocol: data arrived on the socket out of turn"
        else:
            return None
        self._mark_dead(generation, reason)
        return self._death_error(reason)

    def _expire_if_past_deadline(self, generation: int) -> None:
        if self.deadline is not None and self.past_deadline():
            with self._lock:
                if self.generation == generation and self._dead_reason is None:
                    self._dead_reason = "timeout"
                self._discard_worker()

    def _wait(self, pending: _Pending, reader: codec.FramedSocket, generation: int) -> None:
        """Concurrent channel: hold the reader role (reading replies for everyone) or follow."""
        wake = pending.wake
        assert wake is not None
        while not pending.done:
            if self._reader_lock.acquire(blocking=False):
                try:
                    self._read_channel(pending, reader, generation)
                finally:
                    self._reader_lock.release()
                    self._hand_over_reading()
            else:
                # woken when our reply arrives or the reader leaves; the timeout is a safety net
                wake.wait(_FOLLOWER_RECHECK_SECONDS)
                wake.clear()

    def _read_channel(self, pending: _Pending, reader: codec.FramedSocket | Mailbox, generation: int) -> None:
        """Read replies from one channel (delivering each to its caller) until ours arrives. On the
        sequential channel the caller is the only reader, so no other thread is involved."""
        while not pending.done:
            try:
                body = reader.next_frame()
                if body is None:
                    self._mark_dead(generation, "crash")
                    return
                message = self._decoder.decode(body)
                if isinstance(message, list) and message and message[0] == protocol.CALLBACK:
                    self._serve_callback(message, reader, generation)
                    continue
                self._deliver(message)
            except OSError:
                self._mark_dead(generation, "crash")
                return
            except codec.CheckBudgetExceeded as exc:
                self._exhausted_budget = str(exc)
                self._exhaustion_hits += 1
                self._mark_dead(generation, f"protocol: {exc}")
                return
            except (codec.BoundaryError, ValueError, TypeError, IndexError) as exc:
                self._mark_dead(generation, f"protocol: {exc}")
                return

    def _serve_callback(self, message: list[Any], reader: codec.FramedSocket | Mailbox, generation: int) -> None:
        """The worker calls one of the test's callables. On the sequential channel the caller
        waiting for the outer reply runs it (a call it makes into the candidate's code goes on the
        concurrent channel); on the concurrent channel a thread of its own does, so the reader
        role stays free."""
        if reader is self._worker_transport(generation, concurrent=False):
            self._run_callback(message, reader, generation)
        else:
            threading.Thread(target=self._run_callback, args=(message, reader, generation), daemon=True).start()

    def _worker_transport(self, generation: int, concurrent: bool) -> Any:
        worker = self._worker
        if worker is None or self.generation != generation:
            return None
        return worker.concurrent if concurrent else worker.sequential

    def _run_callback(self, message: list[Any], reader: codec.FramedSocket | Mailbox, generation: int) -> None:
        with self._route_lock:
            self._active_callbacks += 1
        try:
            if self._active_callbacks > protocol.MAX_CALLBACK_DEPTH:  # across threads: nested calls use new ones
                raise RecursionError(
                    f"more than {protocol.MAX_CALLBACK_DEPTH} calls from your code into the test's functions"
                    " were running at once"
                )
            _, call_id, callback_id, args, kwargs = message
            function = self._callbacks[callback_id]
            outcome = [protocol.CALLBACK_REPLY, call_id, True, function(*args, **kwargs)]
            frame = self._encoder.encode(outcome)
        except BaseException as exc:  # the test's callable failed: the candidate's code sees an exception
            try:
                text = str(exc)[: protocol.MAX_MESSAGE_CHARS]
            except Exception:
                text = ""
            error = {"type": type(exc).__name__, "message": text}
            frame = self._encoder.encode([protocol.CALLBACK_REPLY, message[1] if len(message) > 1 else 0, False, error])
        finally:
            with self._route_lock:
                self._active_callbacks -= 1
        try:
            if reader is self._worker_transport(generation, concurrent=True):
                with self._send_lock:
                    reader.send(frame)
            else:
                reader.send(frame)
        except OSError:
            pass  # the worker is gone: its caller finds out

    def _hand_over_reading(self) -> None:
        for pending in list(self._pending.values()):
            if pending.wake is not None and not pending.done:
                pending.wake.set()
                return

    def _encode_handle(self, obj: Any) -> Any:
        ref = self._to_handle(obj)
        if isinstance(ref, tuple):  # (HandleRef, generation, tainted) from the proxy layer
            handle, handle_generation, tainted = ref
            if tainted:
                self._current_generation.tainted = True
            if handle_generation != self._current_generation.value:
                raise StaleObjectError(
                    "this object was created by your code before its process was restarted "
                    "(after a crash or time-out in an earlier test), so it no longer exists"
                )
            return handle
        return ref

    def _deliver(self, reply: Any) -> None:
        if not isinstance(reply, list) or len(reply) not in (4, 5):
            raise codec.BoundaryError("malformed reply")
        status, call_id, value, output = reply[:4]
        states = reply[4] if len(reply) == 5 else None
        if isinstance(output, str):
            self._keep_output(output)
        pending = self._pending.get(call_id) if isinstance(call_id, int) else None
        if pending is None or pending.done:
            return
        if status == protocol.REPLY_OK:
            pending.finish(True, value, states)
        else:
            pending.finish(False, exception_from_description(value, self._memory_mb), states)

    def _fail_all_pending(self) -> None:
        reason = self._dead_reason or "crash"
        for pending in list(self._pending.values()):
            if not pending.done:
                pending.finish(False, self._death_error(reason))

    def _death_error(self, reason: str) -> BaseException:
        if reason == "timeout":
            self._timed_out_in_test = True
            return CandidateTimeout(
                f"timed out: {self.deadline_label or 'the time limit'} was reached and your code was stopped"
            )
        if reason.startswith("protocol:"):
            return BoundaryViolation(
                f"your code's process broke the grading protocol ({reason[9:].strip()}) and was stopped"
            )
        if self._last_exhausted == "memory":
            return CandidateMemoryError(
                f"memory limit exceeded: your code used more than its {self._memory_mb} MiB allowance and was stopped"
            )
        if self._last_exhausted == "processes":
            return CandidateCrash(
                "process limit reached: your code started too many processes or threads and was stopped"
            )
        status = self._last_status
        if status is not None and 128 < status <= 128 + 64:  # bubblewrap/sh report a signal as 128 + n
            status = -(status - 128)
        detail = ""
        if status is not None and status < 0:
            try:
                detail = f" (killed by signal {signal.Signals(-status).name})"
            except ValueError:
                detail = f" (killed by signal {-status})"
        elif status is not None:
            detail = f" (exit status {status})"
        return CandidateCrash(
            f"your code's process ended unexpectedly during this test{detail}: it may have called "
            "os._exit(), crashed the interpreter, or been killed for exceeding a resource limit"
        )


def resolve_refs(value: Any, memo: codec.Memo) -> Any:
    """`value` with each shared reference (`codec.Ref`) replaced by the test's own container."""
    kind = type(value)
    if kind is codec.Ref:
        found = memo.objects.get(value.index)
        if found is None:
            raise codec.BoundaryError("a reference to a container that was never sent")
        return found
    if kind is list or kind is collections.deque:
        for position, item in enumerate(value):
            if type(item) in _MAY_HOLD_REFS:
                value[position] = resolve_refs(item, memo)
        return value
    if isinstance(value, dict):
        for key, item in value.items():
            if type(item) in _MAY_HOLD_REFS:
                value[key] = resolve_refs(item, memo)
        return value
    if kind is tuple:
        return tuple(resolve_refs(item, memo) for item in value)
    if isinstance(value, tuple) and hasattr(value, "_fields"):
        return kind(*(resolve_refs(item, memo) for item in value))
    return value


_MAY_HOLD_REFS = frozenset(
    {codec.Ref, list, dict, tuple, collections.deque, collections.OrderedDict, collections.defaultdict}
)


def update_in_place(original: Any, state: Any) -> None:
    """Give a test's container the state the candidate's code left its copy in."""
    if isinstance(original, (list, bytearray)) and isinstance(state, type(original)):
        original[:] = state
    elif isinstance(original, dict) and isinstance(state, dict) or isinstance(original, set) and isinstance(state, set):
        original.clear()
        original.update(state)
    elif isinstance(original, collections.deque) and isinstance(state, collections.deque):
        original.clear()
        original.extend(state)
    elif type(original).__name__ == "ndarray" and type(state).__name__ == "ndarray" and original.shape == state.shape:
        original[...] = state
    else:
        raise codec.BoundaryError(f"a {type(state).__name__} came back for a {type(original).__name__}")
