"""Plain-data encoding for the boundary, built on msgpack (never pickle).

Frames are a 4-byte big-endian length followed by one msgpack message. The decoder only ever
produces exact trusted types (built-in values, numpy arrays, the standard-library value types
below) and the handle markers, so nothing the candidate sends can run code or masquerade as a
trusted object in the harness process.

Two modes:
- plain (the common path): msgpack's own lists and dicts, extensions for the rest;
- shared (a call whose arguments hold mutable containers): every list, dict, set, bytearray,
  deque, Counter, OrderedDict, defaultdict and numpy array gets an index the first time it is
  met, and a later meeting of the same object is sent as a reference to that index. Aliases keep
  aliasing across the boundary, and the worker can send back each argument's new state by index
  so the harness updates the test's own objects in place.

Decoding is bounded (see `ReplyBudget`): every reply may hold only so many elements, and the whole
check only so many, so a reply cannot grow the trusted process without limit.
"""

from __future__ import annotations

import collections
import datetime
import decimal
import fractions
import keyword
import os
import socket
import struct
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

import msgpack

MAX_FRAME_BYTES = 64 * 1024 * 1024
# Tuples, sets and arrays are msgpack extensions decoded recursively through C; each level costs
# tens of KiB of C stack, so their nesting is bounded well before the thread's stack would be.
MAX_EXTENSION_DEPTH = 64
# Elements (items of lists, dicts, tuples and sets, plus the containers themselves) one reply may
# hold, and all replies of a check together. An element costs the harness at least 8 bytes and an
# empty list 64, against one byte on the wire; these bound what a reply can make the harness hold.
MAX_REPLY_ELEMENTS = 2_000_000
MAX_CHECK_ELEMENTS = 50_000_000
MAX_CHECK_BYTES = 2 * 1024 * 1024 * 1024
MAX_NAMED_TUPLE_TYPES = 256
_LENGTH = struct.Struct(">I")
_HANDLE_HEAD = struct.Struct(">QB")
_INDEX = struct.Struct(">I")
_CALLBACK_ID = struct.Struct(">Q")

EXT_TUPLE = 1
EXT_SET = 2
EXT_FROZENSET = 3
EXT_NDARRAY = 4
EXT_HANDLE = 5
EXT_BIGINT = 6
EXT_DATETIME = 10
EXT_DECIMAL = 11
EXT_FRACTION = 12
EXT_COMPLEX = 13
EXT_RANGE = 14
EXT_DEQUE = 15
EXT_COUNTER = 16
EXT_ORDERED_DICT = 17
EXT_DEFAULT_DICT = 18
EXT_NAMED_TUPLE = 19
EXT_BYTEARRAY = 20
EXT_SHARED = 21
EXT_REF = 22
EXT_CALLBACK = 23

HANDLE_IS_CLASS = 1
# A defaultdict crosses with its factory only when the factory is one of these built-ins.
DEFAULT_FACTORIES: dict[str, Any] = {
    "list": list,
    "int": int,
    "set": set,
    "dict": dict,
    "str": str,
    "float": float,
    "tuple": tuple,
    "bool": bool,
}
_FACTORY_NAMES = {factory: name for name, factory in DEFAULT_FACTORIES.items()}
_ATOMIC = frozenset({int, float, str, bool, type(None), bytes})
SHARED_KINDS = (
    list,
    dict,
    set,
    bytearray,
    collections.deque,
    collections.Counter,
    collections.OrderedDict,
    collections.defaultdict,
)
_PACKER_OPTIONS: dict[str, Any] = {"strict_types": True, "use_bin_type": True, "unicode_errors": "surrogatepass"}


class BoundaryError(Exception):
    """A value could not cross the boundary, or a frame broke the protocol."""


class CheckBudgetExceeded(BoundaryError):
    """The candidate's replies used up what one check may hold (elements, bytes, classes): every
    later call of the check fails at once, without starting another worker."""


class HandleRef:
    """A reference to an object that lives in the worker. `description` (worker to harness only)
    describes the object's class; see `worker.Worker.describe_class`."""

    __slots__ = ("handle_id", "flags", "description")

    def __init__(self, handle_id: int, flags: int = 0, description: bytes = b"") -> None:
        self.handle_id = handle_id
        self.flags = flags
        self.description = description

    def __repr__(self) -> str:
        return f"HandleRef({self.handle_id})"


