"""Two levelup versions grading side by side on a loaded machine: no check may fail.

Makes a second install of levelup (a copy of this one whose worker modules differ by one comment,
so its worker folder has another content hash, as a real upgrade's would), then grades a correct
solution of a small problem from both installs at once: INSTALLS x CHECKS checks in parallel
processes, while busy loops keep every core loaded. Both installs share one cache folder and one
sandbox runtime folder, as two installs on one machine do. Every check must pass every test;
a failure is what issue 10 saw ("your code's process ended unexpectedly").

With `--sweep`, a process sweeps both shared folders the whole time with no age limit (a
real sweep waits 14 days), so any worker folder that no grading process holds is removed at
once: a check that loses its folder to the sweep fails here.

Usage: .venv/bin/python benchmarks/two_installs_stress.py [--checks 20] [--installs 2]
       [--processes 4] [--load N] [--isolated-runtime [--unprivileged]] [--sweep] [--json]
  --isolated-runtime  use a fresh runtime folder in the temporary folder (what the test suite does)
                      instead of LEVELUP_SANDBOX_RUNTIME / the machine-wide one
  --unprivileged      (as root) run `levelup doctor --setup` into that folder first, so the checks
                      run as nobody from its site-* and worker-* folders (about 30 s more)
--sweep needs --isolated-runtime: with no age limit it would remove the machine's unused folders.
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
from levelup.grading.sandbox.runtime import current_runtime
runtime = current_runtime()
print(json.dumps({"worker_folder": runtime.worker_modules.name, "uid": runtime.uid}), flush=True)
"""
SETUP = r"""
import sys
sys.path.insert(0, sys.argv[1])
from levelup.grading.sandbox.runtime import prepare_unprivileged_runtime
print(prepare_unprivileged_runtime())
"""
# Sweeps the given folders with no age limit until its standard input closes; prints how many
# sweeps ran and what they removed.
SWEEPER = r"""
import json, select, sys
sys.path.insert(0, sys.argv[1])
from pathlib import Path
from levelup.grading.sandbox.versioned import sweep
places, sweeps, removed = [Path(p) for p in sys.argv[2:]], 0, []
# the package folder doctor --setup made stays (without it checks would quietly fall back to the
# shared runtime); a real sweep removes it only after 14 unused days
keep = {p.name for place in places if place.is_dir() for p in place.glob("site-*")}
while not select.select([sys.stdin], [], [], 0.02)[0]:
    for place in places:
        removed += sweep(place, keep=keep, max_age_seconds=0)
    sweeps += 1
print(json.dumps({"sweeps": sweeps, "removed": removed}), flush=True)
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


def run(
    installs: int,
    checks: int,
    processes: int,
    load: int,
    isolated_runtime: bool,
    sweeping: bool = False,
    unprivileged: bool = False,
) -> dict[str, object]:
    root = Path(tempfile.mkdtemp(prefix="levelup-two-installs-"))
    os.chmod(root, 0o755)
    busy = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], stdout=subprocess.DEVNULL) for _ in range(load)
    ]
    sweeper: subprocess.Popen[str] | None = None
    try:
        package = make_package(root)
        env = dict(os.environ, XDG_CACHE_HOME=str(root / "cache"))
        if isolated_runtime:
            env["LEVELUP_SANDBOX_RUNTIME"] = str(root / "runtime")
        folders = [make_install(root, version) for version in range(1, installs + 1)]
        if unprivileged:
            setup = [sys.executable, "-c", SETUP, str(folders[0])]
            ready = subprocess.run(setup, env=env, check=True, capture_output=True, text=True).stdout.strip()
            print(ready, file=sys.stderr)
        runtime = Path(env.get("LEVELUP_SANDBOX_RUNTIME") or "/var/lib/levelup/sandbox-runtime")
        places = [root / "cache" / "levelup" / "worker-modules", runtime]
        sweeper = (
            subprocess.Popen(
                [sys.executable, "-c", SWEEPER, str(folders[0]), *map(str, places)],
                env=env,
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                text=True,
            )
            if sweeping
            else None
        )
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
        used: list[str] = []  # the worker-modules folder each grading process ran its checks from
        uids: set[int | None] = set()  # the uid workers ran as (None: levelup's own)
        graded = 0
        for job in jobs:
            out, err = job.communicate()
            lines = [line for line in out.splitlines() if line.startswith("[")]
            graded += len(lines)
            failures += [message for line in lines for message in json.loads(line)]
            ends = [json.loads(line) for line in out.splitlines() if line.startswith("{")]
            used += [end["worker_folder"] for end in ends]
            uids |= {end["uid"] for end in ends}
            if job.returncode != 0:
                failures.append(f"driver exited {job.returncode}: {err[-1000:]}")
        seconds = time.perf_counter() - started
        swept = json.loads(sweeper.communicate("")[0]) if sweeper is not None else {"sweeps": 0, "removed": []}
    finally:
        if sweeper is not None and sweeper.poll() is None:
            sweeper.kill()
            sweeper.wait()
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
        "worker_folders": sorted(set(used)),
        "worker_uids": sorted(uids, key=str),
        "sweeps": swept["sweeps"],
        "swept_while_grading": swept["removed"],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--installs", type=int, default=2)
    parser.add_argument("--checks", type=int, default=20, help="checks per install")
    parser.add_argument("--processes", type=int, default=4, help="grading processes per install")
    parser.add_argument("--load", type=int, default=os.cpu_count() or 1, help="busy-loop processes")
    parser.add_argument("--isolated-runtime", action="store_true")
    parser.add_argument("--unprivileged", action="store_true", help="doctor --setup into the isolated runtime first")
    parser.add_argument("--sweep", action="store_true", help="sweep the shared folders throughout (no age limit)")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if (args.sweep or args.unprivileged) and not args.isolated_runtime:
        parser.error("--sweep and --unprivileged need --isolated-runtime")
    report = run(
        args.installs, args.checks, args.processes, args.load, args.isolated_runtime, args.sweep, args.unprivileged
    )
    if args.json:
        print(json.dumps(report))
    else:
        print(
            f"{report['installs']} installs x {report['checks_per_install']} checks, "
            f"{report['busy_loops']} busy loops: {report['checks_graded']} graded, "
            f"{len(report['failures'])} failed, {report['seconds']} s"
            + (f", {report['sweeps']} sweeps meanwhile" if args.sweep else "")
            + f"; worker folders {report['worker_folders']}, worker uids {report['worker_uids']}"
        )
        for failure in report["failures"]:  # type: ignore[attr-defined]
            print("  " + failure)
    raise SystemExit(1 if report["failures"] or report["checks_graded"] != args.installs * args.checks else 0)


if __name__ == "__main__":
    main()
