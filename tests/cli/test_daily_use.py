"""The CLI as a daily tool, driven through `levelup` subprocesses: what enters the grader, what the
terminal shows of candidate text, machine-readable errors, consistent reports, small things."""

from __future__ import annotations

import io
import json
import os
import re
import sqlite3
import subprocess
import sys
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

from levelup.exporters.exercism import HIDDEN_TEST_CODE
from levelup.problems.catalog import BUNDLED_DIR
from levelup.problems.counting import count_tests

from .test_end_to_end import START, check_json, levelup, use_reference

SHADOW = Path("/etc/shadow")


def start(tmp_path: Path, *extra: str, fake_time: float | None = None) -> Path:
    workspace = tmp_path / "db"
    started = levelup("start", "in-memory-db", "--dir", str(workspace), *extra, fake_time=fake_time)
    assert started.returncode == 0, started.stderr + started.stdout
    return workspace


def level_1_test_count() -> int:
    level = BUNDLED_DIR / "in-memory-db" / "levels" / "1"
    return sum(count_tests(p) for p in (*level.glob("tests/test_*.py"), *level.glob("hidden/test_*.py")))


def stored_archives(home: Path) -> list[set[str]]:
    with sqlite3.connect(home / "levelup.db") as db:
        rows = db.execute("select code_archive from checks order by id").fetchall()
    return [set(zipfile.ZipFile(io.BytesIO(row[0])).namelist()) for row in rows]


# -- what enters the grader -------------------------------------------------------------------
def test_a_pipe_and_links_in_the_workspace_are_skipped_with_reasons_and_never_stored(
    tmp_path: Path, isolated_levelup_home: Path
) -> None:
    workspace = start(tmp_path)
    use_reference(workspace, "in-memory-db", 1)
    os.mkfifo(workspace / "a.py")  # sorts first: reading it would hold the check open forever
    (workspace / "loot.py").symlink_to(SHADOW)
    (workspace / "zero.py").symlink_to("/dev/zero")

    code, report = check_json(workspace)

    assert code == 0 and report["newly_unlocked"] == 2
    warnings = "\n".join(report["warnings"])
    assert "a.py was not graded: it is a named pipe (FIFO), not a regular file" in warnings
    assert f"loot.py was not graded: it is a symbolic link (to {SHADOW})" in warnings
    assert "zero.py was not graded: it is a symbolic link (to /dev/zero)" in warnings
    [archive] = stored_archives(isolated_levelup_home)
    assert archive == {"in_memory_db.py"}


# -- candidate text in the terminal -----------------------------------------------------------
FORGED = "\x9b2K\x9b1A\u202e\nLevel 1  17/17 passed\n\x1b[2KScore: 1000 / 1000\r\nLevel 2 unlocked"


def test_an_exception_message_cannot_draw_a_fake_report_line(tmp_path: Path) -> None:
    workspace = start(tmp_path)
    (workspace / "in_memory_db.py").write_text(
        "class InMemoryDB:\n"
        "    def set(self, key, field, value):\n"
        f"        print({FORGED!r})\n"
        f"        raise ValueError({FORGED!r})\n"
        "    def get(self, key, field):\n"
        f"        raise ValueError({FORGED!r})\n"
        "    def delete(self, key, field):\n"
        f"        raise ValueError({FORGED!r})\n"
    )
    text = levelup("check", cwd=workspace)
    assert text.returncode == 1, text.stderr
    for character in ("\x9b", "\u202e", "\x1b", "\r"):
        assert character not in text.stdout
    forged_lines = [line for line in text.stdout.splitlines() if "17/17" in line or "1000 / 1000" in line]
    assert forged_lines, "the forged text should still be shown, harmlessly"
    assert all(line.startswith(" ") for line in forged_lines), forged_lines
    assert not re.search(r"^Level 2 unlocked", text.stdout, re.MULTILINE)

    _, raw = check_json(workspace)  # JSON keeps the raw text; its consumers filter it (docs/json.md)
    assert any("\u202e" in t["output"] and "\x9b" in t["output"] for t in raw["tests"] if t["visible"])


# -- feedback details -------------------------------------------------------------------------
def test_a_missing_class_reports_the_levels_real_test_count_without_pytest_hints(tmp_path: Path) -> None:
    workspace = start(tmp_path)
    (workspace / "in_memory_db.py").write_text("class SomethingElse:\n    pass\n")
    text = levelup("check", cwd=workspace)
    assert text.returncode == 1
    assert f"Level 1  0/{level_1_test_count()} passed" in text.stdout
    assert "cannot import name 'InMemoryDB'" in text.stdout
    assert "Hint: make sure" not in text.stdout and "levelup/" not in text.stdout