class CallbackRef:
    """A callable of the test's, kept in the harness and called back from the worker."""

    __slots__ = ("callback_id",)

    def __init__(self, callback_id: int) -> None:
        self.callback_id = callback_id


class Ref:
    """A reference, in shared mode, to a container the other side already holds (by index)."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


class _Shared:
    __slots__ = ("index", "value")

    def __init__(self, index: int, value: Any) -> None:
        self.index, self.value = index, value


class Memo:
    """The containers met while encoding or decoding one message in shared mode, by index."""

    __slots__ = ("objects", "indexes", "_open")

    def __init__(self, start: dict[int, Any] | None = None) -> None:
        self.objects: dict[int, Any] = {} if start is None else dict(start)
        self.indexes: dict[int, int] = {} if start is None else {id(obj): index for index, obj in start.items()}
        self._open: set[int] = set()

    def next_index(self) -> int:
        return max(self.objects, default=-1) + 1

    def add(self, obj: Any, index: int | None = None) -> int:
        index = self.next_index() if index is None else index
        self.objects[index] = obj
        self.indexes[id(obj)] = index
        return index


class ReplyBudget:
    """Elements and bytes decoded from the other side: per reply and for the whole check."""

    def __init__(self) -> None:
        self.check_elements = 0
        self.check_bytes = 0

    def spend_bytes(self, count: int) -> None:
        self.check_bytes += count
        if self.check_bytes > MAX_CHECK_BYTES:
            raise CheckBudgetExceeded(
                f"your code's replies added up to more than {MAX_CHECK_BYTES // 2**30} GiB in this check,"
                " more than levelup accepts"
            )


class Encoder:
    """Encodes values as frames. `to_handle` maps an object that is not plain data to a HandleRef
    (worker side) or to a HandleRef or CallbackRef (trusted side), or raises BoundaryError."""

    def __init__(self, to_handle: Callable[[Any], Any], enums_as_handles: bool = False) -> None:
        self._to_handle = to_handle
        # types whose objects always cross as handles (with subclasses): no plain-data checks
        self.handle_types: tuple[type, ...] = ()
        self._enums_as_handles = enums_as_handles
        # msgpack.Packer allocates a large buffer on creation, so packers are reused: one per
        # thread and nesting depth (tuples and arrays are packed inside the outer value).
        self._local = threading.local()

    def encode(self, value: Any, memo: Memo | None = None) -> bytes:
        """One frame. With `memo`, mutable containers are indexed (shared mode, see the module)."""
        return self.frame(self.encode_body(value, memo))

    def encode_body(self, value: Any, memo: Memo | None = None) -> bytes:
        try:
            if memo is not None:
                value = self.lower(value, memo)
            return self._pack(value)
        except BoundaryError:
            raise
        except RecursionError:
            raise BoundaryError("value cannot cross the grading boundary: it is nested too deeply") from None
        except (ValueError, TypeError, OverflowError, UnicodeError) as exc:
            raise BoundaryError(f"value cannot cross the grading boundary: {exc}") from None

    @staticmethod
    def frame(body: bytes) -> bytes:
        if len(body) > MAX_FRAME_BYTES:
            raise BoundaryError(
                f"value is {len(body) // 2**20} MiB, over the {MAX_FRAME_BYTES // 2**20} MiB"
                " limit for data crossing the grading boundary"
            )
        return _LENGTH.pack(len(body)) + body

    def lower(self, value: Any, memo: Memo) -> Any:
        """`value` with every mutable container replaced by its indexed form (shared mode)."""
        kind = type(value)
        if kind in _ATOMIC:
            return value
        if kind in SHARED_KINDS or _is_ndarray(value):
            key = id(value)
            index = memo.indexes.get(key)
            if index is not None:
                if key in memo._open:  # noqa: SLF001 - the memo's own bookkeeping
                    raise BoundaryError("value cannot cross the grading boundary: a container holds itself")
                return Ref(index)
            index = memo.add(value)
            memo._open.add(key)  # noqa: SLF001
            try:
                return _Shared(index, self._lower_contents(value, memo))
            finally:
                memo._open.discard(key)  # noqa: SLF001
        if kind is tuple:
            return tuple([self.lower(item, memo) for item in value])
        if isinstance(value, tuple) and hasattr(value, "_fields"):
            return kind(*[self.lower(item, memo) for item in value])
        return value

    def _lower_contents(self, value: Any, memo: Memo) -> Any:
        kind = type(value)
        if kind is list:
            if all(type(item) in _ATOMIC for item in value):
                return value
            return [self.lower(item, memo) for item in value]
        if kind is dict or kind is collections.OrderedDict:
            return kind((key, self.lower(item, memo)) for key, item in value.items())
        if kind is collections.defaultdict:
            return collections.defaultdict(value.default_factory, {k: self.lower(v, memo) for k, v in value.items()})
        if kind is collections.deque:
            return collections.deque([self.lower(item, memo) for item in value], value.maxlen)
        if kind is bytearray:  # msgpack would pack it as bytes
            return msgpack.ExtType(EXT_BYTEARRAY, bytes(value))
        return value  # sets, Counters and arrays hold no containers to index

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
            packers.append(msgpack.Packer(default=self._default, **_PACKER_OPTIONS))
        local.depth = depth + 1
        try:
            return packers[depth].pack(payload)
        except BaseException:
            packers[depth] = msgpack.Packer(default=self._default, **_PACKER_OPTIONS)
            raise
        finally:
            local.depth = depth

    def _default(self, obj: Any) -> Any:
        kind = type(obj)
        if kind is tuple:
            return msgpack.ExtType(EXT_TUPLE, self._pack(list(obj)))
        if kind is HandleRef:
            return msgpack.ExtType(EXT_HANDLE, _HANDLE_HEAD.pack(obj.handle_id, obj.flags) + obj.description)
        if isinstance(obj, self.handle_types):
            return self._default(self._to_handle(obj))
        if kind is _Shared:
            return msgpack.ExtType(EXT_SHARED, _INDEX.pack(obj.index) + self._pack(obj.value))
        if kind is Ref:
            return msgpack.ExtType(EXT_REF, _INDEX.pack(obj.index))
        if kind is CallbackRef:
            return msgpack.ExtType(EXT_CALLBACK, _CALLBACK_ID.pack(obj.callback_id))
        encode_value = _VALUE_ENCODERS.get(kind)
        if encode_value is not None:
            return encode_value(self, obj)
        plain = self._plain_equivalent(obj)
        if plain is not _NOT_PLAIN:
            return plain
        return self._default(self._to_handle(obj))

    def _plain_equivalent(self, obj: Any) -> Any:
        """Map subclasses of plain types (named tuples, numpy scalars, str subclasses) to plain
        values. Enum members of the candidate's code stay handles, so `is` keeps working."""
        if self._enums_as_handles and _is_enum(obj):
            return _NOT_PLAIN
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
        if isinstance(obj, (bytes, memoryview)):
            return bytes(obj)
        if isinstance(obj, tuple):
            fields = getattr(type(obj), "_fields", None)
            if isinstance(fields, tuple) and all(isinstance(name, str) for name in fields):
                payload = [type(obj).__name__, list(fields), list(obj)]
                return msgpack.ExtType(EXT_NAMED_TUPLE, self._pack(payload))
            return msgpack.ExtType(EXT_TUPLE, self._pack(list(obj)))
        for base in (collections.OrderedDict, collections.defaultdict, collections.Counter, collections.deque):
            if isinstance(obj, base):
                return _VALUE_ENCODERS[base](self, obj)
        if isinstance(obj, bytearray):
            return msgpack.ExtType(EXT_BYTEARRAY, bytes(obj))
        if isinstance(obj, list):
            return list(obj)
        if isinstance(obj, dict):
            return dict(obj)
        if isinstance(obj, frozenset):
            return msgpack.ExtType(EXT_FROZENSET, self._pack(list(obj)))
        if isinstance(obj, set):
            return msgpack.ExtType(EXT_SET, self._pack(list(obj)))
        for value_type in (datetime.datetime, datetime.date, datetime.time, datetime.timedelta, decimal.Decimal):
            if isinstance(obj, value_type):
                return _VALUE_ENCODERS[value_type](self, obj)
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


_NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
MAX_INTERNED_CHARS = 4096


def interned_like_python(text: str) -> str:
    """`text` as CPython would hold it had it never crossed: a string made only of name characters
    is interned when it is a constant in code, so the candidate's `return "Rocket"` or a name taken
    out of the test's own list is the very object of the test's literal "Rocket", and `assertIs`
    holds. (A string the candidate builds at run time is not interned by CPython; this makes `is`
    true for it as well, which only ever agrees with `==`.)"""
    if len(text) <= MAX_INTERNED_CHARS and _NAME_CHARACTERS.issuperset(text):
        return sys.intern(text)
    return text


def _is_enum(obj: Any) -> bool:
    enum = sys.modules.get("enum")
    return enum is not None and isinstance(obj, enum.Enum)


def _is_ndarray(obj: Any) -> bool:
    numpy = _numpy_if_loaded()
    return numpy is not None and type(obj) is numpy.ndarray


def _numpy_if_loaded() -> Any:
    return sys.modules.get("numpy")


# -- standard-library values -------------------------------------------------------------------
def _timedelta_fields(delta: datetime.timedelta) -> list[int]:
    return [delta.days, delta.seconds, delta.microseconds]


def _tz_fields(tz: datetime.tzinfo | None, moment: Any) -> Any:
    if tz is None:
        return None
    if type(tz) is datetime.timezone:
        offset = tz.utcoffset(None)
        name = tz.tzname(None)
        explicit = None if tz == datetime.timezone(offset) else name
        return ["fixed", _timedelta_fields(offset), explicit]
    key = getattr(tz, "key", None)
    if type(tz).__name__ == "ZoneInfo" and isinstance(key, str):
        return ["zone", key]
    raise BoundaryError(f"a time zone of type {type(tz).__name__} cannot cross the grading boundary")


