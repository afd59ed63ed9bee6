"""The candidate's workspace folder: starter code, SPEC.md with the unlocked levels, their
visible tests (runnable with plain pytest), and a marker linking the folder to its attempt.

Everything here is derived from the attempt's stored state, so `materialize` is idempotent: a
command interrupted after the database commit is repaired by the next command.
"""

from __future__ import annotations

import io
import json
import os
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from levelup.grading.code_folder import MAX_CODE_BYTES, MAX_CODE_FILES, MAX_FILE_BYTES
from levelup.problems.model import Problem

MARKER = Path(".levelup") / "attempt.json"
MAX_ENTRIES_SEEN = 50_000
SKIPPED_DIRS = {"tests", "__pycache__", "node_modules", "venv", ".venv", "env", "site-packages"}
PYTEST_INI = """[pytest]
# Lets plain `pytest` run the visible tests against your code in this folder.
pythonpath = .
testpaths = tests
markers =
    timeout(seconds): wall-clock limit levelup enforces for one test
    task(taskno): the Exercism task (levelup level) a test belongs to
"""


class WorkspaceError(Exception):
    pass


@dataclass(frozen=True)
class WorkspaceMarker:
    attempt_id: int
    token: str  # random, also in the attempt's database row: binds this folder to that attempt
    # hints for grading ahead of the database (see early_start); the database has the truth
    slug: str = ""
    level: int = 0  # the attempt's level when it was last checked
    folder: str = ""  # the real path the marker was written for ("" in markers of older versions)


REATTACH_HINT = (
    "`levelup attach --dir FOLDER ATTEMPT_ID` makes a folder an attempt's workspace (`levelup history` lists ids)"
)


def find_workspace(start: Path) -> Path:
    """The workspace containing `start` (itself or a parent)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / MARKER).is_file():
            return folder
    raise WorkspaceError(
        f"{start} is not inside a levelup workspace: run this in the folder `levelup start` made, or pass --dir. "
        f"If this folder was a workspace whose .levelup folder was deleted, {REATTACH_HINT}."
    )


def read_marker(workspace: Path) -> WorkspaceMarker:
    try:
        data = json.loads((workspace / MARKER).read_text())
        return WorkspaceMarker(
            int(data["attempt_id"]),
            str(data["token"]),
            str(data.get("slug", "")),
            int(data.get("level", 0)),
            str(data.get("folder", "")),
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise WorkspaceError(f"{workspace / MARKER} is damaged ({exc}); {REATTACH_HINT}") from None


def require_own_folder(workspace: Path, marker: WorkspaceMarker) -> None:
    """Refuse a marker written for another folder (a copied or moved workspace): grading it would
    record this folder's code as that attempt's."""
    here = str(workspace.resolve())
    if marker.folder and marker.folder != here:
        raise WorkspaceError(
            f"{workspace / MARKER} was made for {marker.folder}, not for {here}: this folder is a copy of "
            f"attempt {marker.attempt_id}'s workspace, or it was moved. Nothing was graded or recorded. To make "
            f"this folder attempt {marker.attempt_id}'s workspace, run `levelup attach --dir {here} "
            f"{marker.attempt_id}` (the other folder then stops being its workspace); to start afresh, "
            "delete its .levelup folder and run `levelup start`."
        )


def staged(workspace: Path, problem: Problem) -> Path:
    """A new workspace for `problem` (starter code, pytest.ini) in a temporary sibling of
    `workspace`; `put_in_place` moves it there. Nothing is made at `workspace` itself, so a failed
    start leaves nothing behind that would block a retry."""
    if workspace.exists() and (not workspace.is_dir() or any(workspace.iterdir())):
        raise WorkspaceError(f"{workspace} already exists and is not empty; choose another folder with --dir")
    workspace.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{workspace.name}.", suffix=".levelup-new", dir=workspace.parent))
    try:
        create(staging, problem)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging


def put_in_place(staging: Path, workspace: Path) -> None:
    os.chmod(staging, 0o755)  # mkdtemp made it private; a workspace is an ordinary folder
    try:
        os.rename(staging, workspace)  # replaces an empty folder, fails on a non-empty one
    except OSError as exc:
        message = f"could not create {workspace}: {exc.strerror}; choose another folder with --dir"
        raise WorkspaceError(message) from None


def create(workspace: Path, problem: Problem) -> None:
    if workspace.exists() and (not workspace.is_dir() or any(workspace.iterdir())):
        raise WorkspaceError(f"{workspace} already exists and is not empty; choose another folder with --dir")
    workspace.mkdir(parents=True, exist_ok=True)
    for source in sorted(problem.starter_dir.rglob("*")):
        if source.is_file() and "__pycache__" not in source.parts:
            target = workspace / source.relative_to(problem.starter_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    (workspace / "pytest.ini").write_text(PYTEST_INI)


def write_marker(workspace: Path, marker: WorkspaceMarker) -> None:
    data = {
        "attempt_id": marker.attempt_id,
        "token": marker.token,
        "slug": marker.slug,
        "level": marker.level,
        "folder": marker.folder,
    }
    _write_atomically(workspace / MARKER, json.dumps(data) + "\n")


def materialize(workspace: Path, problem: Problem, unlocked: int) -> None:
    """Make SPEC.md and tests/ show exactly levels 1..unlocked."""
    header = f"# {problem.title}\n\n{problem.summary}\n\n"
    specs = "\n\n".join(problem.level(n).spec.strip() for n in range(1, unlocked + 1))
    spec_path = workspace / "SPEC.md"
    new_spec = header + specs + "\n"
    if not spec_path.exists() or spec_path.read_text(encoding="utf-8") != new_spec:
        _write_atomically(spec_path, new_spec)
    tests = workspace / "tests"
    tests.mkdir(exist_ok=True)
    for number in range(1, unlocked + 1):
        level = problem.level(number)
        for source in level.visible_tests + level.test_data:
            target = tests / source.name
            if not target.exists():
                shutil.copyfile(source, target)


@dataclass(frozen=True)
class SkippedFile:
    path: str  # relative to the workspace
    reason: str

    def __str__(self) -> str:
        return f"{self.path} was not graded: {self.reason}"


class CodeSnapshot(dict[str, bytes]):
    """The candidate's code as graded (relative path -> content), plus the files left out and why."""

    def __init__(self, files: dict[str, bytes] | None = None, skipped: list[SkippedFile] | None = None) -> None:
        super().__init__(files or {})
        self.skipped: list[SkippedFile] = list(skipped or [])


