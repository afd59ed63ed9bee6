"""Two levelup versions grading side by side on a loaded machine: no check may fail.

Makes a second install of levelup (a copy of this one whose worker modules differ by one comment,
so its worker folder has another content hash, as a real upgrade's would), then grades a correct
solution of a small problem from both installs at once: INSTALLS x CHECKS checks in parallel
processes, while busy loops keep every core loaded. Both installs share one cache folder and one
sandbox runtime folder, as two installs on one machine do. Every check must pass every test;
a failure is what issue 10 saw ("your code's process ended unexpectedly").

Usage: .venv/bin/python benchmarks/two_installs_stress.py [--checks 20] [--installs 2]
       [--processes 4] [--load N] [--isolated-runtime] [--json]
  --isolated-runtime  use a fresh runtime folder in the temporary folder (what the test suite does)
                      instead of LEVELUP_SANDBOX_RUNTIME / the machine-wide one
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import levelup

CORRECT = "def add(a, b):\n    return a + b\n\n\ndef scale(values, k):\n    return [v * k for v in values]\n"
TESTS = """from lab import add, scale


def test_add():
    assert add(2, 3) == 5


def test_scale():
    assert scale([1, 2, 3], 2) == [2, 4, 6]


def test_many_calls():
    assert sum(add(i, i) for i in range(200)) == 39800
"""
# One process grades several checks one after another and prints one JSON line per check.
DRIVER = r"""
import json, sys
sys.path.insert(0, sys.argv[1])
import levelup
from levelup.grading.harness import run_check
from levelup.problems.loader import load_problem
assert levelup.__file__.startswith(sys.argv[1]), levelup.__file__
problem = load_problem(__import__("pathlib").Path(sys.argv[2]))
code = {"lab.py": sys.argv[3].encode()}
for _ in range(int(sys.argv[4])):
    try:
        result = run_check(problem, code, [1])
        failures = [f"{t.name}: {t.status}: {t.message}" for t in result.tests if not t.passed]
        if result.import_error:
            failures.append(result.import_error)
    except Exception as exc:
        failures = [f"{type(exc).__name__}: {exc}"]
    print(json.dumps(failures), flush=True)
"""


def make_package(root: Path) -> Path:
    package = root / "adder"
    level = package / "levels" / "1"
    for folder in (package / "starter", level / "tests", level / "hidden", level / "solution"):
        folder.mkdir(parents=True)
    (package / "starter" / "lab.py").write_text("")
    (level / "solution" / "lab.py").write_text(CORRECT)
    (level / "tests" / "test_visible.py").write_text(TESTS)
    (level / "hidden" / "test_hidden.py").write_text(TESTS.replace("def test_", "def test_hidden_"))
    (level / "spec.md").write_text("## Level 1: add\n")
    (package / "problem.toml").write_text(
        'title = "Adder"\nsummary = "Adds"\ntopics = ["test"]\nmodules = ["lab"]\n'
        'level_weights = [1000]\n\n[[levels]]\ntitle = "add"\n'
    )
    return package


def make_install(root: Path, version: int) -> Path:
    """A copy of levelup's modules (without the problem bank) whose worker differs by a comment."""
    source = Path(levelup.__file__).parent
    target = root / f"install-{version}"
    shutil.copytree(source, target / "levelup", ignore=shutil.ignore_patterns("bundled", "__pycache__"))
    (target / "levelup" / "problems" / "bundled").mkdir()
    with open(target / "levelup" / "grading" / "boundary" / "protocol.py", "a") as protocol:
        protocol.write(f"# simulated levelup version {version}\n")
    return target


def run(installs: int, checks: int, processes: int, load: int, isolated_runtime: bool) -> dict[str, object]:
    root = Path(tempfile.mkdtemp(prefix="levelup-two-installs-"))
    os.chmod(root, 0o755)
    busy = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], stdout=subprocess.DEVNULL) for _ in range(load)
    ]
    try:
        package = make_package(root)
        env = dict(os.environ, XDG_CACHE_HOME=str(root / "cache"))
        if isolated_runtime:
            env["LEVELUP_SANDBOX_RUNTIME"] = str(root / "runtime")
        folders = [make_install(root, version) for version in range(1, installs + 1)]
        per_process = [checks // processes + (1 if i < checks % processes else 0) for i in range(processes)]
        started = time.perf_counter()
        jobs = [
            subprocess.Popen(
                [sys.executable, "-c", DRIVER, str(folder), str(package), CORRECT, str(count)],
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for folder in folders
            for count in per_process
            if count
        ]
        failures: list[str] = []
        graded = 0
        for job in jobs:
            out, err = job.communicate()
            lines = [line for line in out.splitlines() if line.startswith("[")]
            graded += len(lines)
            failures += [message for line in lines for message in json.loads(line)]
            if job.returncode != 0:
                failures.append(f"driver exited {job.returncode}: {err[-1000:]}")
        seconds = time.perf_counter() - started
        runtime = Path(env.get("LEVELUP_SANDBOX_RUNTIME") or "/var/lib/levelup/sandbox-runtime")
        places = [root / "cache" / "levelup" / "worker-modules", runtime]
        worker_folders = sorted(p.name for place in places if place.is_dir() for p in place.glob("worker-*"))
    finally:
        for process in busy:
            process.kill()
            process.wait()
        shutil.rmtree(root, ignore_errors=True)
    return {
        "installs": installs,
        "checks_per_install": checks,
        "checks_graded": graded,
        "failures": failures,
        "busy_loops": load,
        "seconds": round(seconds, 1),
        "worker_folders": worker_folders,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--installs", type=int, default=2)
    parser.add_argument("--checks", type=int, default=20, help="checks per install")
    parser.add_argument("--processes", type=int, default=4, help="grading processes per install")
    parser.add_argument("--load", type=int, default=os.cpu_count() or 1, help="busy-loop processes")
    parser.add_argument("--isolated-runtime", action="store_true")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    report = run(args.installs, args.checks, args.processes, args.load, args.isolated_runtime)
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"{report['installs']} installs x {report['checks_per_install']} checks, "
            f"{report['busy_loops']} busy loops: {report['checks_graded']} graded, "
            f"{len(report['failures'])} failed, {report['seconds']} s"
        )
        for failure in report["failures"]:  # type: ignore[attr-defined]
            print("  " + failure)
    raise SystemExit(1 if report["failures"] or report["checks_graded"] != args.installs * args.checks else 0)


if __name__ == "__main__":
    main()