def _encode_datetime(encoder: Encoder, value: Any) -> msgpack.ExtType:
    if isinstance(value, datetime.datetime):
        fields: list[Any] = [
            "datetime",
            value.year,
            value.month,
            value.day,
            value.hour,
            value.minute,
            value.second,
            value.microsecond,
            value.fold,
            _tz_fields(value.tzinfo, value),
        ]
    elif isinstance(value, datetime.date):
        fields = ["date", value.year, value.month, value.day]
    elif isinstance(value, datetime.time):
        fields = ["time", value.hour, value.minute, value.second, value.microsecond, value.fold]
        fields.append(_tz_fields(value.tzinfo, None))
    else:
        fields = ["timedelta", *_timedelta_fields(value)]
    return msgpack.ExtType(EXT_DATETIME, encoder._pack(fields))  # noqa: SLF001


def _encode_default_dict(encoder: Encoder, value: Any) -> msgpack.ExtType:
    factory = value.default_factory
    if factory is not None and factory not in _FACTORY_NAMES:
        name = getattr(factory, "__name__", type(factory).__name__)
        raise BoundaryError(
            f"a defaultdict whose factory is {name} cannot cross the grading boundary (supported: "
            f"None, {', '.join(DEFAULT_FACTORIES)})"
        )
    return msgpack.ExtType(EXT_DEFAULT_DICT, encoder._pack([_FACTORY_NAMES.get(factory), dict(value)]))  # noqa: SLF001


_VALUE_ENCODERS: dict[type, Callable[[Encoder, Any], Any]] = {
    datetime.datetime: _encode_datetime,
    datetime.date: _encode_datetime,
    datetime.time: _encode_datetime,
    datetime.timedelta: _encode_datetime,
    decimal.Decimal: lambda encoder, value: msgpack.ExtType(EXT_DECIMAL, str(value).encode()),
    fractions.Fraction: lambda encoder, value: msgpack.ExtType(
        EXT_FRACTION, encoder._pack([value.numerator, value.denominator])  # noqa: SLF001
    ),
    complex: lambda encoder, value: msgpack.ExtType(EXT_COMPLEX, encoder._pack([value.real, value.imag])),  # noqa: SLF001
    range: lambda encoder, value: msgpack.ExtType(EXT_RANGE, encoder._pack([value.start, value.stop, value.step])),  # noqa: SLF001
    collections.deque: lambda encoder, value: msgpack.ExtType(EXT_DEQUE, encoder._pack([list(value), value.maxlen])),  # noqa: SLF001
    collections.Counter: lambda encoder, value: msgpack.ExtType(EXT_COUNTER, encoder._pack(dict(value))),  # noqa: SLF001
    collections.OrderedDict: lambda encoder, value: msgpack.ExtType(
        EXT_ORDERED_DICT, encoder._pack([list(pair) for pair in value.items()])  # noqa: SLF001
    ),
    collections.defaultdict: _encode_default_dict,
    bytearray: lambda encoder, value: msgpack.ExtType(EXT_BYTEARRAY, bytes(value)),
    set: lambda encoder, value: msgpack.ExtType(EXT_SET, encoder._pack(list(value))),  # noqa: SLF001
    frozenset: lambda encoder, value: msgpack.ExtType(EXT_FROZENSET, encoder._pack(list(value))),  # noqa: SLF001
}


