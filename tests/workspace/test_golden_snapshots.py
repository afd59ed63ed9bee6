"""Golden folders for what enters the grader: each folder under cases/ is one workspace situation.

A case's `case.json` lists the workspace's entries (regular files, named pipes, symlinks, sparse
files; git cannot hold the special ones, so the runner makes them), the files the snapshot must
read, and for each file it must leave out a fragment of the reason it gives (or, with `error`, a
fragment of the message refusing the whole workspace). `{hidden_test}` in a link's target stands
for a real hidden test file of a bundled problem; `{n}` in a path with `count` makes that many.
"""

from __future__ import annotations

import json
import os
import threading
from pathlib import Path

import pytest

from levelup.attempts.workspace import CodeSnapshot, WorkspaceError, read_code
from levelup.problems.catalog import BUNDLED_DIR

CASES = Path(__file__).parent / "cases"
HIDDEN_TEST = next((BUNDLED_DIR / "banking" / "levels" / "1" / "hidden").glob("test_*.py"))
HANG_GUARD_SECONDS = 60  # a snapshot blocked on a pipe never returns; this only ends the test


def make_workspace(root: Path, entries: list[dict]) -> None:
    entries = [
        {**entry, "path": entry["path"].replace("{n}", str(n))}
        for entry in entries
        for n in range(1, entry.get("count", 1) + 1)
    ]
    for entry in entries:
        path = root / entry["path"]
        path.parent.mkdir(parents=True, exist_ok=True)
        kind = entry["kind"]
        if kind == "fifo":
            os.mkfifo(path)
        elif kind == "symlink":
            path.symlink_to(entry["target"].replace("{hidden_test}", str(HIDDEN_TEST)))
        elif kind == "sparse":
            with path.open("wb") as handle:
                handle.truncate(entry["size"])
        elif "repeat" in entry:
            path.write_text(entry["repeat"] * entry["size"])
        else:
            path.write_text(entry["content"])


def snapshot_without_hanging(root: Path) -> CodeSnapshot:
    outcome: list[CodeSnapshot | BaseException] = []

    def take() -> None:
        try:
            outcome.append(read_code(root))
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test's thread
            outcome.append(exc)

    reader = threading.Thread(target=take, daemon=True)
    reader.start()
    reader.join(HANG_GUARD_SECONDS)
    if reader.is_alive():
        for fifo in (p for p in root.rglob("*") if p.is_fifo()):
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))  # release it
        pytest.fail("taking the snapshot blocked")
    if isinstance(outcome[0], BaseException):
        raise outcome[0]
    return outcome[0]


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_golden_snapshot(case: str, tmp_path: Path) -> None:
    spec = json.loads((CASES / case / "case.json").read_text())
    root = tmp_path / "workspace"
    root.mkdir()
    make_workspace(root, spec["entries"])

    if "error" in spec:
        with pytest.raises(WorkspaceError, match=spec["error"]):
            snapshot_without_hanging(root)
        return
    snapshot = snapshot_without_hanging(root)

    assert sorted(snapshot) == sorted(spec["read"])
    for name in spec["read"]:
        assert snapshot[name] == (root / name).read_bytes()
    reasons = {skipped.path: skipped.reason for skipped in snapshot.skipped}
    assert sorted(reasons) == sorted(spec["skipped"])
    for name, fragment in spec["skipped"].items():
        assert fragment in reasons[name], f"{name}: {reasons[name]!r}"
