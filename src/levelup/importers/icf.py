"""`levelup import icf DIR`: a CodeSignal-style project ("Industry Coding Framework") becomes a
levelup package.

Layouts understood:
- the code at the root: an interface module (often an ABC, e.g. `banking_system.py`) and an
  implementation (`banking_system_impl.py`): a stub (`# TODO: implement`) or someone's solution,
  which becomes the reference of every level it passes;
- unittest suites: one per level as `tests/level_N_tests.py` or `levelNtests.py` at the root, or
  files whose classes (`Level1Tests`) or tests (`test_level_1_case_01_*`) name the level;
- optional: `tests/sandbox_tests.py` (scratch tests, not graded), `main.sh`, `run_single_test.sh`,
  a vendored `timeout_decorator.py`, and a README with the task text (`## Level N` sections);
- a test file none of whose tests names a level is skipped with a warning (a file that mixes
  levelled and unlevelled tests is refused: half of it would silently go missing);
- data files next to the tests that a test file names (`coins.json`) are copied next to them.

The tests are rewritten only where levelup's grader needs it, so they pass or fail as before:
`sys.path` tweaks go (levelup puts your modules in place); `@timeout(S)` from `timeout_decorator`
becomes `@pytest.mark.timeout(S)`, at least 1 s because every call crosses into a sandboxed
process; `failureException = Exception` goes, so a wrong answer reads as a failure with its diff
instead of an error.
"""

from __future__ import annotations

import ast
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from levelup.importers import markdown
from levelup.importers.package import ImportReport, LevelDraft, PackageDraft, counted, install, slug_from, title_from
from levelup.importers.testsource import (
    Edit,
    TestFunction,
    UnsupportedLayout,
    data_files_beside,
    data_note,
    find_tests,
    first_line,
    imported_modules,
    indentation_of,
    parse,
    split_by_level,
)

LEVEL_FILE = re.compile(r"^(?:test_?)?level_?(\d+)(?:_?tests?)?\.py$", re.IGNORECASE)
LEVEL_IN_CLASS = re.compile(r"level_?(\d+)", re.IGNORECASE)
LEVEL_IN_TEST = re.compile(r"^test_level_?(\d+)(?:_|$)", re.IGNORECASE)
LEVEL_HEADING = re.compile(r"^level\s*(\d+)\b\s*[:.\-–—]?\s*(.*)$", re.IGNORECASE)
TEST_FOLDERS = ("tests", "test")
RUNNER_SCRIPTS = ("main.sh", "run_single_test.sh")
TIMEOUT_MODULE = "timeout_decorator"
SHORTEST_TIMEOUT_SECONDS = 1.0
NAMING_A_LEVEL = "name the file level_N_tests.py, its class LevelNTests, or the test test_level_N_..."
EXPECTED_LAYOUT = (
    "expected a CodeSignal-style project: your code at the root (e.g. banking_system.py and "
    "banking_system_impl.py) and unittest suites per level, as tests/level_N_tests.py or levelNtests.py"
)


@dataclass
class _Rewrites:
    """What changed in the tests, summed over files, for the import report."""

    sys_path_files: int = 0
    timeouts: Counter[tuple[str, str]] = field(default_factory=Counter)  # (before, after) -> tests
    failure_exception_classes: int = 0

    def notes(self) -> list[str]:
        notes = []
        if self.sys_path_files:
            notes.append(f"removed the sys.path tweak from {counted(self.sys_path_files, 'test file')}")
        for (before, after), tests in sorted(self.timeouts.items()):
            notes.append(
                f"{before} became {after} on {counted(tests, 'test')} (levelup's per-test limit, at least 1 s)"
            )
        if self.failure_exception_classes:
            notes.append(
                f"removed `failureException = Exception` from {counted(self.failure_exception_classes, 'test class')}, "
                "so a wrong answer reads as a failure with its diff"
            )
        return notes


def import_icf(source: Path, library: Path, slug: str | None = None, replace: bool = False) -> ImportReport:
    return install(read_icf(source, slug), library, replace)