def read_code(workspace: Path) -> CodeSnapshot:
    """The candidate's Python files (everything but tests and tool folders), by relative path.

    Only regular files are read, and nothing is followed: a symlink, a named pipe or a device
    under a `.py` name is left out with the reason (a link could point at a file the candidate may
    not read, a pipe would hold the check open forever). Sizes are checked before reading and the
    per-file and total budgets are enforced while reading, so a huge (or sparse) file is never
    read into memory. `os.fwalk` holds each folder open, so a folder swapped for a link while the
    snapshot is taken is not followed either."""
    snapshot = CodeSnapshot()
    total = seen = 0
    for folder, dirnames, filenames, folder_fd in os.fwalk(workspace, follow_symlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        seen += len(dirnames) + len(filenames)
        if seen > MAX_ENTRIES_SEEN:  # the walk itself is bounded, not only what it keeps
            raise WorkspaceError(
                f"more than {MAX_ENTRIES_SEEN} files and folders in {workspace}; keep only your code there"
            )
        for name in sorted(filenames):
            if not name.endswith(".py") or name.startswith("test_") or name == "conftest.py":
                continue
            relative = (Path(folder) / name).relative_to(workspace).as_posix()
            if len(snapshot) >= MAX_CODE_FILES:
                raise WorkspaceError(
                    f"more than {MAX_CODE_FILES} Python files in {workspace}; keep only your code there"
                )
            content, reason = _read_regular_file(name, folder_fd, MAX_CODE_BYTES - total)
            if content is None:
                snapshot.skipped.append(SkippedFile(relative, reason))
                continue
            total += len(content)
            snapshot[relative] = content
    return snapshot


def _read_regular_file(name: str, folder_fd: int, budget: int) -> tuple[bytes | None, str]:
    """(content, "") for a regular file within the budgets, else (None, why it was left out)."""
    try:
        info = os.stat(name, dir_fd=folder_fd, follow_symlinks=False)
    except OSError as exc:
        return None, f"it could not be read ({exc.strerror or exc})"
    if not stat.S_ISREG(info.st_mode):
        return None, f"it is {_kind_of_file(info.st_mode, name, folder_fd)}, not a regular file"
    try:
        fd = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder_fd)
    except OSError as exc:  # replaced by a link since the stat (O_NOFOLLOW: ELOOP), or unreadable
        return None, f"it could not be opened safely ({exc.strerror or exc})"
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None, f"it is {_kind_of_file(info.st_mode)}, not a regular file"
        limit = min(MAX_FILE_BYTES, budget)
        if info.st_size > limit:
            return None, _too_large(info.st_size, budget)
        chunks: list[bytes] = []
        size = 0
        while chunk := os.read(fd, min(1 << 20, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while being read
                return None, _too_large(size, budget)
        return b"".join(chunks), ""
    finally:
        os.close(fd)


def _kind_of_file(mode: int, name: str = "", folder_fd: int | None = None) -> str:
    if stat.S_ISLNK(mode):
        target = ""
        if folder_fd is not None:
            try:
                target = os.readlink(name, dir_fd=folder_fd)
            except OSError:
                pass
        return f"a symbolic link (to {target})" if target else "a symbolic link"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISDIR(mode):
        return "a folder"
    return "a special file"


def _too_large(size: int, budget: int) -> str:
    if size > MAX_FILE_BYTES:
        return f"it is {_size_text(size)}, over the {_size_text(MAX_FILE_BYTES)} limit for one file"
    return f"your code would exceed the {_size_text(MAX_CODE_BYTES)} limit for all files together"


def _size_text(size: int) -> str:
    for unit, scale in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}".replace(".0 ", " ")
    return f"{size} bytes"


def archive(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bundle:
        for name, content in sorted(files.items()):
            bundle.writestr(name, content)
    return buffer.getvalue()


def unarchive(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def _write_atomically(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)
