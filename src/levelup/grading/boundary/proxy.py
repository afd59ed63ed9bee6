"""Stand-ins for the candidate's modules and objects inside the trusted harness.

`CandidateModule` replaces the candidate's module in `sys.modules`, so a test's
`from banking_system import BankingSystem` works unchanged. Every object the candidate's code
hands back that is not plain data becomes a `RemoteObject`: calls, attribute access, operators,
iteration and `with` cross to the worker, but equality, truth and hashing stay local (a handle is
equal only to itself), so no candidate object can satisfy an assertion it should fail.
"""

from __future__ import annotations

import importlib.machinery
import types
from typing import Any

from levelup.grading.boundary import protocol
from levelup.grading.boundary.codec import ExceptionClassRef, HandleRef
from levelup.grading.boundary.connection import Boundary
from levelup.grading.boundary.failures import BoundaryViolation, mirrored_exception_class

MAX_TRUSTED_LENGTH = 10_000_000


class RemoteObject:
    """A handle to an object living in the candidate's process."""

    __slots__ = ("_boundary", "_handle", "_generation", "_rebind", "_methods", "__weakref__")

    def __init__(self, boundary: Boundary, handle: HandleRef, generation: int) -> None:
        object.__setattr__(self, "_boundary", boundary)
        object.__setattr__(self, "_handle", handle)
        object.__setattr__(self, "_generation", generation)
        object.__setattr__(self, "_rebind", None)
        object.__setattr__(self, "_methods", {})

    def _request(self, op: str, *args: Any) -> Any:
        __tracebackhide__ = True
        return self._boundary.request(op, *args)

    def __getattr__(self, name: str) -> Any:
        __tracebackhide__ = True
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)  # protocol probes (numpy, pytest, inspect) stay local
        methods: dict[str, RemoteMethod] = object.__getattribute__(self, "_methods")
        if name in methods:
            return methods[name]
        is_method, value = self._request(protocol.OP_GETATTR, self, name)
        if is_method:
            methods[name] = RemoteMethod(self, name)
            return methods[name]
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        __tracebackhide__ = True
        self._request(protocol.OP_SETATTR, self, name, value)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        return self._request(protocol.OP_CALL, self, list(args), kwargs)

    def __repr__(self) -> str:
        return f"<{self._handle.type_name} object from your code>"

    def __str__(self) -> str:
        __tracebackhide__ = True
        text = self._operate("str", self)
        return text if isinstance(text, str) else repr(self)

    def __len__(self) -> int:
        __tracebackhide__ = True
        size = self._operate("len", self)
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            raise TypeError("len() of an object from your code did not return a non-negative int")
        if size > MAX_TRUSTED_LENGTH:  # list(obj) preallocates len(obj) slots in the harness
            raise BoundaryViolation(
                f"len() of an object from your code returned {size}, more than levelup accepts ({MAX_TRUSTED_LENGTH})"
            )
        return size

    def __iter__(self) -> Any:
        __tracebackhide__ = True
        iterator = self._operate("iter", self)
        return RemoteIterator(iterator) if isinstance(iterator, RemoteObject) else iter(iterator)

    def __next__(self) -> Any:
        __tracebackhide__ = True
        return self._operate("next", self)

    def __getitem__(self, key: Any) -> Any:
        __tracebackhide__ = True
        return self._operate("getitem", self, key)

    def __setitem__(self, key: Any, value: Any) -> None:
        __tracebackhide__ = True
        self._operate("setitem", self, key, value)

    def __delitem__(self, key: Any) -> None:
        __tracebackhide__ = True
        self._operate("delitem", self, key)

    def __enter__(self) -> Any:
        __tracebackhide__ = True
        return self._operate("enter", self)

    def __exit__(self, *exc_info: Any) -> None:
        __tracebackhide__ = True
        self._operate("exit", self)

    def _operate(self, name: str, *operands: Any) -> Any:
        __tracebackhide__ = True
        return self._request(protocol.OP_OPERATOR, name, list(operands))