def read_icf(source: Path, slug: str | None = None) -> PackageDraft:
    """The package a CodeSignal-style project folder makes (nothing is written)."""
    folder = source.resolve()
    if not folder.is_dir():
        raise UnsupportedLayout(f"not a folder; {EXPECTED_LAYOUT}", source)
    graded, scratch = _test_files(folder)
    if not graded:
        raise UnsupportedLayout(f"found no level tests; {EXPECTED_LAYOUT}", folder)
    rewrites = _Rewrites()
    per_level: dict[int, dict[str, str]] = {}
    imports: set[str] = set()
    unlevelled: list[Path] = []
    for path in graded:
        split = _level_copies(path, rewrites)
        if split is None:
            unlevelled.append(path)
            continue
        copies, imported = split
        imports |= imported
        for number, name, text in copies:
            tests = per_level.setdefault(number, {})
            if name in tests:
                raise UnsupportedLayout(f"two test files would both become level {number}'s {name}", path)
            tests[name] = text
    unlevelled_names = ", ".join(path.relative_to(folder).as_posix() for path in unlevelled)
    if not per_level:
        reason = f"no test in {unlevelled_names} says its level ({NAMING_A_LEVEL})" if unlevelled else EXPECTED_LAYOUT
        raise UnsupportedLayout(f"found no level tests: {reason}", folder)
    skipped = [
        f"skipped {path.relative_to(folder).as_posix()}: none of its tests says its level ({NAMING_A_LEVEL}), "
        "so it is not graded"
        for path in unlevelled
    ]
    numbers = sorted(per_level)
    if numbers != list(range(1, len(numbers) + 1)):
        missing = min(set(range(1, numbers[-1] + 1)) - set(numbers))
        raise UnsupportedLayout(
            f"found tests for levels {', '.join(map(str, numbers))}, but level {missing} has none; "
            "levels must run 1..N without gaps",
            folder,
        )
    code = {
        p.stem: p.read_text(encoding="utf-8")
        for p in sorted(folder.glob("*.py"))
        if p not in graded and p not in scratch and p.stem != TIMEOUT_MODULE
    }
    modules = sorted(name for name in code if name in imports)
    if not modules:
        found = ", ".join(f"{name}.py" for name in code) or "no Python files"
        raise UnsupportedLayout(
            f"the level tests import none of the modules at the project's root ({found}); "
            "expected tests that import your code, e.g. `from banking_system_impl import BankingSystemImpl`",
            folder,
        )
    trees = {name: parse(text, folder / f"{name}.py") for name, text in code.items()}
    solved = [name for name in code if not _is_stub(trees[name])]
    starter: dict[str, str] = {}
    for name, text in code.items():
        if name not in solved:
            starter[f"{name}.py"] = text
        elif name in modules:
            starter[f"{name}.py"] = _stub_of(text, trees[name])
        # solved modules the tests do not import (your helpers) belong to the reference only
    data = data_files_beside([path for path in graded if path not in unlevelled])
    title, summary, levels = _levels(folder, per_level, sorted(starter), data)
    return PackageDraft(
        source=folder,
        imported_from="icf",
        slug=slug or slug_from(folder.name),
        title=title,
        summary=summary,
        topics=["imported", "codesignal"],
        modules=modules,
        starter=starter,
        levels=levels,
        reference={f"{name}.py": text for name, text in code.items()} if solved else {},
        reference_origin=", ".join(f"{name}.py" for name in solved),
        notes=rewrites.notes() + _left_out(folder, scratch, solved, modules) + data_note(data),
        warnings=skipped,
    )


def _test_files(folder: Path) -> tuple[list[Path], list[Path]]:
    """(graded test files, scratch test files), in the order levels will list them."""
    graded: list[Path] = []
    scratch: list[Path] = []
    candidates = sorted(folder.glob("*.py")) + [p for d in TEST_FOLDERS for p in sorted((folder / d).glob("*.py"))]
    for path in candidates:
        if path.stem == TIMEOUT_MODULE or path.name in ("__init__.py", "conftest.py"):
            continue
        if "sandbox" in path.stem.lower():
            scratch.append(path)
        elif LEVEL_FILE.match(path.name) or find_tests(parse(path.read_text(encoding="utf-8"), path)):
            graded.append(path)
    return graded, scratch


