"""The harness's side of the boundary: one worker process at a time, requests with deadlines.

Several test threads may call at once; each request gets an id and its own wait, and a single
reader thread hands replies back. A worker that crashes or runs past the deadline is killed,
every waiting call fails with a clear error, and the next request starts a fresh worker.
"""

from __future__ import annotations

import itertools
import os
import signal
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from levelup.grading.boundary import codec, protocol
from levelup.grading.boundary.failures import (
    BoundaryViolation,
    CandidateCrash,
    CandidateTimeout,
    StaleObjectError,
    exception_from_description,
)

MAX_KEPT_OUTPUT_CHARS = 16 * 1024


@dataclass
class _Pending:
    done: threading.Event = field(default_factory=threading.Event)
    ok: bool = False
    value: Any = None


class LaunchedWorker:
    """What a sandbox launcher returns: a process handle and the harness's end of the socket."""

    def __init__(self, process: Any, sock: socket.socket, output_fd: int | None) -> None:
        self.process = process
        self.sock = sock
        self.output_fd = output_fd

    def kill(self) -> None:
        try:
            os.killpg(self.process.pid, 9)
        except (ProcessLookupError, PermissionError):
            pass
        try:
            self.process.kill()
        except ProcessLookupError:
            pass
        self.process.wait()


