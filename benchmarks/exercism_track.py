"""How many exercises of an Exercism Python track play unchanged under levelup.

TRACK_DIR is a local copy of the track's repository layout (exercises/concept/<slug>/ and
exercises/practice/<slug>/, each with its .meta/config.json, tests, stub and reference solution).
For every exercise:

1. baseline: the reference solution (`.meta/exemplar.py` or `.meta/example.py`) is copied over the
   stub and the tests run under plain pytest, as the track's own CI does;
2. levelup: `levelup import exercism` imports the exercise into a throw-away library,
   `levelup start` opens an attempt, the reference solution goes into the workspace, and
   `levelup check` runs until every level is unlocked and passes (or a check fails).

An exercise "plays unchanged" when it passes under plain pytest and every level passes under levelup
check. Prints one line per exercise, then one JSON summary line (`exercises`, `pytest_pass`,
`levelup_pass`, `import_refused`, `failures` by reason, and the same per kind).

`--test-timeout S` raises the per-test time limit of every imported problem (levelup's default is
10 s): on a heavily loaded machine a call across the boundary can cost milliseconds instead of
tens of microseconds, and a test making thousands of calls then times out for the machine's sake,
not the boundary's.

Usage: .venv/bin/python benchmarks/exercism_track.py TRACK_DIR [--only SLUG,...] [--kind concept|practice]
       [--jobs N] [--test-timeout S]
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ElementTree
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

LEVELUP = [sys.executable, "-m", "levelup"]
CHECK_ROUNDS_LIMIT = 30  # a concept exercise has at most a dozen tasks; a loop past this is a bug
PYTEST_SUMMARY = re.compile(r"(\d+) (passed|failed|error|errors|skipped)")


@dataclass
class Outcome:
    kind: str
    slug: str
    pytest_pass: bool = False
    pytest_counts: dict[str, int] = field(default_factory=dict)
    pytest_failing: set[str] = field(default_factory=set)  # test function names
    levelup_failing: set[str] = field(default_factory=set)
    levelup_pass: bool = False
    import_refused: str | None = None
    reason: str | None = None  # why levelup did not pass (None when it did)
    failing: list[str] = field(default_factory=list)

    @property
    def unchanged(self) -> bool:
        return self.pytest_pass and self.levelup_pass


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("track", type=Path)
    parser.add_argument("--only", default="", help="comma-separated slugs")
    parser.add_argument("--kind", choices=["concept", "practice"])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--test-timeout", type=float, help="per-test time limit in seconds (default: levelup's)")
    args = parser.parse_args()
    exercises = _exercises(args.track, args.kind, {s for s in args.only.split(",") if s})
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        outcomes = []
        for outcome in pool.map(lambda item: _measure(item, args.test_timeout), exercises):
            _print_line(outcome)
            outcomes.append(outcome)
    print(json.dumps(_summary(outcomes), sort_keys=True))


def _exercises(track: Path, kind: str | None, only: set[str]) -> list[tuple[str, Path]]:
    found = []
    for each_kind in ("concept", "practice"):
        if kind and each_kind != kind:
            continue
        folder = track / "exercises" / each_kind
        for exercise in sorted(folder.iterdir()) if folder.is_dir() else []:
            if (exercise / ".meta" / "config.json").is_file() and (not only or exercise.name in only):
                found.append((each_kind, exercise))
    return found


def _measure(item: tuple[str, Path], test_timeout: float | None) -> Outcome:
    kind, folder = item
    outcome = Outcome(kind, folder.name)
    files = json.loads((folder / ".meta" / "config.json").read_text(encoding="utf-8"))["files"]
    references = files.get("exemplar") or files.get("example") or []
    with tempfile.TemporaryDirectory(prefix=f"track-{folder.name}-") as scratch:
        root = Path(scratch)
        outcome.pytest_pass, outcome.pytest_counts, outcome.pytest_failing = _plain_pytest(
            folder, files, references, root / "plain"
        )
        _levelup(folder, files["solution"], references, root, outcome, test_timeout)
    return outcome


def _plain_pytest(
    folder: Path, files: dict, references: list[str], place: Path
) -> tuple[bool, dict[str, int], set[str]]:
    shutil.copytree(folder, place)
    for solution, reference in zip(files["solution"], references, strict=True):
        shutil.copyfile(folder / reference, place / solution)
    report = place.parent / "plain.xml"
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-o", "markers=task: a task",
         f"--junitxml={report}", *files["test"]],
        cwd=place, capture_output=True, text=True, timeout=600,
    )
    tail = run.stdout.strip().splitlines()[-1:] if run.stdout.strip() else []
    found = PYTEST_SUMMARY.findall(" ".join(tail))
    counts = {("error" if word == "errors" else word): int(n) for n, word in found}
    failing = set()
    if report.is_file():
        for case in ElementTree.parse(report).getroot().iter("testcase"):
            if any(child.tag in ("failure", "error") for child in case):
                failing.add(str(case.get("name", "")).split("[", 1)[0])
    return run.returncode == 0, counts, failing


def _levelup(
    folder: Path, solutions: list[str], references: list[str], root: Path, outcome: Outcome, test_timeout: float | None
) -> None:
    env = dict(os.environ, LEVELUP_HOME=str(root / "home"))
    imported = _run([*LEVELUP, "import", "exercism", str(folder), "--slug", "x-" + folder.name, "--json"], env)
    if imported.returncode != 0:
        outcome.import_refused = _error_text(imported)
        outcome.reason = "import refused: " + _generalise(outcome.import_refused)
        return
    if test_timeout is not None:
        toml = Path(json.loads(imported.stdout)["path"]) / "problem.toml"
        limit = f"\ntimeout_seconds = {test_timeout}\n\n[[levels]]"
        toml.write_text(toml.read_text(encoding="utf-8").replace("\n\n[[levels]]", limit, 1))
    workspace = root / "workspace"
    started = _run([*LEVELUP, "start", "x-" + folder.name, "--dir", str(workspace), "--json"], env)
    if started.returncode != 0:
        outcome.reason = "start failed: " + _generalise(_error_text(started))
        return
    for solution, reference in zip(solutions, references, strict=True):
        shutil.copyfile(folder / reference, workspace / Path(solution).name)
    for _ in range(CHECK_ROUNDS_LIMIT):
        checked = _run([*LEVELUP, "check", "--dir", str(workspace), "--json"], env)
        try:
            report = json.loads(checked.stdout)
        except json.JSONDecodeError:
            outcome.reason = "check printed no JSON: " + _generalise(checked.stderr or checked.stdout)
            return
        if "error" in report:
            outcome.reason = "check error: " + _generalise(report["error"])
            return
        graded = [t for t in report["tests"] if t["status"] != "skipped"]
        bad = [t for t in graded if t["status"] != "passed"]
        if report["import_error"] or bad:
            outcome.failing = [f"{t['name']}: {t['status']}: {t['message']}" for t in bad]
            outcome.levelup_failing = {t["name"].rsplit("::", 1)[-1].split("[", 1)[0] for t in bad}
            first = report["import_error"] or bad[0]["message"] or bad[0]["status"]
            outcome.reason = "check failed: " + _generalise(first)
            return
        if report["finished"] or report["newly_unlocked"] is None:
            outcome.levelup_pass = bool(report["finished"])
            if not outcome.levelup_pass:
                outcome.reason = "levels left locked after a passing check"
            return
    outcome.reason = f"still unlocking after {CHECK_ROUNDS_LIMIT} checks"


def _run(command: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=900)


def _error_text(run: subprocess.CompletedProcess[str]) -> str:
    try:
        return str(json.loads(run.stdout)["error"])
    except (json.JSONDecodeError, KeyError, TypeError):
        return (run.stderr or run.stdout).strip()[-300:]


def _generalise(text: str) -> str:
    """A failure reason without the exercise's own names, so equal causes count together."""
    line = next((part.strip() for part in text.splitlines() if part.strip()), "")
    line = re.sub(r"'[^']*'|\"[^\"]*\"|`[^`]*`", "…", line)
    line = re.sub(r"\d+", "N", line)
    return line[:120]


