"""Hosted grading under load: N simulated candidates against one server and W grading workers.

It starts, on this machine: a private redis-server on a free port (append-only file, fsync on
every write, so it can be restarted like a real one), a fresh PostgreSQL database on the server
named by LEVELUP_BENCH_POSTGRES_URL (default postgresql+psycopg://postgres@127.0.0.1:5432/postgres),
a server process serving the browser app with the queue runner (`create_app(...,
runner=QueueCheckRunner(...))`, the local-token app for now: one user, N attempts) on a free port,
and W `levelup worker` processes. Each candidate (asyncio + httpx, over HTTP and SSE like the
browser) starts an exam attempt of `banking`, runs 10 checks alternating a broken version and the
reference of the level it is on (level 1, then level 2), with a think time between checks, and
submits. Recorded: request -> last event latency, checks per second, errors, the queue's depth
over time (sampled from Redis every second).

--faults: about a quarter of the way in, one worker is killed with SIGKILL (a replacement starts
after the redelivery delay); half way, Redis is restarted (SIGTERM, then started again on the same
port and files); three quarters in, the server is killed (SIGKILL) and started again. Candidates
retry what failed the way a browser would (reconnect the event stream with Last-Event-ID, send a
check again that never got an answer).

Afterwards it verifies: every check request is stored exactly once, no request a candidate got an
id for is lost, and every attempt's score equals a re-grade of its checks' code in this process
replayed through `advance`. Everything it started is stopped and the database dropped.

Usage: .venv/bin/python benchmarks/hosted_load.py --candidates 200 [--workers 2] [--faults]
Ends with one JSON line: candidates, checks, checks_per_second, p50_seconds, p99_seconds, errors,
lost, duplicated, mismatched_scores (and a few more fields).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BUNDLED = Path(__file__).resolve().parents[1] / "src" / "levelup" / "problems" / "bundled"
SLUG = "banking"
CHECKS_PER_CANDIDATE = 10
POSTGRES_SERVER_URL = os.environ.get(
    "LEVELUP_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
SESSION_KEY_ENV = "LEVELUP_BENCH_SESSION_KEY"
RETRY_SECONDS = 120.0  # how long a candidate keeps retrying a request the server did not answer


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def reference(level: int) -> dict[str, str]:
    folder = BUNDLED / SLUG / "levels" / str(level) / "solution"
    return {path.name: path.read_text() for path in folder.glob("*.py")}


def broken() -> dict[str, str]:
    """Level 1's reference with deposit answering -1: some tests fail."""
    code = reference(1)
    code["banking_system.py"] += (
        "\n\n_Correct = BankingSystem\n\n\nclass BankingSystem(_Correct):\n"
        "    def deposit(self, timestamp, account_id, amount):\n"
        "        super().deposit(timestamp, account_id, amount)\n"
        "        return -1\n"
    )
    return code


# -- the server process ----------------------------------------------------------------------------
def serve(port: int) -> None:
    """Runs in its own process: the browser app with the queue runner."""
    import uvicorn

    from levelup.hosted.grading import QueueCheckRunner
    from levelup.settings import Settings
    from levelup.web.app import create_app
    from levelup.web.server import bind

    gate = bench_gate()
    settings = Settings.from_environment()
    app = create_app(settings, gate, runner=QueueCheckRunner(settings))
    sock = bind("127.0.0.1", port)
    uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False)).run(sockets=[sock])


def bench_gate() -> Any:
    """The local-token gate with a session key shared with the load generator, so a restarted
    server accepts the candidates' cookies and CSRF tokens (hosted sign-in replaces this)."""
    from levelup.web.security import Gate

    gate = Gate(token="benchmark")
    gate._session_key = bytes.fromhex(os.environ[SESSION_KEY_ENV])  # noqa: SLF001 (benchmark only)
    return gate


