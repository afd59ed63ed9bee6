"""The cache of assertion-rewritten test files: a check served from it reports exactly what a
freshly rewritten one would, and it never serves a stale or damaged entry."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from levelup.grading import rewritten_tests
from levelup.grading.rewritten_tests import cache_folder, cached_rewrites


class _Outcomes:
    def __init__(self) -> None:
        self.reports: dict[str, tuple[str, str]] = {}

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call":
            self.reports[report.nodeid.split("::")[-1]] = (report.outcome, report.longreprtext)


def run(test_file: Path) -> dict[str, tuple[str, str]]:
    outcomes = _Outcomes()
    args = [str(test_file), "-p", "no:cacheprovider", "-p", "no:terminal", "--import-mode=importlib"]
    args += ["--rootdir", str(test_file.parent), "-c", str(test_file.parent / "pytest.ini")]
    before = set(sys.modules)
    try:
        with cached_rewrites():
            pytest.main(args, plugins=[outcomes])
    finally:
        for name in set(sys.modules) - before:  # the next run imports (and rewrites) the file afresh
            if str(getattr(sys.modules[name], "__file__", "")).startswith(str(test_file.parent)):
                del sys.modules[name]
    return outcomes.reports


@pytest.fixture
def test_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(rewritten_tests, "_in_memory", {})
    folder = tmp_path / "tests"
    folder.mkdir()
    (folder / "pytest.ini").write_text("[pytest]\n")
    path = folder / "test_sample.py"
    path.write_text("def test_totals():\n    totals = [1, 2]\n    assert totals == [1, 3]\n")
    return path


def forget_in_memory(monkeypatch: pytest.MonkeyPatch) -> None:
    """As a new `levelup check` process would: only the on-disk cache is left."""
    monkeypatch.setattr(rewritten_tests, "_in_memory", {})


def test_a_cached_rewrite_keeps_pytests_assertion_details(test_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = run(test_file)
    assert fresh["test_totals"][0] == "failed"
    assert "At index 1 diff: 2 != 3" in fresh["test_totals"][1]
    assert len(list(cache_folder().iterdir())) == 1

    forget_in_memory(monkeypatch)
    assert run(test_file) == fresh  # from disk
    assert run(test_file) == fresh  # from memory


def test_an_edited_test_file_is_rewritten_again(test_file: Path) -> None:
    assert run(test_file)["test_totals"][0] == "failed"
    test_file.write_text("def test_totals():\n    totals = [1, 2]\n    assert totals == [1, 2]\n")
    assert run(test_file)["test_totals"][0] == "passed"


def test_a_damaged_entry_is_replaced(test_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fresh = run(test_file)
    (entry,) = cache_folder().iterdir()
    entry.write_bytes(b"\x00not marshal data")
    forget_in_memory(monkeypatch)
    assert run(test_file) == fresh
    assert entry.read_bytes() != b"\x00not marshal data"


def test_checks_still_run_when_the_cache_folder_cannot_be_written(
    test_file: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocker))
    outcome, details = run(test_file)["test_totals"]
    assert outcome == "failed" and "At index 1 diff" in details
