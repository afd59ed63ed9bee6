"""Watch mode re-checks after a save, and unlocks levels like `levelup check` does."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from levelup.attempts.service import AttemptService, CheckOutcome
from levelup.attempts.watch import watch_workspace
from levelup.problems.catalog import BUNDLED_DIR
from levelup.settings import Settings


def test_watch_rechecks_after_a_save_and_unlocks(tmp_path: Path) -> None:
    service = AttemptService(Settings.from_environment())
    workspace = tmp_path / "db"
    service.start("in-memory-db", workspace, "practice", None)
    outcomes: list[CheckOutcome] = []
    saved = threading.Event()

    def save_reference_until_rechecked() -> None:
        solution = BUNDLED_DIR / "in-memory-db" / "levels" / "1" / "solution" / "in_memory_db.py"
        while not saved.wait(0.2):  # keep saving until the watcher has seen a save
            shutil.copyfile(solution, workspace / "in_memory_db.py")

    def on_result(outcome: CheckOutcome) -> None:
        outcomes.append(outcome)
        if len(outcomes) == 1:
            threading.Thread(target=save_reference_until_rechecked, daemon=True).start()
        else:
            saved.set()

    checks = watch_workspace(service, workspace, on_result, stop_after=2)

    assert checks == 2
    first, second = outcomes
    assert not first.result.all_passed and first.unlocked_level is None
    assert second.result.all_passed and second.unlocked_level == 2
    assert "Level 2" in (workspace / "SPEC.md").read_text()
    assert service.status(workspace).checks == 2