class Decoder:
    """Decodes frames into plain values. `make_handle(handle_id, flags, description)` and
    `make_callback(callback_id)` turn markers into the side's own objects (proxies on the trusted
    side, live objects in the worker). With a `budget`, replies are bounded (trusted side)."""

    def __init__(
        self,
        make_handle: Callable[[int, int, bytes], Any],
        make_callback: Callable[[int], Any] | None = None,
        budget: ReplyBudget | None = None,
    ) -> None:
        self._make_handle = make_handle
        self._make_callback = make_callback
        self.budget = budget
        self._local = threading.local()
        self._named_tuples: dict[tuple[str, tuple[str, ...]], type] = {}
        self._named_tuples_lock = threading.Lock()
        self._options: dict[str, Any] = {
            "ext_hook": self._ext_hook,
            "raw": False,
            "strict_map_key": False,
            "use_list": True,
            "unicode_errors": "surrogatepass",
        }
        # a reply holds at most one element per byte: only a large one is counted as it is decoded
        self._counting_options = dict(
            self._options,
            list_hook=self._count,
            object_hook=self._count,
            max_array_len=MAX_REPLY_ELEMENTS,
            max_map_len=MAX_REPLY_ELEMENTS,
        )

    def decode(self, body: bytes, memo: Memo | None = None) -> Any:
        local = self._local
        budget = self.budget
        counted = budget is not None and len(body) > MAX_REPLY_ELEMENTS
        local.depth, local.elements, local.memo, local.classes = 0, 0 if counted else len(body), memo, 0
        local.options = self._counting_options if counted else self._options
        try:
            return self._unpack(body)
        except BoundaryError:
            raise
        except Exception as exc:  # msgpack raises several types for malformed or too-deep data
            if isinstance(exc, ValueError) and "exceeds max_" in str(exc):
                raise BoundaryError(
                    f"a reply from your code holds a container of more than {MAX_REPLY_ELEMENTS:,} elements,"
                    " more than levelup accepts"
                ) from None
            raise BoundaryError(f"malformed data from the other side of the boundary: {exc}") from None
        finally:
            local.memo = None
            if budget is not None:
                budget.check_elements += local.elements
                budget.check_bytes += len(body)
                if budget.check_bytes > MAX_CHECK_BYTES:
                    budget.spend_bytes(0)  # raises the budget error
                if budget.check_elements > MAX_CHECK_ELEMENTS:
                    raise CheckBudgetExceeded(
                        f"your code's replies in this check add up to more than {MAX_CHECK_ELEMENTS:,} elements,"
                        " more than levelup accepts"
                    )

    def decode_nested(self, data: bytes) -> Any:
        """Decode a message embedded in the one being decoded (a class description, whose bases
        are class descriptions in turn), counting against the same reply and nesting limit."""
        local = self._local
        depth = local.depth
        if depth >= MAX_EXTENSION_DEPTH:
            raise BoundaryError(f"classes nested more than {MAX_EXTENSION_DEPTH} levels deep")
        local.depth = depth + 1
        try:
            return self._unpack(data)
        finally:
            local.depth = depth

    def count_class(self) -> int:
        """One more class described in the reply being decoded; how many so far."""
        self._local.classes += 1
        return int(self._local.classes)

    def _count(self, container: Any) -> Any:
        local = self._local
        local.elements += len(container) + 1
        if local.elements > MAX_REPLY_ELEMENTS:
            raise BoundaryError(
                f"a reply from your code holds more than {MAX_REPLY_ELEMENTS:,} elements, more than levelup accepts"
            )
        budget = self.budget
        if budget is not None and budget.check_elements + local.elements > MAX_CHECK_ELEMENTS:
            raise CheckBudgetExceeded(
                f"your code's replies in this check add up to more than {MAX_CHECK_ELEMENTS:,} elements,"
                " more than levelup accepts"
            )
        return container

    def _unpack(self, body: bytes) -> Any:
        return msgpack.unpackb(body, **self._local.options)

    def _ext_hook(self, code: int, data: bytes) -> Any:
        if code == EXT_HANDLE:  # the most common marker, and a leaf: no nesting to count
            if len(data) < _HANDLE_HEAD.size:
                raise BoundaryError("malformed object handle")
            handle_id, flags = _HANDLE_HEAD.unpack_from(data)
            return self._make_handle(handle_id, flags, data[_HANDLE_HEAD.size :])
        if code == EXT_REF:  # to a container met earlier in this message, or one the caller holds
            (index,) = _INDEX.unpack_from(data)
            memo = self._local.memo
            found = _NOT_PLAIN if memo is None else memo.objects.get(index, _NOT_PLAIN)
            return Ref(index) if found is _NOT_PLAIN else found
        if code == EXT_CALLBACK:
            if self._make_callback is None:
                raise BoundaryError("callbacks can only be sent to the worker")
            (callback_id,) = _CALLBACK_ID.unpack_from(data)
            return self._make_callback(callback_id)
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
            if len(data) > 5000:
                raise BoundaryError("an integer with more than 5000 digits")
            return int(data.decode("ascii"))
        if code == EXT_SHARED:
            (index,) = _INDEX.unpack_from(data)
            memo = self._local.memo
            if memo is None:
                memo = self._local.memo = Memo()
            value = self._unpack(data[_INDEX.size :])
            if type(value) not in SHARED_KINDS and not _is_ndarray(value):
                raise BoundaryError("a shared container that is not a container")
            memo.add(value, index)
            return value
        if code == EXT_NDARRAY:
            dtype, shape, raw = msgpack.unpackb(data, raw=False)
            import numpy

            array_dtype = numpy.dtype(dtype)
            if array_dtype.kind not in NUMERIC_KINDS:
                raise BoundaryError(f"unsupported array dtype {dtype!r}")
            return numpy.frombuffer(raw, dtype=array_dtype).reshape(shape).copy()
        if code == EXT_BYTEARRAY:
            return bytearray(data)
        if code == EXT_DECIMAL:
            if len(data) > 5000:
                raise BoundaryError("a Decimal with more than 5000 digits")
            return decimal.Decimal(data.decode("ascii"))
        fields = self._unpack(data)
        if code == EXT_DATETIME:
            return _decode_datetime(fields)
        if code == EXT_FRACTION:
            numerator, denominator = fields
            return fractions.Fraction(_exact_int(numerator), _exact_int(denominator))
        if code == EXT_COMPLEX:
            real, imag = fields
            return complex(float(real), float(imag))
        if code == EXT_RANGE:
            return range(*(_exact_int(field) for field in fields))
        if code == EXT_DEQUE:
            items, maxlen = fields
            return collections.deque(items, None if maxlen is None else _exact_int(maxlen))
        if code == EXT_COUNTER:
            return collections.Counter(_exact_dict(fields))
        if code == EXT_ORDERED_DICT:
            return collections.OrderedDict((key, value) for key, value in fields)
        if code == EXT_DEFAULT_DICT:
            factory_name, items = fields
            factory = None if factory_name is None else DEFAULT_FACTORIES.get(factory_name)
            if factory is None and factory_name is not None:
                raise BoundaryError(f"unsupported defaultdict factory {factory_name!r}")
            return collections.defaultdict(factory, _exact_dict(items))
        if code == EXT_NAMED_TUPLE:
            name, field_names, values = fields
            return self._named_tuple(name, field_names)(*values)
        raise BoundaryError(f"unknown data marker {code}")

    def _named_tuple(self, name: Any, field_names: Any) -> type:
        if not isinstance(name, str) or not isinstance(field_names, list) or len(field_names) > 255:
            raise BoundaryError("malformed named tuple")
        if not all(isinstance(field, str) and len(field) <= 100 for field in field_names):
            raise BoundaryError("malformed named tuple")
        safe_name = name[:100] if name.isidentifier() and not keyword.iskeyword(name) else "NamedTuple"
        key = (safe_name, tuple(field_names))
        with self._named_tuples_lock:
            known = self._named_tuples.get(key)
            if known is None:
                if len(self._named_tuples) >= MAX_NAMED_TUPLE_TYPES:
                    raise BoundaryError(f"more than {MAX_NAMED_TUPLE_TYPES} kinds of named tuple in one check")
                created: type = collections.namedtuple(safe_name, field_names, rename=True)  # type: ignore[misc]
                self._named_tuples[key] = known = created
        return known


