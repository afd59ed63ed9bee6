"""Machine-wide runtime folders: one per content hash, written once, read-only, never replaced
under a process that uses it, swept only when old and unused; `doctor --setup` changes nothing
it did not create."""

from __future__ import annotations

import json
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


def _age_tree(root: Path) -> None:
    """Everything under `root` last read and changed a month ago (symlinks themselves, not targets)."""
    for folder, dirnames, filenames in os.walk(root, followlinks=False):
        for name in dirnames + filenames:
            os.utime(os.path.join(folder, name), (OLD, OLD), follow_symlinks=False)
    os.utime(root, (OLD, OLD), follow_symlinks=False)


def _old_worker_copy(folder: Path, stamp: str = '["0.1.0", [1733200000000000000], 2]') -> None:
    """The worker-module copy levelup made before versioned folders (`levelup/.stamp` marks it)."""
    (folder / "levelup" / "grading" / "boundary").mkdir(parents=True)
    (folder / "levelup" / "grading" / "boundary" / "worker.py").write_text("# an older worker\n")
    (folder / "levelup" / ".stamp").write_text(stamp)


def _old_runtime(root: Path) -> None:
    """The unversioned runtime an older `doctor --setup` made: stamp.json, site/, worker/."""
    (root / "site" / "numpy").mkdir(parents=True)
    (root / "site" / "numpy" / "__init__.py").write_text("")
    _old_worker_copy(root / "worker")
    (root / "stamp.json").write_text(json.dumps({"levelup": "0.1.0", "packages": {"numpy": "2.1.0"}}))


def test_the_older_unversioned_layout_is_swept_once_idle(tmp_path: Path) -> None:
    runtime = tmp_path / "sandbox-runtime"
    _old_runtime(runtime)
    _old_runtime(tmp_path / "sandbox-runtime.new")  # a `doctor --setup` that was cut short
    cache = tmp_path / "cache" / "levelup"
    _old_worker_copy(cache / "worker")
    _old_worker_copy(cache / "worker.tmp4242")  # a copy that was cut short
    versioned_folder(runtime, "worker-new", fill_with("new", []))
    versioned_folder(cache / "worker-modules", "worker-new", fill_with("new", []))
    for old in (runtime / "site", runtime / "worker", runtime / "stamp.json", tmp_path / "sandbox-runtime.new"):
        _age_tree(old)
    for old in (cache / "worker", cache / "worker.tmp4242"):
        _age_tree(old)

    assert sorted(sweep(runtime, keep={"worker-new"})) == [
        "sandbox-runtime.new", "sandbox-runtime/site", "sandbox-runtime/stamp.json", "sandbox-runtime/worker"
    ]
    assert sorted(sweep(cache / "worker-modules", keep={"worker-new"})) == ["worker", "worker.tmp4242"]
    assert sorted(p.name for p in runtime.iterdir()) == ["worker-new"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cache", "sandbox-runtime"]
    assert sorted(p.name for p in cache.iterdir()) == ["worker-modules"]


def test_the_older_layout_stays_while_an_older_install_may_use_it(tmp_path: Path) -> None:
    runtime = tmp_path / "sandbox-runtime"
    _old_runtime(runtime)
    _age_tree(runtime)
    (runtime / "site" / "numpy" / "__init__.py").touch()  # read or changed today: still in use
    assert sweep(runtime, keep=set()) == []
    _age_tree(runtime)
    reader = subprocess.Popen(  # an older install's worker with a file of the runtime open
        [sys.executable, "-c", "import sys; f = open(sys.argv[1]); print('open', flush=True); sys.stdin.read()",
         str(runtime / "site" / "numpy" / "__init__.py")],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert reader.stdout is not None and reader.stdout.readline().strip() == "open"
        _age_tree(runtime)
        assert sweep(runtime, keep=set()) == []
    finally:
        reader.communicate("")
    _age_tree(runtime)
    assert sorted(sweep(runtime, keep=set())) == [
        "sandbox-runtime/site", "sandbox-runtime/stamp.json", "sandbox-runtime/worker"
    ]


def test_the_sweep_leaves_what_it_cannot_recognise_and_never_follows_symlinks(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    _old_worker_copy(elsewhere / "worker")  # looks like an old copy, but is reached only through links
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "worker").symlink_to(elsewhere / "worker")
    (cache / "worker.tmp7").mkdir()  # the right name but no stamp: not levelup's
    (cache / "worker.tmp7" / "notes.txt").write_text("mine")
    _old_worker_copy(cache / "worker.tmp8", stamp='{"not": "a levelup stamp"}')
    runtime = tmp_path / "runtime"
    (runtime / "site").mkdir(parents=True)  # no stamp.json beside it: not the old runtime
    (runtime / "stamp.json").symlink_to(elsewhere / "stamp.json")
    (elsewhere / "stamp.json").write_text(json.dumps({"levelup": "0.1.0", "packages": {}}))
    for root in (elsewhere, cache, runtime):
        _age_tree(root)

    assert sweep(cache / "worker-modules", keep=set()) == []
    assert sweep(runtime, keep=set()) == []
    assert sorted(p.name for p in cache.iterdir()) == ["worker", "worker.tmp7", "worker.tmp8"]
    assert (elsewhere / "worker" / "levelup" / ".stamp").is_file()
    assert sorted(p.name for p in runtime.iterdir()) == ["site", "stamp.json"]
