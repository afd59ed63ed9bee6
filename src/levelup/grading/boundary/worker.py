"""The worker: imports the candidate's code and serves calls from the harness.

Runs inside the sandbox, started by `levelup.grading.sandbox`. Everything here is untrusted
once the candidate's module is imported: the harness never relies on this process telling the
truth, only on it sending plain data (which the harness decodes into plain built-in values).
"""

from __future__ import annotations

import builtins
import importlib
import io
import json
import linecache
import operator
import os
import resource
import socket
import sys
import threading
import traceback
from typing import Any

from levelup.grading.boundary import codec, mailbox, protocol


class CapturedOutput(io.TextIOBase):
    """Stands in for sys.stdout/sys.stderr; keeps the first MAX_OUTPUT_CHARS of each reply."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._parts: list[str] = []
        self._kept = 0
        self._dropped = 0

    def writable(self) -> bool:
        return True

    def write(self, text: Any) -> int:
        text = str(text)
        with self._lock:
            room = protocol.MAX_OUTPUT_CHARS - self._kept
            if room > 0:
                self._parts.append(text[:room])
                self._kept += min(len(text), room)
            self._dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def drain(self) -> str:
        if not self._parts and not self._dropped:  # nothing printed: the common case, no lock
            return ""
        with self._lock:
            text = "".join(self._parts)
            if self._dropped:
                text += f"\n[... {self._dropped} more characters of output not shown]\n"
            self._parts, self._kept, self._dropped = [], 0, 0
        return text


def nearest_builtin_exception(cls: type) -> str:
    for klass in cls.__mro__:
        if getattr(builtins, klass.__name__, None) is klass:
            return klass.__name__
    return "Exception"


class Channel:
    """One channel to the harness (a socket, or the shared-memory mailbox). Replies go back on the
    channel their request came from."""

    def __init__(self, transport: codec.FramedSocket | mailbox.Mailbox) -> None:
        self.transport = transport
        self.send_lock = threading.Lock()
        self.read_lock = threading.Lock()
        self.idle_lock = threading.Lock()
        self.idle_readers = 0

    def read_frame(self) -> bytes | None:
        return self.transport.next_frame()

    def send(self, frame: bytes) -> None:
        with self.send_lock:
            self.transport.send(frame)


class Worker:
    """Serves two channels. The harness sends a call on the *sequential* channel only when no
    other call is outstanding there, and the main thread handles it inline: no thread hand-off on
    the common path. Calls made while another is running arrive on the *concurrent* channel,
    whose requests each get a thread, so calls from several test threads really overlap."""

    def __init__(
        self,
        sequential: codec.FramedSocket | mailbox.Mailbox,
        concurrent: codec.FramedSocket,
        code_dir: str,
    ) -> None:
        self._sequential = Channel(sequential)
        self._concurrent = Channel(concurrent)
        self._code_dir = os.path.realpath(code_dir)
        self._objects: dict[int, Any] = {}
        self._handle_of: dict[int, int] = {}
        self._table_lock = threading.Lock()
        self._import_lock = threading.Lock()
        self._failed_imports: dict[str, BaseException] = {}
        self._output = CapturedOutput()
        self._encoder = codec.Encoder(self._to_handle)
        self._decoder = codec.Decoder(self._from_handle, self._no_exception_classes)

    # -- handles ---------------------------------------------------------------------------
    def _to_handle(self, obj: Any) -> Any:
        if isinstance(obj, type) and issubclass(obj, BaseException):
            return codec.ExceptionClassRef(obj.__name__, nearest_builtin_exception(obj))
        with self._table_lock:
            handle_id = self._handle_of.get(id(obj))
            if handle_id is None or self._objects.get(handle_id) is not obj:
                handle_id = len(self._objects) + 1
                self._objects[handle_id] = obj  # kept alive so id(obj) stays unique
                self._handle_of[id(obj)] = handle_id
        return codec.HandleRef(handle_id, type(obj).__name__)

    def _from_handle(self, ref: codec.HandleRef) -> Any:
        try:
            return self._objects[ref.handle_id]
        except KeyError:
            raise codec.BoundaryError(f"unknown object handle {ref.handle_id}") from None

    @staticmethod
    def _no_exception_classes(ref: codec.ExceptionClassRef) -> Any:
        raise codec.BoundaryError("exception classes cannot be sent to the worker")

    # -- serving ---------------------------------------------------------------------------
    def import_ahead(self, module_names: list[str]) -> None:
        """Import modules before the first request arrives (the harness starts the worker early so
        this overlaps with its own start-up). A failure is kept and reported when the harness asks
        for that module, so a module's top-level code never runs twice."""
        for name in module_names:
            try:
                self._import(name)
            except BaseException as exc:  # the candidate's import errors are data here
                self._failed_imports[name] = exc

    def serve(self) -> None:
        """Serve requests until the harness closes the connection, then end the process."""
        self._concurrent.idle_readers = 1
        threading.Thread(target=self._serve_concurrent, daemon=True).start()
        while (body := self._sequential.read_frame()) is not None:
            self._handle(body, self._sequential)
        os._exit(0)

    def _serve_concurrent(self) -> None:
        """Leader/follower: the thread that reads a request also handles it, after making sure
        another idle thread is reading the channel."""
        channel = self._concurrent
        while True:
            with channel.read_lock:
                body = channel.read_frame()
                if body is None:
                    return
                with channel.idle_lock:
                    channel.idle_readers -= 1
                    if channel.idle_readers == 0:
                        channel.idle_readers += 1
                        threading.Thread(target=self._serve_concurrent, daemon=True).start()
            self._handle(body, channel)
            with channel.idle_lock:
                channel.idle_readers += 1

    def _handle(self, body: bytes, channel: Channel) -> None:
        call_id = -1
        try:
            request = self._decoder.decode(body)
            op, call_id, args = request[0], request[1], request[2:]
            value = self._dispatch(op, args)
            frame = self._encode_reply([protocol.REPLY_OK, call_id, value])
        except BaseException as exc:  # the candidate's errors, exits and interrupts are all data here
            frame = self._encode_reply([protocol.REPLY_ERROR, call_id, self._describe(exc)])
        channel.send(frame)

    def _encode_reply(self, reply: list[Any]) -> bytes:
        try:
            return self._encoder.encode(reply + [self._output.drain()])
        except codec.BoundaryError as exc:
            error = {
                "kind": "boundary",
                "type": "BoundaryError",
                "base": "Exception",
                "message": str(exc),
                "traceback": "",
                "args": [],
            }
            return self._encoder.encode([protocol.REPLY_ERROR, reply[1], error, self._output.drain()])

    def _dispatch(self, op: str, args: list[Any]) -> Any:
        if op == protocol.OP_CALL_METHOD:  # by far the most common request
            obj, name, positional, keywords = args
            return getattr(obj, name)(*positional, **keywords)
        if op == protocol.OP_IMPORT:
            self._import(args[0])
            return None
        if op == protocol.OP_MODULE_ATTR:
            return getattr(self._import(args[0]), args[1])
        if op == protocol.OP_GETATTR:
            obj, name = args
            value = getattr(obj, name)
            is_plain_method = (
                callable(value) and getattr(value, "__self__", None) is obj and name not in getattr(obj, "__dict__", {})
            )
            return [True, None] if is_plain_method else [False, value]
        if op == protocol.OP_SETATTR:
            setattr(args[0], args[1], args[2])
            return None
        if op == protocol.OP_CALL:
            function, positional, keywords = args
            return function(*positional, **keywords)
        if op == protocol.OP_OPERATOR:
            name, operands = args
            return self._operator(name, operands)
        raise codec.BoundaryError(f"unknown request {op!r}")

    def _operator(self, name: str, operands: list[Any]) -> Any:
        if name not in protocol.ALL_OPERATORS:
            raise codec.BoundaryError(f"unknown operator {name!r}")
        if name == "str":
            return str(operands[0])
        if name == "enter":
            return operands[0].__enter__()
        if name == "exit":
            return operands[0].__exit__(None, None, None)
        if name == "len":
            return len(operands[0])
        if name == "iter":
            return iter(operands[0])
        if name == "next":
            return next(operands[0])
        return getattr(operator, name)(*operands)

    def _import(self, module_name: str) -> Any:
        with self._import_lock:
            failure = self._failed_imports.get(module_name)
            if failure is not None:
                raise failure
            return importlib.import_module(module_name)

    # -- errors ----------------------------------------------------------------------------
    def _describe(self, exc: BaseException) -> dict[str, Any]:
        kind = "exception"
        if isinstance(exc, (SystemExit, KeyboardInterrupt, GeneratorExit)):
            kind = "exit"
        elif isinstance(exc, codec.BoundaryError):
            kind = "boundary"
        try:
            message = str(exc)
        except BaseException:  # a hostile __str__
            message = "<the exception's message could not be read>"
        if isinstance(exc, SyntaxError) and exc.filename:
            kind = "import"
        args: list[Any] = []
        for arg in getattr(exc, "args", ())[:4]:
            if isinstance(arg, (str, int, float, bool, type(None))):
                args.append(arg if not isinstance(arg, str) else arg[: protocol.MAX_MESSAGE_CHARS])
        return {
            "kind": kind,
            "type": type(exc).__name__,
            "base": nearest_builtin_exception(type(exc)),
            "message": message[: protocol.MAX_MESSAGE_CHARS],
            "traceback": self._candidate_traceback(exc)[-protocol.MAX_TRACEBACK_CHARS :],
            "args": args,
        }

    def _candidate_traceback(self, exc: BaseException) -> str:
        """The traceback restricted to frames in the candidate's own files."""
        lines: list[str] = []
        frames = [f for f in traceback.extract_tb(exc.__traceback__) if self._is_candidate_file(f.filename)]
        if len(frames) > 12:
            lines.append(f"  ... {len(frames) - 12} earlier frames in your code not shown\n")
            frames = frames[-12:]
        for frame in frames:
            relative = os.path.relpath(frame.filename, self._code_dir)
            lines.append(f'  File "{relative}", line {frame.lineno}, in {frame.name}\n')
            source = linecache.getline(frame.filename, frame.lineno or 0).strip()
            if source:
                lines.append(f"    {source}\n")
        if isinstance(exc, SyntaxError) and exc.filename and self._is_candidate_file(exc.filename):
            relative = os.path.relpath(exc.filename, self._code_dir)
            lines.append(f'  File "{relative}", line {exc.lineno}\n')
            if exc.text:
                lines.append(f"    {exc.text.strip()}\n")
        return "".join(lines)

    def _is_candidate_file(self, filename: str) -> bool:
        # "<frozen importlib._bootstrap>" and friends are not paths (realpath would place them in cwd)
        return os.path.isabs(filename) and os.path.realpath(filename).startswith(self._code_dir + os.sep)


