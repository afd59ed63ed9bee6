"""The exam clock is read after the code snapshot is complete: code that was still being written
when time ran out (a slow read, a FIFO held open, a save at the last second) is not counted, in
`levelup check`, in watch mode and when the check was graded ahead (issue 17)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from levelup.attempts import early_start, workspace
from levelup.attempts.service import AttemptService
from levelup.problems.catalog import BUNDLED_DIR
from levelup.settings import Settings

START = 1_800_000_000
SOLUTION = BUNDLED_DIR / "in-memory-db" / "levels" / "1" / "solution"


def written_after_time_ran_out(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """While the check reads the workspace, the candidate writes a solution and the exam's
    minute runs out: the snapshot completes after the deadline."""
    read = workspace.read_code

    def slow_read(root: Path) -> dict[str, bytes]:
        for source in SOLUTION.glob("*.py"):
            shutil.copyfile(source, folder / source.name)
        monkeypatch.setenv("LEVELUP_FAKE_TIME", str(START + 120))
        return read(root)

    monkeypatch.setattr(workspace, "read_code", slow_read)


@pytest.mark.parametrize("graded_ahead", [False, True], ids=["checked", "graded-ahead"])
def test_code_whose_snapshot_completes_after_time_ran_out_is_not_counted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, graded_ahead: bool
) -> None:
    monkeypatch.setenv("LEVELUP_FAKE_TIME", str(START))
    service = AttemptService(Settings.from_environment())
    folder = tmp_path / "exam"
    service.start("in-memory-db", folder, "exam", minutes=1)
    monkeypatch.setenv("LEVELUP_FAKE_TIME", str(START + 30))  # the check starts in time
    written_after_time_ran_out(monkeypatch, folder)

    if graded_ahead:
        with early_start.early_check(folder) as early:
            assert early is not None
            outcome = service.check(folder, early=early)
    else:
        outcome = service.check(folder)

    assert outcome.result.all_passed  # graded, and the report shows it...
    assert outcome.counted is False and outcome.unlocked_level is None  # ...but it does not count
    assert outcome.attempt.score == 0 and outcome.attempt.current_level == 1
    assert outcome.note is not None and "time is up" in outcome.note
    assert os.environ["LEVELUP_FAKE_TIME"] == str(START + 120)


def test_a_check_whose_snapshot_completes_in_time_counts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LEVELUP_FAKE_TIME", str(START))
    service = AttemptService(Settings.from_environment())
    folder = tmp_path / "exam"
    service.start("in-memory-db", folder, "exam", minutes=3)
    for source in SOLUTION.glob("*.py"):
        shutil.copyfile(source, folder / source.name)
    monkeypatch.setenv("LEVELUP_FAKE_TIME", str(START + 120))
    outcome = service.check(folder)
    assert outcome.counted and outcome.unlocked_level == 2 and outcome.attempt.score == 100
