"""`levelup validate`: prove a package is sound.

- the schema loads (errors name the file and line);
- the starter fails level 1;
- the reference solution of level N passes every test of levels 1..N and fails at least one test
  of level N+1 (each level really adds a requirement);
- two runs give the same verdicts;
- and it measures refactor pressure (`refactor_measure.py`): how much of each level's reference
  the next level's reference rewrites, with a warning when no transition reaches 25%.

A package made by `levelup import` has one final reference at most (the source's own solution,
stored for the levels it passes) and maybe no hidden tests, so for it the validator checks that
the starter fails level 1 and the reference passes every level it is stored for, and lists what it
skipped as warnings.
"""

from __future__ import annotations

import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from levelup.problems.errors import ProblemError
from levelup.problems.loader import imported_from, load_problem
from levelup.problems.model import Problem
from levelup.problems.refactor_measure import REFACTOR_THRESHOLD, refactor_pressure, summary_line

VISIBLE_RANGE = (5, 16)
HIDDEN_RANGE = (3, 6)


@dataclass
class RunSummary:
    code: str  # "starter" or "solution N"
    levels: list[int]
    passed: int
    total: int
    failing: list[str]  # "name: message" of tests that did not pass


@dataclass
class ValidationReport:
    path: str
    slug: str
    ok: bool = True
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    runs: list[RunSummary] = field(default_factory=list)
    counts: dict[int, tuple[int, int]] = field(default_factory=dict)  # level -> (visible, hidden)
    refactor: list[dict[str, float | int]] = field(default_factory=list)  # per transition, see refactor_measure
    reasons: dict[str, str] = field(default_factory=dict)  # "level:test" -> why it did not pass (last run)

    def failing(self, keys: list[str], limit: int = 5) -> str:
        """`test (why)` for the first `limit` failing tests, the reason cut to its first line."""
        shown = []
        for key in keys[:limit]:
            why = self.reasons.get(key, "").strip().splitlines()
            shown.append(key.split(":", 1)[1] + (f" ({why[0][:200]})" if why else ""))
        more = f"; and {len(keys) - limit} more" if len(keys) > limit else ""
        return "; ".join(shown) + more

    def fail(self, message: str) -> None:
        self.ok = False
        self.errors.append(message)


def validate_many(paths: list[Path], jobs: int | None = None) -> list[ValidationReport]:
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    if jobs == 1:
        return [validate_package(path) for path in paths]
    import multiprocessing

    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        return list(pool.map(validate_package, paths))


def validate_package(path: Path) -> ValidationReport:
    report = ValidationReport(path=str(path), slug=path.name)
    try:
        problem = load_problem(path)
    except ProblemError as exc:
        report.fail(str(exc))
        return report
    report.slug = problem.slug
    source_format = imported_from(problem)
    if source_format is None:
        _check_sizes(problem, report)
        measure_refactor_pressure(problem, report)
    else:
        _note_imported(problem, source_format, report)
    try:
        _check_starter(problem, report)
        if source_format is None:
            for level in problem.levels:
                _check_solution(problem, level.number, report)
        else:
            _check_final_reference(problem, report)
    except Exception as exc:  # a grading failure (sandbox missing, broken test file) is a finding too
        report.fail(f"grading failed: {type(exc).__name__}: {exc}")
    return report


def _test_counts(problem: Problem) -> dict[int, tuple[int, int]]:
    from levelup.problems.counting import count_tests

    return {
        level.number: (
            sum(count_tests(p) for p in level.visible_tests),
            sum(count_tests(p) for p in level.hidden_tests),
        )
        for level in problem.levels
    }


def _check_sizes(problem: Problem, report: ValidationReport) -> None:
    for number, (visible, hidden) in _test_counts(problem).items():
        report.counts[number] = (visible, hidden)
        if not VISIBLE_RANGE[0] <= visible <= VISIBLE_RANGE[1]:
            report.warnings.append(f"level {number} has {visible} visible tests (house style: about 10)")
        if not HIDDEN_RANGE[0] <= hidden <= HIDDEN_RANGE[1]:
            report.warnings.append(f"level {number} has {hidden} hidden tests (house style: 3-6)")
    if problem.level_count != 4:
        report.warnings.append(f"{problem.level_count} levels (the assessment has 4)")


def measure_refactor_pressure(problem: Problem, report: ValidationReport) -> None:
    folders = [level.solution_dir for level in problem.levels]
    if len(folders) < 2 or not all(folder.is_dir() for folder in folders):
        return  # a missing solution folder is reported by the solution checks
    transitions = refactor_pressure(folders)
    report.refactor = [t.as_json() for t in transitions]
    if all(t.changed_share < REFACTOR_THRESHOLD for t in transitions):
        report.warnings.append(
            f"no level's reference changes or removes {REFACTOR_THRESHOLD:.0%} of the previous one's code lines "
            f"({summary_line(report.refactor)}); house style: at least one level breaks the earlier design"
        )