def _exact_int(value: Any) -> int:
    if type(value) is not int:
        raise BoundaryError("malformed value: expected an integer")
    return value


def _exact_dict(value: Any) -> dict[Any, Any]:
    if type(value) is not dict:
        raise BoundaryError("malformed value: expected a mapping")
    return value


def _decode_tz(fields: Any) -> datetime.tzinfo | None:
    if fields is None:
        return None
    if fields[0] == "fixed":
        offset = datetime.timedelta(*fields[1])
        return datetime.timezone(offset) if fields[2] is None else datetime.timezone(offset, str(fields[2])[:100])
    if fields[0] == "zone":
        import zoneinfo

        try:
            return zoneinfo.ZoneInfo(str(fields[1])[:100])
        except (zoneinfo.ZoneInfoNotFoundError, ValueError) as exc:
            raise BoundaryError(f"unknown time zone {fields[1]!r}") from exc
    raise BoundaryError("malformed time zone")


def _decode_datetime(fields: Any) -> Any:
    kind, *parts = fields
    if kind == "datetime":
        *clock, fold, tz = parts
        year, month, day, hour, minute, second, microsecond = (_exact_int(part) for part in clock)
        return datetime.datetime(
            year, month, day, hour, minute, second, microsecond, tzinfo=_decode_tz(tz), fold=_exact_int(fold)
        )
    if kind == "date":
        return datetime.date(*(_exact_int(part) for part in parts))
    if kind == "time":
        *clock, fold, tz = parts
        hour, minute, second, microsecond = (_exact_int(part) for part in clock)
        return datetime.time(hour, minute, second, microsecond, tzinfo=_decode_tz(tz), fold=_exact_int(fold))
    if kind == "timedelta":
        return datetime.timedelta(*(_exact_int(part) for part in parts))
    raise BoundaryError("malformed date or time")


