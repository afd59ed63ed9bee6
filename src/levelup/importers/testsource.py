"""Read and edit test files as text, guided by their syntax tree.

Imported tests are rewritten line by line rather than regenerated from the tree, so what their
author wrote (comments, tabs, blank lines, string quotes) survives: find the tests, drop those of
other levels, replace a statement or a decorator. The exporters use `test_bodies` to show a
test's code.
"""

from __future__ import annotations

import ast
import textwrap
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from levelup.problems.errors import ProblemError

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


class UnsupportedLayout(ProblemError):
    """A folder to import does not have a shape levelup understands; the message says what it expected."""


@dataclass(frozen=True)
class TestFunction:
    """One test as pytest collects it: a module-level `test*` function or a `test*` method of a class."""

    node: FunctionNode
    owner: ast.ClassDef | None

    @property
    def name(self) -> str:
        return self.node.name

    @property
    def qualified_name(self) -> str:
        return f"{self.owner.name}.{self.node.name}" if self.owner else self.node.name


@dataclass(frozen=True)
class Edit:
    """Replace lines `first`..`last` (1-based, inclusive) with `lines`; `last = first - 1` inserts."""

    first: int
    last: int
    lines: tuple[str, ...] = ()


def parse(source: str, path: Path) -> ast.Module:
    try:
        return ast.parse(source, filename=str(path))
    except SyntaxError as exc:
        raise UnsupportedLayout(
            f"cannot read this Python file: {exc.msg} (line {exc.lineno})", path, exc.lineno
        ) from None


def find_tests(tree: ast.Module) -> list[TestFunction]:
    """The tests of a module in file order, collected the way pytest collects them."""
    tests: list[TestFunction] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            tests.append(TestFunction(node, None))
        elif isinstance(node, ast.ClassDef) and (node.name.startswith("Test") or node.bases):
            tests.extend(
                TestFunction(item, node)
                for item in node.body
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test")
            )
    return tests


def first_line(node: ast.stmt) -> int:
    """The statement's first line, counting its decorators."""
    decorators = getattr(node, "decorator_list", [])
    return min([node.lineno, *(d.lineno for d in decorators)])


def removals(lines: list[str], tree: ast.Module, nodes: Iterable[ast.stmt]) -> list[Edit]:
    """Edits that remove `nodes` (statements of the module or of its classes) with the blank
    lines beside them: those above, or those below when nothing before it in its block stays (so
    no block opens with a blank line)."""
    doomed = {id(node) for node in nodes}
    edits: list[Edit] = []
    for body in [tree.body, *(n.body for n in tree.body if isinstance(n, ast.ClassDef))]:
        leading = True
        for statement in body:
            if id(statement) not in doomed:
                leading = False
                continue
            first, last = first_line(statement), statement.end_lineno or statement.lineno
            if leading:
                while last < len(lines) and not lines[last].strip():
                    last += 1
            else:
                while first > 1 and not lines[first - 2].strip():
                    first -= 1
            edits.append(Edit(first, last))
    return edits


def apply_edits(source: str, edits: Iterable[Edit]) -> str:
    lines = source.splitlines()
    ordered: list[Edit] = []
    for edit in sorted(edits, key=lambda e: (e.first, e.last)):
        previous = ordered[-1] if ordered else None
        if previous is not None and edit.first <= previous.last:
            if previous.lines or edit.lines:  # two removals may share blank lines; a replacement may not
                raise ValueError(f"overlapping edits at lines {previous.first}-{previous.last} and {edit.first}")
            ordered[-1] = Edit(previous.first, max(previous.last, edit.last))
        else:
            ordered.append(edit)
    for edit in reversed(ordered):
        lines[edit.first - 1 : edit.last] = list(edit.lines)
    while lines and not lines[-1].strip():
        lines.pop()
    return "\n".join(lines) + "\n"


def indentation_of(line: str) -> str:
    return line[: len(line) - len(line.lstrip())]


def split_by_level(
    source: str,
    tree: ast.Module,
    level_of: Callable[[TestFunction], int],
    edits: Iterable[Edit] = (),
    removed: Iterable[ast.stmt] = (),
) -> dict[int, str]:
    """One copy of the file per level, each keeping everything but the tests of other levels
    (and `removed`, with `edits` applied).

    Imports, helpers and module-level code stay in every copy, so each runs on its own. A class
    left without tests is removed whole (an empty class body would not even parse).
    """
    lines = source.splitlines()
    tests = find_tests(tree)
    levels = {id(test.node): level_of(test) for test in tests}
    shared_edits, shared_removed = list(edits), list(removed)
    copies: dict[int, str] = {}
    for level in sorted(set(levels.values())):
        dropped = list(shared_removed)
        for owner, members in _by_owner(tests):
            if owner is not None and all(levels[id(t.node)] != level for t in members):
                dropped.append(owner)
            else:
                dropped += [t.node for t in members if levels[id(t.node)] != level]
        kept = [e for e in shared_edits if not any(_inside(e, node) for node in dropped)]
        copies[level] = apply_edits(source, kept + removals(lines, tree, dropped))
    return copies


def _by_owner(tests: list[TestFunction]) -> Iterator[tuple[ast.ClassDef | None, list[TestFunction]]]:
    owners: dict[int, tuple[ast.ClassDef | None, list[TestFunction]]] = {}
    for test in tests:
        key = id(test.owner) if test.owner is not None else 0
        owners.setdefault(key, (test.owner, []))[1].append(test)
    yield from owners.values()


def _inside(edit: Edit, node: ast.stmt) -> bool:
    return first_line(node) <= edit.first <= (node.end_lineno or node.lineno)


def imported_modules(tree: ast.Module) -> set[str]:
    """Top-level names of every module the file imports (absolute imports only)."""
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


def test_bodies(source: str) -> dict[tuple[str | None, str], tuple[int, str]]:
    """(class or None, test function) -> (first line, code inside the function) for every test of
    a file. The code is dedented and keeps docstrings and comments."""
    lines = source.splitlines()
    found: dict[tuple[str | None, str], tuple[int, str]] = {}
    for test in find_tests(ast.parse(source)):
        function = test.node
        first, last = function.body[0].lineno, function.end_lineno or function.body[-1].lineno
        if first == function.lineno:  # `def test_x(): assert ...` on one line
            body = "\n".join(ast.get_source_segment(source, statement) or "" for statement in function.body)
        else:
            body = textwrap.dedent("\n".join(lines[first - 1 : last])).strip("\n")
        found[(test.owner.name if test.owner else None, test.name)] = (first_line(function), body)
    return found


def data_files_beside(test_files: Iterable[Path], listed: Iterable[Path] = ()) -> dict[str, bytes]:
    """Data files the tests read from their own folder (`Path(__file__).parent / "coins.json"`):
    the non-Python files next to a test file whose name that test file mentions, plus `listed`
    ones. They go into the package next to the tests, where the grader runs them."""
    found = {path.name: path for path in listed if path.is_file() and path.suffix != ".py"}
    for test in test_files:
        source = test.read_text(encoding="utf-8")
        for path in sorted(test.parent.iterdir()):
            if path.is_file() and path.suffix != ".py" and not path.name.startswith(".") and path.name in source:
                found.setdefault(path.name, path)
    return {name: path.read_bytes() for name, path in sorted(found.items())}


def data_note(data: dict[str, bytes]) -> list[str]:
    """The import report's line about copied data files (none when there are none)."""
    if not data:
        return []
    return [f"copied {', '.join(sorted(data))} next to the tests, which read them from their own folder"]