class Boundary:
    """Requests to the candidate's process. `launch` starts a fresh confined worker."""

    def __init__(self, launch: Callable[[], LaunchedWorker], memory_mb: int) -> None:
        self._launch = launch
        self._memory_mb = memory_mb
        self._lock = threading.RLock()
        self._send_lock = threading.Lock()
        self._worker: LaunchedWorker | None = None
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)
        self._dead_reason: str | None = None
        self.generation = 0
        self._last_status: int | None = None
        self.deadline: float | None = None
        self.deadline_label = ""
        self._output: list[str] = []
        self._output_chars = 0
        self._output_lock = threading.Lock()
        self._make_handle: Callable[[codec.HandleRef], Any] = lambda ref: ref
        self._make_exception_class: Callable[[codec.ExceptionClassRef], Any] = lambda ref: ref
        self._to_handle: Callable[[Any], Any] = self._refuse_non_plain

    def bind_proxy_factories(
        self,
        make_handle: Callable[[codec.HandleRef], Any],
        make_exception_class: Callable[[codec.ExceptionClassRef], Any],
        to_handle: Callable[[Any], Any],
    ) -> None:
        self._make_handle, self._make_exception_class, self._to_handle = make_handle, make_exception_class, to_handle

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
            self.generation += 1
            threading.Thread(target=self._read_replies, args=(self._worker, self.generation), daemon=True).start()
            if self._worker.output_fd is not None:
                threading.Thread(target=self._read_raw_output, args=(self._worker.output_fd,), daemon=True).start()

    def close(self) -> None:
        with self._lock:
            self._discard_worker()

    @property
    def is_alive(self) -> bool:
        return self._worker is not None and self._dead_reason is None

    def _discard_worker(self) -> None:
        if self._worker is not None:
            worker, self._worker = self._worker, None
            self._dead_reason = self._dead_reason or "stopped"
            worker.kill()
            try:
                worker.sock.close()
            except OSError:
                pass
            self._fail_all_pending()

    def kill(self, reason: str) -> None:
        with self._lock:
            if self._dead_reason is None:
                self._dead_reason = reason
            self._discard_worker()

    # -- output ------------------------------------------------------------------------------
    def _keep_output(self, text: str) -> None:
        if not text:
            return
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
    def request(self, op: str, *args: Any) -> Any:
        __tracebackhide__ = True
        self.ensure_running()
        with self._lock:
            worker, generation = self._worker, self.generation
        assert worker is not None
        call_id = next(self._ids)
        frame = codec.Encoder(self._encode_handle_for(generation)).encode([op, call_id, *args])
        pending = _Pending()
        self._pending[call_id] = pending
        try:
            with self._send_lock:
                worker.sock.sendall(frame)
        except OSError:
            pass  # the reader sees the death and fails this call
        self._wait(pending, call_id, generation)
        if pending.ok:
            return pending.value
        raise pending.value

    def _wait(self, pending: _Pending, call_id: int, generation: int) -> None:
        __tracebackhide__ = True
        while not pending.done.is_set():
            deadline = self.deadline
            timeout = None if deadline is None else deadline - time.monotonic()
            if timeout is not None and timeout <= 0:
                with self._lock:
                    if self.generation == generation and self._dead_reason is None:
                        self._dead_reason = "timeout"
                        self._discard_worker()
                break
            pending.done.wait(timeout if timeout is None else min(timeout, 0.5))
        self._pending.pop(call_id, None)
        if not pending.done.is_set():
            pending.ok, pending.value = False, self._death_error("timeout")

    def _encode_handle_for(self, generation: int) -> Callable[[Any], Any]:
        def to_handle(obj: Any) -> Any:
            ref = self._to_handle(obj)
            if isinstance(ref, tuple):  # (HandleRef, generation) from the proxy layer
                handle, handle_generation = ref
                if handle_generation != generation:
                    raise StaleObjectError(
                        "this object was created by your code before its process was restarted "
                        "(after a crash or time-out in an earlier test), so it no longer exists"
                    )
                return handle
            return ref

        return to_handle

    def _read_replies(self, worker: LaunchedWorker, generation: int) -> None:
        decoder = codec.Decoder(self._make_handle, self._make_exception_class)
        sock = worker.sock
        try:
            while True:
                header = _recv_exactly(sock, codec.HEADER_BYTES)
                if header is None:
                    break
                body = _recv_exactly(sock, codec.read_length(header))
                if body is None:
                    break
                reply = decoder.decode(body)
                self._deliver(reply)
        except (codec.BoundaryError, OSError, ValueError, TypeError, IndexError) as exc:
            with self._lock:
                if self.generation == generation and self._dead_reason is None:
                    self._dead_reason = f"protocol: {exc}"
        try:
            worker.process.wait(timeout=1.0)
        except Exception:  # still running after closing its socket: it is killed below
            pass
        with self._lock:
            if self.generation == generation:
                self._last_status = worker.process.poll()
                if self._dead_reason is None:
                    self._dead_reason = "crash"
                self._discard_worker()

    def _deliver(self, reply: Any) -> None:
        if not isinstance(reply, list) or len(reply) != 4:
            raise codec.BoundaryError("malformed reply")
        status, call_id, value, output = reply
        if isinstance(output, str):
            self._keep_output(output)
        pending = self._pending.get(call_id) if isinstance(call_id, int) else None
        if pending is None or pending.done.is_set():
            return
        if status == protocol.REPLY_OK:
            pending.ok, pending.value = True, value
        else:
            pending.ok, pending.value = False, exception_from_description(value, self._memory_mb)
        pending.done.set()

    def _fail_all_pending(self) -> None:
        reason = self._dead_reason or "crash"
        for call_id, pending in list(self._pending.items()):
            if not pending.done.is_set():
                pending.ok, pending.value = False, self._death_error(reason)
                pending.done.set()
            self._pending.pop(call_id, None)

    def _death_error(self, reason: str) -> BaseException:
        if reason == "timeout":
            return CandidateTimeout(
                f"timed out: {self.deadline_label or 'the time limit'} was reached and your code was stopped"
            )
        if reason.startswith("protocol:"):
            return BoundaryViolation(
                f"your code's process broke the grading protocol ({reason[9:].strip()}) and was stopped"
            )
        status = self._last_status
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


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    buffer = bytearray()
    while len(buffer) < size:
        chunk = sock.recv(size - len(buffer))
        if not chunk:
            return None
        buffer += chunk
    return bytes(buffer)
