"""What every importer builds: a draft package, installed into the user's problem library.

An importer reads a folder in another format into a `PackageDraft`. `install` writes the draft
into a staging folder inside the library, grades the folder's own code (when it has a reference
worth trying) to learn which levels it passes, stores it as the reference solution of exactly
those levels, and moves the finished package into place with one rename, so `levelup list` never
sees half a package.
"""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from levelup.exporters.graded_tests import TestName, file_loaded
from levelup.importers.testsource import UnsupportedLayout
from levelup.problems.catalog import BUNDLED_DIR
from levelup.problems.counting import count_tests
from levelup.problems.errors import ProblemError
from levelup.problems.loader import SLUG_PATTERN, load_problem
from levelup.problems.model import Problem


@dataclass
class LevelDraft:
    title: str
    spec: str  # starts with the "## Level N" heading
    tests: dict[str, str]  # visible test files: name -> source
    hints: str | None = None
    data: dict[str, bytes] = field(default_factory=dict)  # files the tests open from their own folder


@dataclass
class PackageDraft:
    source: Path
    imported_from: str  # a loader IMPORT_FORMATS value
    slug: str
    title: str
    summary: str
    topics: list[str]
    modules: list[str]
    starter: dict[str, str]  # file name -> source, copied into the workspace
    levels: list[LevelDraft]
    reference: dict[str, str] = field(default_factory=dict)  # the folder's own solution, if it has one
    reference_origin: str = ""  # where the reference came from, in words
    notes: list[str] = field(default_factory=list)  # what the importer changed or left out
    warnings: list[str] = field(default_factory=list)  # what the importer skipped that the user may want


@dataclass(frozen=True)
class ImportedLevel:
    number: int
    title: str
    tests: int


@dataclass(frozen=True)
class ImportReport:
    slug: str
    title: str
    path: Path
    imported_from: str
    modules: tuple[str, ...]
    levels: tuple[ImportedLevel, ...]
    reference_levels: tuple[int, ...]
    reference_origin: str
    notes: tuple[str, ...]
    warnings: tuple[str, ...]

    def as_json(self) -> dict[str, Any]:
        return {
            "slug": self.slug,
            "title": self.title,
            "path": str(self.path),
            "imported_from": self.imported_from,
            "modules": list(self.modules),
            "levels": [{"number": lv.number, "title": lv.title, "tests": lv.tests} for lv in self.levels],
            "reference_levels": list(self.reference_levels),
            "reference_origin": self.reference_origin,
            "notes": list(self.notes),
            "warnings": list(self.warnings),
        }

    def lines(self) -> list[str]:
        """The report as a user reads it after `levelup import`."""
        out = [
            f'Imported "{self.title}" as {self.slug} into {self.path}',
            f"  you write: {', '.join(m + '.py' for m in self.modules)}",
        ]
        out += [f"  level {lv.number}: {lv.title} ({counted(lv.tests, 'test')})" for lv in self.levels]
        if self.reference_levels:
            out.append(f"  reference solution: {_level_range(self.reference_levels)} (from {self.reference_origin})")
        else:
            out.append("  reference solution: none (`levelup solution` has nothing to show for this problem)")
        out += [f"  note: {note}" for note in self.notes]
        out += [f"  warning: {warning}" for warning in self.warnings]
        out.append(f"Next: `levelup start {self.slug}`; `levelup validate {self.path}` checks the package.")
        return out


SMALL_WORDS = {"a", "an", "and", "at", "by", "for", "in", "of", "on", "or", "the", "to", "with"}


