"""Stand-ins for the candidate's modules, classes and objects inside the trusted harness.

`CandidateModule` replaces the candidate's module in `sys.modules`, so a test's
`from banking_system import BankingSystem` works unchanged. Everything the candidate's code hands
back that is not plain data becomes a proxy, built the way RPyC builds its "netrefs":

- identity: one proxy per remote object (a table of weak references by handle), so `is` works;
- classes: each class of the candidate's becomes a local proxy class (metaclass `RemoteClass`)
  whose bases mirror the remote ones, and each object's proxy is an instance of its class's proxy,
  so `isinstance`, `issubclass`, class attributes and Enum classes work; exception classes become
  real exception classes with the same hierarchy, so `pytest.raises(module.Error)` works;
- generators come back as real local generators driving the remote one;
- calls, attributes, operators, `len`, `in`, indexing, iteration and truth of an object are
  forwarded (only the candidate's own values are involved).

Unlike RPyC, the trust model decides what is *not* forwarded. Comparing a proxy with a test's
value is decided here (a proxy equals only itself; ordering raises TypeError); comparisons between
two of the candidate's objects use the candidate's own methods, guarded in the worker. An
operator between a test's value and a candidate object is forwarded, since a test wrote it, but
its result is *tainted*: it stays a handle, operators, indexing and calls on it (or with it)
stay tainted (`(expected - actual).max()` is the candidate's answer about the test's value), and
none of the conversions that numpy, pytest and Python apply implicitly (`bool`, `float`, `int`,
`__index__`, `__array__`, `len`, iteration, `in`, comparison with a test's value) turns it into
plain data; text (`str`, `repr`) is allowed. So `np.abs(expected - actual) <= tol` and
`np.allclose(expected, actual)` decide from plain data only. An attribute a test reads from a
tainted object by name (`(a + 2).data`, `(a ** 3).relu().grad`) answers as usual: the test chose
to ask that object's state, as it chooses the arguments of any call.
"""

from __future__ import annotations

import builtins
import importlib.machinery
import keyword
import struct
import threading
import types
import weakref
from collections.abc import Generator
from typing import Any

from levelup.grading.boundary import codec, protocol
from levelup.grading.boundary.codec import HandleRef
from levelup.grading.boundary.connection import Boundary
from levelup.grading.boundary.failures import BoundaryViolation

MAX_TRUSTED_LENGTH = 10_000_000
MAX_REPLY_CLASSES = 100
MAX_CHECK_CLASSES = 500
TAINT_MESSAGE = (
    "a value your code computed from the test's data cannot decide a check: the test combined its own"
    " value with an object from your code ({operation}); ask for plain data instead (for example"
    " np.asarray(obj) or obj.data before comparing)"
)
_CLASS_ID = struct.Struct(">Q")
_SAFE_EXCEPTION_BASES = {
    name
    for name in dir(builtins)
    if isinstance(getattr(builtins, name), type) and issubclass(getattr(builtins, name), Exception)
}


class TaintedValueError(BoundaryViolation):
    """A tainted handle was asked to become plain data."""


