"""The libraries a problem's code is expected to use, read from its reference solutions.

A worker started ahead of a check imports these first (see `levelup.grading.warm`), so a candidate
whose module begins with `import numpy` does not pay for numpy while the test waits.
"""

from __future__ import annotations

import ast
import sys
from functools import cache
from pathlib import Path

from levelup.problems.model import Problem


def libraries_used(problem: Problem) -> tuple[str, ...]:
    """Top-level modules the final reference solution imports, other than the candidate's own."""
    if not problem.levels:
        return ()
    names = _imported_modules(problem.levels[-1].solution_dir)
    return tuple(name for name in names if name not in problem.modules and name != "__future__")


@cache
def _imported_modules(solution_dir: Path) -> tuple[str, ...]:
    names: set[str] = set()
    if not solution_dir.is_dir():
        return ()
    for path in sorted(solution_dir.glob("*.py")):
        try:
            tree = ast.parse(path.read_bytes(), filename=str(path))
        except (OSError, SyntaxError, ValueError):
            continue  # `levelup validate` reports a broken solution; a check only loses a head start
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
    local = {path.stem if path.suffix == ".py" else path.name for path in solution_dir.iterdir()}  # its own modules
    # stdlib modules cost little and are imported on demand anyway; the head start is for the rest
    return tuple(sorted(name for name in names - local if name not in sys.stdlib_module_names))
