"""A workspace marker is bound to its folder and its attempt: a copied marker, a moved folder or a
deleted marker gets a clear message and a way back (`levelup attach`), never a check recorded on
another attempt. Read-only commands write nothing, not even to the workspace."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from .test_end_to_end import check_json, levelup, use_reference


def started(tmp_path: Path, name: str) -> Path:
    workspace = tmp_path / name
    result = levelup("start", "banking", "--dir", str(workspace), "--json")
    assert result.returncode == 0, result.stderr
    return workspace


def test_a_copied_workspace_is_refused_and_the_original_attempt_is_untouched(tmp_path: Path) -> None:
    original = started(tmp_path, "bank")
    copy = tmp_path / "bank-copy"
    shutil.copytree(original, copy)
    use_reference(copy, "banking", 1)

    refused = levelup("check", cwd=copy)
    assert refused.returncode == 2
    assert "was made for" in refused.stdout and "levelup attach --dir" in refused.stdout
    assert "Traceback" not in refused.stdout + refused.stderr
    status = json.loads(levelup("status", "--json", cwd=original).stdout)
    assert (status["checks"], status["score"], status["level"]) == (0, 0, 1)


def test_attach_moves_an_attempt_to_another_folder_and_detaches_the_old_one(tmp_path: Path) -> None:
    original = started(tmp_path, "bank")
    attempt = json.loads((original / ".levelup" / "attempt.json").read_text())["attempt_id"]
    copy = tmp_path / "bank-copy"
    shutil.copytree(original, copy)

    attached = levelup("attach", str(attempt), "--dir", str(copy), "--json")
    assert attached.returncode == 0, attached.stdout + attached.stderr
    assert json.loads(attached.stdout)["workspace"] == str(copy.resolve())

    use_reference(copy, "banking", 1)
    code, report = check_json(copy)
    assert (code, report["attempt"], report["newly_unlocked"]) == (0, attempt, 2)

    stale = levelup("check", cwd=original)
    assert stale.returncode == 2 and "no longer attempt" in stale.stdout and "levelup attach" in stale.stdout


def test_a_folder_whose_marker_was_deleted_can_be_reattached(tmp_path: Path) -> None:
    workspace = started(tmp_path, "bank")
    attempt = json.loads((workspace / ".levelup" / "attempt.json").read_text())["attempt_id"]
    shutil.rmtree(workspace / ".levelup")

    lost = levelup("check", cwd=workspace)
    assert lost.returncode == 2 and "levelup attach --dir" in lost.stdout

    assert levelup("attach", str(attempt), cwd=workspace).returncode == 0
    use_reference(workspace, "banking", 1)
    code, report = check_json(workspace)
    assert (code, report["attempt"]) == (0, attempt)


def test_attach_refuses_a_folder_that_is_another_attempts_workspace(tmp_path: Path) -> None:
    first = started(tmp_path, "first")
    second = started(tmp_path, "second")
    second_id = json.loads((second / ".levelup" / "attempt.json").read_text())["attempt_id"]
    refused = levelup("attach", str(second_id), "--dir", str(first))
    assert refused.returncode == 2 and "is attempt" in refused.stdout
    assert json.loads(levelup("status", "--json", cwd=second).stdout)["workspace"] == str(second.resolve())


def test_status_and_history_write_nothing(tmp_path: Path) -> None:
    workspace = started(tmp_path, "bank")
    (workspace / "SPEC.md").unlink()  # a writing command would put it back
    marker = workspace / ".levelup" / "attempt.json"
    before = (marker.read_bytes(), marker.stat().st_mtime_ns)
    assert levelup("status", cwd=workspace).returncode == 0
    assert levelup("history").returncode == 0
    assert not (workspace / "SPEC.md").exists()
    assert (marker.read_bytes(), marker.stat().st_mtime_ns) == before
