"""A cache of pytest's assertion-rewritten test files, in memory and on disk.

pytest rewrites every test file's `assert` statements before running it (that is where its
readable failure messages come from). For a check's test files that costs 30-170 ms, paid again
on every check, because pytest's own pyc cache is not written when bytecode writing is off (as on
machines with PYTHONDONTWRITEBYTECODE) and the problem packages may be read-only or shared.

A problem's test files never change between checks, so their rewritten code is kept: in memory
for watch mode, and marshalled under levelup's cache folder for the next `levelup check`. Entries
are keyed by the file's path and content, the pytest version and the interpreter's bytecode
version, so a stale entry is never used.

This wraps pytest's private `_rewrite_test(fn, config)`; if a pytest release drops it, checks
simply run without the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import marshal
import os
import tempfile
import threading
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from _pytest.assertion import rewrite

from levelup.settings import cache_dir

_RewriteFunction = Callable[[Path, Any], tuple[bytes, types.CodeType]]

_in_memory: dict[str, types.CodeType] = {}
_patch_lock = threading.Lock()
_active = 0  # checks running with the cache (patched while above zero)
_original: _RewriteFunction | None = None  # pytest's own function


def cache_folder() -> Path:
    return cache_dir() / "rewritten-tests"


@contextlib.contextmanager
def cached_rewrites() -> Iterator[None]:
    """While active (in any thread), pytest's assertion rewriting is served from the cache."""
    global _active
    with _patch_lock:
        original: _RewriteFunction | None = _original or getattr(rewrite, "_rewrite_test", None)
        if original is not None and _active == 0:
            _install(original)
        _active += 1
    try:
        yield
    finally:
        with _patch_lock:
            _active -= 1
            if original is not None and _active == 0:
                setattr(rewrite, "_rewrite_test", original)  # noqa: B010 - restores the private function


def _install(original: _RewriteFunction) -> None:
    global _original

    def rewrite_test(fn: Path, config: Any) -> tuple[bytes, types.CodeType]:
        return _rewritten(Path(fn), config, original)

    _original = original
    setattr(rewrite, "_rewrite_test", rewrite_test)  # noqa: B010 - a private function, patched on purpose


def _rewritten(fn: Path, config: Any, original: _RewriteFunction) -> tuple[bytes, types.CodeType]:
    source = fn.read_bytes()
    source_hash = importlib.util.source_hash(source)
    key = _key(fn, source)
    code = _in_memory.get(key)
    if code is None:
        code = _load(key)
    if code is None:
        _, code = original(fn, config)
        _store(key, code)
    _in_memory[key] = code
    return source_hash, code


def _key(fn: Path, source: bytes) -> str:
    digest = hashlib.sha256()
    for part in (str(fn).encode(), pytest.__version__.encode(), importlib.util.MAGIC_NUMBER, source):
        digest.update(len(part).to_bytes(8, "big"))
        digest.update(part)
    return digest.hexdigest()


def _load(key: str) -> types.CodeType | None:
    try:
        data = (cache_folder() / key).read_bytes()
    except OSError:
        return None
    try:
        code = marshal.loads(data)
    except (EOFError, ValueError, TypeError):
        return None  # a damaged entry is rewritten and replaced
    return code if isinstance(code, types.CodeType) else None


def _store(key: str, code: types.CodeType) -> None:
    folder = cache_folder()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".partial-")
    except OSError:
        return  # no cache folder (read-only home): the next check rewrites again
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(marshal.dumps(code))
        os.replace(temporary, folder / key)  # readers see a whole entry or none
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
