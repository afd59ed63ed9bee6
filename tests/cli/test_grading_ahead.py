"""`levelup check` grades ahead of the database in a forked child: whether the child's result is
used or the child is cancelled, nothing it started may outlive the check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from grader.host import watch_host

from .test_end_to_end import check_json, levelup, use_reference


def test_grading_ahead_and_cancelling_it_leave_nothing_behind(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with watch_host(monkeypatch) as host:
        monkeypatch.setenv("TMPDIR", str(host.tmp))
        workspace = tmp_path / "bank"
        assert levelup("start", "banking", "--dir", str(workspace)).returncode == 0
        use_reference(workspace, "banking", 1)
        code, report = check_json(workspace)  # the hint (level 1) is right: the child's result is used
        assert code == 0 and report["newly_unlocked"] == 2
        assert host.leftovers() == []

        marker_path = workspace / ".levelup" / "attempt.json"
        marker_path.write_text(json.dumps({**json.loads(marker_path.read_text()), "level": 1}))
        code, report = check_json(workspace)  # the hint is stale: the child is cancelled
        assert code == 1 and report["checked_levels"] == [1, 2]
        assert host.leftovers() == []

        wrong = levelup("check", "--format", "nonsense", cwd=workspace)  # grading began before parsing
        assert wrong.returncode == 2 and "use text or exercism" in wrong.stdout + wrong.stderr
        assert host.leftovers() == []