def slug_from(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def title_from(name: str) -> str:
    """A title from a folder name: "perfect-pot-of-tea" -> "Perfect Pot of Tea"."""
    words = re.sub(r"[-_]+", " ", name).split()
    return " ".join(w if i and w.lower() in SMALL_WORDS else w[:1].upper() + w[1:] for i, w in enumerate(words))


def counted(number: int, noun: str) -> str:
    """ "1 test", "2 tests", "3 test classes"."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}{'es' if noun.endswith('s') else 's'}"


def level_weights(count: int) -> list[int]:
    """Weights growing with the level (100/200/300/400 for four levels), adding up to 1000."""
    total = count * (count + 1) // 2
    weights = [round(1000 * number / total) for number in range(1, count + 1)]
    weights[-1] += 1000 - sum(weights)
    return weights


def install(draft: PackageDraft, library: Path, replace: bool = False) -> ImportReport:
    _check_slug(draft, library, replace)
    library.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=library))
    try:
        package = staging / draft.slug
        _write(draft, package)
        try:
            problem = load_problem(package)
        except ProblemError as exc:
            raise UnsupportedLayout(
                f"the package levelup would make is not valid: {exc.reason}", draft.source
            ) from None
        reference_levels, warnings = _grade(draft, problem)
        for number in reference_levels:
            _write_files(package / "levels" / str(number) / "solution", draft.reference)
        load_problem(package)
        target = library / draft.slug
        if target.exists():
            shutil.rmtree(target)
        package.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    problem = load_problem(target)
    return ImportReport(
        slug=draft.slug,
        title=draft.title,
        path=target,
        imported_from=draft.imported_from,
        modules=tuple(draft.modules),
        levels=tuple(
            ImportedLevel(level.number, level.title, sum(count_tests(p) for p in level.visible_tests))
            for level in problem.levels
        ),
        reference_levels=tuple(reference_levels),
        reference_origin=draft.reference_origin if reference_levels else "",
        notes=tuple(draft.notes),
        warnings=tuple(draft.warnings + warnings),
    )


def _check_slug(draft: PackageDraft, library: Path, replace: bool) -> None:
    slug = draft.slug
    if not SLUG_PATTERN.match(slug):
        raise UnsupportedLayout(
            f"{slug!r} cannot be a problem's slug: use lowercase letters, digits and dashes (pass --slug)"
        )
    if (BUNDLED_DIR / slug).is_dir():
        raise UnsupportedLayout(f"{slug!r} is the slug of a bundled problem; pass --slug to import under another name")
    if (library / slug).exists() and not replace:
        raise UnsupportedLayout(
            f"your problem library already has {slug!r} ({library / slug}); pass --replace to overwrite it "
            "or --slug to import under another name"
        )


def _grade(draft: PackageDraft, problem: Problem) -> tuple[list[int], list[str]]:
    """Which levels the folder's own code passes (a prefix: a level counts only with all before it),
    and warnings about what grading showed."""
    from levelup.grading.harness import run_check  # pytest is imported only when grading

    warnings: list[str] = []
    if not draft.reference:
        starter = run_check(problem, _encoded(draft.starter), [1])
        warnings += dict.fromkeys(  # once per file, not once per test it holds
            f"with the starter code, {t.name.split('::', 1)[0]} fails to load: {t.message}"
            for t in starter.tests
            if not file_loaded(t)
        )
        if starter.all_passed:
            warnings.append("the starter code already passes every level 1 test")
        return [], warnings
    numbers = [level.number for level in problem.levels]
    result = run_check(problem, _encoded(draft.reference), numbers)
    if result.import_error:
        warnings.append(
            f"{draft.reference_origin} could not be imported, so it is not a reference: {result.import_error}"
        )
        return [], warnings
    for test in result.tests:
        if not file_loaded(test):
            raise UnsupportedLayout(
                f"the level {test.level} tests cannot run under levelup: {test.message}", draft.source
            )
    passed: list[int] = []
    for number in numbers:
        if not result.level_passed(number):
            tests = result.for_level(number)
            failing = [t for t in tests if not t.passed]
            first = f" (first: {TestName.parse(failing[0].name).function}: {failing[0].message})" if failing else ""
            warnings.append(
                f"{draft.reference_origin} fails {len(failing)} of {len(tests)} level {number} tests{first}, "
                f"so it is the reference of " + (f"{_level_range(passed)} only" if passed else "no level")
            )
            break
        passed.append(number)
    return passed, warnings


def _write(draft: PackageDraft, package: Path) -> None:
    _write_files(package / "starter", draft.starter)
    for number, level in enumerate(draft.levels, 1):
        folder = package / "levels" / str(number)
        _write_files(folder, {"spec.md": level.spec})
        _write_files(folder / "tests", level.tests)
        for name, content in level.data.items():
            (folder / "tests" / name).write_bytes(content)
        if level.hints:
            _write_files(folder, {"hints.md": level.hints})
    (package / "problem.toml").write_text(_problem_toml(draft), encoding="utf-8")


def _problem_toml(draft: PackageDraft) -> str:
    def strings(values: list[str]) -> str:
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in values) + "]"

    lines = [
        f"# Made by `levelup import {draft.imported_from}` from the folder {json.dumps(draft.source.name)}.",
        f"title = {json.dumps(draft.title, ensure_ascii=False)}",
        f"summary = {json.dumps(draft.summary, ensure_ascii=False)}",
        f"topics = {strings(draft.topics)}",
        f"modules = {strings(draft.modules)}",
        f"level_weights = [{', '.join(str(w) for w in level_weights(len(draft.levels)))}]",
        f'imported_from = "{draft.imported_from}"',
    ]
    for level in draft.levels:
        lines += ["", "[[levels]]", f"title = {json.dumps(level.title, ensure_ascii=False)}"]
    return "\n".join(lines) + "\n"


def _write_files(folder: Path, files: dict[str, str]) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")


def _encoded(files: dict[str, str]) -> dict[str, bytes]:
    return {name: text.encode("utf-8") for name, text in files.items()}


def _level_range(levels: list[int] | tuple[int, ...]) -> str:
    if len(levels) == 1:
        return f"level {levels[0]}"
    return f"levels {levels[0]}-{levels[-1]}"
