"""Machine-wide runtime folders: one per content hash, written once, read-only, never replaced
under a process that uses it, swept only when old and unused; `doctor --setup` changes nothing
it did not create."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from levelup.grading.sandbox import versioned
from levelup.grading.sandbox.versioned import sweep, versioned_folder

OLD = time.time() - 30 * 24 * 3600


def fill_with(text: str, calls: list[str]):  # type: ignore[no-untyped-def]
    def fill(staging: Path) -> None:
        calls.append(text)
        (staging / "module.py").write_text(text)

    return fill


def let_go() -> None:
    """This process stops using every folder it held (as if it had ended)."""
    for fd in versioned._held.values():
        os.close(fd)
    versioned._held.clear()


@pytest.fixture(autouse=True)
def fresh_process(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(versioned, "_held", {})  # each test plays a fresh process
    yield
    let_go()


def test_a_folder_is_written_once_read_only_and_then_reused(tmp_path: Path) -> None:
    calls: list[str] = []
    first = versioned_folder(tmp_path, "worker-aaa", fill_with("one", calls))
    let_go()  # a second process asking for the same version
    second = versioned_folder(tmp_path, "worker-aaa", fill_with("two", calls))
    assert first == second == tmp_path / "worker-aaa"
    assert calls == ["one"]
    assert (first / "module.py").read_text() == "one"
    assert stat.S_IMODE(first.stat().st_mode) == 0o555
    assert stat.S_IMODE((first / "module.py").stat().st_mode) == 0o444
    assert sorted(p.name for p in tmp_path.iterdir()) == ["worker-aaa"]  # no staging left behind


def test_two_versions_live_side_by_side(tmp_path: Path) -> None:
    calls: list[str] = []
    old = versioned_folder(tmp_path, "worker-aaa", fill_with("old", calls))
    new = versioned_folder(tmp_path, "worker-bbb", fill_with("new", calls))
    assert (old / "module.py").read_text() == "old" and (new / "module.py").read_text() == "new"


def _age(folder: Path) -> None:
    os.utime(folder, (OLD, OLD))


def test_sweep_removes_only_old_unused_folders_of_its_own(tmp_path: Path) -> None:
    calls: list[str] = []
    for name in ("worker-old", "worker-held", "worker-recent", "site-old"):
        versioned_folder(tmp_path, name, fill_with(name, calls))
    let_go()
    (tmp_path / "site").mkdir()  # an older levelup's layout: not this module's to remove
    holder = subprocess.Popen(  # another process grading from worker-held
        [
            sys.executable,
            "-c",
            "import fcntl, os, sys; fd = os.open(sys.argv[1], os.O_RDONLY); fcntl.flock(fd, fcntl.LOCK_SH); "
            "print('locked', flush=True); sys.stdin.read()",
            str(tmp_path / "worker-held"),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
        for name in ("worker-old", "worker-held", "site-old", "site"):
            _age(tmp_path / name)
        removed = sweep(tmp_path, keep=set())
    finally:
        holder.communicate("")
    assert sorted(removed) == ["site-old", "worker-old"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site", "worker-held", "worker-recent"]


def test_a_folder_swept_before_it_was_locked_is_made_again(tmp_path: Path) -> None:
    calls: list[str] = []
    versioned_folder(tmp_path, "worker-aaa", fill_with("v", calls))
    let_go()  # this process no longer holds it: it may go
    _age(tmp_path / "worker-aaa")
    assert sweep(tmp_path, keep=set()) == ["worker-aaa"]
    again = versioned_folder(tmp_path, "worker-aaa", fill_with("v", calls))
    assert calls == ["v", "v"] and (again / "module.py").read_text() == "v"


def test_doctor_setup_in_a_user_folder_changes_only_what_it_creates(tmp_path: Path) -> None:
    user = tmp_path / "home"
    (user / ".venv" / "bin").mkdir(parents=True)
    tool = user / ".venv" / "bin" / "levelup"
    tool.write_text("#!/bin/sh\n")
    tool.chmod(0o750)
    secret = tmp_path / "elsewhere" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("private")
    secret.chmod(0o600)
    (user / "link-to-secret").symlink_to(secret)
    user.chmod(0o700)
    runtime = user / "levelup-runtime" / "sandbox"
    env = dict(os.environ, LEVELUP_SANDBOX_RUNTIME=str(runtime))
    result = subprocess.run(
        [sys.executable, "-m", "levelup", "doctor", "--setup"], env=env, capture_output=True, text=True, timeout=300
    )
    assert "keeps other users out" in result.stdout, result.stdout + result.stderr
    assert stat.S_IMODE(user.stat().st_mode) == 0o700
    assert stat.S_IMODE(tool.stat().st_mode) == 0o750
    assert stat.S_IMODE(secret.stat().st_mode) == 0o600
    assert any(p.name.startswith("site-") for p in runtime.iterdir())