# -- the machinery it starts -------------------------------------------------------------------------
@dataclass
class Machinery:
    folder: Path
    env: dict[str, str]
    redis_port: int
    http_port: int
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)
    server: subprocess.Popen[bytes] | None = None
    redis: subprocess.Popen[bytes] | None = None
    dead_workers_cpu: float = 0.0  # sampled just before a worker is killed

    def start_redis(self) -> None:
        data = self.folder / "redis"
        data.mkdir(exist_ok=True)
        self.redis = subprocess.Popen(
            ["redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--dir", str(data),
             "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--protected-mode", "yes"],
            stdout=(self.folder / "redis.log").open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_until(lambda: _answers(self.redis_port), "redis-server to answer", 30)

    def restart_redis(self) -> None:
        assert self.redis is not None
        self.redis.send_signal(signal.SIGTERM)  # as a service manager restarts it
        self.redis.wait(timeout=60)
        self.start_redis()

    def start_server(self) -> None:
        self.server = subprocess.Popen(
            [sys.executable, __file__, "--serve", str(self.http_port)], env=self.env,
            stdout=(self.folder / "server.log").open("ab"), stderr=subprocess.STDOUT, start_new_session=True,
        )
        wait_until(lambda: _answers(self.http_port), "the server to listen", 60)

    def kill_server(self) -> None:
        assert self.server is not None
        _kill_group(self.server, signal.SIGKILL)

    def start_worker(self) -> None:
        index = len(self.workers)
        self.workers.append(subprocess.Popen(
            [sys.executable, "-m", "levelup", "worker"], env=self.env,
            stdout=(self.folder / f"worker-{index}.log").open("ab"), stderr=subprocess.STDOUT,
            start_new_session=True,
        ))

    def cpu_seconds(self) -> dict[str, float]:
        """CPU time used so far by the workers (their sandboxes included, once reaped) and the server."""
        workers = sum(_group_cpu(p.pid) for p in self.workers) + self.dead_workers_cpu
        return {"workers": round(workers, 1), "server": round(_group_cpu(self.server.pid) if self.server else 0.0, 1)}

    def stop_everything(self) -> None:
        for process in [*self.workers, self.server, self.redis]:
            if process is not None and process.poll() is None:
                _kill_group(process, signal.SIGTERM)


def _kill_group(process: subprocess.Popen[bytes], sig: int) -> None:
    try:
        os.killpg(process.pid, sig)
    except ProcessLookupError:
        return
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)


