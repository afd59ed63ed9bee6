"""Importing, then playing, the way a user does it: `levelup` subprocesses, the golden cases'
input folders as the material."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

CASES = Path(__file__).parent / "cases"
PARCEL_LOCKERS = CASES / "icf-root-level-files-with-solved-impl" / "input" / "parcel-lockers"
FIELD_STORE = CASES / "icf-one-file-levels-by-class-partial-solution" / "input" / "field-store"
TEA = CASES / "exercism-unittest-class-with-tasks" / "input" / "perfect-pot-of-tea"
PRICE_LIST = CASES / "exercism-practice-tests-read-a-data-file-beside-them" / "input" / "price-list"
PIGGY_BANK = CASES / "icf-error-slug-of-a-bundled-problem" / "input" / "piggy-bank"  # fine under its own name


def levelup(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "levelup", *args],
        cwd=cwd,
        env=dict(os.environ),
        capture_output=True,
        text=True,
        timeout=300,
    )


def check_json(workspace: Path, *options: str) -> tuple[int, dict]:
    result = levelup("check", "--json", *options, cwd=workspace)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    return result.returncode, json.loads(result.stdout)


def test_an_imported_codesignal_project_is_listed_played_and_valid(tmp_path: Path) -> None:
    imported = levelup("import", "icf", str(PARCEL_LOCKERS), "--json")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    report = json.loads(imported.stdout)
    assert (report["slug"], report["reference_levels"]) == ("parcel-lockers", [1, 2, 3])

    listed = {p["slug"]: p for p in json.loads(levelup("list", "--json").stdout)["problems"]}
    assert listed["parcel-lockers"]["origin"] == "library"
    assert listed["parcel-lockers"]["levels"] == 3

    workspace = tmp_path / "lockers"
    assert levelup("start", "parcel-lockers", "--dir", str(workspace)).returncode == 0
    assert [p.name for p in (workspace / "tests").iterdir()] == ["test_level_1.py"]
    assert "TODO: implement" in (workspace / "parcel_lockers_impl.py").read_text()

    code, result = check_json(workspace)
    assert code == 1 and result["newly_unlocked"] is None
    assert {t["status"] for t in result["tests"]} == {"error"}

    shutil.copyfile(PARCEL_LOCKERS / "parcel_lockers_impl.py", workspace / "parcel_lockers_impl.py")
    out = tmp_path / "reports"
    exports = ("--format", "exercism", "--output", str(out), "--junit-xml", str(out / "j.xml"))
    code, result = check_json(workspace, *exports)
    assert code == 0 and result["newly_unlocked"] == 2 and result["score"] == 167  # level 1 of 3 weighs 167
    assert (workspace / "tests" / "test_level_2.py").exists()
    assert "Level 2" in (workspace / "SPEC.md").read_text()
    exercism = json.loads((out / "results.json").read_text())
    assert exercism["status"] == "pass" and {t["task_id"] for t in exercism["tests"]} == {1}
    assert '<testsuite name="Level 1: Level 1"' in (out / "j.xml").read_text()
    plain = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert plain.returncode == 0 and "5 passed" in plain.stdout, plain.stdout  # the rewritten tests run as they are

    unwritable = levelup("check", "--junit-xml", str(out), cwd=workspace)  # a folder, not a file
    assert unwritable.returncode == 2 and "cannot write" in unwritable.stderr
    assert "Level 2" in unwritable.stdout, "the report still shows: the check was recorded"

    validated = levelup("validate", report["path"])
    assert validated.returncode == 0, validated.stdout
    assert "OK" in validated.stdout and "skipped" in validated.stdout


def test_an_imported_exercism_exercise_explains_missing_names_and_gives_hints(tmp_path: Path) -> None:
    assert levelup("import", "exercism", str(TEA)).returncode == 0
    workspace = tmp_path / "tea"
    assert levelup("start", "perfect-pot-of-tea", "--dir", str(workspace)).returncode == 0

    code, result = check_json(workspace)
    [failure] = result["tests"]
    assert code == 1 and failure["status"] == "error"
    assert "MISSING CONSTANT" in failure["details"] and "'STEEP_MINUTES'" in failure["details"]

    hints = levelup("hints", cwd=workspace)
    assert hints.returncode == 0
    assert "a name in capitals" in hints.stdout and "docstring" in hints.stdout
    locked = levelup("hints", "--level", "2", cwd=workspace)
    assert locked.returncode == 2 and "still locked" in locked.stdout

    shutil.copyfile(TEA / ".meta" / "exemplar.py", workspace / "tea_time.py")
    code, result = check_json(workspace)
    assert code == 0 and result["newly_unlocked"] == 2
    assert "Subtract the elapsed minutes" in levelup("hints", cwd=workspace).stdout


def test_a_practice_exercise_plays_as_one_level_and_its_tests_find_their_data_file(tmp_path: Path) -> None:
    imported = levelup("import", "exercism", str(PRICE_LIST), "--json")
    assert imported.returncode == 0, imported.stdout + imported.stderr
    workspace = tmp_path / "prices"
    assert levelup("start", "price-list", "--dir", str(workspace)).returncode == 0
    assert sorted(p.name for p in (workspace / "tests").iterdir()) == ["prices.json", "test_price_list.py"]

    code, result = check_json(workspace)
    assert code == 1 and {t["status"] for t in result["tests"]} == {"failed"}  # the starter's None, not a missing file

    shutil.copyfile(PRICE_LIST / ".meta" / "example.py", workspace / "price_list.py")
    code, result = check_json(workspace)
    assert code == 0 and result["score"] == 1000
    plain = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider"],
        cwd=workspace,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert plain.returncode == 0 and "2 passed" in plain.stdout, plain.stdout


def test_validate_says_what_it_skipped_for_an_imported_package() -> None:
    report = json.loads(levelup("import", "icf", str(FIELD_STORE), "--json").stdout)
    validated = levelup("validate", report["path"], "--json")
    assert validated.returncode == 0, validated.stdout
    [result] = json.loads(validated.stdout)["packages"]
    assert result["ok"] is True
    assert [run["code"] for run in result["runs"]] == ["starter", "solution 2"]
    warnings = " ".join(result["warnings"])
    assert "no reference solution for level 3" in warnings
    assert "no hidden tests" in warnings


def test_a_folder_that_does_not_fit_gets_a_message_not_a_traceback(tmp_path: Path) -> None:
    wrong_format = levelup("import", "exercism", str(PARCEL_LOCKERS))
    assert wrong_format.returncode == 2
    assert "error:" in wrong_format.stdout and "expected an Exercism exercise" in wrong_format.stdout
    missing = levelup("import", "icf", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "not a folder" in missing.stdout

    assert levelup("import", "icf", str(PIGGY_BANK)).returncode == 0
    again = levelup("import", "icf", str(PIGGY_BANK))
    assert again.returncode == 2 and "--replace" in again.stdout
    assert levelup("import", "icf", str(PIGGY_BANK), "--replace").returncode == 0
    for result in (wrong_format, missing, again):
        assert "Traceback" not in result.stdout + result.stderr


def test_export_options_are_checked_before_grading(tmp_path: Path) -> None:
    without_output = levelup("check", "--format", "exercism", cwd=tmp_path)
    assert without_output.returncode == 2 and "--output" in without_output.stdout + without_output.stderr
    unknown = levelup("check", "--format", "tap", "--output", str(tmp_path), cwd=tmp_path)
    assert unknown.returncode == 2 and "exercism" in unknown.stdout + unknown.stderr