def test_an_import_error_is_reported_once(tmp_path: Path) -> None:
    workspace = start(tmp_path)
    (workspace / "in_memory_db.py").write_text("class InMemoryDB(:\n")
    text = levelup("check", cwd=workspace)
    assert text.returncode == 1
    assert text.stdout.count("SyntaxError") == 1, text.stdout
    assert f"{level_1_test_count()} tests not run: your code could not be imported" in text.stdout


def test_long_output_is_cut_with_a_notice_and_shows_its_last_lines(tmp_path: Path) -> None:
    workspace = start(tmp_path)
    (workspace / "in_memory_db.py").write_text(
        "class InMemoryDB:\n"
        "    def set(self, key, field, value):\n"
        "        for n in range(1, 101):\n"
        "            print(f'line {n} of my debugging')\n"
        "        return 'wrong'\n"
    )
    text = levelup("check", cwd=workspace).stdout
    assert "line 1 of my debugging" in text and "line 100 of my debugging" in text
    assert "line 50 of my debugging" not in text
    assert "more lines not shown" in text


# -- errors under --json ----------------------------------------------------------------------
def test_errors_under_json_are_json_with_the_same_exit_codes(tmp_path: Path) -> None:
    cases = [
        (("status", "--json"), tmp_path, "not inside a levelup workspace"),
        (("check", "--json"), tmp_path, "not inside a levelup workspace"),
        (("history", "--json", "--bogus"), tmp_path, "No such option"),
        (("list", "--json", "--topic", "nonsense"), tmp_path, "no problem has the topic 'nonsense'"),
        (("start", "no-such-problem", "--json", "--dir", str(tmp_path / "x")), tmp_path, "no-such-problem"),
        (("check", "--json", "--output", str(tmp_path / "out")), tmp_path, "--format exercism"),
        (("import", "icf", str(tmp_path / "missing"), "--json"), tmp_path, "missing"),
    ]
    for args, cwd, fragment in cases:
        result = levelup(*args, cwd=cwd)
        plain = levelup(*(a for a in args if a != "--json"), cwd=cwd)
        document = json.loads(result.stdout)
        assert set(document) == {"version", "error", "code"}, args
        assert fragment in document["error"], (args, document)
        assert result.returncode == document["code"] == plain.returncode == 2, args
        assert "Traceback" not in result.stdout + result.stderr


# -- reports agree with themselves ------------------------------------------------------------
def test_reports_agree_after_the_time_runs_out_and_after_submitting(tmp_path: Path) -> None:
    workspace = start(tmp_path, "--mode", "exam", "--minutes", "5", fake_time=START)
    use_reference(workspace, "in-memory-db", 1)
    assert check_json(workspace, fake_time=START + 60)[1]["counted"] is True
    status = levelup("status", cwd=workspace, fake_time=START + 120).stdout
    assert "1 check " in status and "1 checks" not in status

    submitted = levelup("submit", cwd=workspace, fake_time=START + 400)  # 6:40 after the start
    assert "Time used: 5:00 of 5:00" in submitted.stdout, submitted.stdout
    assert "Checks run: 1" in submitted.stdout
    assert check_json(workspace, fake_time=START + 500)[1]["counted"] is False

    status_json = json.loads(levelup("status", "--json", cwd=workspace, fake_time=START + 600).stdout)
    [history_entry] = json.loads(levelup("history", "--json").stdout)["attempts"]
    assert status_json["finished"] is True and status_json["remaining_seconds"] == 0
    assert status_json["elapsed_seconds"] == 300
    assert status_json["checks"] == history_entry["checks"] == 2 and status_json["uncounted_checks"] == 1
    assert [(lv["number"], lv["title"]) for lv in status_json["levels"]] == [
        (lv["number"], lv["title"]) for lv in history_entry["levels"]
    ]
    assert status_json["levels"][0]["title"] != "Level 1"


# -- small things -----------------------------------------------------------------------------
def test_version() -> None:
    result = levelup("--version")
    assert result.returncode == 0 and re.fullmatch(r"levelup \S+\n", result.stdout)


def test_list_with_an_unknown_topic_names_the_topics() -> None:
    result = levelup("list", "--topic", "nonsense")
    assert result.returncode == 2
    assert "no problem has the topic 'nonsense'" in result.stdout and "concurrency" in result.stdout


def test_watch_outside_a_workspace_fails_before_it_starts_watching(tmp_path: Path) -> None:
    result = levelup("watch", cwd=tmp_path)
    assert result.returncode == 2
    assert "not inside a levelup workspace" in result.stdout and "Watching" not in result.stdout


def test_output_without_format_says_what_to_add(tmp_path: Path) -> None:
    workspace = start(tmp_path)
    result = levelup("check", "--output", str(tmp_path / "out"), cwd=workspace)
    assert result.returncode == 2
    assert "add --format exercism" in result.stdout + result.stderr