def _group_cpu(pgid: int) -> float:
    """utime + stime of every process in the group, and of their reaped children."""
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state ppid pgrp ...
            total += sum(int(value) for value in fields[11:15])
    return total / os.sysconf("SC_CLK_TCK")


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def wait_until(condition: Any, what: str, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise SystemExit(f"gave up waiting for {what}")
        time.sleep(0.1)


def _said(page: str) -> str:
    """The message of an error page or JSON reply, without the markup."""
    import re

    return " ".join(re.sub(r"<[^>]+>", " ", page.split("<main", 1)[-1]).split())[:300]


# -- the candidates ----------------------------------------------------------------------------------
@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    request_ids: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    retries: int = 0
    cut_short: int = 0  # candidates who stopped checking early (--max-minutes)
    attempts: list[int] = field(default_factory=list)
    first_check: float | None = None
    last_result: float = 0.0


class Candidate:
    def __init__(self, client: Any, csrf: str, tally: Tally, think: float, stop_at: float) -> None:
        self.client, self.csrf, self.tally, self.think, self.stop_at = client, csrf, tally, think, stop_at

    async def send(self, method: str, url: str, **kwargs: Any) -> Any:
        """A request, sent again while the server is away (as a person would press again)."""
        import httpx

        deadline = time.monotonic() + RETRY_SECONDS
        while True:
            try:
                reply = await self.client.request(method, url, headers={"X-CSRF-Token": self.csrf}, **kwargs)
                if reply.status_code < 500:
                    return reply
                problem = f"HTTP {reply.status_code}: {reply.text[:200]}"
            except httpx.TransportError as exc:
                problem = f"{type(exc).__name__}: {exc}"
            if time.monotonic() > deadline:
                raise RuntimeError(f"{method} {url} kept failing: {problem}")
            self.tally.retries += 1
            await asyncio.sleep(0.5 + random.random())

    async def run(self) -> None:
        reply = await self.send("POST", "/attempts", data={"slug": SLUG, "mode": "exam"})
        if reply.status_code != 303:
            raise RuntimeError(f"could not start an attempt: {reply.status_code} {_said(reply.text)}")
        attempt = int(reply.headers["location"].rsplit("/", 1)[1])
        self.tally.attempts.append(attempt)
        level = 1
        for number in range(CHECKS_PER_CANDIDATE):
            await asyncio.sleep(self.think * random.uniform(0.5, 1.5))
            if time.monotonic() > self.stop_at:  # --max-minutes: no new checks; submit what there is
                self.tally.cut_short += 1
                break
            code = broken() if number % 2 == 0 else reference(min(level, 2))
            for name, text in code.items():
                saved = await self.send("PUT", f"/api/attempts/{attempt}/files/{name}", json={"text": text})
                if saved.status_code != 200:
                    raise RuntimeError(f"could not save {name}: {saved.status_code} {saved.text[:200]}")
            done = await self.check(attempt)
            if done is not None and done.get("newly_unlocked"):
                level = int(done["newly_unlocked"])
        submitted = await self.send("POST", f"/api/attempts/{attempt}/submit")
        if submitted.status_code != 200:
            raise RuntimeError(f"could not submit: {submitted.status_code} {submitted.text[:200]}")

    async def check(self, attempt: int) -> dict[str, Any] | None:
        started = time.monotonic()
        self.tally.first_check = self.tally.first_check or started
        reply = await self.send("POST", f"/api/attempts/{attempt}/checks")
        if reply.status_code != 200:
            self.tally.errors.append(f"check refused: {reply.status_code} {reply.text[:200]}")
            return None
        body = reply.json()
        self.tally.request_ids.append(body["check"])
        kind, data = await self.follow(body["events"])
        self.tally.latencies.append(time.monotonic() - started)
        self.tally.last_result = time.monotonic()
        if kind != "done":
            self.tally.errors.append(f"check {body['check']}: {kind} {data}")
            return None
        return data

    async def follow(self, url: str) -> tuple[str, dict[str, Any]]:
        """The check's events to the last one, reconnecting with Last-Event-ID as EventSource does."""
        import httpx

        last_id: str | None = None
        deadline = time.monotonic() + 3600
        while time.monotonic() < deadline:
            headers = {"Last-Event-ID": last_id} if last_id is not None else {}
            try:
                async with self.client.stream("GET", url, headers=headers, timeout=None) as response:
                    if response.status_code != 200:
                        raise httpx.TransportError(f"HTTP {response.status_code}")
                    kind = ""
                    async for line in response.aiter_lines():
                        if line.startswith("id: "):
                            last_id = line[4:]
                        elif line.startswith("event: "):
                            kind = line[7:]
                        elif line.startswith("data: ") and kind in ("done", "failed"):
                            return kind, json.loads(line[6:])
            except httpx.TransportError:
                pass
            self.tally.retries += 1
            await asyncio.sleep(0.5 + random.random())
        return "lost", {}


async def run_candidates(base: str, count: int, think: float, tally: Tally, stop_at: float) -> None:
    import httpx

    from levelup.web.security import SESSION_COOKIE

    gate = bench_gate()
    limits = httpx.Limits(max_connections=count * 2 + 10, max_keepalive_connections=count * 2)
    async with httpx.AsyncClient(
        base_url=base, limits=limits, timeout=httpx.Timeout(60.0), cookies={SESSION_COOKIE: gate.session_value()}
    ) as client:
        async def one(index: int) -> None:
            await asyncio.sleep(random.uniform(0, think))  # candidates arrive over the first think time
            try:
                await Candidate(client, gate.csrf_token(), tally, think, stop_at).run()
            except Exception as exc:  # one candidate's failure is counted, the others go on
                tally.errors.append(f"candidate {index}: {exc}")

        await asyncio.gather(*(one(i) for i in range(count)))


async def sample_queue(redis_url: str, namespace: str, samples: list[tuple[float, int]], stop: asyncio.Event) -> None:
    import redis.asyncio

    from levelup.hosted.grading import QUEUE_NAME

    client = redis.asyncio.Redis.from_url(redis_url, socket_connect_timeout=1)
    started = time.monotonic()
    while not stop.is_set():
        try:
            samples.append((round(time.monotonic() - started, 1), int(await client.llen(f"{namespace}:{QUEUE_NAME}"))))
        except Exception:  # Redis restarting: no sample this second
            pass
        try:
            await asyncio.wait_for(stop.wait(), 1.0)
        except TimeoutError:
            pass
    await client.aclose()


async def inject_faults(
    machinery: Machinery, tally: Tally, total: int, budget: float, redelivery: float, notes: list[str]
) -> None:
    """Each fault when a share of the load's checks has come back (or of the time budget has
    passed), so it lands mid-load."""
    started = time.monotonic()

    async def when_done(share: float) -> None:
        while len(tally.latencies) < total * share and time.monotonic() - started < budget * share:
            await asyncio.sleep(0.2)

    def note(text: str) -> None:
        notes.append(f"{time.strftime('%H:%M:%S')} after {len(tally.latencies)} results: {text}")
        log(notes[-1])

    await when_done(0.25)
    victim = machinery.workers[0]
    machinery.dead_workers_cpu += _group_cpu(victim.pid)
    _kill_group(victim, signal.SIGKILL)
    note(f"killed worker pid {victim.pid} with SIGKILL")
    await asyncio.sleep(redelivery + 1)
    machinery.start_worker()
    await when_done(0.5)
    await asyncio.to_thread(machinery.restart_redis)
    note("restarted Redis (SIGTERM, started again on its files)")
    await when_done(0.75)
    machinery.kill_server()
    await asyncio.to_thread(machinery.start_server)
    note("killed the server with SIGKILL and started it again")


# -- verification ------------------------------------------------------------------------------------
def verify(database_url: str, tally: Tally) -> dict[str, int]:
    """Every request stored once; none lost; every attempt's score equal to a local re-grade."""
    from sqlalchemy import func, select

    from levelup.attempts.progress import AttemptState, advance
    from levelup.attempts.workspace import unarchive
    from levelup.grading.harness import run_check
    from levelup.problems.catalog import Catalog
    from levelup.settings import Settings
    from levelup.store.database import Database
    from levelup.store.models import AttemptRow, CheckRequestRow, CheckRow

    database = Database(database_url)
    problem = Catalog(Settings.from_environment().problem_library).get(SLUG)
    graded: dict[tuple[tuple[tuple[str, bytes], ...], tuple[int, ...]], Any] = {}
    with database.session() as session:
        per_request = select(CheckRow.request_id, func.count()).group_by(CheckRow.request_id)
        stored = dict(session.execute(per_request.where(CheckRow.request_id.is_not(None))).all())
        requests = dict(session.execute(select(CheckRequestRow.id, CheckRequestRow.status)).all())
        duplicated = sum(count - 1 for count in stored.values() if count > 1)
        lost = sum(1 for request_id in tally.request_ids if request_id not in stored)
        lost += sum(1 for request_id, status in requests.items() if status != "done" and request_id not in stored)
        unrequested = sum(1 for request_id in stored if request_id not in requests)
        mismatched = 0
        for attempt in session.scalars(select(AttemptRow).where(AttemptRow.id.in_(tally.attempts))):
            state = AttemptState(attempt.level_count, 1, tuple(attempt.level_weights), attempt.time_limit_seconds,
                                 False, False, 0, frozenset())
            for check in sorted(attempt.checks, key=lambda c: c.id):
                code = unarchive(check.code_archive)
                key = (tuple(sorted(code.items())), tuple(check.levels_checked))
                if key not in graded:
                    graded[key] = run_check(problem, code, list(check.levels_checked), require_isolation=True)
                decision = advance(state, graded[key], check.elapsed_seconds)
                if decision.counted:
                    state = AttemptState(
                        state.level_count, decision.current_level, state.level_weights, state.time_limit_seconds,
                        False, state.finished or decision.finished_now, decision.attempt_score,
                        state.passed_levels | frozenset(decision.newly_passed),
                    )
            mismatched += state.score != attempt.score
    log(f"re-graded {len(graded)} distinct (code, levels) pairs locally")
    return {"lost": lost, "duplicated": duplicated + unrequested, "mismatched_scores": mismatched,
            "requests": len(requests), "stored_checks": sum(stored.values())}


# -- main --------------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--faults", action="store_true")
    parser.add_argument("--think", type=float, default=10.0,
                        help="mean seconds a candidate spends between a result and the next check (default 10)")
    parser.add_argument("--redelivery", type=float, default=5.0, help="LEVELUP_REDELIVERY_SECONDS for the workers")
    parser.add_argument("--max-minutes", type=float, default=None,
                        help="stop starting new checks after this long (the rest finish, are verified and counted)")
    parser.add_argument("--serve", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve is not None:
        serve(args.serve)
        return

    from sqlalchemy import create_engine, make_url, text

    def stopped(signum: int, _frame: Any) -> None:
        raise SystemExit(f"stopped by signal {signum}")  # so the finally below still cleans up

    signal.signal(signal.SIGTERM, stopped)
    folder = Path(tempfile.mkdtemp(prefix="levelup-hosted-load-"))
    database = f"levelup_bench_{uuid.uuid4().hex}"
    server = create_engine(POSTGRES_SERVER_URL, isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    database_url = make_url(POSTGRES_SERVER_URL).set(database=database).render_as_string(hide_password=False)
    redis_port, http_port = free_port(), free_port()
    namespace = f"levelup-bench-{uuid.uuid4().hex[:12]}"
    env = {k: v for k, v in os.environ.items() if k != "LEVELUP_FAKE_TIME"} | {
        "LEVELUP_HOME": str(folder / "home"),
        "LEVELUP_DATABASE_URL": database_url,
        "LEVELUP_BROKER_URL": f"redis://127.0.0.1:{redis_port}/0",
        "LEVELUP_BROKER_NAMESPACE": namespace,
        "LEVELUP_REDELIVERY_SECONDS": str(args.redelivery),
        "LEVELUP_USER": "candidate",
        SESSION_KEY_ENV: os.urandom(32).hex(),
    }
    os.environ.update(env)
    from levelup.store.database import Database

    # migrated once, before the server and the workers start (they would race to migrate it)
    from levelup.store.users import user_named

    store = Database(database_url)
    with store.session() as session:  # the one local user, made before candidates race to make it
        user_named(session, env["LEVELUP_USER"])
    store.engine.dispose()
    machinery = Machinery(folder, env, redis_port, http_port)
    tally, samples, notes = Tally(), [], []  # type: ignore[var-annotated]
    cpu: dict[str, float] = {}
    try:
        machinery.start_redis()
        machinery.start_server()
        for _ in range(args.workers):
            machinery.start_worker()
        log(f"{args.candidates} candidates, {args.workers} workers, think {args.think:g} s, faults {args.faults}")

        async def load() -> float:
            stop = asyncio.Event()
            sampler = asyncio.create_task(sample_queue(env["LEVELUP_BROKER_URL"], namespace, samples, stop))
            total = args.candidates * CHECKS_PER_CANDIDATE
            budget = args.max_minutes * 60 if args.max_minutes else float("inf")
            faults = (asyncio.create_task(inject_faults(machinery, tally, total, budget, args.redelivery, notes))
                      if args.faults else None)
            started = time.monotonic()
            await run_candidates(f"http://127.0.0.1:{http_port}", args.candidates, args.think, tally, started + budget)
            elapsed = time.monotonic() - started
            if faults is not None:
                await faults
            stop.set()
            await sampler
            return elapsed

        wall = asyncio.run(load())
        cpu = machinery.cpu_seconds()
        log(f"load done in {wall:.1f} s; verifying")
        counts = verify(database_url, tally)
    finally:
        machinery.stop_everything()
        server.dispose()
        cleanup = create_engine(POSTGRES_SERVER_URL, isolation_level="AUTOCOMMIT")
        with cleanup.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        cleanup.dispose()
        shutil.rmtree(folder, ignore_errors=True)
    span = max(tally.last_result - (tally.first_check or tally.last_result), 1e-9)
    latencies = sorted(tally.latencies)
    p99 = latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))] if latencies else None
    for error in tally.errors[:10]:
        log(f"error: {error}")
    print(json.dumps({
        "candidates": args.candidates,
        "checks": counts["stored_checks"],
        "checks_per_second": round(counts["stored_checks"] / span, 2),
        "p50_seconds": round(statistics.median(latencies), 3) if latencies else None,
        "p99_seconds": round(p99, 3) if p99 is not None else None,
        "errors": len(tally.errors),
        "lost": counts["lost"],
        "duplicated": counts["duplicated"],
        "mismatched_scores": counts["mismatched_scores"],
        "workers": args.workers,
        "think_seconds": args.think,
        "faults": notes,
        "cpu_seconds": cpu,
        "worker_cpu_seconds_per_check": round(cpu["workers"] / max(counts["stored_checks"], 1), 3),
        "client_retries": tally.retries,
        "candidates_cut_short": tally.cut_short,
        "queue_depth_max": max((depth for _, depth in samples), default=0),
        "queue_depth": samples[::5],
    }))


if __name__ == "__main__":
    main()