def _print_line(outcome: Outcome) -> None:
    mark = "PLAYS" if outcome.unchanged else ("BASELINE-FAILS" if not outcome.pytest_pass else "FAILS")
    if not outcome.pytest_pass and outcome.levelup_failing == outcome.pytest_failing:
        mark = "SAME-AS-PYTEST"  # the reference fails, and fails exactly the same tests under levelup
    counts = " ".join(f"{n} {word}" for word, n in sorted(outcome.pytest_counts.items()))
    line = f"{mark:14} {outcome.kind:8} {outcome.slug:32} pytest: {counts or 'nothing ran'}"
    if outcome.reason:
        line += f"\n{'':24}levelup: {outcome.reason}"
    for failing in outcome.failing[:3]:
        line += f"\n{'':26}{failing[:160]}"
    if mark == "BASELINE-FAILS":
        only_pytest = sorted(outcome.pytest_failing - outcome.levelup_failing)
        only_levelup = sorted(outcome.levelup_failing - outcome.pytest_failing)
        line += f"\n{'':24}fails only under pytest: {only_pytest}; only under levelup: {only_levelup}"
    print(line, flush=True)


def _summary(outcomes: list[Outcome]) -> dict:
    def counts(chosen: list[Outcome]) -> dict:
        return {
            "exercises": len(chosen),
            "pytest_pass": sum(o.pytest_pass for o in chosen),
            "levelup_pass": sum(o.levelup_pass for o in chosen),
            "plays_unchanged": sum(o.unchanged for o in chosen),
            "import_refused": sum(o.import_refused is not None for o in chosen),
            "baseline_fails_same_tests": sum(
                not o.pytest_pass and o.levelup_failing == o.pytest_failing for o in chosen
            ),
            "failures": dict(Counter(o.reason for o in chosen if o.pytest_pass and o.reason)),
        }

    summary = counts(outcomes)
    for kind in ("concept", "practice"):
        summary[kind] = counts([o for o in outcomes if o.kind == kind])
    return summary


if __name__ == "__main__":
    main()
