"""The workspace files a browser editor may show and change: the candidate's own files (as the
starter lays them out), a scratch test file (not graded), and the level's visible tests,
read-only. Nothing else of the workspace is reachable through it (no other path, no link)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from levelup.attempts.workspace import WorkspaceError
from levelup.problems.model import Problem

MAX_FILE_BYTES = 512 * 1024
SCRATCH_TESTS = "tests/test_scratch.py"
SCRATCH_TEMPLATE = '"""Your own tests: not graded. Plain `pytest` runs them with the visible tests."""\n'


class NotAnEditorFile(WorkspaceError):
    pass


class ReadOnlyFile(WorkspaceError):
    pass


class FileTooLarge(WorkspaceError):
    pass


@dataclass(frozen=True)
class EditorFile:
    path: str  # relative to the workspace, with forward slashes
    editable: bool
    mtime: float | None  # None while the file does not exist yet

    def as_json(self) -> dict[str, object]:
        return {"path": self.path, "editable": self.editable, "mtime": self.mtime}


def listing(problem: Problem, folder: Path) -> list[EditorFile]:
    """The candidate's files (editable), the scratch tests (editable), the visible tests (read-only)."""
    entries = []
    for source in sorted(problem.starter_dir.rglob("*.py")):
        if "__pycache__" not in source.parts:
            relative = source.relative_to(problem.starter_dir).as_posix()
            entries.append(EditorFile(relative, True, _mtime(folder / relative)))
    entries.append(EditorFile(SCRATCH_TESTS, True, _mtime(folder / SCRATCH_TESTS)))
    tests = folder / "tests"
    for test in sorted(tests.glob("test_*.py")) if tests.is_dir() else []:
        relative = test.relative_to(folder).as_posix()
        if relative != SCRATCH_TESTS:
            entries.append(EditorFile(relative, False, _mtime(test)))
    return entries


def entry(problem: Problem, folder: Path, path: str) -> EditorFile:
    for found in listing(problem, folder):
        if found.path == path:
            return found
    raise NotAnEditorFile(f"{path} is not one of this attempt's files")


def read(folder: Path, path: str) -> str:
    """A file's text for the editor (empty when it is missing, a link or not a regular file)."""
    target = folder / path
    if path == SCRATCH_TESTS and not target.exists():
        return SCRATCH_TEMPLATE
    try:
        if target.is_symlink() or not target.is_file():
            return ""
        if target.stat().st_size > MAX_FILE_BYTES:
            return f"# {target.name} is larger than {MAX_FILE_BYTES // 1024} KiB; edit it in your own editor\n"
        return target.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def write(problem: Problem, folder: Path, path: str, text: str) -> EditorFile:
    """Save an editable file atomically (last save wins); refuses tests, links and oversized text."""
    found = entry(problem, folder, path)
    if not found.editable:
        raise ReadOnlyFile(f"{path} is a test file of the problem; it cannot be changed here")
    if len(text.encode("utf-8", errors="surrogatepass")) > MAX_FILE_BYTES:
        raise FileTooLarge(f"a file may hold at most {MAX_FILE_BYTES // 1024} KiB")
    target = folder / found.path
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink():
        raise ReadOnlyFile(f"{target.name} is a symbolic link; levelup does not write through links")
    temporary = target.with_name(f".{target.name}.levelup-{os.getpid()}.tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, target)
    return EditorFile(found.path, True, _mtime(target))


def _mtime(path: Path) -> float | None:
    try:
        return path.stat().st_mtime
    except OSError:
        return None
