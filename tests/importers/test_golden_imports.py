"""Golden folders for the importers: each folder under cases/ is one situation.

A case is named after its format (`icf-...`, `exercism-...`) and holds:
- `input/<folder>`: what the user imports (its name gives the default slug);
- `options.json` (optional): `{"slug": ...}`;
- the expected outcome, either `expected/package/` (every file of the package levelup writes into
  the library, compared exactly) with `expected/report.json` (what the import tells the user), or
  `expected/error.txt` (the message, with the case's folder written as <CASE>).

The runner imports with the real importer, which grades the folder's own solution (or the
starter) with the real harness.

LEVELUP_UPDATE_GOLDEN=1 rewrites the expected files from what the importers do now: review the
diff before committing it.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from levelup.importers.exercism import import_exercism
from levelup.importers.icf import import_icf
from levelup.importers.testsource import UnsupportedLayout

CASES = Path(__file__).parent / "cases"
IMPORTERS = {"icf": import_icf, "exercism": import_exercism}
UPDATE = os.environ.get("LEVELUP_UPDATE_GOLDEN") == "1"


def tree(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): p.read_text(encoding="utf-8")
        for p in sorted(folder.rglob("*"))
        if p.is_file() and "__pycache__" not in p.parts
    }


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir() and not p.name.startswith(".")))
def test_golden_import(case: str, tmp_path: Path) -> None:
    folder = CASES / case
    [source] = list((folder / "input").iterdir())
    options = json.loads((folder / "options.json").read_text()) if (folder / "options.json").exists() else {}
    importer = IMPORTERS[case.split("-", 1)[0]]
    expected = folder / "expected"
    library = tmp_path / "library"

    try:
        report = importer(source, library, options.get("slug"))
    except UnsupportedLayout as error:
        message = str(error).replace(str(folder.resolve()), "<CASE>") + "\n"
        assert not library.exists() or not any(p for p in library.iterdir() if not p.name.startswith(".")), (
            "a failed import left a package in the library"
        )
        if UPDATE:
            shutil.rmtree(expected, ignore_errors=True)
            expected.mkdir()
            (expected / "error.txt").write_text(message)
        assert (expected / "error.txt").is_file(), f"the import failed unexpectedly: {message}"
        assert message == (expected / "error.txt").read_text()
        return

    written = tree(library / report.slug)
    summary = report.as_json() | {"path": f"<LIBRARY>/{report.slug}"}
    if UPDATE:
        shutil.rmtree(expected, ignore_errors=True)
        for name, text in written.items():
            (expected / "package" / name).parent.mkdir(parents=True, exist_ok=True)
            (expected / "package" / name).write_text(text, encoding="utf-8")
        (expected / "report.json").write_text(json.dumps(summary, indent=2) + "\n")
    assert not (expected / "error.txt").exists(), "the import was expected to fail"
    want = tree(expected / "package")
    assert sorted(written) == sorted(want), "the package's files differ"
    for name, text in want.items():
        assert written[name] == text, f"{name} differs"
    assert summary == json.loads((expected / "report.json").read_text())
    assert not [p.name for p in library.iterdir() if p.name.startswith(".")], "the staging folder was left behind"
