"""Errors about problem packages, each pointing at the file (and line) to fix."""

from __future__ import annotations

from pathlib import Path


class ProblemError(Exception):
    """A package is malformed or a problem cannot be found."""

    def __init__(self, message: str, path: Path | None = None, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.reason = message
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line else f"{path}: "
        super().__init__(where + message)


class ProblemNotFound(ProblemError):
    pass
