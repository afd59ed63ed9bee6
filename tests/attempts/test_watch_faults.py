"""Watch mode survives a check levelup itself could not grade: it says so and keeps watching."""

from __future__ import annotations

from pathlib import Path

import pytest

from levelup.attempts import watch
from levelup.grading.errors import GradingFault


class _Warm:
    closed = False

    def prepare_next(self) -> None:
        pass

    def close(self) -> None:
        self.closed = True


class _FaultyService:
    def __init__(self) -> None:
        self.warm = _Warm()

    def warm_workers(self, root: Path) -> _Warm:
        return self.warm

    def check(self, root: Path, warm: object) -> object:
        raise GradingFault("the sandboxed worker could not be started (test)")


def test_a_grading_fault_is_reported_and_watching_goes_on(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch.workspace, "find_workspace", lambda folder: folder)
    service = _FaultyService()
    faults: list[GradingFault] = []
    checks = watch.watch_workspace(service, tmp_path, lambda outcome: None, stop_after=1,  # type: ignore[arg-type]
                                   on_fault=faults.append)
    assert checks == 1
    assert [str(f) for f in faults] == [
        "levelup could not grade this check: the sandboxed worker could not be started (test)"
    ]
    assert service.warm.closed


def test_without_a_fault_handler_the_fault_is_raised(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(watch.workspace, "find_workspace", lambda folder: folder)
    with pytest.raises(GradingFault):
        watch.watch_workspace(_FaultyService(), tmp_path, lambda outcome: None, stop_after=1)  # type: ignore[arg-type]
