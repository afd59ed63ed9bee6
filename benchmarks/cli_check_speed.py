"""How fast `levelup check` is from a shell with the daemon up, against lean plain pytest.

For level 4 of each chosen problem (all four levels' visible and hidden tests, the level-4
reference in place, the full sandbox) it measures, in one run on this machine, the wall time of
a subprocess as a shell runs it:
  plain    lean plain pytest on the same files (as benchmarks/check_speed.py runs it)
  daemon   `levelup check` handed to a running `levelup daemon` (the warm path)
  cold     `levelup check --no-daemon` (graded in the command's own process), for comparison
Runs alternate (plain, daemon, cold) so a change in the machine's load hits all three alike.
Between runs it waits a little, as a candidate types between checks (the daemon's next worker
starts meanwhile).

Usage: .venv/bin/python benchmarks/cli_check_speed.py [SLUG ...] [--runs N]
Default problems: the seed's exemplars (in-memory-db, banking, kv-store-locking). Prints a table,
then one JSON line with every median.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from check_speed import test_files, timed  # noqa: E402

from levelup.problems.catalog import Catalog  # noqa: E402
from levelup.problems.model import Problem  # noqa: E402

EXEMPLARS = ("in-memory-db", "banking", "kv-store-locking")
TYPING_PAUSE = 0.3  # seconds between checks


def levelup_command() -> list[str]:
    """`levelup` as installed next to this Python (what a shell runs), else `python -m levelup`."""
    script = Path(sys.executable).parent / "levelup"
    return [str(script)] if script.exists() else [sys.executable, "-m", "levelup"]


def prepare_workspace(problem: Problem, root: Path, env: dict[str, str]) -> Path:
    """An attempt that has unlocked the last level, with the final reference in place."""
    levelup = levelup_command()
    workspace = root / "workspace"
    subprocess.run([*levelup, "start", problem.slug, "--dir", str(workspace)], env=env, check=True,
                   capture_output=True)
    for level in problem.levels:
        for source in level.solution_dir.glob("*.py"):
            shutil.copyfile(source, workspace / source.name)
        for _ in range(3):  # a loaded machine can time a test out: try again
            check = subprocess.run([*levelup, "check", "--no-daemon", "--json"], cwd=workspace, env=env,
                                   capture_output=True)
            if check.returncode == 0:
                break
    return workspace


def measure(problem: Problem, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="levelup-cli-bench-") as scratch:
        root = Path(scratch)
        code_dir = root / "code"
        shutil.copytree(problem.levels[-1].solution_dir, code_dir)
        files = [str(path) for path in test_files(problem)]
        env = {k: v for k, v in os.environ.items() if k != "LEVELUP_NO_DAEMON"}
        env["LEVELUP_HOME"] = str(root / "home")
        plain_env = dict(env, PYTHONPATH=str(code_dir), PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
        plain_cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--import-mode=importlib", *files]
        workspace = prepare_workspace(problem, root, env)
        levelup = levelup_command()
        subprocess.run([*levelup, "daemon", "start"], env=env, check=True, capture_output=True)
        try:
            first = subprocess.run([*levelup, "check", "--json"], cwd=workspace, env=env, capture_output=True)
            report = json.loads(first.stdout)  # the daemon's first check of this attempt
            failing = [(t["name"], t["message"]) for t in report["tests"] if t["status"] != "passed"]
            if report["checked_levels"] != [level.number for level in problem.levels]:
                raise SystemExit(f"{problem.slug}: the last level was not unlocked: {failing}")
            if failing:  # a test timed out on a loaded machine: the timings are still of every level's tests
                print(f"warning: {problem.slug}: {len(failing)} tests did not pass: {failing}", file=sys.stderr)
            plain, daemon, cold = [], [], []
            for _ in range(runs):
                plain.append(timed(plain_cmd, code_dir, plain_env))
                time.sleep(TYPING_PAUSE)
                daemon.append(timed([*levelup, "check"], workspace, env))
                cold.append(timed([*levelup, "check", "--no-daemon"], workspace, env))
                time.sleep(TYPING_PAUSE)
            status = subprocess.run([*levelup, "daemon", "status"], env=env, capture_output=True, text=True)
            graded = status.stdout
        finally:
            subprocess.run([*levelup, "daemon", "stop"], env=env, capture_output=True)
        if f"graded {runs + 1} checks" not in graded:  # every daemon run really went through the daemon
            raise SystemExit(f"{problem.slug}: some checks did not go through the daemon:\n{graded}")
    return {
        "tests": float(len(report["tests"])),
        "plain": statistics.median(plain),
        "daemon": statistics.median(daemon),
        "cold": statistics.median(cold),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("slugs", nargs="*", help=f"problems to measure (default: {', '.join(EXEMPLARS)})")
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    catalog = Catalog()
    rows = {}
    print(f"{'problem':20} {'plain pytest':>12} {'daemon check':>19} {'cold check':>19}   (medians of {args.runs})")
    for slug in args.slugs or EXEMPLARS:
        rows[slug] = r = measure(catalog.get(slug), args.runs)
        print(
            f"{slug:20} {r['plain'] * 1000:9.0f} ms "
            f"{r['daemon'] * 1000:9.0f} ms ({r['daemon'] / r['plain']:.2f}x) "
            f"{r['cold'] * 1000:9.0f} ms ({r['cold'] / r['plain']:.2f}x)",
            flush=True,
        )
    print(json.dumps({"runs": args.runs, "problems": rows}))


if __name__ == "__main__":
    main()