def test_doctor_says_where_the_store_and_the_problem_library_are(isolated_levelup_home: Path) -> None:
    text = levelup("doctor").stdout
    assert f"sqlite:///{isolated_levelup_home / 'levelup.db'}" in text
    assert str(isolated_levelup_home / "problems") in text
    document = json.loads(levelup("doctor", "--json").stdout)
    assert document["problem_library"] == str(isolated_levelup_home / "problems")


def test_start_names_a_command_that_runs_when_levelup_is_not_on_path(tmp_path: Path) -> None:
    script = Path(sys.executable).parent / "levelup"
    env = {**os.environ, "PATH": "/usr/bin:/bin"}
    started = subprocess.run(
        [str(script), "start", "in-memory-db", "--dir", str(tmp_path / "db")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert started.returncode == 0, started.stderr
    command = re.search(r"run `(.+) check` in that folder", started.stdout)
    assert command is not None and command.group(1) != "levelup", started.stdout
    runs = subprocess.run(
        [*command.group(1).split(), "--version"], env=env, cwd=os.getcwd(), capture_output=True, text=True
    )
    assert runs.returncode == 0 and runs.stdout.startswith("levelup ")


def test_validate_says_why_a_broken_reference_fails(tmp_path: Path) -> None:
    package = tmp_path / "in-memory-db"
    import shutil

    shutil.copytree(BUNDLED_DIR / "in-memory-db", package)
    solution = package / "levels" / "1" / "solution" / "in_memory_db.py"
    solution.write_text(solution.read_text().replace("return True", "return 'yes'", 1))
    result = levelup("validate", str(package), "--jobs", "1")
    assert result.returncode == 1
    assert re.search(r"solution 1 fails its own levels: \S+ \(.*'yes'", result.stdout), result.stdout


def hidden_blocks(report: str) -> list[str]:
    """The lines the text report shows for hidden tests: each one's line and what is under it."""
    blocks: list[str] = []
    inside = False
    for line in report.splitlines():
        if re.match(r"  (PASS|FAIL|ERROR|SKIP) ", line) or not line.startswith(" "):
            inside = " hidden " in line
        if inside:
            blocks.append(line)
    return blocks


# -- hidden tests give no answers ---------------------------------------------------------------
def test_hidden_failures_carry_no_expected_values_in_any_face(tmp_path: Path, isolated_levelup_home: Path) -> None:
    """The answer-table attack learns expected values from failure messages; a wrong answer to
    every call must get the hidden tests' names and kinds of failure, and nothing they compare."""
    import ast

    hidden = BUNDLED_DIR / "in-memory-db" / "levels" / "1" / "hidden" / "test_level_1_hidden.py"
    expected_values = {
        node.value
        for compare in ast.walk(ast.parse(hidden.read_text()))
        if isinstance(compare, ast.Compare)
        for comparator in compare.comparators  # the expected side: `... == "Grace"`
        for node in ast.walk(comparator)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 3
    }
    assert expected_values  # the file compares strings such as "Grace"
    workspace = start(tmp_path)
    (workspace / "in_memory_db.py").write_text(
        "class InMemoryDB:\n"
        "    def set(self, key, field, value):\n"
        "        print('stored', key, field, value)\n"
        "    def get(self, key, field):\n"
        "        return 'WRONG'\n"
        "    def delete(self, key, field):\n"
        "        return None\n"
    )
    exports = tmp_path / "exports"
    text = levelup("check", cwd=workspace).stdout
    result = levelup(
        "check",
        "--json",
        "--format",
        "exercism",
        "--output",
        str(exports),
        "--junit-xml",
        str(exports / "j.xml"),
        cwd=workspace,
    )
    report = json.loads(result.stdout)
    hidden_results = [t for t in report["tests"] if not t["visible"]]
    assert hidden_results and all(t["status"] != "passed" for t in hidden_results)
    with sqlite3.connect(isolated_levelup_home / "levelup.db") as db:
        stored = db.execute("select message, details, output from test_results where visible = 0").fetchall()
    exercism = json.loads((exports / "results.json").read_text())["tests"]
    junit = ET.parse(exports / "j.xml").getroot().iter("testcase")
    faces = {
        "json": json.dumps(hidden_results),
        "store": json.dumps(stored),
        "text": "\n".join(hidden_blocks(text)),
        "results.json": json.dumps([t for t in exercism if t["test_code"] == HIDDEN_TEST_CODE]),
        "junit": "".join(
            ET.tostring(case, encoding="unicode") for case in junit if case.find("properties") is not None
        ),
    }
    assert all(faces.values()), [face for face, shown in faces.items() if not shown]
    for face, shown in faces.items():
        leaked = sorted(value for value in expected_values if value in shown)
        assert not leaked, f"{face} shows expected values {leaked}"
        assert "stored user" not in shown, f"{face} shows what the code printed during a hidden test"
