"""The folder the worker sees: a snapshot of the candidate's files, readable by the sandbox user."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

from levelup.grading.errors import GradingError

# Budgets for the candidate's code; the workspace snapshot enforces them while reading (see
# `levelup.attempts.workspace.read_code`), and this module again for code from any other source.
MAX_CODE_BYTES = 4 * 1024 * 1024  # all files together
MAX_FILE_BYTES = MAX_CODE_BYTES  # one file
MAX_CODE_FILES = 200


def write_code(code_dir: Path, code: Mapping[str, bytes]) -> None:
    """Make `code_dir` hold exactly `code` (relative path -> content)."""
    if len(code) > MAX_CODE_FILES:
        raise GradingError(f"your code is {len(code)} files; the limit is {MAX_CODE_FILES}")
    total = sum(len(content) for content in code.values())
    if total > MAX_CODE_BYTES:
        raise GradingError(f"your code is {total // 1024} KiB; the limit is {MAX_CODE_BYTES // 1024} KiB")
    for entry in code_dir.iterdir():
        shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
    root = code_dir.resolve()
    for relative, content in code.items():
        target = (root / relative).resolve()
        if not target.is_relative_to(root):
            raise GradingError(f"refusing to write {relative!r} outside the code folder")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    for directory, _, names in os.walk(code_dir.parent):
        os.chmod(directory, 0o755)
        for name in names:
            os.chmod(os.path.join(directory, name), 0o644)


def new_code_folder() -> Path:
    root = Path(tempfile.mkdtemp(prefix="levelup-code-"))
    (root / "code").mkdir()
    os.chmod(root, 0o755)
    return root / "code"


@contextmanager
def temporary_code_folder(code: Mapping[str, bytes]) -> Iterator[Path]:
    code_dir = new_code_folder()
    try:
        write_code(code_dir, code)
        yield code_dir
    finally:
        shutil.rmtree(code_dir.parent, ignore_errors=True)