def _level_copies(path: Path, rewrites: _Rewrites) -> tuple[list[tuple[int, str, str]], set[str]] | None:
    """(level, new file name, rewritten source) for each level the file has tests of, and the
    modules the file imports; None for a file none of whose tests names a level."""
    source = path.read_text(encoding="utf-8")
    tree = parse(source, path)
    tests = find_tests(tree)
    if not tests:
        raise UnsupportedLayout("has no tests (expected unittest.TestCase classes with test_* methods)", path)
    named = LEVEL_FILE.match(path.name)

    def level_in_name(test: TestFunction) -> re.Match[str] | None:
        return (
            named or (LEVEL_IN_CLASS.search(test.owner.name) if test.owner else None) or LEVEL_IN_TEST.match(test.name)
        )

    if not any(level_in_name(test) for test in tests):
        return None

    def level_of(test: TestFunction) -> int:
        found = level_in_name(test)
        if found:
            return int(found.group(1))
        raise UnsupportedLayout(
            f"cannot tell which level {test.qualified_name} belongs to: {NAMING_A_LEVEL}",
            path,
            test.node.lineno,
        )

    edits, removed = _compatibility_edits(source, tree, rewrites)
    copies = split_by_level(source, tree, level_of, edits, removed)
    suffix = ""
    if not named:  # one file for several levels: its name tells the copies apart from other files'
        stem = re.sub(r"(^|_)tests?(_|$)", "_", path.stem.lower()).strip("_")
        suffix = f"_{slug_from(stem).replace('-', '_')}" if stem else ""
    named_copies = [(number, f"test_level_{number}{suffix}.py", text) for number, text in copies.items()]
    return named_copies, imported_modules(tree)


def _compatibility_edits(source: str, tree: ast.Module, rewrites: _Rewrites) -> tuple[list[Edit], list[ast.stmt]]:
    """(edits, statements to remove) that let the file run under levelup's grader."""
    lines = source.splitlines()
    edits: list[Edit] = []
    timeout_names: set[str] = set()  # names bound to timeout_decorator.timeout (or a fallback)
    module_names: set[str] = set()  # names bound to the timeout_decorator module
    timeout_imports: list[ast.stmt] = []
    has_pytest = False
    path_tweak = _sys_path_tweak(tree)
    removed: list[ast.stmt] = list(path_tweak)
    for node in tree.body:
        if node in path_tweak:
            continue
        if isinstance(node, ast.Import) and any(a.name == TIMEOUT_MODULE for a in node.names):
            module_names |= {a.asname or a.name for a in node.names if a.name == TIMEOUT_MODULE}
            timeout_imports.append(node)
        elif isinstance(node, ast.ImportFrom) and node.module == TIMEOUT_MODULE:
            timeout_names |= {a.asname or a.name for a in node.names}
            timeout_imports.append(node)
        elif isinstance(node, ast.Try) and TIMEOUT_MODULE in imported_modules(ast.Module([node], [])):
            timeout_names |= _bound_names(node)  # a fallback `timeout` defined in the except branch
            timeout_imports.append(node)
        elif isinstance(node, ast.Import) and any(a.name == "pytest" and not a.asname for a in node.names):
            has_pytest = True
    rewrites.sys_path_files += bool(path_tweak)
    decorators = _timeout_decorators(tree, timeout_names, module_names)
    for decorator, replacement in decorators:
        line = lines[decorator.lineno - 1]
        before = "@" + (ast.get_source_segment(source, decorator) or "timeout")
        if replacement is None:
            edits.append(Edit(decorator.lineno, decorator.end_lineno or decorator.lineno))
        else:
            edits.append(
                Edit(decorator.lineno, decorator.end_lineno or decorator.lineno, (indentation_of(line) + replacement,))
            )
        rewrites.timeouts[(f"`{before}`", f"`{replacement}`" if replacement else "nothing")] += 1
    for index, node in enumerate(timeout_imports):
        others = [a for a in node.names if a.name != TIMEOUT_MODULE] if isinstance(node, ast.Import) else []
        if others:
            kept = ast.unparse(ast.Import(others))
            edits.append(Edit(first_line(node), node.end_lineno or node.lineno, (kept,)))
        elif index == 0 and decorators and not has_pytest:
            edits.append(Edit(first_line(node), node.end_lineno or node.lineno, ("import pytest",)))
        else:
            removed.append(node)
    for owner in (n for n in tree.body if isinstance(n, ast.ClassDef)):
        overrides = [statement for statement in owner.body if _is_failure_exception_override(statement)]
        rewrites.failure_exception_classes += bool(overrides)
        removed += overrides
    return edits, removed


def _sys_path_tweak(tree: ast.Module) -> list[ast.stmt]:
    """Top-level statements that change `sys.path`, with the assignments that only feed them
    (`parent_dir = os.path.dirname(...)`)."""
    tweak: list[ast.stmt] = [
        node for node in tree.body if isinstance(node, (ast.Expr, ast.Assign, ast.AugAssign)) and _uses_sys_path(node)
    ]
    while tweak:
        kept = [node for node in tree.body if node not in tweak]
        used = _loaded_names(kept)
        fed = _loaded_names(tweak)
        feeding: list[ast.stmt] = [
            node
            for node in kept
            if isinstance(node, ast.Assign)
            and all(isinstance(t, ast.Name) and t.id in fed and t.id not in used for t in node.targets)
        ]
        if not feeding:
            break
        tweak += feeding
    return sorted(tweak, key=lambda node: node.lineno)