def _binary(name: str) -> tuple[Any, Any]:
    def forward(self: RemoteObject, other: Any) -> Any:
        __tracebackhide__ = True
        return self._operate(name, self, other)

    def reflected(self: RemoteObject, other: Any) -> Any:
        __tracebackhide__ = True
        return self._operate(name, other, self)

    return forward, reflected


def _unary(name: str) -> Any:
    def forward(self: RemoteObject) -> Any:
        __tracebackhide__ = True
        return self._operate(name, self)

    return forward


for _name in protocol.BINARY_OPERATORS:
    _dunder = _name.rstrip("_")
    _forward, _reflected = _binary(_name)
    setattr(RemoteObject, f"__{_dunder}__", _forward)
    setattr(RemoteObject, f"__r{_dunder}__", _reflected)
for _name in protocol.UNARY_OPERATORS:
    setattr(RemoteObject, f"__{_name}__", _unary(_name))


class RemoteMethod:
    """A bound method of a remote object, called in one round trip."""

    __slots__ = ("_owner", "_name")

    def __init__(self, owner: RemoteObject, name: str) -> None:
        self._owner = owner
        self._name = name

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        return self._owner._request(protocol.OP_CALL_METHOD, self._owner, self._name, list(args), kwargs)

    def __repr__(self) -> str:
        return f"<method {self._name} of {self._owner!r}>"


class RemoteIterator:
    __slots__ = ("_remote",)

    def __init__(self, remote: RemoteObject) -> None:
        self._remote = remote

    def __iter__(self) -> RemoteIterator:
        return self

    def __next__(self) -> Any:
        __tracebackhide__ = True
        return self._remote._operate("next", self._remote)


class CandidateModule(types.ModuleType):
    """Stands in for one of the candidate's modules in the harness's sys.modules."""

    def __init__(self, name: str, boundary: Boundary, display_path: str) -> None:
        super().__init__(name)
        self.__file__ = display_path
        self.__spec__ = importlib.machinery.ModuleSpec(name, None, origin=display_path)
        self._levelup_boundary = boundary

    def __getattr__(self, name: str) -> Any:
        __tracebackhide__ = True
        if name.startswith("__") and name.endswith("__"):
            raise AttributeError(name)
        value = self._levelup_boundary.request(protocol.OP_MODULE_ATTR, self.__name__, name)
        if isinstance(value, RemoteObject):
            object.__setattr__(value, "_rebind", (self.__name__, name))
        return value


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


def wire_proxies(boundary: Boundary) -> None:
    """Teach the boundary to turn handles into RemoteObjects and back."""

    def make_handle(ref: HandleRef) -> RemoteObject:
        return RemoteObject(boundary, ref, boundary.generation)

    def make_exception_class(ref: ExceptionClassRef) -> type[BaseException]:
        return mirrored_exception_class(ref.name, ref.base)

    def to_handle(obj: Any) -> Any:
        if isinstance(obj, RemoteObject):
            generation = object.__getattribute__(obj, "_generation")
            rebind = object.__getattribute__(obj, "_rebind")
            if generation != boundary.generation and rebind is not None:
                fresh = boundary.request(protocol.OP_MODULE_ATTR, *rebind)
                if isinstance(fresh, RemoteObject):
                    object.__setattr__(obj, "_handle", object.__getattribute__(fresh, "_handle"))
                    object.__setattr__(obj, "_generation", boundary.generation)
                    object.__setattr__(obj, "_methods", {})
                    generation = boundary.generation
            return (object.__getattribute__(obj, "_handle"), generation)
        raise TypeError(f"a test passed a {type(obj).__name__} to your code; only plain data can cross to your code")

    boundary.bind_proxy_factories(make_handle, make_exception_class, to_handle, RemoteObject)
