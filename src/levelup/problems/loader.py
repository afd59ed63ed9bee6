"""Read a problem package folder into a `Problem`, reporting schema errors with file and line."""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path
from typing import Any, NoReturn

from levelup.problems.errors import ProblemError
from levelup.problems.model import (
    DEFAULT_CHECK_SECONDS,
    DEFAULT_LEVEL_WEIGHTS,
    DEFAULT_MEMORY_MB,
    DEFAULT_MINUTES,
    DEFAULT_TIMEOUT_SECONDS,
    Level,
    Problem,
)

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_ALLOWED_KEYS = {
    "title",
    "summary",
    "topics",
    "minutes",
    "modules",
    "level_weights",
    "timeout_seconds",
    "check_seconds",
    "memory_mb",
    "imported_from",
    "levels",
}
_LEVEL_KEYS = {"title"}
# Formats `levelup import` reads. A package made from one may lack hidden tests and a reference
# solution for some levels (the source had none); the validator checks what it can.
IMPORT_FORMATS = ("icf", "exercism")


def load_problem(path: Path, origin: str = "library") -> Problem:
    path = path.resolve()
    toml_path = path / "problem.toml"
    if not path.is_dir():
        raise ProblemError("not a problem package folder (it does not exist)", path)
    if not toml_path.is_file():
        raise ProblemError("missing problem.toml (see docs/problem-format.md)", path)
    text = toml_path.read_text(encoding="utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"line (\d+)", str(exc))
        raise ProblemError(f"invalid TOML: {exc}", toml_path, int(match.group(1)) if match else None) from None
    fields = _Fields(data, toml_path, text)
    imported = _imported_from(fields) is not None
    slug = path.name
    if not SLUG_PATTERN.match(slug):
        raise ProblemError("the folder name is the problem's slug and must be lowercase words joined by dashes", path)
    modules = fields.string_list("modules", required=True)
    if not modules:
        fields.fail("modules", "list at least one module the candidate writes")
    for module in modules:
        if not module.isidentifier():
            fields.fail("modules", f"{module!r} is not a valid Python module name")
        if module in sys.stdlib_module_names or module in {"pytest", "levelup", "numpy", "msgpack"}:
            fields.fail("modules", f"{module!r} would shadow a standard or required module; pick another name")
    level_tables = data.get("levels", [])
    if not isinstance(level_tables, list) or not all(isinstance(t, dict) for t in level_tables):
        fields.fail("levels", "use one [[levels]] table per level, each with a title")
    level_dirs = _level_dirs(path)
    if len(level_tables) != len(level_dirs):
        fields.fail(
            "levels", f"{len(level_tables)} [[levels]] tables but {len(level_dirs)} level folders under levels/"
        )
    levels = tuple(
        _load_level(path, number, table, toml_path, text, imported) for number, table in enumerate(level_tables, 1)
    )
    weights = tuple(fields.int_list("level_weights") or DEFAULT_LEVEL_WEIGHTS[: len(levels)])
    if len(weights) != len(levels):
        fields.fail("level_weights", f"give one weight per level ({len(levels)})")
    if any(w <= 0 for w in weights):
        fields.fail("level_weights", "weights must be positive")
    if len(levels) == 4 and sum(weights) != 1000:
        fields.fail("level_weights", f"weights must add up to 1000 (they add up to {sum(weights)})")
    _check_unique_test_names(levels)
    starter = path / "starter"
    if not starter.is_dir():
        raise ProblemError("missing starter/ folder", path)
    for module in modules:
        if not (starter / f"{module}.py").is_file():
            raise ProblemError(f"starter/ has no {module}.py (listed in modules)", starter)
    return Problem(
        slug=slug,
        title=fields.string("title", required=True),
        summary=fields.string("summary", required=True),
        topics=tuple(fields.string_list("topics", required=True)),
        minutes=fields.positive_int("minutes", DEFAULT_MINUTES),
        modules=tuple(modules),
        level_weights=weights,
        timeout_seconds=fields.positive_float("timeout_seconds", DEFAULT_TIMEOUT_SECONDS),
        memory_mb=fields.positive_int("memory_mb", DEFAULT_MEMORY_MB),
        path=path,
        levels=levels,
        origin=origin,
        check_seconds=fields.positive_float("check_seconds", DEFAULT_CHECK_SECONDS),
    )


def imported_from(problem: Problem) -> str | None:
    """The format the package was imported from (`levelup import`), or None for an authored one."""
    text = (problem.path / "problem.toml").read_text(encoding="utf-8")
    return _imported_from(_Fields(tomllib.loads(text), problem.path / "problem.toml", text))


def _imported_from(fields: _Fields) -> str | None:
    value = fields.string("imported_from") or None
    if value is not None and value not in IMPORT_FORMATS:
        fields.fail("imported_from", f"must be one of {', '.join(IMPORT_FORMATS)} (set by `levelup import`)")
    return value


def _level_dirs(path: Path) -> list[Path]:
    root = path / "levels"
    if not root.is_dir():
        raise ProblemError("missing levels/ folder", path)
    dirs = sorted((p for p in root.iterdir() if p.is_dir()), key=lambda p: (not p.name.isdigit(), p.name.zfill(6)))
    for expected, directory in enumerate(dirs, 1):
        if directory.name != str(expected):
            raise ProblemError(f"level folders must be numbered 1..N without gaps; found {directory.name!r}", root)
    if not dirs:
        raise ProblemError("levels/ has no level folders", root)
    return dirs


def _load_level(path: Path, number: int, table: dict[str, Any], toml_path: Path, text: str, imported: bool) -> Level:
    unknown = set(table) - _LEVEL_KEYS
    if unknown:
        raise ProblemError(
            f"unknown key(s) in [[levels]] #{number}: {', '.join(sorted(unknown))}", toml_path, _line_of("title", text)
        )
    title = table.get("title")
    if not isinstance(title, str) or not title.strip():
        raise ProblemError(f"[[levels]] #{number} needs a title", toml_path, _line_of("levels", text))
    level_path = path / "levels" / str(number)
    if not (level_path / "spec.md").is_file():
        raise ProblemError("missing spec.md", level_path)
    visible = tuple(sorted((level_path / "tests").glob("test_*.py")))
    hidden = tuple(sorted((level_path / "hidden").glob("test_*.py")))
    if not visible:
        raise ProblemError("tests/ needs at least one test_*.py file (the visible tests)", level_path)
    if not hidden and not imported:
        raise ProblemError("hidden/ needs at least one test_*.py file (the hidden tests)", level_path)
    if not (level_path / "solution").is_dir() and not imported:
        raise ProblemError("missing solution/ (the reference solution after this level)", level_path)
    return Level(number=number, title=title.strip(), path=level_path, visible_tests=visible, hidden_tests=hidden)


def _check_unique_test_names(levels: tuple[Level, ...]) -> None:
    seen: dict[str, Path] = {}
    for level in levels:
        for test_file in level.test_files:
            if test_file.name in seen:
                raise ProblemError(
                    f"test file name {test_file.name} is also used by {seen[test_file.name]}; names must be unique",
                    test_file,
                )
            seen[test_file.name] = test_file


def _line_of(key: str, text: str) -> int | None:
    match = re.search(rf"^\s*(\[\[)?{re.escape(key)}\b", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else None


class _Fields:
    """Typed access to problem.toml's keys with errors that name the line."""

    def __init__(self, data: dict[str, Any], path: Path, text: str) -> None:
        self._data, self._path, self._text = data, path, text
        unknown = set(data) - _ALLOWED_KEYS
        if unknown:
            key = sorted(unknown)[0]
            self.fail(key, f"unknown key {key!r} (allowed: {', '.join(sorted(_ALLOWED_KEYS))})")

    def fail(self, key: str, message: str) -> NoReturn:
        raise ProblemError(f"{key}: {message}", self._path, _line_of(key, self._text))

    def string(self, key: str, required: bool = False) -> str:
        value = self._data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            self.fail(key, "must be a non-empty string")
        return str(value).strip()

    def string_list(self, key: str, required: bool = False) -> list[str]:
        value = self._data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
            self.fail(key, "must be a list of strings")
        return list(value)

    def int_list(self, key: str) -> list[int]:
        value = self._data.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or not all(isinstance(v, int) and not isinstance(v, bool) for v in value):
            self.fail(key, "must be a list of integers")
        return list(value)

    def positive_int(self, key: str, default: int) -> int:
        value = self._data.get(key, default)
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            self.fail(key, "must be a positive integer")
        return int(value)

    def positive_float(self, key: str, default: float) -> float:
        value = self._data.get(key, default)
        if not isinstance(value, (int, float)) or isinstance(value, bool) or value <= 0:
            self.fail(key, "must be a positive number")
        return float(value)