def _note_imported(problem: Problem, source_format: str, report: ValidationReport) -> None:
    report.counts.update(_test_counts(problem))
    report.warnings.append(
        f"imported from {source_format}: skipped the house-style test counts and the check that each level's "
        "reference fails the next level (an imported package has one final reference, not one per level)"
    )
    if not any(level.hidden_tests for level in problem.levels):
        report.warnings.append("no hidden tests: checks grade the visible tests only")


def _check_final_reference(problem: Problem, report: ValidationReport) -> None:
    """Each stored reference passes every level up to the one it is stored for (a folder's single
    solution, stored for several levels, is graded once)."""
    stored = [
        level.number
        for level in problem.levels
        if all((level.solution_dir / f"{m}.py").is_file() for m in problem.modules)
    ]
    missing = [level.number for level in problem.levels if level.number not in stored]
    if missing:
        which = (
            f"level {missing[0]}: skipped proving it"
            if len(missing) == 1
            else (f"levels {', '.join(map(str, missing))}: skipped proving they")
        )
        report.warnings.append(f"no reference solution for {which} can be passed")
    by_code: dict[tuple[tuple[str, bytes], ...], int] = {}
    for number in stored:
        by_code[tuple(sorted(code_of(problem.level(number).solution_dir).items()))] = number
    for number in sorted(by_code.values()):
        label = f"solution {number}"
        verdicts = _run(problem, problem.level(number).solution_dir, list(range(1, number + 1)), label, report)
        failing = sorted(k for k, v in verdicts.items() if v not in ("passed", "skipped"))
        if failing:
            report.fail(f"{label} (the imported reference) fails: {report.failing(failing)}")


def code_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*.py"))}


def _run(problem: Problem, folder: Path, levels: list[int], label: str, report: ValidationReport) -> dict[str, str]:
    from levelup.grading.harness import run_check

    verdicts: list[dict[str, str]] = []
    for _ in range(2):
        # the author sees hidden tests' full feedback: the validator is their tool, not the candidate's
        result = run_check(problem, code_of(folder), levels, author_view=True)
        verdicts.append({f"{t.level}:{t.name}": t.status for t in result.tests})
        report.reasons.update({f"{t.level}:{t.name}": t.message for t in result.tests if not t.passed})
        if result.import_error and label != "starter":
            report.fail(f"{label} could not be imported: {result.import_error}")
    summary_result = result
    report.runs.append(
        RunSummary(
            code=label,
            levels=levels,
            passed=sum(t.passed for t in summary_result.tests),
            total=len(summary_result.tests),
            failing=[f"L{t.level} {t.name}: {t.message}" for t in summary_result.tests if not t.passed],
        )
    )
    if verdicts[0] != verdicts[1]:
        changed = sorted(k for k in verdicts[0].keys() | verdicts[1].keys() if verdicts[0].get(k) != verdicts[1].get(k))
        report.fail(f"{label}: verdicts differ between two runs (flaky): {', '.join(changed[:5])}")
    return verdicts[0]


def _check_starter(problem: Problem, report: ValidationReport) -> None:
    verdicts = _run(problem, problem.starter_dir, [1], "starter", report)
    if verdicts and all(status in ("passed", "skipped") for status in verdicts.values()):
        report.fail("the starter passes every level 1 test: level 1 asks for nothing")


def _check_solution(problem: Problem, number: int, report: ValidationReport) -> None:
    label = f"solution {number}"
    folder = problem.level(number).solution_dir
    missing = [m for m in problem.modules if not (folder / f"{m}.py").is_file()]
    if missing:
        report.fail(f"{label}: levels/{number}/solution/ lacks {', '.join(m + '.py' for m in missing)}")
        return
    levels = list(range(1, min(number + 1, problem.level_count) + 1))
    verdicts = _run(problem, folder, levels, label, report)
    own = {k: v for k, v in verdicts.items() if int(k.split(":", 1)[0]) <= number}
    failing = sorted(k for k, v in own.items() if v not in ("passed", "skipped"))
    if failing:
        report.fail(f"{label} fails its own levels: {report.failing(failing)}")
    if number < problem.level_count:
        next_level = {k: v for k, v in verdicts.items() if int(k.split(":", 1)[0]) == number + 1}
        if next_level and all(v in ("passed", "skipped") for v in next_level.values()):
            report.fail(f"{label} already passes every level {number + 1} test: level {number + 1} adds nothing")
