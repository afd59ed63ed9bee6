"""The worker: imports the candidate's code and serves calls from the harness.

Runs inside the sandbox, started by `levelup.grading.sandbox`. Everything here is untrusted
once the candidate's module is imported: the harness never relies on this process telling the
truth, only on it sending plain data (which the harness decodes into plain built-in values).
"""

from __future__ import annotations

import builtins
import enum
import importlib
import io
import itertools
import json
import linecache
import operator
import os
import resource
import socket
import struct
import sys
import threading
import traceback
import types
from typing import Any

import msgpack

from levelup.grading.boundary import codec, mailbox, protocol


class CapturedOutput(io.TextIOBase):
    """Stands in for sys.stdout/sys.stderr; keeps the first MAX_OUTPUT_CHARS of each reply."""

    encoding = "utf-8"

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._parts: list[str] = []
        self._kept = 0
        self._dropped = 0
        self.buffer = _BinaryOutput(self)  # sys.stdout.buffer: bytes written are shown as UTF-8

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


class _BinaryOutput(io.RawIOBase):
    def __init__(self, text: CapturedOutput) -> None:
        self._text = text

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        chunk = bytes(data)
        self._text.write(chunk.decode("utf-8", "replace"))
        return len(chunk)


def nearest_builtin_exception(cls: type) -> str:
    for klass in cls.__mro__:
        if getattr(builtins, klass.__name__, None) is klass:
            return klass.__name__
    return "Exception"


class Channel:
    """One channel to the harness (a socket, or the shared-memory mailbox). Replies go back on the
    channel their request came from, and so do callbacks made while serving a request."""

    def __init__(self, transport: codec.FramedSocket | mailbox.Mailbox, serves_inline: bool) -> None:
        self.transport = transport
        self.serves_inline = serves_inline  # the sequential channel: the serving thread reads it
        self.send_lock = threading.Lock()
        self.read_lock = threading.Lock()
        self.idle_lock = threading.Lock()
        self.idle_readers = 0
        self.callback_replies: dict[int, list[Any]] = {}  # concurrent channel: replies by call id
        self.callback_waiters: dict[int, threading.Event] = {}

    def read_frame(self) -> bytes | None:
        return self.transport.next_frame()

    def send(self, frame: bytes) -> None:
        with self.send_lock:
            self.transport.send(frame)


class _Serving(threading.local):
    channel: Channel | None = None
    callback_depth = 0


