"""Validate a problem package many times while busy loops keep every core loaded: a package
whose tests depend on timing fails some of the runs. For CI's dedicated job (too slow for the
unit suite). kv-store-locking's concurrency levels must pass 20 of 20.

Usage: .venv/bin/python benchmarks/validate_under_load.py [SLUG] [--runs 20] [--load N] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time

from levelup.problems.catalog import BUNDLED_DIR


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("slug", nargs="?", default="kv-store-locking")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--load", type=int, default=os.cpu_count() or 1, help="busy-loop processes")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    package = BUNDLED_DIR / args.slug
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # stop the busy loops on the way out
    busy = [
        subprocess.Popen([sys.executable, "-c", "while True: pass"], stdout=subprocess.DEVNULL)
        for _ in range(args.load)
    ]
    failures: list[str] = []
    seconds: list[float] = []
    try:
        for run in range(1, args.runs + 1):
            started = time.perf_counter()
            result = subprocess.run(
                [sys.executable, "-m", "levelup", "validate", str(package), "--json", "--jobs", "1"],
                capture_output=True,
                text=True,
            )
            seconds.append(time.perf_counter() - started)
            try:
                reports = json.loads(result.stdout)["packages"]
                errors = [error for report in reports for error in report["errors"]]
            except (ValueError, KeyError, TypeError):
                errors = [f"validate exited {result.returncode}: {(result.stdout + result.stderr)[-500:]}"]
            failures += [f"run {run}: {error}" for error in errors]
            if not args.json:
                print(f"run {run}: {'ok' if not errors else 'FAILED'} ({seconds[-1]:.0f} s)", flush=True)
                for error in errors:
                    print(f"  {error}", flush=True)
    finally:
        for process in busy:
            process.kill()
            process.wait()
    passed = args.runs - len({failure.split(":", 1)[0] for failure in failures})
    summary = {"slug": args.slug, "runs": args.runs, "passed": passed, "busy_loops": args.load, "failures": failures}
    summary["mean_seconds"] = round(sum(seconds) / len(seconds), 1) if seconds else 0.0
    if args.json:
        print(json.dumps(summary))
    else:
        print(f"{args.slug}: {passed}/{args.runs} validations passed with {args.load} busy loops")
        for failure in failures:
            print("  " + failure)
    raise SystemExit(0 if passed == args.runs else 1)


if __name__ == "__main__":
    main()
