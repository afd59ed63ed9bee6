"""`levelup import exercism DIR`: an Exercism Python concept exercise becomes a levelup package,
one level per task.

Layout understood (Exercism's own):
- `.meta/config.json` naming the `solution`, `test` and `exemplar` files;
- `.docs/instructions.md` with numbered task headings (`## 1. Define the expected bake time`),
  `.docs/introduction.md` (the concept, shown with level 1) and `.docs/hints.md` (`## General`
  plus one numbered section per task, shown on demand by `levelup hints`);
- tests tagged `@pytest.mark.task(taskno=N)`, on test functions, methods or classes.

Each test file is split into one file per task; every copy keeps the file's imports and helpers,
so a test file that catches `ImportError` to explain a missing name behaves as under plain pytest.
The exemplar is the reference solution.
"""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path
from typing import Any

from levelup.importers import markdown
from levelup.importers.package import ImportReport, LevelDraft, PackageDraft, install, slug_from, title_from
from levelup.importers.testsource import TestFunction, UnsupportedLayout, find_tests, parse, split_by_level

TASK_HEADING = re.compile(r"^(\d+)\.\s*(.+)$")
EXPECTED_LAYOUT = (
    "expected an Exercism concept exercise: .meta/config.json (files: solution, test, exemplar), "
    ".docs/instructions.md with `## 1. ...` task headings, and tests marked @pytest.mark.task(taskno=N)"
)


def import_exercism(source: Path, library: Path, slug: str | None = None, replace: bool = False) -> ImportReport:
    return install(read_exercism(source, slug), library, replace)


def read_exercism(source: Path, slug: str | None = None) -> PackageDraft:
    """The package an Exercism concept exercise folder makes (nothing is written)."""
    folder = source.resolve()
    if not folder.is_dir():
        raise UnsupportedLayout(f"not a folder; {EXPECTED_LAYOUT}", source)
    config = _config(folder)
    files = _config_files(folder, config)
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
    modules = [Path(name).stem for name in files["solution"]]
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
        levels.append(LevelDraft(title, spec, per_task[number], _hints(general_hints, hints, number, title)))
    return PackageDraft(
        source=folder,
        imported_from="exercism",
        slug=slug or slug_from(folder.name),
        title=title_from(folder.name),
        summary=str(config.get("blurb") or f"An Exercism concept exercise imported from {folder.name}."),
        topics=["imported", "exercism"],
        modules=modules,
        starter={Path(name).name: _read(folder / name, required=True) for name in files["solution"]},
        levels=levels,
        reference={
            Path(solution).name: _read(folder / exemplar, required=True)
            for solution, exemplar in zip(files["solution"], files["exemplar"], strict=True)
        },
        reference_origin=", ".join(files["exemplar"]),
        notes=_notes(files["test"], per_task, any(level.hints for level in levels)),
    )


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
    for key in ("solution", "test", "exemplar", "editor"):
        value = files.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise UnsupportedLayout(f"files.{key} must be a list of file names", config_path)
        found[key] = value
    if found["editor"]:
        raise UnsupportedLayout(
            f"lists editor files ({', '.join(found['editor'])}): levelup cannot import exercises whose tests read "
            "extra files yet (the grader runs tests apart from your files)",
            config_path,
        )
    if not found["exemplar"]:
        raise UnsupportedLayout(
            "names no files.exemplar: that is where a concept exercise keeps its reference solution "
            "(a practice exercise keeps an example instead, and has no tasks to make levels from)",
            config_path,
        )
    for key in ("solution", "test"):
        if not found[key]:
            raise UnsupportedLayout(f"names no files.{key}; {EXPECTED_LAYOUT}", config_path)
    if len(found["exemplar"]) != len(found["solution"]):
        raise UnsupportedLayout(
            f"names {len(found['solution'])} solution files but {len(found['exemplar'])} exemplar files; "
            "levelup pairs them in order",
            config_path,
        )
    for name in found["solution"]:
        if "/" in name or not name.endswith(".py"):
            raise UnsupportedLayout(f"files.solution lists {name!r}; expected Python files at the top", config_path)
    for name in found["solution"] + found["test"] + found["exemplar"]:
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
                "task, so every test must name its task (practice exercises, which have no tasks, are not supported)",
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
