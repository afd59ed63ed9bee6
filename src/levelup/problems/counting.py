"""Count the tests in a test file without running it (for size checks and listings)."""

from __future__ import annotations

import ast
from pathlib import Path


def count_tests(path: Path) -> int:
    """Test functions and TestCase/Test* class methods named test*, as pytest collects them."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    count = 0
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            count += _parametrized_cases(node)
        elif isinstance(node, ast.ClassDef) and (node.name.startswith("Test") or node.bases):
            count += sum(
                _parametrized_cases(item)
                for item in node.body
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test")
            )
    return count


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
