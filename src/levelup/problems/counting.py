"""Count the tests in a test file without running it (for size checks and listings)."""

from __future__ import annotations

import ast
from pathlib import Path


def count_tests(path: Path) -> int:
    """Test functions and TestCase/Test* class methods named test*, as pytest collects them."""
    return len(names_of_tests(path))


def names_of_tests(path: Path) -> list[str]:
    """The tests' names as pytest writes them after the file name (`Class::test_x`), in file
    order; parametrized cases are numbered (`test_x[1]`), as their ids need the file to run."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            names += _cases(node.name, _parametrized_cases(node))
        elif isinstance(node, ast.ClassDef) and (node.name.startswith("Test") or node.bases):
            for item in node.body:
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test"):
                    names += _cases(f"{node.name}::{item.name}", _parametrized_cases(item))
    return names


def _cases(name: str, count: int) -> list[str]:
    return [name] if count == 1 else [f"{name}[{n}]" for n in range(1, count + 1)]


def _parametrized_cases(function: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    cases = 1
    for decorator in function.decorator_list:
        if (
            isinstance(decorator, ast.Call)
            and isinstance(decorator.func, ast.Attribute)
            and decorator.func.attr == "parametrize"
            and len(decorator.args) >= 2
            and isinstance(decorator.args[1], (ast.List, ast.Tuple))
        ):
            cases *= len(decorator.args[1].elts)
    return cases