def read_length(header: bytes) -> int:
    (length,) = _LENGTH.unpack(header)
    if length > MAX_FRAME_BYTES:
        raise BoundaryError(f"message of {length} bytes exceeds the {MAX_FRAME_BYTES} byte limit")
    return length


HEADER_BYTES = _LENGTH.size


class Spin:
    """Polling before sleeping, while polling pays.

    A waiting side polls for `seconds`, yielding the core between looks so the other side can run
    if it shares it. On an idle machine a yield comes straight back. On a loaded one the scheduler
    hands the core to a queued process for a whole time slice (milliseconds): a call-heavy test then
    paid a slice per call (4 ms a call under 6 busy loops instead of 1 ms sleeping at once), enough
    to time out a correct solution. So a yield that took longer than the whole polling window (it
    gave away more than polling can save) pauses polling: the next `PAUSED_WAITS` waits sleep at
    once, then polling is tried again."""

    PAUSED_WAITS = 1000

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._paused = 0 if seconds else -1  # -1: never poll

    def deadline(self) -> float:
        """When the wait that starts now stops polling (0.0: sleep at once)."""
        if self._paused:
            self._paused -= self._paused > 0
            return 0.0
        return time.perf_counter() + self.seconds

    def keep_polling(self, deadline: float) -> bool:
        """Yield the core once; False when the caller should sleep instead (the window is over, or
        the yield showed the machine is loaded)."""
        before = time.perf_counter()
        if before > deadline:
            return False
        os.sched_yield()
        if time.perf_counter() - before > self.seconds:
            self._paused = self.PAUSED_WAITS
            return False
        return True


class FramedSocket:
    """Frames over one socket: reads keep whatever arrives beyond the current frame.

    With `spin_seconds`, a read first polls the socket without blocking for that long (see `Spin`).
    The other side usually answers within tens of microseconds, and a process that is still running
    when the data arrives skips the wake-up (on a virtual machine, an inter-processor interrupt and
    a context switch), which costs more than the answer itself. After the window it blocks."""

    def __init__(self, sock: socket.socket, spin_seconds: float = 0.0) -> None:
        self.sock = sock
        self._spin = Spin(spin_seconds)
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
        spin = self._spin
        deadline = spin.deadline()
        if deadline:
            while True:
                try:
                    return sock.recv(_RECEIVE_BYTES, socket.MSG_DONTWAIT)
                except BlockingIOError:
                    if not spin.keep_polling(deadline):
                        break
        return sock.recv(_RECEIVE_BYTES)


_RECEIVE_BYTES = 256 * 1024
