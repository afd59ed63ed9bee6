"""Where problems come from: the bundled packages and the user's own problem library."""

from __future__ import annotations

from pathlib import Path

from levelup.problems.errors import ProblemError, ProblemNotFound
from levelup.problems.loader import load_problem
from levelup.problems.model import Problem

BUNDLED_DIR = Path(__file__).parent / "bundled"


class Catalog:
    def __init__(self, library_dir: Path | None = None) -> None:
        self.library_dir = library_dir

    def _folders(self) -> list[tuple[Path, str]]:
        folders = [(p, "bundled") for p in sorted(BUNDLED_DIR.iterdir()) if (p / "problem.toml").is_file()]
        if self.library_dir is not None and self.library_dir.is_dir():
            folders += [(p, "library") for p in sorted(self.library_dir.iterdir()) if (p / "problem.toml").is_file()]
        return folders

    def all(self) -> list[Problem]:
        """Every loadable problem; a library package that fails to load is skipped (validate reports it)."""
        problems: dict[str, Problem] = {}
        for folder, origin in self._folders():
            try:
                problem = load_problem(folder, origin)
            except ProblemError:
                if origin == "bundled":
                    raise
                continue
            problems.setdefault(problem.slug, problem)
        return sorted(problems.values(), key=lambda p: p.slug)

    def get(self, slug: str) -> Problem:
        for folder, origin in self._folders():
            if folder.name == slug:
                return load_problem(folder, origin)
        known = ", ".join(folder.name for folder, _ in self._folders())
        raise ProblemNotFound(f"no problem called {slug!r}; known problems: {known}")

    def folders(self) -> list[Path]:
        return [folder for folder, _ in self._folders()]
