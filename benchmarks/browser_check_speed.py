"""How fast a check from the browser app is, against lean plain pytest on the same tests.

For level 4 of each chosen problem (all four levels' visible and hidden tests, the level-4
reference in place) it measures, in one run on this machine:
  plain        lean plain pytest on the same files (as benchmarks/check_speed.py runs it)
  round trip   the browser's request to start a check, to the last result event (HTTP + SSE),
               through a real `levelup serve` app on 127.0.0.1 with the full sandbox
  first result the same request to the first test's result event
  page load    GET of the attempt page (spec rendered, files listed)

Usage: .venv/bin/python benchmarks/browser_check_speed.py [SLUG ...] [--runs N] [--json]
Default problems: the seed's exemplars (in-memory-db, banking, kv-store-locking).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx
import uvicorn

sys.path.insert(0, str(Path(__file__).parent))
from check_speed import test_files, timed  # noqa: E402

from levelup.problems.catalog import Catalog  # noqa: E402
from levelup.problems.model import Problem  # noqa: E402

EXEMPLARS = ("in-memory-db", "banking", "kv-store-locking")


def serve(home: Path) -> tuple[str, object, uvicorn.Server, threading.Thread]:
    os.environ["LEVELUP_HOME"] = str(home)
    from levelup.settings import Settings
    from levelup.web.app import create_app
    from levelup.web.security import Gate
    from levelup.web.server import bind

    gate = Gate()
    sock = bind("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(create_app(Settings.from_environment(), gate), log_level="warning"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    return f"http://127.0.0.1:{sock.getsockname()[1]}", gate, server, thread


def browser_check(client: httpx.Client, csrf: dict[str, str], attempt: int) -> tuple[float, float, dict]:
    """(seconds to the first result event, seconds to the done event, the done event)."""
    started = time.perf_counter()
    events = client.post(f"/api/attempts/{attempt}/checks", headers=csrf).json()["events"]
    first = None
    kind = None
    with client.stream("GET", events) as stream:
        for line in stream.iter_lines():
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: "):
                if kind == "test" and first is None:
                    first = time.perf_counter() - started
                if kind in ("done", "failed"):
                    return first or 0.0, time.perf_counter() - started, json.loads(line.removeprefix("data: "))
    raise SystemExit("the event stream ended without a result")


def measure(problem: Problem, runs: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="levelup-browser-bench-") as scratch:
        root = Path(scratch)
        code_dir = root / "code"
        code_dir.mkdir()
        for source in problem.levels[-1].solution_dir.glob("*.py"):
            (code_dir / source.name).write_bytes(source.read_bytes())
        files = [str(path) for path in test_files(problem)]
        plain_env = dict(os.environ, PYTHONPATH=str(code_dir), PYTEST_DISABLE_PLUGIN_AUTOLOAD="1")
        plain_cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--import-mode=importlib", *files]
        base, gate, server, thread = serve(root / "home")
        try:
            client = httpx.Client(base_url=base, timeout=300)
            client.get(f"/?token={gate.token}")  # type: ignore[attr-defined]
            csrf = {"X-CSRF-Token": gate.csrf_token()}  # type: ignore[attr-defined]
            form = {"slug": problem.slug, "mode": "practice", "csrf_token": gate.csrf_token()}  # type: ignore[attr-defined]
            attempt = int(client.post("/attempts", data=form).headers["location"].rsplit("/", 1)[1])
            for level in problem.levels:  # unlock level 4 with each level's reference
                for source in level.solution_dir.glob("*.py"):
                    client.put(f"/api/attempts/{attempt}/files/{source.name}", json={"text": source.read_text()},
                               headers=csrf)
                browser_check(client, csrf, attempt)
            pages, firsts, trips, plain = [], [], [], []
            for _ in range(runs):
                plain.append(timed(plain_cmd, code_dir, plain_env))
                started = time.perf_counter()
                client.get(f"/attempts/{attempt}").raise_for_status()
                pages.append(time.perf_counter() - started)
                time.sleep(0.3)  # the candidate reads the page: the warm worker starts meanwhile
                first, trip, done = browser_check(client, csrf, attempt)
                assert done["passed"] == done["total"], done
                firsts.append(first)
                trips.append(trip)
        finally:
            server.should_exit = True
            thread.join(timeout=30)
    return {
        "tests": float(done["total"]),
        "plain": statistics.median(plain),
        "round_trip": statistics.median(trips),
        "first_result": statistics.median(firsts),
        "page_load": statistics.median(pages),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("slugs", nargs="*", help=f"problems to measure (default: {', '.join(EXEMPLARS)})")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    catalog = Catalog()
    rows = {}
    for slug in args.slugs or EXEMPLARS:
        rows[slug] = r = measure(catalog.get(slug), args.runs)
        if not args.json:
            print(
                f"{slug:20} tests {r['tests']:3.0f}  plain {r['plain'] * 1000:6.0f} ms  "
                f"browser round trip {r['round_trip'] * 1000:6.0f} ms ({r['round_trip'] / r['plain']:.2f}x)  "
                f"first result {r['first_result'] * 1000:5.0f} ms  page load {r['page_load'] * 1000:5.0f} ms",
                flush=True,
            )
    if args.json:
        print(json.dumps(rows, indent=2))


if __name__ == "__main__":
    main()
