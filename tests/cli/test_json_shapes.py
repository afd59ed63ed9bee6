"""The JSON shapes documented in docs/json.md hold for real CLI output: every ```json block there
is a JSON Schema, and each command's `--json` document is validated against the one it names."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from referencing import Registry, Resource

from .test_end_to_end import check_json, levelup, use_reference

DOC = Path(__file__).parents[2] / "docs" / "json.md"


def documented_schemas() -> dict[str, dict]:
    blocks = re.findall(r"```json\n(.*?)\n```", DOC.read_text(), re.DOTALL)
    schemas = [json.loads(block) for block in blocks]
    return {schema["$id"]: schema for schema in schemas}


SCHEMAS = documented_schemas()
REGISTRY = Registry().with_resources((key, Resource.from_contents(schema)) for key, schema in SCHEMAS.items())


def assert_documented(document: object, shape: str) -> None:
    validator = Draft202012Validator(SCHEMAS[shape], registry=REGISTRY)
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, f"{shape}: " + "; ".join(f"{list(e.path)}: {e.message}" for e in errors[:5])


def test_the_page_documents_every_shape_and_each_schema_is_valid() -> None:
    assert {"error", "check", "attempt", "status", "history", "list"} <= set(SCHEMAS)
    for schema in SCHEMAS.values():
        Draft202012Validator.check_schema(schema)


def test_real_output_of_every_command_matches_its_documented_shape(tmp_path: Path) -> None:
    workspace = tmp_path / "db"
    started = levelup("start", "in-memory-db", "--dir", str(workspace), "--json")
    assert started.returncode == 0, started.stdout
    assert_documented(json.loads(started.stdout), "status")

    (workspace / "in_memory_db.py").write_text("class SomethingElse:\n    pass\n")  # every file fails to load
    _, failing = check_json(workspace)
    assert_documented(failing, "check")
    assert {t["loaded"] for t in failing["tests"]} == {False}

    use_reference(workspace, "in-memory-db", 1)
    _, passing = check_json(workspace)
    assert_documented(passing, "check")

    assert_documented(json.loads(levelup("status", "--json", cwd=workspace).stdout), "status")
    assert_documented(json.loads(levelup("submit", "--json", cwd=workspace).stdout), "status")
    assert_documented(json.loads(levelup("history", "--json").stdout), "history")
    assert_documented(json.loads(levelup("list", "--json").stdout), "list")


@pytest.mark.parametrize(
    "args",
    [("status", "--json"), ("list", "--json", "--topic", "nonsense"), ("history", "--json", "--no-such-option")],
)
def test_errors_match_the_documented_shape(args: tuple[str, ...], tmp_path: Path) -> None:
    result = levelup(*args, cwd=tmp_path)
    document = json.loads(result.stdout)
    assert_documented(document, "error")
    assert document["code"] == result.returncode == 2
