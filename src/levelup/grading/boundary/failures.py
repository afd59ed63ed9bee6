"""Trusted-side exceptions that stand for what happened on the other side of the boundary.

Candidate exceptions are raised as built-in classes, or as the mirrored class of the candidate's
own exception class (see `proxy`: real exception classes with the candidate's hierarchy and the
nearest built-in base), so `pytest.raises(ValueError)` and `pytest.raises(module.Error)` work;
exits, crashes and timeouts become errors that no test can mistake for a pass.
"""

from __future__ import annotations

import builtins
import keyword
import threading
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class RemoteFailure:
    """What the harness knows about an exception raised in the candidate's code."""

    type_name: str
    message: str
    traceback: str


class CandidateProcessError(Exception):
    """Base for failures of the candidate's process rather than of a single call."""

    levelup_remote: RemoteFailure | None = None


class CandidateExit(CandidateProcessError):
    """The candidate's code called sys.exit() (or raised KeyboardInterrupt) during a call."""


class CandidateCrash(CandidateProcessError):
    """The candidate's process died (os._exit, a segfault, a kill) during a call."""


class CandidateTimeout(CandidateProcessError):
    """A test ran past its time limit; the candidate's process was stopped."""


class CandidateMemoryError(CandidateProcessError):
    """The candidate's code ran out of its memory allowance."""


class CandidateImportError(ImportError):
    """The candidate's module could not be imported (syntax error, exception at import time)."""


class BoundaryViolation(CandidateProcessError):
    """A value could not cross the boundary (not plain data, too large, too deep)."""


class StaleObjectError(CandidateProcessError):
    """An object from a process that was restarted after an earlier crash or timeout."""


_SAFE_BASES = {
    name
    for name in dir(builtins)
    if isinstance(getattr(builtins, name), type) and issubclass(getattr(builtins, name), Exception)
}
_mirror_cache: dict[tuple[str, str], type[BaseException]] = {}
_mirror_lock = threading.Lock()
_MAX_NAMED_MIRRORS = 256  # a process-wide cache: bounded, whatever the replies name


def mirrored_exception_class(type_name: str, base_name: str) -> type[BaseException]:
    """The trusted stand-in for a candidate exception class: the built-in itself when the name is
    a built-in, else a same-named subclass of the nearest built-in base (cached per name+base)."""
    base_name = base_name if base_name in _SAFE_BASES else "Exception"
    base: type[BaseException] = getattr(builtins, base_name)
    if type_name == base_name:
        return base
    if not type_name.isidentifier() or keyword.iskeyword(type_name):
        type_name = "CandidateException"
    with _mirror_lock:
        key = (type_name, base_name)
        if key not in _mirror_cache:
            if len(_mirror_cache) >= _MAX_NAMED_MIRRORS:
                return base
            _mirror_cache[key] = type(type_name, (base,), {"__module__": "your_code"})
        return _mirror_cache[key]


def exception_from_description(description: Any, memory_mb: int) -> BaseException:
    """Turn a worker's error description (plain data, untrusted) into a trusted exception."""
    if not isinstance(description, dict):
        return BoundaryViolation("your code's process sent a malformed error report")
    kind = str(description.get("kind", "exception"))
    type_name = str(description.get("type", "Exception"))[:100]
    message = str(description.get("message", ""))[:2000]
    remote = RemoteFailure(type_name, message, str(description.get("traceback", ""))[:6000])
    error: BaseException
    if kind == "exit":
        error = CandidateExit(
            f"your code raised {type_name}({message}) inside a call: a test cannot be ended from your code"
        )
    elif kind == "boundary":
        error = BoundaryViolation(message)
    elif kind == "import":
        error = CandidateImportError(f"{type_name}: {message}")
    elif type_name == "MemoryError":
        error = CandidateMemoryError(f"memory limit exceeded: your code used more than its {memory_mb} MiB allowance")
    elif type_name == "StopIteration" and "value" in description:
        error = StopIteration(description["value"])
    else:
        cls = description.get("class")
        if not (isinstance(cls, type) and issubclass(cls, Exception)):
            cls = mirrored_exception_class(type_name, str(description.get("base", "Exception")))
        args = description.get("args")
        plain_args = (
            [a for a in args if isinstance(a, (str, int, float, bool, type(None)))] if isinstance(args, list) else []
        )
        try:
            error = cls(*plain_args) if plain_args or not message else cls(message)
        except Exception:  # a built-in whose constructor wants other arguments (e.g. UnicodeError)
            error = mirrored_exception_class(type_name, "Exception")(message)
    error.levelup_remote = remote  # type: ignore[attr-defined]
    return error
