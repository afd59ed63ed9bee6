"""`levelup import exercism DIR`: an Exercism Python exercise becomes a levelup package: a concept
exercise makes one level per task, a practice exercise makes one level.

Layouts understood (Exercism's own):
- concept exercises (`exercises/concept/<slug>/`): `.meta/config.json` naming the `solution`,
  `test` and `exemplar` files; `.docs/instructions.md` with numbered task headings
  (`## 1. Define the expected bake time`), `.docs/introduction.md` (the concept, shown with level 1)
  and `.docs/hints.md` (`## General` plus one numbered section per task, shown on demand by
  `levelup hints`); tests tagged `@pytest.mark.task(taskno=N)`, on test functions, methods or
  classes. Each test file is split into one file per task; every copy keeps the file's imports
  and helpers, so a test file that catches `ImportError` to explain a missing name behaves as
  under plain pytest. The exemplar is the reference solution.
- practice exercises (`exercises/practice/<slug>/`): `.meta/config.json` naming `solution`,
  `test` and `example` files; `.docs/instructions.md` (plus `instructions.append.md`,
  `introduction.md` and `hints.md` when present) and tests without task markers. Every test is
  level 1's; the example is the reference solution.

Data files the tests open from their own folder (non-Python `editor` files, or files next to a
test file that names them) are copied next to the tests. Python `editor` files are modules the
tests and the solution import (a table of constants, test doubles): each side gets its own copy,
the tests a trusted one next to them and the candidate one in the starter.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from levelup.importers import markdown
from levelup.importers.package import ImportReport, LevelDraft, PackageDraft, install, slug_from, title_from
from levelup.importers.testsource import (
    TestFunction,
    UnsupportedLayout,
    data_files_beside,
    data_note,
    find_tests,
    parse,
    split_by_level,
)

TASK_HEADING = re.compile(r"^(\d+)\.\s*(.+)$")
EXPECTED_LAYOUT = (
    "expected an Exercism exercise: .meta/config.json (files: solution, test, and exemplar for a concept "
    "exercise or example for a practice exercise) and .docs/instructions.md; a concept exercise's "
    "instructions have `## 1. ...` task headings and its tests are marked @pytest.mark.task(taskno=N)"
)


def import_exercism(source: Path, library: Path, slug: str | None = None, replace: bool = False) -> ImportReport:
    return install(read_exercism(source, slug), library, replace)


def read_exercism(source: Path, slug: str | None = None) -> PackageDraft:
    """The package an Exercism exercise folder makes (nothing is written)."""
    folder = source.resolve()
    if not folder.is_dir():
        raise UnsupportedLayout(f"not a folder; {EXPECTED_LAYOUT}", source)
    config = _config(folder)
    files = _config_files(folder, config)
    data = data_files_beside([folder / name for name in files["test"]], [folder / name for name in files["editor"]])
    helpers = {Path(name).name: _read(folder / name, required=True) for name in files["editor"] if name.endswith(".py")}
    # Python editor files are modules both the tests and the solution import (data tables, test
    # doubles): the tests get a trusted copy beside them, your code its own copy beside yours
    data |= {name: text.encode("utf-8") for name, text in helpers.items()}
    practice = not files["exemplar"]
    levels, notes = (_practice_level if practice else _task_levels)(folder, files, data)
    reference_files = files["example"] if practice else files["exemplar"]
    kind = "practice" if practice else "concept"
    if helpers:
        notes.append(
            f"copied {', '.join(sorted(helpers))} next to the tests and into the starter: the tests import their own "
            "copy, your code imports yours"
        )
    return PackageDraft(
        source=folder,
        imported_from="exercism",
        slug=slug or slug_from(folder.name),
        title=title_from(folder.name),
        summary=str(config.get("blurb") or f"An Exercism {kind} exercise imported from {folder.name}."),
        topics=["imported", "exercism"],
        modules=[Path(name).stem for name in files["solution"]],
        starter={Path(name).name: _read(folder / name, required=True) for name in files["solution"]} | helpers,
        levels=levels,
        reference={
            Path(solution).name: _read(folder / reference, required=True)
            for solution, reference in zip(files["solution"], reference_files, strict=True)
        }
        | helpers,
        reference_origin=", ".join(reference_files),
        notes=notes + data_note({name: content for name, content in data.items() if name not in helpers}),
    )


def _task_levels(
    folder: Path, files: dict[str, list[str]], data: dict[str, bytes]
) -> tuple[list[LevelDraft], list[str]]:
    """A concept exercise: one level per numbered task, each with the tests marked for it."""
    instructions = _read(folder / ".docs" / "instructions.md", required=True)
    tasks = markdown.split_numbered(instructions, _task_heading)
    if not tasks.numbered:
        raise UnsupportedLayout(
            "has no numbered task headings such as `## 1. Define the expected bake time`: levelup makes one level "
            f"per task of a concept exercise ({EXPECTED_LAYOUT})",
            folder / ".docs" / "instructions.md",
        )
    per_task: dict[int, dict[str, str]] = {}
    for name in files["test"]:
        path = folder / name
        for number, text in _task_copies(path).items():
            per_task.setdefault(number, {})[f"test_{_module_stem(path)}_task_{number}.py"] = text
    _check_tasks(folder, sorted(tasks.numbered), sorted(per_task))
    hints_text = _read(folder / ".docs" / "hints.md")
    hints = markdown.split_numbered(hints_text, _task_heading)
    general_hints = markdown.section(hints_text, "General")
    introduction = markdown.without_title(_read(folder / ".docs" / "introduction.md"))
    levels = []
    for number, (title, body) in sorted(tasks.numbered.items()):
        parts = [markdown.nest(body)]
        if number == 1:  # the story and the concept come first, then the task under its own heading
            parts = [markdown.nest(tasks.preamble)] if tasks.preamble else []
            if introduction:
                parts.append("### Introduction\n\n" + markdown.nest(introduction, top_depth=4))
            parts.append("### Task\n\n" + markdown.nest(body, top_depth=4))
        spec = f"## Level {number}: {title}\n\n" + "\n\n".join(parts) + "\n"
        level_hints = _hints(general_hints, hints, number, title)
        levels.append(LevelDraft(title, spec, per_task[number], level_hints, data))
    return levels, _notes(files["test"], per_task, any(level.hints for level in levels))


def _practice_level(
    folder: Path, files: dict[str, list[str]], data: dict[str, bytes]
) -> tuple[list[LevelDraft], list[str]]:
    """A practice exercise has no tasks: one level with every test, the instructions as its spec."""
    title = title_from(folder.name)
    docs = folder / ".docs"
    parts = []
    introduction = markdown.without_title(_read(docs / "introduction.md"))
    if introduction:
        parts.append("### Introduction\n\n" + markdown.nest(introduction, top_depth=4))
    instructions = markdown.without_title(_read(docs / "instructions.md", required=True))
    parts.append("### Instructions\n\n" + markdown.nest(instructions, top_depth=4))
    appended = markdown.without_title(_read(docs / "instructions.append.md"))
    if appended:  # the track's own additions (exception messages, ...): sections of their own
        parts.append(markdown.nest(appended))
    spec = f"## Level 1: {title}\n\n" + "\n\n".join(parts) + "\n"
    hints_text = markdown.without_title(_read(docs / "hints.md"))
    hints = f"## Level 1: {title}\n\n{markdown.nest(hints_text)}\n" if hints_text else None
    tests: dict[str, str] = {}
    for name in files["test"]:
        path = folder / name
        source = path.read_text(encoding="utf-8")
        if not find_tests(parse(source, path)):
            raise UnsupportedLayout("has no tests (expected test_* functions or unittest.TestCase methods)", path)
        tests[f"test_{_module_stem(path)}.py"] = source
    renamed = [f"{name} as {new}" for name, new in zip(files["test"], tests, strict=True) if Path(name).name != new]
    notes = [
        "a practice exercise has no tasks: it is one level with every test"
        + (f" ({', '.join(renamed)})" if renamed else "")
    ]
    if hints:
        notes.append("`levelup hints` shows the exercise's hints (from .docs/hints.md)")
    return [LevelDraft(title, spec, tests, hints, data)], notes


def _config(folder: Path) -> dict[str, Any]:
    path = folder / ".meta" / "config.json"
    if not path.is_file():
        raise UnsupportedLayout(f"has no .meta/config.json; {EXPECTED_LAYOUT}", folder)
    try:
        config = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise UnsupportedLayout(f"is not valid JSON: {exc.msg}", path, exc.lineno) from None
    if not isinstance(config, dict):
        raise UnsupportedLayout("must hold a JSON object with a `files` object", path)
    return config


def _config_files(folder: Path, config: dict[str, Any]) -> dict[str, list[str]]:
    config_path = folder / ".meta" / "config.json"
    files = config.get("files")
    if not isinstance(files, dict):
        raise UnsupportedLayout("needs a `files` object naming the solution, test and exemplar files", config_path)
    found: dict[str, list[str]] = {}
    for key in ("solution", "test", "exemplar", "example", "editor"):
        value = files.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UnsupportedLayout(f"files.{key} must be a list of file names", config_path)
        found[key] = value
    if not found["exemplar"] and not found["example"]:
        raise UnsupportedLayout(
            "names neither files.exemplar (where a concept exercise keeps its reference solution) nor files.example "
            "(where a practice exercise keeps it)",
            config_path,
        )
    reference = found["exemplar"] or found["example"]
    reference_key = "exemplar" if found["exemplar"] else "example"
    for key in ("solution", "test"):
        if not found[key]:
            raise UnsupportedLayout(f"names no files.{key}; {EXPECTED_LAYOUT}", config_path)
    if len(reference) != len(found["solution"]):
        raise UnsupportedLayout(
            f"names {len(found['solution'])} solution files but {len(reference)} {reference_key} files; "
            "levelup pairs them in order",
            config_path,
        )
    for name in found["solution"]:
        if "/" in name or not name.endswith(".py"):
            raise UnsupportedLayout(f"files.solution lists {name!r}; expected Python files at the top", config_path)
    for name in found["solution"] + found["test"] + reference + found["editor"]:
        if not (folder / name).is_file():
            raise UnsupportedLayout(f"lists {name}, which is not in the folder", config_path)
    return found


def _task_heading(text: str) -> tuple[int, str] | None:
    match = TASK_HEADING.match(text)
    return (int(match.group(1)), match.group(2).strip()) if match else None


def _task_copies(path: Path) -> dict[int, str]:
    source = path.read_text(encoding="utf-8")
    tree = parse(source, path)
    if not find_tests(tree):
        raise UnsupportedLayout("has no tests (expected test_* functions or unittest.TestCase methods)", path)

    def task_of(test: TestFunction) -> int:
        number = _task_number(test.node.decorator_list)
        if number is None and test.owner is not None:
            number = _task_number(test.owner.decorator_list)
        if number is None:
            raise UnsupportedLayout(
                f"{test.qualified_name} has no @pytest.mark.task(taskno=N) marker: levelup makes one level per "
                "task of a concept exercise, so every test must name its task (a practice exercise names "
                "files.example instead of files.exemplar and becomes one level)",
                path,
                test.node.lineno,
            )
        return number

    return split_by_level(source, tree, task_of)


def _task_number(decorators: list[ast.expr]) -> int | None:
    for decorator in decorators:
        if not isinstance(decorator, ast.Call) or not _is_task_marker(decorator.func):
            continue
        value = next((k.value for k in decorator.keywords if k.arg == "taskno"), None)
        value = value or (decorator.args[0] if decorator.args else None)
        if isinstance(value, ast.Constant) and isinstance(value.value, int):
            return value.value
    return None


def _is_task_marker(function: ast.expr) -> bool:
    if not isinstance(function, ast.Attribute) or function.attr != "task":
        return False
    owner = function.value
    return (isinstance(owner, ast.Attribute) and owner.attr == "mark") or (
        isinstance(owner, ast.Name) and owner.id == "mark"
    )


def _check_tasks(folder: Path, described: list[int], tested: list[int]) -> None:
    untested = sorted(set(described) - set(tested))
    undescribed = sorted(set(tested) - set(described))
    if undescribed:
        raise UnsupportedLayout(
            f"tests are marked for task {', '.join(map(str, undescribed))}, which .docs/instructions.md does not "
            "describe (expected a heading such as `## 3. ...` for each task)",
            folder,
        )
    if untested:
        raise UnsupportedLayout(
            f"task {', '.join(map(str, untested))} has no tests marked @pytest.mark.task(taskno=N); every level "
            "needs tests",
            folder,
        )
    if described != list(range(1, len(described) + 1)):
        raise UnsupportedLayout(
            f"tasks are numbered {', '.join(map(str, described))}; expected 1..N without gaps",
            folder / ".docs" / "instructions.md",
        )


def _hints(general: str, hints: markdown.Sections, number: int, title: str) -> str | None:
    """Level N's hints: the general ones, then those of task N."""
    task = hints.numbered.get(number, ("", ""))[1]
    if not task and not general:
        return None
    parts = [f"## General\n\n{markdown.nest(general)}"] if general else []
    if task:
        parts.append(f"## Level {number}: {title}\n\n{markdown.nest(task)}")
    return "\n\n".join(parts) + "\n"


def _notes(test_files: list[str], per_task: dict[int, dict[str, str]], has_hints: bool) -> list[str]:
    names = ", ".join(sorted(name for files in per_task.values() for name in files))
    notes = [f"split {', '.join(test_files)} into one test file per task: {names}"]
    if has_hints:
        notes.append("`levelup hints` shows the hints of your current level (from .docs/hints.md)")
    return notes


def _module_stem(path: Path) -> str:
    stem = path.stem
    return stem[: -len("_test")] if stem.endswith("_test") else stem.removeprefix("test_")


def _read(path: Path, required: bool = False) -> str:
    if not path.is_file():
        if required:
            raise UnsupportedLayout(f"missing {path.name}; {EXPECTED_LAYOUT}", path.parent)
        return ""
    return path.read_text(encoding="utf-8")
