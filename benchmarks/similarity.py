"""What the "similar to another candidate" flag costs for an assessment of many candidates.

Candidates' code: the bundled problems' reference solutions (every problem, levels 1-4, so sizes
range from a 30-line level 1 to a 270-line level 4), each candidate's copy with every identifier
renamed (which winnowing ignores, so code from the same problem and level pairs up: the flagged
count below says nothing about real candidates). Measured, in one process on this machine:

  fingerprint   tokenise + k-gram hashes + winnow, per candidate and for all of them
  compare       every pair's Jaccard (n(n-1)/2 set intersections), starter code removed
  dashboard     review.dashboard() for an admin over a SQLite store holding the assessment (every
                candidate with --saves autosaves and --checks checks): "cold" with an empty
                fingerprint cache (the first view after a server start), "warm" with it filled

Usage: .venv/bin/python benchmarks/similarity.py [--candidates 200] [--saves 40] [--checks 8] [--runs 5]
Ends with one JSON line of the medians (seconds)."""

from __future__ import annotations

import argparse
import io
import json
import keyword
import statistics
import tempfile
import time
import tokenize
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from levelup.attempts import workspace
from levelup.hosted import fingerprints, review
from levelup.hosted.integrity import DEFAULT_THRESHOLDS
from levelup.problems.catalog import Catalog
from levelup.store.database import Database
from levelup.store.models import AssessmentRow, AttemptRow, CheckRow, InviteRow, LevelRow, SnapshotRow, User


def sources(catalog: Catalog) -> list[tuple[str, str]]:
    """(slug, code) of every bundled reference solution, levels in order."""
    found = []
    for problem in catalog.all():
        for number in range(1, problem.level_count + 1):
            folder = problem.level(number).solution_dir
            code = "\n".join(p.read_text() for p in sorted(folder.rglob("*.py")))
            if code.strip():
                found.append((problem.slug, code))
    return found


def disguised(code: str, suffix: str) -> str:
    """The code with every identifier renamed (keywords and built-ins kept)."""
    out = []
    for token in tokenize.generate_tokens(io.StringIO(code).readline):
        renamed = token.type == tokenize.NAME and not keyword.iskeyword(token.string)
        if renamed and token.string not in dir(__builtins__):
            out.append((tokenize.NAME, f"{token.string}_{suffix}"))
        else:
            out.append((token.type, token.string))
    return tokenize.untokenize(out)