def _loaded_names(nodes: list[ast.stmt]) -> set[str]:
    return {n.id for node in nodes for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}


def _uses_sys_path(node: ast.stmt) -> bool:
    return any(
        isinstance(child, ast.Attribute)
        and child.attr == "path"
        and isinstance(child.value, ast.Name)
        and child.value.id == "sys"
        for child in ast.walk(node)
    )


def _bound_names(node: ast.stmt) -> set[str]:
    names: set[str] = set()
    for child in ast.walk(node):
        if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)):
            names.add(child.name)
        elif isinstance(child, ast.Name) and isinstance(child.ctx, ast.Store):
            names.add(child.id)
        elif isinstance(child, ast.alias):
            names.add(child.asname or child.name.split(".")[0])
    return names


def _timeout_decorators(
    tree: ast.Module, timeout_names: set[str], module_names: set[str]
) -> list[tuple[ast.expr, str | None]]:
    """(decorator, its replacement or None to drop it) for every timeout_decorator decorator."""

    def is_timeout(expression: ast.expr) -> bool:
        if isinstance(expression, ast.Name):
            return expression.id in timeout_names
        return (
            isinstance(expression, ast.Attribute)
            and expression.attr == "timeout"
            and isinstance(expression.value, ast.Name)
            and expression.value.id in module_names
        )

    found: list[tuple[ast.expr, str | None]] = []
    for node in ast.walk(tree):
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for decorator in node.decorator_list:
            if isinstance(decorator, ast.Call) and is_timeout(decorator.func):
                seconds = decorator.args[0] if decorator.args else None
                seconds = seconds or next((k.value for k in decorator.keywords if k.arg == "seconds"), None)
                found.append((decorator, f"@pytest.mark.timeout({_limit(seconds)})" if seconds else None))
            elif is_timeout(decorator):
                found.append((decorator, None))
    return found


def _limit(seconds: ast.expr) -> str:
    if isinstance(seconds, ast.Constant) and isinstance(seconds.value, (int, float)):
        return f"{max(float(seconds.value), SHORTEST_TIMEOUT_SECONDS):g}"
    return f"max({ast.unparse(seconds)}, {SHORTEST_TIMEOUT_SECONDS:g})"


def _is_failure_exception_override(statement: ast.stmt) -> bool:
    return (
        isinstance(statement, ast.Assign)
        and [t.id for t in statement.targets if isinstance(t, ast.Name)] == ["failureException"]
        and isinstance(statement.value, ast.Name)
        and statement.value.id == "Exception"
    )


def _is_stub(tree: ast.Module) -> bool:
    """True when no function does anything: bodies are only docstrings, `pass`, `...`,
    `raise NotImplementedError` or `return <constant or empty literal>` (an interface's defaults)."""
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    return all(_does_nothing(statement) for function in functions for statement in function.body)


def _does_nothing(statement: ast.stmt) -> bool:
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr):
        return isinstance(statement.value, ast.Constant)
    if isinstance(statement, ast.Raise):
        raised = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
        return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
    if isinstance(statement, ast.Return):
        value = statement.value
        empty = (isinstance(value, (ast.List, ast.Tuple, ast.Set)) and not value.elts) or (
            isinstance(value, ast.Dict) and not value.keys
        )
        return value is None or isinstance(value, ast.Constant) or empty
    return False


