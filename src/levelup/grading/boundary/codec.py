"""Plain-data encoding for the boundary, built on msgpack (never pickle).

Frames are a 4-byte big-endian length followed by one msgpack message. The decoder only ever
produces exact built-in types, numpy arrays and the handle/exception markers below, so nothing
the candidate sends can run code or masquerade as a trusted object in the harness process.
"""

from __future__ import annotations

import os
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import msgpack

MAX_FRAME_BYTES = 64 * 1024 * 1024
# Tuples, sets and arrays are msgpack extensions decoded recursively through C; each level costs
# tens of KiB of C stack, so their nesting is bounded well before the thread's stack would be.
MAX_EXTENSION_DEPTH = 64
_LENGTH = struct.Struct(">I")
_HANDLE_ID = struct.Struct(">Q")

EXT_TUPLE = 1
EXT_SET = 2
EXT_FROZENSET = 3
EXT_NDARRAY = 4
EXT_HANDLE = 5
EXT_BIGINT = 6
EXT_EXCEPTION_CLASS = 7


class BoundaryError(Exception):
    """A value could not cross the boundary, or a frame broke the protocol."""


class HandleRef:
    """A reference to an object that lives in the worker (created for every call, so kept light)."""

    __slots__ = ("handle_id", "type_name")

    def __init__(self, handle_id: int, type_name: str) -> None:
        self.handle_id = handle_id
        self.type_name = type_name

    def __repr__(self) -> str:
        return f"HandleRef({self.handle_id}, {self.type_name!r})"


@dataclass(frozen=True)
class ExceptionClassRef:
    """An exception class defined by the candidate, described by name and built-in base."""

    name: str
    base: str


