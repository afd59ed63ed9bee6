"""What one call across the grading boundary costs: wall time, and CPU time on each side.

A trivial method (`x + 1`) is called N times on an object in a real sandboxed worker, the way a
test calls the candidate's code. Worker CPU is read from the worker's processes in /proc.

Usage: .venv/bin/python benchmarks/call_latency.py [--calls N]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from levelup.grading.boundary.connection import Boundary
from levelup.grading.boundary.proxy import CandidateModule, wire_proxies
from levelup.grading.code_folder import temporary_code_folder
from levelup.grading.sandbox import SandboxLimits, launch_worker

CODE = b"class Counter:\n    def add(self, x):\n        return x + 1\n"


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
    args = parser.parse_args()
    tempfile.tempdir = None
    with temporary_code_folder({"bench_module.py": CODE}) as code_dir:
        boundary = Boundary(lambda: launch_worker(code_dir, SandboxLimits(), require_isolation=False), 1024)
        wire_proxies(boundary)
        try:
            counter = CandidateModule("bench_module", boundary, "bench_module.py").Counter()
            counter.add(0)
            worker_before, trusted_before, wall = worker_cpu_seconds(boundary), time.process_time(), time.perf_counter()
            for i in range(args.calls):
                counter.add(i)
            wall = time.perf_counter() - wall
            trusted = time.process_time() - trusted_before
            worker = worker_cpu_seconds(boundary) - worker_before
        finally:
            boundary.close()
    per_call = 1e6 / args.calls
    print(
        f"{args.calls} calls: wall {wall * per_call:.0f} us/call, trusted CPU {trusted * per_call:.0f} us/call, "
        f"worker CPU {worker * per_call:.0f} us/call"
    )


if __name__ == "__main__":
    main()