class RemoteClass(type):
    """The metaclass of proxy classes: calling one creates an object in the worker, attributes,
    iteration (an Enum's members), indexing and `len` are forwarded to the remote class."""

    _levelup_class_boundary: Boundary
    _levelup_handle_id: int
    _levelup_class_generation: int
    _levelup_stable_name: tuple[str, str] | None
    _levelup_candidate: bool
    _levelup_plain: str | None

    def __call__(cls, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        return cls._levelup_class_boundary.request(protocol.OP_CALL, cls, list(args), kwargs)

    def __getattr__(cls, name: str) -> Any:
        __tracebackhide__ = True
        if name.startswith("__") and name.endswith("__") or name.startswith("_levelup_"):
            raise AttributeError(name)
        _, value = cls._levelup_class_boundary.request(protocol.OP_GETATTR, cls, name)
        return value

    def __setattr__(cls, name: str, value: Any) -> None:
        __tracebackhide__ = True
        if name.startswith("_levelup_") or name.startswith("__"):
            type.__setattr__(cls, name, value)
        else:
            cls._levelup_class_boundary.request(protocol.OP_SETATTR, cls, name, value)

    def __iter__(cls) -> Any:
        __tracebackhide__ = True
        iterator = cls._levelup_class_boundary.request(protocol.OP_OPERATOR, "iter", [cls])
        return _iterate(iterator)

    def __len__(cls) -> int:
        __tracebackhide__ = True
        return _checked_length(cls._levelup_class_boundary.request(protocol.OP_OPERATOR, "len", [cls]))

    def __getitem__(cls, key: Any) -> Any:
        __tracebackhide__ = True
        return cls._levelup_class_boundary.request(protocol.OP_OPERATOR, "getitem", [cls, key])

    def __contains__(cls, item: Any) -> bool:
        __tracebackhide__ = True
        return _exact(bool, cls._levelup_class_boundary.request(protocol.OP_OPERATOR, "contains", [cls, item]), "in")

    def __repr__(cls) -> str:
        return f"<class '{cls.__name__}' from your code>"


class RemoteObject:
    """The root of every proxy of an object living in the candidate's process."""

    __slots__ = (
        "_levelup_boundary",
        "_levelup_handle",
        "_levelup_generation",
        "_levelup_rebind",
        "_levelup_methods",
        "_levelup_tainted",
        "_levelup_hash",
        "__weakref__",
    )
    _levelup_boundary: Boundary
    _levelup_handle: HandleRef
    _levelup_generation: int
    _levelup_rebind: tuple[str, str] | None
    _levelup_methods: dict[str, RemoteMethod]
    _levelup_tainted: bool
    _levelup_hash: int | None
    _levelup_candidate = False
    _levelup_plain: str | None = None

    def _levelup_request(self, op: str, *args: Any, keep: bool = False, taint_free: bool = False) -> Any:
        __tracebackhide__ = True
        return self._levelup_boundary.request(op, *args, keep=keep, taint_free=taint_free)

    def _levelup_refuse_if_tainted(self, operation: str) -> None:
        __tracebackhide__ = True
        if self._levelup_tainted:
            raise TaintedValueError(TAINT_MESSAGE.format(operation=operation))

    def _levelup_convert(self, name: str) -> Any:
        __tracebackhide__ = True
        self._levelup_refuse_if_tainted(_CONVERSION_NAMES.get(name, name))
        return self._levelup_request(protocol.OP_OPERATOR, name, [self])

    def __getattr__(self, name: str) -> Any:
        __tracebackhide__ = True
        if name in _DESCRIBED_BY_YOUR_CODE:  # a function's or object's own name, as plain text
            return self._levelup_request(protocol.OP_GETATTR, self, name, taint_free=True)[1]
        if name.startswith("__") and name.endswith("__") or name.startswith("_levelup_"):
            raise AttributeError(name)  # protocol probes (numpy, pytest, inspect) stay local
        methods: dict[str, RemoteMethod] = self._levelup_methods
        if name in methods:
            return methods[name]
        is_method, value = self._levelup_request(protocol.OP_GETATTR, self, name)
        if is_method:
            methods[name] = RemoteMethod(self, name)
            return methods[name]
        return codec.interned_like_python(value) if type(value) is str else value

    def __setattr__(self, name: str, value: Any) -> None:
        __tracebackhide__ = True
        if name.startswith("_levelup_"):
            object.__setattr__(self, name, value)
        else:
            self._levelup_request(protocol.OP_SETATTR, self, name, value)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        return self._levelup_request(protocol.OP_CALL, self, list(args), kwargs)

    def __repr__(self) -> str:
        neutral = f"<{type(self).__name__} object from your code>"
        boundary = self._levelup_boundary
        if not type(self)._levelup_candidate or not boundary.is_current(self._levelup_generation):
            return neutral
        try:
            text = self._levelup_request(protocol.OP_REPR, self, taint_free=True)
        except Exception:  # a repr that raises must not break the report that shows it
            return neutral
        return text[: protocol.MAX_REPR_CHARS] if type(text) is str else neutral

    def __str__(self) -> str:
        __tracebackhide__ = True
        text = self._levelup_request(protocol.OP_OPERATOR, "str", [self], taint_free=True)
        return text if type(text) is str else repr(self)

    def __format__(self, spec: str) -> str:
        __tracebackhide__ = True
        return format(str(self), spec)

    # -- truth and conversions to plain data (never of a tainted handle) -----------------------
    def __bool__(self) -> bool:
        __tracebackhide__ = True
        return _exact(bool, self._levelup_convert("bool"), "bool()")

    def __len__(self) -> int:
        __tracebackhide__ = True
        return _checked_length(self._levelup_convert("len"))

    def __int__(self) -> int:
        __tracebackhide__ = True
        return _exact(int, self._levelup_convert("int"), "int()")

    def __index__(self) -> int:
        __tracebackhide__ = True
        return _exact(int, self._levelup_convert("index"), "__index__")

    def __float__(self) -> float:
        __tracebackhide__ = True
        return _exact(float, self._levelup_convert("float"), "float()")

    def __complex__(self) -> complex:
        __tracebackhide__ = True
        return _exact(complex, self._levelup_convert("complex"), "complex()")

    def __array__(self, dtype: Any = None, copy: Any = None) -> Any:
        __tracebackhide__ = True
        array = self._levelup_convert("array")
        if type(array).__name__ != "ndarray":
            raise TypeError("an object from your code did not convert to an array of numbers")
        return array if dtype is None else array.astype(dtype)

    def __contains__(self, item: Any) -> bool:
        __tracebackhide__ = True
        self._levelup_refuse_if_tainted("in")
        return _exact(bool, self._levelup_request(protocol.OP_OPERATOR, "contains", [self, item]), "in")

    def __iter__(self) -> Any:
        __tracebackhide__ = True
        self._levelup_refuse_if_tainted("iteration")
        return _iterate(self._levelup_request(protocol.OP_OPERATOR, "iter", [self]))

    def __next__(self) -> Any:
        __tracebackhide__ = True
        self._levelup_refuse_if_tainted("next()")
        return self._levelup_request(protocol.OP_OPERATOR, "next", [self])

    def __hash__(self) -> int:
        __tracebackhide__ = True
        cached = self._levelup_hash
        if cached is None:
            if type(self)._levelup_plain is not None:
                cached = hash(self._levelup_plain_value())
            else:
                value = self._levelup_request(protocol.OP_OPERATOR, "hash", [self], taint_free=True)
                cached = _exact(int, value, "hash()")
            self._levelup_hash = cached
        return cached

    # -- comparisons ---------------------------------------------------------------------------
    def _levelup_plain_value(self) -> Any:
        """An int/str/float Enum member's plain value (the member *is* that value in Python)."""
        kind = {"int": int, "str": str, "float": float}[type(self)._levelup_plain or "int"]
        return _exact(kind, self._levelup_request(protocol.OP_OPERATOR, kind.__name__, [self]), kind.__name__)

    def _levelup_compare(self, name: str, other: Any) -> Any:
        __tracebackhide__ = True
        if isinstance(other, RemoteObject):
            result = self._levelup_request(protocol.OP_COMPARE, name, self, other, taint_free=True)
            if (self._levelup_tainted or other._levelup_tainted) and type(result) is not bool:
                operation = f"a comparison returning {type(result).__name__}"
                raise TaintedValueError(TAINT_MESSAGE.format(operation=operation))
            return result
        if type(self)._levelup_plain is not None and not isinstance(other, (RemoteClass, types.ModuleType)):
            return _COMPARE_LOCALLY[name](self._levelup_plain_value(), other)
        if self._levelup_tainted:
            raise TaintedValueError(TAINT_MESSAGE.format(operation="a comparison with the test's value"))
        return NotImplemented

    def __eq__(self, other: object) -> Any:
        __tracebackhide__ = True
        if other is self:
            return True
        return self._levelup_compare("eq", other)

    def __ne__(self, other: object) -> Any:
        __tracebackhide__ = True
        if other is self:
            return False
        return self._levelup_compare("ne", other)

    def __lt__(self, other: Any) -> Any:
        __tracebackhide__ = True
        return self._levelup_compare("lt", other)

    def __le__(self, other: Any) -> Any:
        __tracebackhide__ = True
        return self._levelup_compare("le", other)

    def __gt__(self, other: Any) -> Any:
        __tracebackhide__ = True
        return self._levelup_compare("gt", other)

    def __ge__(self, other: Any) -> Any:
        __tracebackhide__ = True
        return self._levelup_compare("ge", other)

    # -- containers and context managers -----------------------------------------------------
    def __getitem__(self, key: Any) -> Any:
        __tracebackhide__ = True
        return self._levelup_request(protocol.OP_OPERATOR, "getitem", [self, key])

    def __setitem__(self, key: Any, value: Any) -> None:
        __tracebackhide__ = True
        self._levelup_request(protocol.OP_OPERATOR, "setitem", [self, key, value])

    def __delitem__(self, key: Any) -> None:
        __tracebackhide__ = True
        self._levelup_request(protocol.OP_OPERATOR, "delitem", [self, key])

    def __enter__(self) -> Any:
        __tracebackhide__ = True
        return self._levelup_request(protocol.OP_OPERATOR, "enter", [self])

    def __exit__(self, *exc_info: Any) -> None:
        __tracebackhide__ = True
        self._levelup_request(protocol.OP_OPERATOR, "exit", [self])


_DESCRIBED_BY_YOUR_CODE = frozenset({"__name__", "__qualname__"})


class _RemoteDocstring:
    """`__doc__` of a proxy class and of its objects: the candidate's own docstring (a test may
    check that functions are documented). A data descriptor, so the proxy class's own empty
    docstring never hides it."""

    def __get__(self, obj: Any, owner: Any = None) -> Any:
        __tracebackhide__ = True
        if obj is None:
            target, boundary = owner, owner._levelup_class_boundary
        else:
            target, boundary = obj, obj._levelup_boundary
        doc = boundary.request(protocol.OP_GETATTR, target, "__doc__", taint_free=True)[1]
        return doc if doc is None or type(doc) is str else None

    def __set__(self, obj: Any, value: Any) -> None:
        obj._levelup_request(protocol.OP_SETATTR, obj, "__doc__", value)


_CONVERSION_NAMES = {
    "bool": "its truth value",
    "len": "len()",
    "int": "int()",
    "float": "float()",
    "index": "its use as an integer",
    "complex": "complex()",
    "array": "its conversion to an array",
}
_COMPARE_LOCALLY = {
    "eq": lambda a, b: a == b,
    "ne": lambda a, b: a != b,
    "lt": lambda a, b: a < b,
    "le": lambda a, b: a <= b,
    "gt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b,
}


def _binary(name: str) -> tuple[Any, Any]:
    """An operator with another of the candidate's objects is plain Python; with a test's value
    its result is kept as a tainted handle (see the module)."""

    def forward(self: RemoteObject, other: Any) -> Any:
        __tracebackhide__ = True
        trusted_operand = not isinstance(other, RemoteObject)
        return self._levelup_request(protocol.OP_OPERATOR, name, [self, other], keep=trusted_operand)

    def reflected(self: RemoteObject, other: Any) -> Any:
        __tracebackhide__ = True
        trusted_operand = not isinstance(other, RemoteObject)
        return self._levelup_request(protocol.OP_OPERATOR, name, [other, self], keep=trusted_operand)

    return forward, reflected


def _unary(name: str) -> Any:
    def forward(self: RemoteObject) -> Any:
        __tracebackhide__ = True
        return self._levelup_request(protocol.OP_OPERATOR, name, [self])

    return forward


for _name in protocol.BINARY_OPERATORS:
    _dunder = _name.rstrip("_")
    _forward, _reflected = _binary(_name)
    setattr(RemoteObject, f"__{_dunder}__", _forward)
    setattr(RemoteObject, f"__r{_dunder}__", _reflected)
for _name in protocol.UNARY_OPERATORS:
    setattr(RemoteObject, f"__{_name}__", _unary(_name))


def _exact(kind: type, value: Any, operation: str) -> Any:
    if type(value) is not kind:
        raise TypeError(f"{operation} of an object from your code returned {type(value).__name__}, not {kind.__name__}")
    return value


def _checked_length(size: Any) -> int:
    if not isinstance(size, int) or isinstance(size, bool) or size < 0:
        raise TypeError("len() of an object from your code did not return a non-negative int")
    if size > MAX_TRUSTED_LENGTH:  # list(obj) preallocates len(obj) slots in the harness
        raise BoundaryViolation(
            f"len() of an object from your code returned {size}, more than levelup accepts ({MAX_TRUSTED_LENGTH})"
        )
    return size


def _iterate(iterator: Any) -> Any:
    if isinstance(iterator, RemoteObject):
        return RemoteIterator(iterator)
    return iter(iterator)


class RemoteMethod:
    """A bound method of a remote object, called in one round trip."""

    __slots__ = ("_owner", "_name")

    def __init__(self, owner: RemoteObject, name: str) -> None:
        self._owner = owner
        self._name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        owner = self._owner
        return owner._levelup_boundary.request(protocol.OP_CALL_METHOD, owner, self._name, list(args), kwargs)

    def __repr__(self) -> str:
        return f"<method {self._name} of {self._owner!r}>"

    @property
    def __name__(self) -> str:  # type: ignore[override]
        return self._name

    @property
    def __doc__(self) -> Any:  # type: ignore[override]
        __tracebackhide__ = True
        owner = self._owner
        function = owner._levelup_boundary.request(protocol.OP_GETATTR, type(owner), self._name, taint_free=True)[1]
        return function.__doc__ if isinstance(function, RemoteObject) else None


class RemoteIterator:
    __slots__ = ("_remote",)

    def __init__(self, remote: RemoteObject) -> None:
        self._remote = remote

    def __iter__(self) -> RemoteIterator:
        return self

    def __next__(self) -> Any:
        __tracebackhide__ = True
        return self._remote._levelup_request(protocol.OP_OPERATOR, "next", [self._remote])


def _drive(remote: RemoteObject) -> Generator[Any, Any, Any]:
    """A local generator driving a remote one: `next`, `send` and `close` reach it."""
    sent = None
    while True:
        try:
            item = remote._levelup_request(protocol.OP_GENERATOR, remote, "send", sent)
        except StopIteration as stop:
            return stop.value
        try:
            sent = yield item
        except GeneratorExit:
            try:
                remote._levelup_request(protocol.OP_GENERATOR, remote, "close", None)
            except Exception:
                pass  # the remote generator is gone with its process
            raise


_generator_remotes: weakref.WeakKeyDictionary[Any, RemoteObject] = weakref.WeakKeyDictionary()


class CandidateModule(types.ModuleType):
    """Stands in for one of the candidate's modules in the harness's sys.modules. Setting or
    deleting one of its names (a test's `mock.patch` or `monkeypatch.setattr`) does it in the
    candidate's process."""

    def __init__(self, name: str, boundary: Boundary, display_path: str) -> None:
        super().__init__(name)
        self.__file__ = display_path
        self.__spec__ = importlib.machinery.ModuleSpec(name, None, origin=display_path)
        self._levelup_boundary = boundary

    def __getattr__(self, name: str) -> Any:
        __tracebackhide__ = True
        if name.startswith("__") and name.endswith("__") or name.startswith("_levelup_"):
            raise AttributeError(name)
        value = self._levelup_boundary.request(protocol.OP_MODULE_ATTR, self.__name__, name)
        if isinstance(value, RemoteObject):
            value._levelup_rebind = (self.__name__, name)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        __tracebackhide__ = True
        if name.startswith("__") or name.startswith("_levelup_"):
            super().__setattr__(name, value)
            return
        boundary = self._levelup_boundary
        originals: dict[str, Any] = self.__dict__.setdefault("_levelup_originals", {})
        if name not in originals:  # what undoing the patch restores (see __delattr__)
            try:
                originals[name] = boundary.request(protocol.OP_MODULE_ATTR, self.__name__, name)
            except AttributeError:
                originals[name] = _ABSENT
        boundary.request(protocol.OP_MODULE_SETATTR, self.__name__, name, value)

    def __delattr__(self, name: str) -> None:
        """Deleting a name a test patched undoes the patch: the test's own module holds no copy
        of it, so patch tools that restore by deleting their copy (monkeypatch, mock.patch)
        restore the candidate's original here."""
        __tracebackhide__ = True
        if name.startswith("__") or name.startswith("_levelup_"):
            super().__delattr__(name)
            return
        boundary = self._levelup_boundary
        original = self.__dict__.get("_levelup_originals", {}).pop(name, _ABSENT)
        if original is _ABSENT:
            boundary.request(protocol.OP_MODULE_DELATTR, self.__name__, name)
        else:
            boundary.request(protocol.OP_MODULE_SETATTR, self.__name__, name, original)


_ABSENT = object()


class BrokenModule(types.ModuleType):
    """Stands in for a candidate module that failed to import: every name exists, and using any
    of them raises the import error, so each test reports it instead of the file failing to load."""

    def __init__(self, name: str, error: BaseException, display_path: str) -> None:
        super().__init__(name)
        self.__file__ = display_path
        self._levelup_error = error

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        return _BrokenName(self._levelup_error)


class _BrokenName:
    def __init__(self, error: BaseException) -> None:
        self._error = error

    def _raise(self, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        raise self._error

    __call__ = __getattr__ = __getitem__ = __iter__ = __len__ = _raise


class _Mirror:
    """The harness's tables for one check: proxies by handle (weakly, so `is` works), proxy and
    exception classes by class id, and by module and name so a class keeps its identity across a
    restarted worker."""

    def __init__(self, boundary: Boundary) -> None:
        self.boundary = boundary
        self.lock = threading.RLock()
        self.generation = -1
        self.objects: dict[int, weakref.ref[Any]] = {}
        self.classes: dict[tuple[int, int, bool], type] = {}  # (generation, class id, as exception)
        self.stable: dict[tuple[str, str, bool], type] = {}
        self.created = 0
        self.created_in_reply: dict[int, int] = {}

    def _reset_if_restarted(self) -> None:
        if self.generation != self.boundary.generation:
            self.generation = self.boundary.generation
            self.objects = {}

    # -- handles from the worker -----------------------------------------------------------
    def make_handle(self, handle_id: int, flags: int, description: bytes) -> Any:
        with self.lock:
            self._reset_if_restarted()
            if flags & codec.HANDLE_IS_CLASS:
                return self.class_for(description, as_exception=True, as_class=True)
            found = self.objects.get(handle_id)
            if found is not None:
                obj = found()
                if obj is not None:
                    return obj
            cls = self.class_for(description, as_exception=False, as_class=False)
            proxy = object.__new__(cls)
            for slot, value in (
                ("_levelup_boundary", self.boundary),
                ("_levelup_handle", HandleRef(handle_id)),
                ("_levelup_generation", self.generation),
                ("_levelup_rebind", None),
                ("_levelup_methods", {}),
                ("_levelup_tainted", False),
                ("_levelup_hash", None),
            ):
                object.__setattr__(proxy, slot, value)
            result: Any = proxy
            if cls.__name__ == "generator" and getattr(cls, "_levelup_kind", "") == "generator":
                result = _drive(proxy)
                result.__qualname__ = "<generator from your code>"  # shown in assertion messages
                _generator_remotes[result] = proxy
            self.objects[handle_id] = weakref.ref(result, self._forget(handle_id, self.generation))
            return result

    def _forget(self, handle_id: int, generation: int) -> Any:
        def forget(_: Any) -> None:
            if self.generation == generation:
                self.objects.pop(handle_id, None)

        return forget

    def class_for(self, description: bytes, *, as_exception: bool, as_class: bool) -> Any:
        """The local class for a described remote class (see worker.describe_class)."""
        if len(description) < _CLASS_ID.size:
            raise codec.BoundaryError("malformed class description")
        (class_id,) = _CLASS_ID.unpack_from(description)
        key = (self.generation, class_id, as_exception)
        cls = self.classes.get(key)
        if cls is not None:
            return cls
        fields = self.boundary.decode_nested(description[_CLASS_ID.size :])
        if not (isinstance(fields, list) and len(fields) == 6):
            raise codec.BoundaryError("malformed class description")
        name, kind, bases, candidate, plain, stable_name = fields
        name = name[:100] if isinstance(name, str) and name.isidentifier() and not keyword.iskeyword(name) else "Class"
        if kind == "builtin" and as_class:
            builtin = getattr(builtins, name, None)
            if isinstance(builtin, type):
                return builtin
        is_exception = kind == "exception" and as_exception
        stable_key = (str(stable_name[0]), str(stable_name[1]), is_exception) if isinstance(stable_name, list) else None
        cls = self.stable.get(stable_key) if stable_key is not None else None
        if cls is None:
            self._count_new_class()
            if is_exception:
                cls = _mirrored_exception(name, bases)
                type.__setattr__(cls, "_levelup_class_id", class_id)
            else:
                cls = self._proxy_class(name, bases, kind, bool(candidate), plain)
            if stable_key is not None:
                self.stable[stable_key] = cls
        if isinstance(cls, RemoteClass):
            cls._levelup_handle_id = class_id
            cls._levelup_class_generation = self.generation
            cls._levelup_stable_name = (stable_key[0], stable_key[1]) if stable_key is not None else None
        else:
            type.__setattr__(cls, "_levelup_class_id", class_id)
            type.__setattr__(cls, "_levelup_class_generation", self.generation)
            type.__setattr__(cls, "_levelup_stable_name", stable_key[:2] if stable_key is not None else None)
        self.classes[key] = cls
        return cls

    def _count_new_class(self) -> None:
        self.created += 1
        if self.created > MAX_CHECK_CLASSES:
            raise codec.CheckBudgetExceeded(
                f"your code's objects and exceptions used more than {MAX_CHECK_CLASSES} different classes in"
                " this check, more than levelup mirrors"
            )
        if self.boundary.count_class_in_reply() > MAX_REPLY_CLASSES:
            raise codec.BoundaryError(
                f"a reply from your code used more than {MAX_REPLY_CLASSES} different classes,"
                " more than levelup mirrors"
            )

    def _proxy_class(self, name: str, bases: Any, kind: Any, candidate: bool, plain: Any) -> RemoteClass:
        proxy_bases = tuple(base for base in bases if isinstance(base, RemoteClass)) if isinstance(bases, list) else ()
        namespace = {
            "__slots__": (),
            "__module__": "your_code",
            "_levelup_candidate": candidate,
            "_levelup_plain": plain if plain in ("int", "str", "float") else None,
            "_levelup_kind": kind if isinstance(kind, str) else "class",
            "__doc__": _RemoteDocstring(),
        }
        try:
            cls = RemoteClass(name, proxy_bases or (RemoteObject,), namespace)
        except TypeError:  # bases whose order Python cannot linearise here: keep the class alone
            cls = RemoteClass(name, (RemoteObject,), namespace)
        type.__setattr__(cls, "_levelup_class_boundary", self.boundary)
        return cls

    # -- values to the worker --------------------------------------------------------------
    def to_handle(self, obj: Any) -> Any:
        boundary = self.boundary
        if isinstance(obj, RemoteObject):
            if obj._levelup_generation != boundary.generation and obj._levelup_rebind is not None:
                fresh = boundary.request(protocol.OP_MODULE_ATTR, *obj._levelup_rebind)
                if isinstance(fresh, RemoteObject):
                    obj._levelup_handle = fresh._levelup_handle
                    obj._levelup_generation = fresh._levelup_generation
                    obj._levelup_methods = {}
            return (obj._levelup_handle, obj._levelup_generation, obj._levelup_tainted)
        if isinstance(obj, type) and "_levelup_class_id" in obj.__dict__ or isinstance(obj, RemoteClass):
            handle = self._class_handle(obj)  # refreshed first when its process was restarted
            return (handle, getattr(obj, "_levelup_class_generation", None), False)
        remote = _generator_remotes.get(obj) if isinstance(obj, types.GeneratorType) else None
        if remote is not None:
            return self.to_handle(remote)
        if callable(obj):
            return boundary.callback_ref(obj)
        raise TypeError(f"a test passed a {type(obj).__name__} to your code; only plain data can cross to your code")

    def _class_handle(self, cls: Any) -> HandleRef:
        boundary = self.boundary
        generation = getattr(cls, "_levelup_class_generation", None)
        stable = getattr(cls, "_levelup_stable_name", None)
        if generation != boundary.generation and stable is not None:
            boundary.request(protocol.OP_MODULE_ATTR, *stable)  # refreshes the class's id for this process
        class_id = cls._levelup_handle_id if isinstance(cls, RemoteClass) else cls.__dict__["_levelup_class_id"]
        return HandleRef(class_id)

    def taint(self, value: Any) -> None:
        remote = _generator_remotes.get(value) if isinstance(value, types.GeneratorType) else value
        if isinstance(remote, RemoteObject):
            remote._levelup_tainted = True


def _mirrored_exception(name: str, bases: Any) -> type[BaseException]:
    """A real exception class standing for one of the candidate's: its mirrored exception bases
    (so `except module.Error` catches its subclasses) and its built-in base."""
    chosen: list[type] = []
    for base in bases if isinstance(bases, list) else []:
        # Exception, never BaseException: a KeyboardInterrupt or SystemExit would stop pytest itself
        if isinstance(base, type) and issubclass(base, Exception) and not isinstance(base, RemoteClass):
            chosen.append(base)
        elif isinstance(base, str) and base in _SAFE_EXCEPTION_BASES:
            chosen.append(getattr(builtins, base))
    if not chosen:
        chosen.append(Exception)
    namespace = {"__module__": "your_code"}
    try:
        return type(name, tuple(chosen), namespace)
    except TypeError:  # a layout or order Python cannot combine: the first base alone
        return type(name, (chosen[0],), namespace)


def wire_proxies(boundary: Boundary) -> None:
    """Teach the boundary to turn handles into proxies and back."""
    mirror = _Mirror(boundary)
    boundary.bind_proxy_factories(mirror.make_handle, mirror.to_handle, RemoteObject, mirror.taint)
