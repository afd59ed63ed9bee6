"""The question bank loads, validates, and says exactly what is wrong with a malformed question."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from levelup.rounds.bank import load_bank
from levelup.rounds.model import ROUNDS

CASES = sorted(path for path in (Path(__file__).parent / "cases").iterdir() if path.is_dir())


def levelup(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "levelup", *args], capture_output=True, text=True, timeout=120)


def test_the_bundled_bank_is_valid_and_holds_every_question_of_the_seed() -> None:
    bank = load_bank()
    assert bank.problems == []
    seed = [q for q in bank.questions if q.from_seed]
    by_round = {name: sum(q.round == name for q in seed) for name in ROUNDS}
    assert by_round["ml-system-design"] >= 6
    assert by_round["safety"] >= 4
    assert by_round["behavioural"] >= 3


def test_validate_checks_the_bundled_bank_by_default_path() -> None:
    result = levelup("validate", str(Path(load_bank().questions[0].path).parents[1]))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "OK   question bank" in result.stdout


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_a_malformed_question_is_reported_with_its_file_and_reason(case: Path) -> None:
    result = levelup("validate", str(case))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    flat = " ".join(result.stdout.split())
    for expected in (case / "expected.txt").read_text().splitlines():
        assert expected in flat, f"{expected!r} not in:\n{result.stdout}"
    question_file = next(case.rglob("*.toml"))
    assert str(question_file) in flat


def test_questions_json_gives_every_field_with_the_rubric() -> None:
    result = levelup("questions", "--round", "safety", "--json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert {q["round"] for q in document["questions"]} == {"safety"}
    first = document["questions"][0]
    assert {"id", "title", "minutes", "prompt", "probes", "rubric", "sources", "key_points"} <= set(first)
    point = first["rubric"][0]
    assert {"description", "weight", "strong", "mistake", "sources"} <= set(point)
    assert first["key_points"] == len(first["rubric"])


def test_an_unknown_round_is_a_clear_error() -> None:
    result = levelup("questions", "--round", "culture")
    assert result.returncode == 2
    assert "no round is called 'culture'" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
