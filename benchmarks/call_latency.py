"""What one call across the grading boundary costs: wall time, and CPU time on each side.

A trivial method is called N times on an object in a real sandboxed worker, the way a test calls
the candidate's code. Worker CPU is read from the worker's processes in /proc. `--kind` picks what
the call carries, to price each feature of the boundary:

  int       add(i) -> i + 1 (plain data both ways: the common case)
  list      append(items, i): a list argument, changed in place and synchronised back
  object    make(i) -> a new object of the candidate's class (a handle, its class, identity)
  same      same() -> the same object each time (identity table hit)
  raise     fail(i) raises the candidate's own exception class (mirrored, caught by the test)
  callback  apply(f, i) calls a function of the test's back in the harness
  operator  obj + i: an operator with a test's value (a tainted handle comes back)

Usage: .venv/bin/python benchmarks/call_latency.py [--calls N] [--kind KIND]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path
from typing import Any

from levelup.grading.boundary.connection import Boundary
from levelup.grading.boundary.proxy import CandidateModule, wire_proxies
from levelup.grading.code_folder import temporary_code_folder
from levelup.grading.sandbox import SandboxLimits, launch_worker

CODE = b"""
class Failure(ValueError):
    pass


class Counter:
    def add(self, x):
        return x + 1

    def append(self, items, x):
        items.append(x)

    def make(self, x):
        return Counter()

    def same(self):
        return self

    def fail(self, x):
        raise Failure(x)

    def apply(self, function, x):
        return function(x)

    def __add__(self, other):
        return self
"""


def one_call(counter: object, kind: str, i: int, items: list[int]) -> None:
    target: Any = counter
    if kind == "int":
        target.add(i)
    elif kind == "list":
        items.clear()
        target.append(items, i)
    elif kind == "object":
        target.make(i)
    elif kind == "same":
        target.same()
    elif kind == "raise":
        try:
            target.fail(i)
        except ValueError:
            pass
    elif kind == "callback":
        target.apply(abs, i)
    elif kind == "operator":
        target + i
    else:
        raise SystemExit(f"unknown --kind {kind}")


def worker_cpu_seconds(boundary: Boundary) -> float:
    worker = boundary._worker  # noqa: SLF001 - a benchmark may look inside
    assert worker is not None
    pids = {worker.process.pid}
    if worker.resources is not None:
        folder = getattr(worker.resources, "folders", {}).get("pids")
        if folder is not None:
            pids.update(int(pid) for pid in (folder / "cgroup.procs").read_text().split())
    total = 0.0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--calls", type=int, default=5000)
    parser.add_argument("--kind", default="int")
    args = parser.parse_args()
    tempfile.tempdir = None
    with temporary_code_folder({"bench_module.py": CODE}) as code_dir:
        boundary = Boundary(lambda: launch_worker(code_dir, SandboxLimits(), require_isolation=False), 1024)
        wire_proxies(boundary)
        try:
            counter = CandidateModule("bench_module", boundary, "bench_module.py").Counter()
            items: list[int] = []
            one_call(counter, args.kind, 0, items)
            worker_before, trusted_before, wall = worker_cpu_seconds(boundary), time.process_time(), time.perf_counter()
            for i in range(args.calls):
                one_call(counter, args.kind, i, items)
            wall = time.perf_counter() - wall
            trusted = time.process_time() - trusted_before
            worker = worker_cpu_seconds(boundary) - worker_before
        finally:
            boundary.close()
    per_call = 1e6 / args.calls
    print(
        f"{args.calls} calls ({args.kind}): wall {wall * per_call:.0f} us/call, "
        f"trusted CPU {trusted * per_call:.0f} us/call, worker CPU {worker * per_call:.0f} us/call"
    )


if __name__ == "__main__":
    main()
