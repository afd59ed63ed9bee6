"""Where the time of a cold `levelup check` goes, phase by phase.

For one bundled problem (level 4 unlocked, the level-4 reference in place) it runs the steps of
`levelup check` in a fresh interpreter, in the CLI's order, and times each:
  interpreter   starting Python itself (`python -c pass`)
  early start   reading the workspace and forking the child that grades ahead (the entry point
                does this before the command-line face loads)
  cli           importing the command-line face (Typer, Rich)
  store import  importing the attempt service (SQLAlchemy, the models), while the child grades
  database      reading the attempt (which levels to grade)
  grading wait  waiting for the child's result (the part of grading not hidden behind the above)
  storing       recording the check and its results
  report        rendering the report

Usage: .venv/bin/python benchmarks/cold_check_phases.py [SLUG] [--runs N]
"""

from __future__ import annotations

import argparse
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PHASES = ("interpreter", "early start", "cli", "store import", "database", "grading wait", "storing", "report")


def child(folder: Path) -> None:
    """One cold check, timed (runs in a fresh interpreter)."""
    marks = {"start": time.perf_counter()}
    from levelup.attempts import early_start
    from levelup.grading import ahead
    from levelup.settings import Settings

    original = ahead.GradingAhead.result

    def timed_result(self: ahead.GradingAhead) -> object:
        marks["asked"] = time.perf_counter()
        try:
            return original(self)
        finally:
            marks["answered"] = time.perf_counter()

    ahead.GradingAhead.result = timed_result  # type: ignore[assignment,method-assign]
    early_start.begin(folder)  # as the entry point does
    marks["early start"] = time.perf_counter()
    from rich.console import Console

    from levelup.cli import app as cli_app

    marks["cli"] = time.perf_counter()
    settings = Settings.from_environment()
    with early_start.early_check(folder) as early:
        from levelup.attempts.service import AttemptService

        marks["store import"] = time.perf_counter()
        outcome = AttemptService(settings).check(folder, early=early)
        marks["checked"] = time.perf_counter()
    cli_app.render.check_report(Console(file=io.StringIO()), outcome)
    marks["report"] = time.perf_counter()
    assert outcome.result.all_passed and "answered" in marks, "the check was not graded ahead"
    print(
        json.dumps(
            {
                "early start": marks["early start"] - marks["start"],
                "cli": marks["cli"] - marks["early start"],
                "store import": marks["store import"] - marks["cli"],
                "database": marks["asked"] - marks["store import"],
                "grading wait": marks["answered"] - marks["asked"],
                "storing": marks["checked"] - marks["answered"],
                "report": marks["report"] - marks["checked"],
            }
        )
    )


def prepare_workspace(slug: str, root: Path, env: dict[str, str]) -> Path:
    from levelup.problems.catalog import Catalog

    problem = Catalog().get(slug)
    workspace = root / "workspace"
    levelup = [sys.executable, "-m", "levelup"]
    subprocess.run([*levelup, "start", slug, "--dir", str(workspace)], env=env, check=True, capture_output=True)
    for level in problem.levels:
        for source in level.solution_dir.glob("*.py"):
            shutil.copyfile(source, workspace / source.name)
        subprocess.run([*levelup, "check"], cwd=workspace, env=env, capture_output=True)
    return workspace


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("slug", nargs="?", default="in-memory-db")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    with tempfile.TemporaryDirectory(prefix="levelup-phases-") as scratch:
        env = dict(os.environ, LEVELUP_HOME=str(Path(scratch) / "home"), LEVELUP_NO_DAEMON="1")
        workspace = prepare_workspace(args.slug, Path(scratch), env)
        samples: dict[str, list[float]] = {phase: [] for phase in PHASES}
        for _ in range(args.runs):
            started = time.perf_counter()
            subprocess.run([sys.executable, "-c", "pass"], check=True)
            samples["interpreter"].append(time.perf_counter() - started)
            result = subprocess.run(
                [sys.executable, __file__, "--child", str(workspace)], env=env, capture_output=True, text=True
            )
            if result.returncode != 0:
                raise SystemExit(f"the timed check failed:\n{result.stderr[-3000:]}")
            for phase, seconds in json.loads(result.stdout.splitlines()[-1]).items():
                samples[phase].append(seconds)
    medians = {phase: statistics.median(values) for phase, values in samples.items()}
    total = sum(medians.values())
    print(f"{args.slug}: cold check phases, medians of {args.runs} runs (total {total * 1000:.0f} ms)")
    for phase in PHASES:
        print(f"  {phase:13} {medians[phase] * 1000:6.0f} ms  {medians[phase] / total:5.1%}")


if __name__ == "__main__":
    main()
