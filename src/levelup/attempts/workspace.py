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
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path

from levelup.problems.model import Problem

MARKER = Path(".levelup") / "attempt.json"
SKIPPED_DIRS = {"tests", "__pycache__", "node_modules", "venv", ".venv", "env", "site-packages"}
MAX_CODE_FILES = 200
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
        for source in problem.level(number).visible_tests:
            target = tests / source.name
            if not target.exists():
                shutil.copyfile(source, target)


def read_code(workspace: Path) -> dict[str, bytes]:
    """The candidate's Python files (everything but tests and tool folders), by relative path."""
    files: dict[str, bytes] = {}
    for folder, dirnames, filenames in os.walk(workspace):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(filenames):
            if name.endswith(".py") and not name.startswith("test_") and name != "conftest.py":
                path = Path(folder) / name
                files[path.relative_to(workspace).as_posix()] = path.read_bytes()
                if len(files) > MAX_CODE_FILES:
                    raise WorkspaceError(f"more than {MAX_CODE_FILES} Python files in {workspace}; keep only your code")
    return files


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
