"""How long grading takes, against plain pytest on the same files.

For the largest level of each chosen problem (all four levels' visible and hidden tests, the
level-4 reference in place) it measures, on this machine, in one run:
  plain      lean plain pytest:  PYTEST_DISABLE_PLUGIN_AUTOLOAD=1 python -m pytest -q -p no:cacheprovider
  unittest   python -m unittest on the same files (unittest-style suites only)
  cold       `levelup check` as a user runs it: a fresh process, full sandbox
  in-process a re-check inside one process (pytest and levelup already imported; a fresh worker)
  warm       a watch-mode re-check: in-process, with the worker started ahead of time

Usage: .venv/bin/python benchmarks/check_speed.py [SLUG ...] [--runs N] [--json]
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

from levelup.grading.harness import run_check
from levelup.grading.warm import WarmWorkers
from levelup.problems.catalog import Catalog
from levelup.problems.libraries import libraries_used
from levelup.problems.model import Problem


def timed(command: list[str], cwd: Path, env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        output = result.stdout[-2000:] + result.stderr[-2000:]
        raise SystemExit(f"{' '.join(command)} failed ({result.returncode}):\n{output}")
    return elapsed


def test_files(problem: Problem) -> list[Path]:
    return [path for level in problem.levels for path in level.test_files]


def is_unittest_suite(problem: Problem) -> bool:
    return all("unittest.TestCase" in path.read_text() for path in test_files(problem))


def prepare_workspace(problem: Problem, root: Path, env: dict[str, str]) -> Path:
    """A workspace whose attempt has unlocked the last level, with the final reference in place."""
    workspace = root / "workspace"
    levelup = [sys.executable, "-m", "levelup"]
    subprocess.run([*levelup, "start", problem.slug, "--dir", str(workspace)], env=env, check=True, capture_output=True)
    for level in problem.levels:
        for source in level.solution_dir.glob("*.py"):
            shutil.copyfile(source, workspace / source.name)
        subprocess.run([*levelup, "check"], cwd=workspace, env=env, capture_output=True)
    return workspace


def measure(problem: Problem, runs: int) -> dict[str, float | None]:
    with tempfile.TemporaryDirectory(prefix="levelup-bench-") as scratch:
        root = Path(scratch)
        code_dir = root / "code"
        shutil.copytree(problem.levels[-1].solution_dir, code_dir)
        files = [str(path) for path in test_files(problem)]
        env = dict(os.environ, LEVELUP_HOME=str(root / "home"), LEVELUP_NO_DAEMON="1")  # the cold path
        plain_env = dict(env, PYTHONPATH=str(code_dir), PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
        plain_cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--import-mode=importlib", *files]
        plain = [timed(plain_cmd, code_dir, plain_env) for _ in range(runs)]
        unittest_times = None
        if is_unittest_suite(problem):
            tests_dir = root / "unittest"
            tests_dir.mkdir()
            for path in files:
                shutil.copyfile(path, tests_dir / Path(path).name)
            unittest_cmd = [sys.executable, "-m", "unittest", "-q", *(Path(p).stem for p in files)]
            unittest_env = dict(plain_env, PYTHONPATH=f"{code_dir}:{tests_dir}")
            unittest_times = [timed(unittest_cmd, tests_dir, unittest_env) for _ in range(runs)]
        workspace = prepare_workspace(problem, root, env)
        cold = [timed([sys.executable, "-m", "levelup", "check"], workspace, env) for _ in range(runs)]
        code = {p.name: p.read_bytes() for p in code_dir.glob("*.py")}
        levels = [level.number for level in problem.levels]
        run_check(problem, code, levels)  # warm the imports once
        in_process = []
        for _ in range(runs):
            started = time.perf_counter()
            result = run_check(problem, code, levels)
            in_process.append(time.perf_counter() - started)
            assert result.all_passed, [t for t in result.tests if not t.passed]
        warm_workers = WarmWorkers(problem.memory_mb, require_isolation=False, libraries=libraries_used(problem))
        warm = []
        try:
            warm_workers.prepare_next()
            run_check(problem, code, levels, warm=warm_workers)
            for _ in range(runs):
                warm_workers.prepare_next()
                time.sleep(0.3)  # the candidate is typing: the next worker starts meanwhile
                started = time.perf_counter()
                result = run_check(problem, code, levels, warm=warm_workers)
                warm.append(time.perf_counter() - started)
                assert result.all_passed
        finally:
            warm_workers.close()
    return {
        "tests": float(len(result.tests)),
        "calls": float(result.boundary_calls),
        "plain": statistics.median(plain),
        "unittest": statistics.median(unittest_times) if unittest_times else None,
        "cold": statistics.median(cold),
        "in_process": statistics.median(in_process),
        "warm": statistics.median(warm),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("slugs", nargs="*", help="problems to measure (default: every bundled problem)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    catalog = Catalog()
    problems = [catalog.get(slug) for slug in args.slugs] if args.slugs else catalog.all()
    rows = {}
    for problem in problems:
        rows[problem.slug] = measure(problem, args.runs)
        if not args.json:
            r = rows[problem.slug]
            unit = f"{r['unittest'] * 1000:7.0f}" if r["unittest"] else "      -"
            print(
                f"{problem.slug:20} tests {r['tests']:3.0f}  calls {r['calls']:5.0f}  "
                f"plain {r['plain'] * 1000:6.0f} ms  unittest {unit} ms  "
                f"cold check {r['cold'] * 1000:6.0f} ms ({r['cold'] / r['plain']:.2f}x)  "
                f"in-process {r['in_process'] * 1000:6.0f} ms ({r['in_process'] / r['plain']:.2f}x)  "
                f"warm re-check {r['warm'] * 1000:6.0f} ms ({r['warm'] / r['plain']:.2f}x)",
                flush=True,
            )
    if args.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