class Encoder:
    """Encodes values as frames. `to_handle` maps an object that is not plain data to a
    HandleRef or ExceptionClassRef (worker side) or raises BoundaryError (trusted side)."""

    def __init__(self, to_handle: Callable[[Any], Any]) -> None:
        self._to_handle = to_handle
        # types that always cross as handles: encoding skips the plain-data checks for them
        self.handle_types: frozenset[type] = frozenset()
        # msgpack.Packer allocates a large buffer on creation, so packers are reused: one per
        # thread and nesting depth (tuples and arrays are packed inside the outer value).
        self._local = threading.local()

    def encode(self, value: Any) -> bytes:
        try:
            body = self._pack(value)
        except BoundaryError:
            raise
        except RecursionError:
            raise BoundaryError("value cannot cross the grading boundary: it is nested too deeply") from None
        except (ValueError, TypeError, OverflowError) as exc:
            raise BoundaryError(f"value cannot cross the grading boundary: {exc}") from None
        if len(body) > MAX_FRAME_BYTES:
            raise BoundaryError(
                f"value is {len(body) // 2**20} MiB, over the {MAX_FRAME_BYTES // 2**20} MiB"
                " limit for data crossing the grading boundary"
            )
        return _LENGTH.pack(len(body)) + body

    def _pack(self, payload: Any) -> bytes:
        local = self._local
        packers: list[msgpack.Packer] = local.__dict__.setdefault("packers", [])
        depth: int = local.__dict__.get("depth", 0)
        if depth > MAX_EXTENSION_DEPTH:
            raise BoundaryError(
                f"value cannot cross the grading boundary: tuples, sets or arrays nested more than "
                f"{MAX_EXTENSION_DEPTH} levels deep"
            )
        if depth == len(packers):
            packers.append(msgpack.Packer(default=self._default, strict_types=True, use_bin_type=True))
        local.depth = depth + 1
        try:
            return packers[depth].pack(payload)
        except BaseException:
            packers[depth] = msgpack.Packer(default=self._default, strict_types=True, use_bin_type=True)
            raise
        finally:
            local.depth = depth

    def _default(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is tuple:
            return msgpack.ExtType(EXT_TUPLE, self._pack(list(obj)))
        if kind is HandleRef:
            return msgpack.ExtType(EXT_HANDLE, _HANDLE_ID.pack(obj.handle_id) + obj.type_name.encode())
        if kind in self.handle_types:
            return self._default(self._to_handle(obj))
        if kind is ExceptionClassRef:
            return msgpack.ExtType(EXT_EXCEPTION_CLASS, self._pack([obj.name, obj.base]))
        plain = self._plain_equivalent(obj)
        if plain is not _NOT_PLAIN:
            return plain
        return self._default(self._to_handle(obj))

    def _plain_equivalent(self, obj: Any) -> Any:
        """Map plain types that msgpack does not keep apart (tuples, sets) and subclasses of plain
        types (namedtuples, IntEnums, numpy scalars) to plain values."""
        if isinstance(obj, bool):
            return bool(obj)
        if isinstance(obj, int):
            value = int.__index__(obj)
            if -(2**63) <= value < 2**64:
                return value
            return msgpack.ExtType(EXT_BIGINT, str(value).encode())
        if isinstance(obj, float):
            return float.__float__(obj)
        if isinstance(obj, str):
            return str.__str__(obj)
        if isinstance(obj, (bytes, bytearray, memoryview)):
            return bytes(obj)
        if isinstance(obj, tuple):
            return msgpack.ExtType(EXT_TUPLE, self._pack(list(obj)))
        if isinstance(obj, list):
            return list(obj)
        if isinstance(obj, dict):
            return dict(obj)
        if isinstance(obj, frozenset):
            return msgpack.ExtType(EXT_FROZENSET, self._pack(list(obj)))
        if isinstance(obj, set):
            return msgpack.ExtType(EXT_SET, self._pack(list(obj)))
        numpy = _numpy_if_loaded()
        if numpy is not None:
            if isinstance(obj, numpy.ndarray) and obj.dtype.kind in NUMERIC_KINDS:
                payload = [obj.dtype.str, list(obj.shape), obj.tobytes(order="C")]
                return msgpack.ExtType(EXT_NDARRAY, self._pack(payload))
            if isinstance(obj, numpy.generic) and obj.dtype.kind in NUMERIC_KINDS:
                return obj.item()
        return _NOT_PLAIN


NUMERIC_KINDS = "biufc"
_NOT_PLAIN = object()


def _numpy_if_loaded() -> Any:
    return sys.modules.get("numpy")


class Decoder:
    """Decodes frames into plain values. `make_handle` and `make_exception_class` turn markers
    into the side's own objects (remote proxies on the trusted side, live objects in the worker)."""

    def __init__(
        self,
        make_handle: Callable[[HandleRef], Any],
        make_exception_class: Callable[[ExceptionClassRef], Any],
    ) -> None:
        self._make_handle = make_handle
        self._make_exception_class = make_exception_class
        self._local = threading.local()

    def decode(self, body: bytes) -> Any:
        self._local.depth = 0
        try:
            return self._unpack(body)
        except BoundaryError:
            raise
        except Exception as exc:  # msgpack raises several types for malformed or too-deep data
            raise BoundaryError(f"malformed data from the other side of the boundary: {exc}") from None

    def _unpack(self, body: bytes) -> Any:
        return msgpack.unpackb(
            body,
            ext_hook=self._ext_hook,
            raw=False,
            strict_map_key=False,
            use_list=True,
        )

    def _ext_hook(self, code: int, data: bytes) -> Any:
        if code == EXT_HANDLE:  # the most common marker, and a leaf: no nesting to count
            if len(data) < _HANDLE_ID.size:
                raise BoundaryError("malformed object handle")
            (handle_id,) = _HANDLE_ID.unpack_from(data)
            type_name = data[_HANDLE_ID.size : _HANDLE_ID.size + 200].decode("utf-8", "replace")
            return self._make_handle(HandleRef(handle_id, type_name))
        depth = self._local.depth
        if depth >= MAX_EXTENSION_DEPTH:
            raise BoundaryError(f"data nested more than {MAX_EXTENSION_DEPTH} levels deep (tuples, sets or arrays)")
        self._local.depth = depth + 1
        try:
            return self._decode_extension(code, data)
        finally:
            self._local.depth = depth

    def _decode_extension(self, code: int, data: bytes) -> Any:
        if code == EXT_TUPLE:
            return tuple(self._unpack(data))
        if code == EXT_SET:
            return set(self._unpack(data))
        if code == EXT_FROZENSET:
            return frozenset(self._unpack(data))
        if code == EXT_BIGINT:
            return int(data.decode("ascii"))
        if code == EXT_NDARRAY:
            dtype, shape, raw = msgpack.unpackb(data, raw=False)
            import numpy

            array_dtype = numpy.dtype(dtype)
            if array_dtype.kind not in NUMERIC_KINDS:
                raise BoundaryError(f"unsupported array dtype {dtype!r}")
            return numpy.frombuffer(raw, dtype=array_dtype).reshape(shape).copy()
        if code == EXT_EXCEPTION_CLASS:
            name, base = msgpack.unpackb(data, raw=False)
            if not isinstance(name, str) or not isinstance(base, str):
                raise BoundaryError("malformed exception class")
            return self._make_exception_class(ExceptionClassRef(name[:200], base[:200]))
        raise BoundaryError(f"unknown data marker {code}")


def read_length(header: bytes) -> int:
    (length,) = _LENGTH.unpack(header)
    if length > MAX_FRAME_BYTES:
        raise BoundaryError(f"message of {length} bytes exceeds the {MAX_FRAME_BYTES} byte limit")
    return length


HEADER_BYTES = _LENGTH.size


class FramedSocket:
    """Frames over one socket: reads keep whatever arrives beyond the current frame.

    With `spin_seconds`, a read first polls the socket without blocking for that long. The other
    side usually answers within tens of microseconds, and a process that is still running when
    the data arrives skips the wake-up (on a virtual machine, an inter-processor interrupt and a
    context switch), which costs more than the answer itself. After the window it blocks."""

    def __init__(self, sock: socket.socket, spin_seconds: float = 0.0) -> None:
        self.sock = sock
        self._spin_seconds = spin_seconds
        self._buffer = bytearray()

    def send(self, frame: bytes) -> None:
        self.sock.sendall(frame)

    def next_frame(self) -> bytes | None:
        """The next frame's body; None when the other side closed the socket. Raises
        BoundaryError for a frame over the size limit and OSError when the socket fails."""
        while True:
            frame = self.buffered_frame()
            if frame is not None:
                return frame
            chunk = self._receive()
            if not chunk:
                return None
            self._buffer += chunk

    def buffered_frame(self) -> bytes | None:
        buffer = self._buffer
        if len(buffer) < HEADER_BYTES:
            return None
        length = read_length(bytes(buffer[:HEADER_BYTES]))
        end = HEADER_BYTES + length
        if len(buffer) < end:
            return None
        body = bytes(buffer[HEADER_BYTES:end])
        del buffer[:end]
        return body

    def _receive(self) -> bytes:
        sock = self.sock
        if self._spin_seconds:
            give_up = time.perf_counter() + self._spin_seconds
            while True:
                try:
                    return sock.recv(_RECEIVE_BYTES, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    if time.perf_counter() > give_up:
                        break
                    os.sched_yield()  # lets the other side run if it shares this core
        return sock.recv(_RECEIVE_BYTES)


_RECEIVE_BYTES = 256 * 1024