def median_time(action: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def seed(database: Database, code: dict[int, str], saves: int, checks: int) -> tuple[int, int]:
    """An assessment with one invite and attempt per candidate; returns (assessment id, admin id)."""
    now = datetime.now(UTC)
    with database.session() as session:
        admin = User(name="admin", role="admin", email="admin@example.com", created_at=now)
        session.add(admin)
        session.flush()
        exam = AssessmentRow(title="load", problem_slug="banking", minutes=90, created_by=admin.id, created_at=now)
        session.add(exam)
        session.flush()
        for key, text in code.items():
            person = User(name=f"c{key}", role="candidate", email=f"c{key}@example.com", created_at=now)
            session.add(person)
            session.flush()
            attempt = AttemptRow(
                user_id=person.id, problem_slug="banking", problem_title="Banking", problem_path="", level_count=4,
                level_weights=[100, 200, 300, 400], mode="exam", workspace="", workspace_token="t",
                time_limit_seconds=5400, started_at=now - timedelta(hours=2), paused_seconds=0.0, current_level=2,
                finished=False, score=100, submitted_at=now - timedelta(minutes=30),
            )
            attempt.levels = [
                LevelRow(number=1, unlocked_elapsed=0, passed_elapsed=900), LevelRow(number=2, unlocked_elapsed=900)
            ]
            session.add(attempt)
            session.flush()
            archive = workspace.archive({"solution.py": text.encode()})
            lines = text.splitlines()
            for n in range(1, saves + 1):  # growing code, about steady typing
                partial = workspace.archive({"solution.py": "\n".join(lines[: len(lines) * n // saves]).encode()})
                session.add(SnapshotRow(
                    attempt_id=attempt.id, created_at=now, elapsed_seconds=60.0 * n, path="solution.py",
                    code_archive=archive if n == saves else partial, added_characters=40,
                ))
            for n in range(1, checks + 1):
                session.add(CheckRow(
                    attempt_id=attempt.id, created_at=now, elapsed_seconds=60.0 * saves * n / checks + 1, counted=True,
                    levels_checked=[1], score=100, passed=10, total=10, import_error=None, duration_seconds=0.5,
                    code_archive=archive,
                ))
            session.add(InviteRow(
                assessment_id=exam.id, email=f"c{key}@example.com", token_hash=f"{key}".ljust(64, "x"),
                created_at=now, expires_at=now + timedelta(days=7), attempt_id=attempt.id, candidate_id=person.id,
            ))
        return exam.id, admin.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, default=200)
    parser.add_argument("--saves", type=int, default=40, help="autosaves per candidate in the store")
    parser.add_argument("--checks", type=int, default=8, help="checks per candidate in the store")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()

    catalog = Catalog()
    pool = sources(catalog)
    code = {i: disguised(pool[i % len(pool)][1], f"c{i}") for i in range(options.candidates)}
    starter = fingerprints.fingerprints(review.starter_code(catalog.get("banking").starter_dir))

    prints: dict[int, frozenset[int]] = {}

    def fingerprint_all() -> None:
        prints.update({key: fingerprints.fingerprints([text]) for key, text in code.items()})

    fingerprint_seconds = median_time(fingerprint_all, options.runs)
    flagged: list[fingerprints.SimilarPair] = []

    def compare_all() -> None:
        flagged[:] = list(fingerprints.similar_pairs(prints, starter, DEFAULT_THRESHOLDS.similarity,
                                                     DEFAULT_THRESHOLDS.min_fingerprints))

    compare_seconds = median_time(compare_all, options.runs)

    with tempfile.TemporaryDirectory(prefix="levelup-similarity-") as folder:
        database = Database(f"sqlite:///{Path(folder) / 'bench.db'}")
        assessment_id, admin_id = seed(database, code, options.saves, options.checks)

        def dashboard(cache: review.FingerprintCache) -> None:
            with database.session() as session:
                admin = session.get(User, admin_id)
                assert admin is not None
                board = review.dashboard(session, admin, assessment_id, catalog, cache=cache)
                assert len(board.rows) == options.candidates

        cold = median_time(lambda: dashboard(review.FingerprintCache()), options.runs)
        warm_cache = review.FingerprintCache()
        dashboard(warm_cache)
        warm = median_time(lambda: dashboard(warm_cache), options.runs)

        def save_then_view() -> None:  # a live assessment: one candidate's autosave, then a reviewer's view
            with database.session() as session:
                latest = session.scalars(select(SnapshotRow).order_by(SnapshotRow.id.desc()).limit(1)).one()
                session.add(SnapshotRow(
                    attempt_id=latest.attempt_id, created_at=latest.created_at, path=latest.path,
                    elapsed_seconds=latest.elapsed_seconds + 30, code_archive=latest.code_archive, added_characters=0,
                ))
            dashboard(warm_cache)

        one_save = median_time(save_then_view, options.runs)
        database.engine.dispose()

    sizes = [len(p) for p in prints.values()]
    pairs = options.candidates * (options.candidates - 1) // 2
    print(f"{options.candidates} candidates, {len(pool)} distinct reference solutions, "
          f"{statistics.median(sizes):.0f} fingerprints each (median; {min(sizes)}-{max(sizes)})")
    print(f"fingerprint all      {fingerprint_seconds * 1000:8.1f} ms  "
          f"({fingerprint_seconds / options.candidates * 1000:.2f} ms a candidate)")
    print(f"compare {pairs} pairs {compare_seconds * 1000:8.1f} ms  ({len(flagged)} pairs at or over "
          f"{DEFAULT_THRESHOLDS.similarity:.0%}: same problem and level, renamed)")
    print(f"dashboard cold       {cold * 1000:8.1f} ms  (SQLite; {options.saves} autosaves + {options.checks} "
          "checks each; the first view after a server start)")
    print(f"dashboard warm       {warm * 1000:8.1f} ms  (no code changed since the last view)")
    print(f"dashboard one save   {one_save * 1000:8.1f} ms  (one candidate saved since the last view)")
    print(json.dumps({
        "candidates": options.candidates, "pairs": pairs, "fingerprint_seconds": round(fingerprint_seconds, 4),
        "compare_seconds": round(compare_seconds, 4), "dashboard_cold_seconds": round(cold, 4),
        "dashboard_warm_seconds": round(warm, 4), "dashboard_after_one_save_seconds": round(one_save, 4),
        "flagged_pairs": len(flagged),
    }))


if __name__ == "__main__":
    main()
