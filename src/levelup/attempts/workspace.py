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
    token: str
    # hints for grading ahead of the database (see early_start); the database has the truth
    slug: str = ""
    level: int = 0  # the attempt's level when it was last checked


def find_workspace(start: Path) -> Path:
    """The workspace containing `start` (itself or a parent)."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / MARKER).is_file():
            return folder
    raise WorkspaceError(
        f"{start} is not inside a levelup workspace: run this in the folder `levelup start` made, or pass --dir"
    )


def read_marker(workspace: Path) -> WorkspaceMarker:
    try:
        data = json.loads((workspace / MARKER).read_text())
        return WorkspaceMarker(
            int(data["attempt_id"]), str(data["token"]), str(data.get("slug", "")), int(data.get("level", 0))
        )
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise WorkspaceError(f"{workspace / MARKER} is damaged ({exc}); start a new attempt") from None


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
    data = {"attempt_id": marker.attempt_id, "token": marker.token, "slug": marker.slug, "level": marker.level}
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
