"""The exam clock is read after the code snapshot is complete: code that was still being written
when time ran out (a slow read, a FIFO held open, a save at the last second) is not counted, in
`levelup check`, in watch mode and when the check was graded ahead (issue 17)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from levelup.attempts import early_start, workspace
from levelup.attempts.service import AttemptService
from levelup.settings import Settings
from tests.grader.test_grading_faults import make_package

START = 1_800_000_000


@pytest.fixture(autouse=True)
def adder_in_the_library(isolated_levelup_home: Path) -> None:
    """A one-level problem small enough that no machine load can make its tests time out."""
    make_package(isolated_levelup_home / "problems", memory_mb=512)


def write_solution(folder: Path) -> None:
    (folder / "lab.py").write_text("def add(a, b):\n    return a + b\n")


def written_after_time_ran_out(monkeypatch: pytest.MonkeyPatch, folder: Path) -> None:
    """While the check reads the workspace, the candidate writes a solution and the exam's
    minute runs out: the snapshot completes after the deadline."""
    read = workspace.read_code

    def slow_read(root: Path) -> dict[str, bytes]:
        write_solution(folder)
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
    service.start("adder", folder, "exam", minutes=1)
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
    service.start("adder", folder, "exam", minutes=3)
    write_solution(folder)
    monkeypatch.setenv("LEVELUP_FAKE_TIME", str(START + 120))
    outcome = service.check(folder)
    assert outcome.counted and outcome.finished_now and outcome.attempt.score == 1000