def _stub_of(source: str, tree: ast.Module) -> str:
    """A starter version of a solved module: its classes keep their header and docstring and get
    an empty `__init__`; its functions keep their signature; everything else is left out."""
    lines = source.splitlines()
    blocks: list[str] = []
    docstring = ast.get_docstring(tree, clean=False)
    if docstring is not None and isinstance(tree.body[0], ast.Expr):
        blocks.append("\n".join(lines[tree.body[0].lineno - 1 : tree.body[0].end_lineno]))
    needed = {
        name.id
        for node in tree.body
        if isinstance(node, ast.ClassDef)
        for base in node.bases
        for name in ast.walk(base)
        if isinstance(name, ast.Name)
    }
    imports = [
        "\n".join(lines[node.lineno - 1 : node.end_lineno])
        for node in tree.body
        if isinstance(node, (ast.Import, ast.ImportFrom))
        and (
            (isinstance(node, ast.ImportFrom) and node.module == "__future__")
            or any((a.asname or a.name.split(".")[0]) in needed for a in node.names)
        )
    ]
    if imports:
        blocks.append("\n".join(imports))
    for node in tree.body:
        if isinstance(node, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            blocks.append(_stub_block(lines, node))
    return "\n\n\n".join(blocks) + "\n"


def _stub_block(lines: list[str], node: ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef) -> str:
    body = node.body
    keep_docstring = isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
    header_end = (body[0].end_lineno if keep_docstring else first_line(body[0]) - 1) or body[0].lineno
    if body[0].lineno == node.lineno:  # a one-line body: `def f(x): return x`
        raise UnsupportedLayout(f"cannot make a starter from {node.name}: put its body on its own lines")
    header = lines[first_line(node) - 1 : header_end]
    unit = indentation_of(lines[body[0].lineno - 1])
    if isinstance(node, ast.ClassDef):
        todo = [f"{unit}def __init__(self):", f"{unit}{unit}# TODO: implement", f"{unit}{unit}pass"]
        if keep_docstring:
            todo.insert(0, "")
    else:
        todo = [f"{unit}# TODO: implement", f"{unit}pass"]
    return "\n".join(header + todo)


def _levels(
    folder: Path, per_level: dict[int, dict[str, str]], starter_files: list[str], data: dict[str, bytes]
) -> tuple[str, str, list[LevelDraft]]:
    """(title, summary, levels) with specs taken from the README's `Level N` sections."""
    readme_path = next(
        (p for p in sorted(folder.iterdir()) if p.name.lower() in ("readme.md", "readme.txt", "readme")), None
    )
    readme = readme_path.read_text(encoding="utf-8") if readme_path else ""

    def numbered(text: str) -> tuple[int, str] | None:
        match = LEVEL_HEADING.match(text)
        return (int(match.group(1)), match.group(2).strip()) if match else None

    sections = markdown.split_numbered(readme, numbered)
    title = sections.title or title_from(folder.name)
    summary = _first_paragraph(sections.preamble) or f"A CodeSignal-style project imported from {folder.name}."
    levels = []
    for number, tests in sorted(per_level.items()):
        level_title, body = sections.numbered.get(number, ("", ""))
        parts = [markdown.nest(sections.preamble)] if number == 1 and sections.preamble else []
        if body:
            parts.append(markdown.nest(body))
        else:
            parts.append(
                f"The project's README has no text for level {number}: the tests in "
                f"{', '.join('tests/' + name for name in tests)} are its specification "
                f"(the comments and docstrings in {', '.join(starter_files)} may help too)."
            )
        heading = f"## Level {number}: {level_title}" if level_title else f"## Level {number}"
        spec = heading + "\n\n" + "\n\n".join(parts) + "\n"
        levels.append(LevelDraft(level_title or f"Level {number}", spec, tests, data=data))
    return title, summary, levels


def _first_paragraph(text: str) -> str:
    for paragraph in re.split(r"\n\s*\n", text.strip()):
        words = " ".join(paragraph.split())
        if words and not words.startswith(("#", "```", "~~~", "-", "*", "|", ">")):
            return words if len(words) <= 300 else words[:297].rsplit(" ", 1)[0] + "..."
    return ""


def _left_out(folder: Path, scratch: list[Path], solved: list[str], modules: list[str]) -> list[str]:
    """What the import left out or changed in the code, in words."""
    notes = []
    left = [name for name in RUNNER_SCRIPTS if (folder / name).is_file()]
    if left:
        notes.append(f"left out {', '.join(left)}: levelup runs the tests itself")
    if scratch:
        names = ", ".join(p.relative_to(folder).as_posix() for p in scratch)
        notes.append(f"left out {names}: scratch tests are not graded")
    vendored = [p for p in (folder, *(folder / d for d in TEST_FOLDERS)) if (p / f"{TIMEOUT_MODULE}.py").is_file()]
    if vendored:
        names = ", ".join((p / f"{TIMEOUT_MODULE}.py").relative_to(folder).as_posix() for p in vendored)
        notes.append(f"left out {names}: levelup times each test itself")
    for name in solved:
        if name in modules:
            notes.append(f"{name}.py is solved: the starter has an empty version of it, the solution is the reference")
        else:
            notes.append(
                f"{name}.py is solved code the tests do not import: it is part of the reference, not the starter"
            )
    return notes