class Callback:
    """A callable of the test's: calling it asks the harness to call it (see protocol)."""

    def __init__(self, worker: Worker, callback_id: int) -> None:
        self._worker = worker
        self._callback_id = callback_id

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return self._worker.call_back(self._callback_id, list(args), kwargs)

    def __repr__(self) -> str:
        return "<a function from the test>"


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
        self._sequential = Channel(sequential, serves_inline=True)
        self._concurrent = Channel(concurrent, serves_inline=False)
        self._code_dir = os.path.realpath(code_dir)
        self._candidate_files: dict[str, bool] = {}
        self._objects: dict[int, Any] = {}
        self._handle_of: dict[int, int] = {}
        self._descriptions: dict[int, bytes] = {}
        self._table_lock = threading.RLock()
        self._import_lock = threading.Lock()
        self._failed_imports: dict[str, BaseException] = {}
        self._output = CapturedOutput()
        self._encoder = codec.Encoder(self._to_handle, enums_as_handles=True)
        self._decoder = codec.Decoder(self._from_handle, self._make_callback)
        self._serving = _Serving()
        self._callback_ids = itertools.count(1)
        self._callbacks: dict[int, Callback] = {}
        # an object no candidate class can know: an __eq__ that claims equality with it claims
        # equality with anything
        self._stranger_type = type(f"_Stranger{os.getpid()}x{id(self)}", (), {"__slots__": ()})

    # -- handles ---------------------------------------------------------------------------
    def _handle_id(self, obj: Any) -> int:
        with self._table_lock:
            handle_id = self._handle_of.get(id(obj))
            if handle_id is None or self._objects.get(handle_id) is not obj:
                handle_id = len(self._objects) + 1
                self._objects[handle_id] = obj  # kept alive so id(obj) stays unique
                self._handle_of[id(obj)] = handle_id
        return handle_id

    def _to_handle(self, obj: Any, as_instance: bool = False) -> codec.HandleRef:
        if isinstance(obj, type) and not as_instance:
            return codec.HandleRef(self._handle_id(obj), codec.HANDLE_IS_CLASS, self.describe_class(obj))
        return codec.HandleRef(self._handle_id(obj), 0, self.describe_class(type(obj)))

    def describe_class(self, cls: type) -> bytes:
        """The class id (its handle) and [name, kind, bases, defined_in_candidate_code, plain]:
        kind is builtin, exception, enum, generator or class; bases are built-in names or class
        handles (so the harness mirrors the hierarchy); plain names the built-in type an enum
        member also is (IntEnum: int). Cached per class."""
        class_id = self._handle_id(cls)
        cached = self._descriptions.get(class_id)
        if cached is not None:
            return cached
        name = str(getattr(cls, "__name__", "object"))[:100]
        is_builtin = getattr(builtins, name, None) is cls
        plain = None
        if is_builtin:
            kind = "builtin"
        elif issubclass(cls, BaseException):
            kind = "exception"
        elif cls is types.GeneratorType:
            kind = "generator"
        elif isinstance(cls, enum.EnumMeta):
            kind = "enum"
            plain = next((base.__name__ for base in cls.__mro__ if base in (int, str, float)), None)
        else:
            kind = "class"
        bases: list[Any] = []
        if not is_builtin:
            for base in cls.__bases__:
                if base is object:
                    continue
                if getattr(builtins, base.__name__, None) is base:
                    bases.append(base.__name__)
                else:
                    bases.append(self._to_handle(base))
        module_name, qualname = getattr(cls, "__module__", None), getattr(cls, "__qualname__", None)
        top_level = isinstance(module_name, str) and isinstance(qualname, str) and "." not in qualname
        stable = None
        if top_level and getattr(sys.modules.get(str(module_name)), str(qualname), None) is cls:
            stable = [module_name, qualname]
        fields = [name, kind, bases, self._is_candidate_class(cls), plain, stable]
        description = struct.pack(">Q", class_id) + self._encoder.encode_body(fields)
        self._descriptions[class_id] = description
        return description

    def _is_candidate_class(self, cls: type) -> bool:
        module = sys.modules.get(getattr(cls, "__module__", "") or "")
        filename = getattr(module, "__file__", None)
        return isinstance(filename, str) and self._is_candidate_file(filename)

    def _from_handle(self, handle_id: int, flags: int, description: bytes) -> Any:
        try:
            return self._objects[handle_id]
        except KeyError:
            raise codec.BoundaryError(f"unknown object handle {handle_id}") from None

    def _make_callback(self, callback_id: int) -> Callback:
        callback = self._callbacks.get(callback_id)
        if callback is None:
            callback = self._callbacks[callback_id] = Callback(self, callback_id)
        return callback

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
        another idle thread is reading the channel. A callback's reply is handed to its caller."""
        channel = self._concurrent
        while True:
            with channel.read_lock:
                body = channel.read_frame()
                if body is None:
                    return
                if self._deliver_callback_reply(body, channel):
                    continue
                with channel.idle_lock:
                    channel.idle_readers -= 1
                    if channel.idle_readers == 0:
                        channel.idle_readers += 1
                        threading.Thread(target=self._serve_concurrent, daemon=True).start()
            self._handle(body, channel)
            with channel.idle_lock:
                channel.idle_readers += 1

    def _deliver_callback_reply(self, body: bytes, channel: Channel) -> bool:
        """A callback's reply goes to the thread waiting for it; anything else is a request."""
        if not channel.callback_waiters or bytes(body[: len(_CALLBACK_REPLY_HEAD)]) != _CALLBACK_REPLY_HEAD:
            return False
        message = self._decoder.decode(body, codec.Memo())
        waiter = channel.callback_waiters.pop(message[1], None)
        if waiter is not None:
            channel.callback_replies[message[1]] = message
            waiter.set()
        return True

    def _handle(self, body: bytes, channel: Channel) -> None:
        call_id = -1
        memo = codec.Memo()
        before: dict[int, bytes] = {}
        serving = self._serving
        outer_channel, serving.channel = serving.channel, channel
        try:
            try:
                request = self._decoder.decode(body, memo)
                op, call_id, keep, args = request
                if memo.objects:
                    before = self._states(dict(memo.objects))
                value = self._dispatch(op, args)
                if keep and op == protocol.OP_GETATTR:  # [is_method, value]: the value is kept
                    value = [value[0], None if value[0] else self._to_handle(value[1], as_instance=True)]
                elif keep:
                    value = self._to_handle(value, as_instance=True)
                reply = [protocol.REPLY_OK, call_id, value]
            except BaseException as exc:  # the candidate's errors, exits and interrupts are all data here
                if call_id == -1:  # the request itself did not decode: answer it all the same
                    call_id = _call_id_of(body)
                reply = [protocol.REPLY_ERROR, call_id, self._describe(exc)]
            frame = self._encode_reply(reply, memo if before else None, before)
        finally:
            serving.channel = outer_channel
        channel.send(frame)

    def _states(self, arguments: dict[int, Any]) -> dict[int, bytes]:
        """Each argument container's contents, encoded the way the reply would send them (one
        memo for all, in index order, so an unchanged argument encodes the same before and after
        the call, in time linear in the arguments' size)."""
        shared = codec.Memo(arguments)
        lower = self._encoder._lower_contents  # noqa: SLF001
        return {index: self._encoder.encode_body(lower(arguments[index], shared)) for index in sorted(arguments)}

    def _encode_reply(self, reply: list[Any], memo: codec.Memo | None, before: dict[int, bytes]) -> bytes:
        try:
            if memo is None:
                return self._encoder.encode(reply + [self._output.drain()])
            arguments = {index: memo.objects[index] for index in before}
            after = self._states(arguments)
            changed = [index for index in sorted(arguments) if after[index] != before[index]]
            shared = codec.Memo(arguments)
            value = self._encoder.lower(reply[2], shared)
            states = [[index, self._encoder._lower_contents(arguments[index], shared)] for index in changed]  # noqa: SLF001
            return self._encoder.encode([reply[0], reply[1], value, self._output.drain(), states])
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

    def call_back(self, callback_id: int, args: list[Any], kwargs: dict[str, Any]) -> Any:
        """Ask the harness to call one of the test's callables, on the channel of the request
        this thread is serving, and wait for its answer."""
        serving = self._serving
        channel = serving.channel
        if channel is None:
            raise RuntimeError("a function from the test can only be called while the test is calling your code")
        if serving.callback_depth >= protocol.MAX_CALLBACK_DEPTH:
            raise RecursionError(f"callbacks into the test nested more than {protocol.MAX_CALLBACK_DEPTH} deep")
        call_id = next(self._callback_ids)
        frame = self._encoder.encode([protocol.CALLBACK, call_id, callback_id, args, kwargs])
        serving.callback_depth += 1
        try:
            if channel.serves_inline:
                channel.send(frame)
                body = channel.read_frame()
                if body is None:
                    os._exit(0)
                reply = self._decoder.decode(body, codec.Memo())
            else:
                waiter = threading.Event()
                channel.callback_waiters[call_id] = waiter
                channel.send(frame)
                waiter.wait()
                reply = channel.callback_replies.pop(call_id)
        finally:
            serving.callback_depth -= 1
        kind, reply_id, ok, value = reply
        if kind != protocol.CALLBACK_REPLY or reply_id != call_id:
            raise codec.BoundaryError("the harness answered a callback out of turn")
        if ok:
            return value
        raise _exception_from_the_test(value)

    def _dispatch(self, op: str, args: list[Any]) -> Any:
        if op == protocol.OP_CALL_METHOD:  # by far the most common request
            obj, name, positional, keywords = args
            return getattr(obj, name)(*positional, **keywords)
        if op == protocol.OP_IMPORT:
            self._import(args[0])
            return None
        if op == protocol.OP_MODULE_ATTR:
            return getattr(self._import(args[0]), args[1])
        if op == protocol.OP_MODULE_SETATTR:
            setattr(self._import(args[0]), args[1], args[2])
            return None
        if op == protocol.OP_MODULE_DELATTR:
            delattr(self._import(args[0]), args[1])
            return None
        if op == protocol.OP_GETATTR:
            obj, name = args
            value = getattr(obj, name)
            is_plain_method = (
                callable(value)
                and not isinstance(obj, type)
                and getattr(value, "__self__", None) is obj
                and name not in getattr(obj, "__dict__", {})
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
        if op == protocol.OP_COMPARE:
            return self._compare(*args)
        if op == protocol.OP_REPR:
            return self._repr(args[0])
        if op == protocol.OP_GENERATOR:
            generator, action, value = args
            if action == "send":
                return generator.send(value)
            if action == "close":
                return generator.close()
            raise codec.BoundaryError(f"unknown generator action {action!r}")
        raise codec.BoundaryError(f"unknown request {op!r}")

    def _repr(self, obj: Any) -> Any:
        """The object's own repr when its class is the candidate's and defines one, else None
        (the harness then shows a neutral description)."""
        cls = type(obj)
        if cls.__repr__ is object.__repr__ or not self._is_candidate_class(cls):
            return None
        text = repr(obj)
        return str.__str__(text)[: protocol.MAX_REPR_CHARS] if isinstance(text, str) else None

    def _compare(self, name: str, left: Any, right: Any) -> Any:
        """A comparison between two of the candidate's objects, as plain Python does it, guarded:
        a class whose comparison also holds against a stranger (an object of a type it cannot
        know) claims it for anything, and is reported instead of believed."""
        if name not in protocol.COMPARISONS:
            raise codec.BoundaryError(f"unknown comparison {name!r}")
        compare = getattr(operator, name)
        result = compare(left, right)
        if type(result) is bool and result and name != "ne":
            try:
                claims_stranger = compare(left, self._stranger_type()) is True
            except Exception:  # noqa: BLE001 - `other.numer` on a stranger: it claims nothing
                claims_stranger = False
            if claims_stranger:
                raise codec.BoundaryError(
                    f"the {name} comparison of {type(left).__name__} claims to hold against an unrelated object"
                    " (an object of a type your code cannot know), so levelup cannot believe it: make"
                    f" __{name}__ return NotImplemented for types it does not handle"
                )
        return result

    def _operator(self, name: str, operands: list[Any]) -> Any:
        if name not in protocol.ALL_OPERATORS:
            raise codec.BoundaryError(f"unknown operator {name!r}")
        subject = operands[0]
        if name == "str":
            text = str(subject)
            return str.__str__(text)[: protocol.MAX_REPR_CHARS * 8]
        if name == "enter":
            return subject.__enter__()
        if name == "exit":
            return subject.__exit__(None, None, None)
        if name == "iter":
            return iter(subject)
        if name == "next":
            return next(subject)
        if name in _CONVERSIONS:
            return _CONVERSIONS[name](*operands)
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
        description: dict[str, Any] = {
            "kind": kind,
            "type": type(exc).__name__,
            "base": nearest_builtin_exception(type(exc)),
            "message": message[: protocol.MAX_MESSAGE_CHARS],
            "traceback": self._candidate_traceback(exc)[-protocol.MAX_TRACEBACK_CHARS :],
            "args": args,
        }
        if kind == "exception" and type(exc).__name__ != description["base"]:
            description["class"] = self._to_handle(type(exc))
        if isinstance(exc, StopIteration) and exc.args:
            description["value"] = exc.value
        return description

    def _candidate_traceback(self, exc: BaseException) -> str:
        """The traceback restricted to frames in the candidate's own files."""
        lines: list[str] = []
        # walk_tb, not extract_tb: only the candidate's frames need their source lines read
        frames = [
            (frame.f_code.co_filename, line, frame.f_code.co_name)
            for frame, line in traceback.walk_tb(exc.__traceback__)
            if self._is_candidate_file(frame.f_code.co_filename)
        ]
        if len(frames) > 12:
            lines.append(f"  ... {len(frames) - 12} earlier frames in your code not shown\n")
            frames = frames[-12:]
        for filename, line_number, function_name in frames:
            relative = os.path.relpath(filename, self._code_dir)
            lines.append(f'  File "{relative}", line {line_number}, in {function_name}\n')
            source = linecache.getline(filename, line_number or 0).strip()
            if source:
                lines.append(f"    {source}\n")
        if isinstance(exc, SyntaxError) and exc.filename and self._is_candidate_file(exc.filename):
            relative = os.path.relpath(exc.filename, self._code_dir)
            lines.append(f'  File "{relative}", line {exc.lineno}\n')
            if exc.text:
                lines.append(f"    {exc.text.strip()}\n")
        return "".join(lines)

    def _is_candidate_file(self, filename: str) -> bool:
        known = self._candidate_files.get(filename)
        if known is None:
            # "<frozen importlib._bootstrap>" and friends are not paths (realpath would place them in cwd)
            known = os.path.isabs(filename) and os.path.realpath(filename).startswith(self._code_dir + os.sep)
            if len(self._candidate_files) < 10_000:
                self._candidate_files[filename] = known
        return known


_CALLBACK_REPLY_HEAD = b"\x94" + msgpack.packb(protocol.CALLBACK_REPLY)


def _call_id_of(body: bytes) -> int:
    """The call id of a request whose arguments did not decode ([op, call_id, ...])."""
    try:
        unpacker = msgpack.Unpacker(raw=False)
        unpacker.feed(body)
        unpacker.read_array_header()
        unpacker.skip()
        call_id = unpacker.unpack()
    except Exception:
        return -1
    return call_id if type(call_id) is int else -1


def _to_array(value: Any) -> Any:
    import numpy

    array = numpy.asarray(value)
    if array.dtype.kind not in codec.NUMERIC_KINDS:
        raise TypeError(f"{type(value).__name__} does not convert to an array of numbers")
    return array


_CONVERSIONS: dict[str, Any] = {
    "bool": bool,
    "len": len,
    "int": int,
    "float": float,
    "index": operator.index,
    "complex": complex,
    "hash": hash,
    "array": _to_array,
    "contains": operator.contains,
}


def _exception_from_the_test(description: Any) -> BaseException:
    """The exception a test's callback raised, rebuilt in the candidate's process (built-in
    types by name, anything else as Exception)."""
    type_name = str(description.get("type", "Exception")) if isinstance(description, dict) else "Exception"
    message = str(description.get("message", "")) if isinstance(description, dict) else ""
    cls = getattr(builtins, type_name, None)
    if isinstance(cls, type) and issubclass(cls, Exception):
        try:
            return cls(message)
        except Exception:
            pass
    return Exception(f"{type_name}: {message}")


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