def apply_limits(limits: dict[str, int]) -> None:
    """Lower this process's resource limits (soft and hard) before any candidate code runs."""
    mapping = {
        "memory_bytes": resource.RLIMIT_AS,
        "cpu_seconds": resource.RLIMIT_CPU,
        "file_size_bytes": resource.RLIMIT_FSIZE,
        "open_files": resource.RLIMIT_NOFILE,
        "processes": resource.RLIMIT_NPROC,
    }
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    for key, which in mapping.items():
        value = limits.get(key)
        if value:
            resource.setrlimit(which, (value, value))


def _signal_ready(fd: Any) -> None:
    """Tell the harness that everything before the candidate's code went well: a death after this
    may be the candidate's doing, a death before it is levelup's (or the machine's)."""
    if isinstance(fd, int):
        os.write(fd, b"R")
        os.close(fd)


def main() -> None:
    fds, code_dir, limits = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
    ahead = json.loads(sys.argv[4]) if len(sys.argv) > 4 else {}
    sequential_fd, concurrent_fd, *shared = (int(fd) for fd in fds.split(","))
    apply_limits(limits)
    sequential_sock = socket.socket(fileno=sequential_fd)
    sequential: codec.FramedSocket | mailbox.Mailbox
    if len(shared) == 2:  # shared memory and a doorbell for the sequential channel
        memory_fd, bell_fd = shared
        bell = socket.socket(fileno=bell_fd)
        sequential = mailbox.Mailbox(memory_fd, bell, sequential_sock, harness=False)
        os.close(memory_fd)  # the mapping keeps the memory
    else:
        sequential = codec.FramedSocket(sequential_sock, protocol.SPIN_SECONDS)
    concurrent = codec.FramedSocket(socket.socket(fileno=concurrent_fd))
    worker = Worker(sequential, concurrent, code_dir)
    os.chdir(code_dir)
    sys.stdout = sys.stderr = worker._output  # noqa: SLF001 - the worker owns its capture
    sys.stdin = io.StringIO("")
    # libraries first, before the candidate's folder is on the path, so a file of theirs that
    # happens to share a library's name is not imported in its place
    worker.import_ahead([name for name in ahead.get("libraries", []) if isinstance(name, str)])
    sys.path.insert(0, code_dir)
    _signal_ready(ahead.get("ready_fd"))
    worker.import_ahead([name for name in ahead.get("modules", []) if isinstance(name, str)])
    worker.serve()


if __name__ == "__main__":
    main()
