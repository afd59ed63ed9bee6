"""The whole loop, driven the way a user drives it: `levelup` subprocesses in a workspace."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from levelup.problems.catalog import BUNDLED_DIR

START = 1_800_000_000  # a fixed fake "now" (epoch seconds) for timer tests


def levelup(*args: str, cwd: Path | None = None, fake_time: float | None = None) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ)
    if fake_time is not None:
        env["LEVELUP_FAKE_TIME"] = str(fake_time)
    return subprocess.run(
        [sys.executable, "-m", "levelup", *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300
    )


def use_reference(workspace: Path, slug: str, level: int) -> None:
    for source in (BUNDLED_DIR / slug / "levels" / str(level) / "solution").glob("*.py"):
        shutil.copyfile(source, workspace / source.name)


def check_json(workspace: Path, fake_time: float | None = None) -> tuple[int, dict]:
    result = levelup("check", "--json", cwd=workspace, fake_time=fake_time)
    assert result.returncode in (0, 1), result.stderr + result.stdout
    return result.returncode, json.loads(result.stdout)


def test_full_loop_from_start_to_report(tmp_path: Path) -> None:
    workspace = tmp_path / "bank"
    started = levelup("start", "banking", "--dir", str(workspace))
    assert started.returncode == 0, started.stderr
    assert (workspace / "banking_system.py").exists()
    assert "Level 1" in (workspace / "SPEC.md").read_text() and "Level 2" not in (workspace / "SPEC.md").read_text()
    assert [p.name for p in (workspace / "tests").iterdir()] == ["test_level_1.py"]

    code, report = check_json(workspace)
    assert code == 1
    assert report["level"] == 1 and report["unlocked"] == [1] and report["score"] == 0
    assert {t["status"] for t in report["tests"]} == {"error"}
    assert any(not t["visible"] for t in report["tests"])

    for level in (1, 2, 3, 4):
        use_reference(workspace, "banking", level)
        code, report = check_json(workspace)
        assert code == 0, [t for t in report["tests"] if t["status"] != "passed"]
        assert report["checked_levels"] == list(range(1, level + 1))
        if level < 4:
            assert report["newly_unlocked"] == level + 1
            assert f"Level {level + 1}" in (workspace / "SPEC.md").read_text()
            assert (workspace / "tests" / f"test_level_{level + 1}.py").exists()
    assert report["score"] == 1000 and report["finished"] is True

    # a refactor that breaks level 1 shows, even at level 4
    use_reference(workspace, "banking", 1)
    code, report = check_json(workspace)
    assert code == 1
    assert all(t["status"] == "passed" for t in report["tests"] if t["level"] == 1)
    assert any(t["status"] != "passed" for t in report["tests"] if t["level"] == 4)

    use_reference(workspace, "banking", 4)
    assert levelup("check", cwd=workspace).returncode == 0
    submitted = levelup("submit", cwd=workspace)
    assert submitted.returncode == 0, submitted.stderr
    assert "1000 / 1000" in submitted.stdout and "Checks run: 7" in submitted.stdout

    history = json.loads(levelup("history", "--json").stdout)["attempts"]
    assert [(a["slug"], a["score"], a["state"], a["checks"]) for a in history] == [("banking", 1000, "submitted", 7)]
    solution = levelup("solution", "banking", "--level", "2")
    assert solution.returncode == 0 and "def top_spenders" in solution.stdout


def test_plain_pytest_runs_the_visible_tests_in_the_workspace(tmp_path: Path) -> None:
    workspace = tmp_path / "db"
    assert levelup("start", "in-memory-db", "--dir", str(workspace)).returncode == 0
    use_reference(workspace, "in-memory-db", 1)
    plain = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert plain.returncode == 0, plain.stdout
    assert " passed" in plain.stdout


def test_exam_score_freezes_when_time_runs_out(tmp_path: Path) -> None:
    workspace = tmp_path / "exam"
    started = levelup(
        "start", "in-memory-db", "--dir", str(workspace), "--mode", "exam", "--minutes", "10", fake_time=START
    )
    assert started.returncode == 0, started.stderr
    assert levelup("pause", cwd=workspace, fake_time=START + 30).returncode == 2

    use_reference(workspace, "in-memory-db", 1)
    code, report = check_json(workspace, fake_time=START + 60)
    assert (code, report["score"], report["newly_unlocked"]) == (0, 100, 2)

    use_reference(workspace, "in-memory-db", 2)
    code, report = check_json(workspace, fake_time=START + 11 * 60)
    assert code == 0
    assert report["counted"] is False and report["attempt_score"] == 100 and report["newly_unlocked"] is None
    assert "time is up" in report["note"]

    status = json.loads(levelup("status", "--json", cwd=workspace, fake_time=START + 12 * 60).stdout)
    assert (status["state"], status["score"], status["checks"], status["remaining_seconds"]) == ("expired", 100, 2, 0)


def test_practice_pause_stops_the_clock(tmp_path: Path) -> None:
    workspace = tmp_path / "practice"
    assert (
        levelup("start", "task-scheduler", "--dir", str(workspace), "--minutes", "30", fake_time=START).returncode == 0
    )
    assert levelup("pause", cwd=workspace, fake_time=START + 600).returncode == 0
    paused = levelup("check", cwd=workspace, fake_time=START + 700)
    assert paused.returncode == 2 and "paused" in paused.stdout
    assert levelup("resume", cwd=workspace, fake_time=START + 1800).returncode == 0
    status = json.loads(levelup("status", "--json", cwd=workspace, fake_time=START + 1900).stdout)
    assert status["elapsed_seconds"] == 700 and status["remaining_seconds"] == 1100 and status["state"] == "active"


def test_wrong_usage_gets_a_message_and_exit_2(tmp_path: Path) -> None:
    outside = levelup("check", cwd=tmp_path)
    assert outside.returncode == 2 and "not inside a levelup workspace" in outside.stdout
    unknown = levelup("start", "no-such-problem", "--dir", str(tmp_path / "x"))
    assert unknown.returncode == 2 and "no problem called 'no-such-problem'" in unknown.stdout
    locked = levelup("solution", "banking", "--level", "1")
    assert locked.returncode == 2 and "opens once you have finished or submitted" in locked.stdout
    bad_mode = levelup("start", "banking", "--mode", "speedrun", "--dir", str(tmp_path / "y"))
    assert bad_mode.returncode == 2
    for result in (outside, unknown, locked, bad_mode):
        assert "Traceback" not in result.stdout + result.stderr


def test_validate_reports_a_malformed_package(tmp_path: Path) -> None:
    package = tmp_path / "in-memory-db"
    shutil.copytree(BUNDLED_DIR / "in-memory-db", package)
    toml = package / "problem.toml"
    toml.write_text(toml.read_text().replace("minutes = 90", "minutes = -5"))
    result = levelup("validate", str(package), "--json")
    assert result.returncode == 1
    [report] = json.loads(result.stdout)["packages"]
    assert report["ok"] is False and "problem.toml:" in report["errors"][0] and "minutes" in report["errors"][0]


def test_interrupted_check_loses_nothing(tmp_path: Path) -> None:
    workspace = tmp_path / "db"
    assert levelup("start", "in-memory-db", "--dir", str(workspace)).returncode == 0
    use_reference(workspace, "in-memory-db", 1)
    assert levelup("check", cwd=workspace).returncode == 0
    (workspace / "in_memory_db.py").write_text("import time\ntime.sleep(60)\n")

    process = subprocess.Popen(
        [sys.executable, "-m", "levelup", "check"],
        cwd=workspace,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while not _children(process.pid) and time.monotonic() < deadline:
        time.sleep(0.05)  # waiting for the grader to start the worker, not timing anything
    process.send_signal(signal.SIGINT)
    out, _ = process.communicate(timeout=60)
    assert process.returncode == 130 and "interrupted" in out

    status = json.loads(levelup("status", "--json", cwd=workspace).stdout)
    assert (status["checks"], status["score"], status["current_level"]) == (1, 100, 2)
    use_reference(workspace, "in-memory-db", 2)
    assert levelup("check", cwd=workspace).returncode == 0


def _children(pid: int) -> list[int]:
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                children.append(int(entry.name))
    return children


def test_without_the_sandbox_exam_refuses_and_practice_warns(tmp_path: Path) -> None:
    no_bwrap_path = str(Path(sys.executable).parent)  # a PATH on which bubblewrap cannot be found
    exam, practice = tmp_path / "exam", tmp_path / "practice"
    assert levelup("start", "banking", "--dir", str(exam), "--mode", "exam").returncode == 0
    assert levelup("start", "banking", "--dir", str(practice)).returncode == 0
    env = dict(os.environ, PATH=no_bwrap_path)

    refused = subprocess.run(
        [sys.executable, "-m", "levelup", "check"], cwd=exam, env=env, capture_output=True, text=True, timeout=120
    )
    assert refused.returncode == 2
    assert "exam mode refuses to grade without its sandbox" in refused.stdout and "bubblewrap" in refused.stdout
    assert json.loads(levelup("status", "--json", cwd=exam).stdout)["checks"] == 0

    warned = subprocess.run(
        [sys.executable, "-m", "levelup", "check"], cwd=practice, env=env, capture_output=True, text=True, timeout=120
    )
    assert warned.returncode == 1
    assert "WARNING: sandbox layer 'filesystem' is missing" in warned.stdout


def test_list_filters_by_topic_and_reports_package_paths() -> None:
    everything = json.loads(levelup("list", "--json").stdout)["problems"]
    ml = json.loads(levelup("list", "--json", "--topic", "ml").stdout)["problems"]
    assert {"banking", "attention-kv-cache"} <= {p["slug"] for p in everything}
    assert ml and all("ml" in p["topics"] for p in ml)
    assert "banking" not in {p["slug"] for p in ml}
    for problem in everything:
        assert (Path(problem["path"]) / "problem.toml").is_file() and problem["levels"] == 4


def test_doctor_reports_every_layer_and_exits_by_their_state() -> None:
    result = levelup("doctor", "--json")
    layers = json.loads(result.stdout)["layers"]
    names = [layer["name"] for layer in layers]
    assert names == ["filesystem", "network", "processes", "user", "seccomp", "cgroups", "resources"]
    assert all(layer["detail"] for layer in layers)
    assert result.returncode == (0 if all(layer["active"] for layer in layers) else 1)


def test_check_grades_what_the_database_names_whatever_the_marker_says(tmp_path: Path) -> None:
    """The marker's problem and level only let a check grade ahead of the database; a stale,
    edited or missing hint must not change what is graded."""
    workspace = tmp_path / "bank"
    assert levelup("start", "banking", "--dir", str(workspace)).returncode == 0
    marker_path = workspace / ".levelup" / "attempt.json"
    marker = json.loads(marker_path.read_text())
    assert marker["slug"] == "banking"
    use_reference(workspace, "banking", 1)

    marker_path.write_text(json.dumps({**marker, "slug": "in-memory-db"}))
    code, report = check_json(workspace)
    assert code == 0 and report["newly_unlocked"] == 2
    assert all(t["name"].startswith("test_level_1") for t in report["tests"])

    marker_path.write_text(json.dumps({"attempt_id": marker["attempt_id"], "token": marker["token"]}))
    use_reference(workspace, "banking", 2)
    code, report = check_json(workspace)
    assert code == 0 and report["newly_unlocked"] == 3
    assert json.loads(marker_path.read_text())["level"] == 3  # the hint is rewritten on unlock

    # graded ahead against too few levels, then against a level the problem does not have
    for level, wrong_level in ((3, 1), (4, 9)):
        use_reference(workspace, "banking", level)
        marker_path.write_text(json.dumps({**marker, "level": wrong_level}))
        code, report = check_json(workspace)
        assert code == 0 and report["checked_levels"] == list(range(1, level + 1))


def test_validate_prints_the_refactor_pressure_of_each_transition(tmp_path: Path) -> None:
    package = tmp_path / "in-memory-db"
    shutil.copytree(BUNDLED_DIR / "in-memory-db", package)
    # The figures come from the reference files alone, whatever grading the references concludes.
    [report] = json.loads(levelup("validate", str(package), "--json").stdout)["packages"]
    figures = report["refactor"]
    assert [(f["from"], f["to"]) for f in figures] == [(1, 2), (2, 3), (3, 4)]
    assert all(0 <= f["changed_share"] <= 1 for f in figures) and max(f["changed_share"] for f in figures) >= 0.25
    as_text = levelup("validate", str(package))
    shares = ", ".join(f"L{f['from']}→{f['to']} {f['changed_share']:.0%}" for f in figures)
    assert f"refactor pressure: {shares}" in as_text.stdout


def test_viewed_hints_are_counted_in_status_history_and_the_report(tmp_path: Path) -> None:
    workspace = tmp_path / "bank"
    assert levelup("start", "banking", "--dir", str(workspace)).returncode == 0
    assert json.loads(levelup("status", "--json", cwd=workspace).stdout)["hints_used"] == []
    assert "hints used" not in levelup("status", cwd=workspace).stdout

    shown = levelup("hints", cwd=workspace)
    assert shown.returncode == 0
    assert shown.stdout.strip() == (BUNDLED_DIR / "banking" / "levels" / "1" / "hints.md").read_text().strip()
    locked = levelup("hints", "--level", "2", cwd=workspace)
    assert locked.returncode == 2 and "still locked" in locked.stdout
    assert levelup("hints", cwd=workspace).returncode == 0  # a second look counts once

    assert json.loads(levelup("status", "--json", cwd=workspace).stdout)["hints_used"] == [1]
    assert "hints used: level 1" in levelup("status", cwd=workspace).stdout
    use_reference(workspace, "banking", 1)
    code, report = check_json(workspace)
    assert code == 0 and report["newly_unlocked"] == 2

    submitted = levelup("submit", cwd=workspace)
    assert submitted.returncode == 0 and "Hints used: level 1" in submitted.stdout
    assert levelup("hints", "--level", "1", cwd=workspace).returncode == 0  # reading after submit: not counted
    [attempt] = json.loads(levelup("history", "--json").stdout)["attempts"]
    assert attempt["hints_used"] == [1]
    header = levelup("history").stdout.splitlines()[2]
    assert header.split("┃")[-2].strip() == "hints"


def test_validate_takes_a_bundled_problem_by_its_slug_and_names_an_unknown_one() -> None:
    [report] = json.loads(levelup("validate", "banking", "--json").stdout)["packages"]
    assert report["slug"] == "banking" and report["ok"]
    unknown = levelup("validate", "no-such-problem")
    assert unknown.returncode == 2
    assert "no-such-problem is not a folder or file here" in unknown.stdout + unknown.stderr
    assert "banking" in unknown.stdout + unknown.stderr  # the known problems are listed
