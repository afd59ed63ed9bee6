"""The bundled packages whose tests use threads pass 20 of 20 gradings of their reference while
busy loops load every core: a test that depends on timing, a grader limit too tight under load
or a worker start-up race shows up here as a failed run (issue 10: "a validator run under CPU load
in CI that passes 20 of 20").

Each run grades the last level's reference through the path `levelup validate` uses (`run_check`
with the author's view) on the levels that are timing-sensitive, four runs at a time in separate
processes next to the busy loops. The full-package variant is `benchmarks/validate_under_load.py`."""

from __future__ import annotations

import multiprocessing
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor

import pytest

RUNS = 20
AT_ONCE = 4  # gradings in parallel: with the busy loops, several runnable processes per core
BUSY_LOOPS = 2
# (package, reference level, levels graded): kv-store-locking's levels 3-4 use threads, gates and
# barriers, and its level 1 holds a 900-call test (the one a loaded machine used to time out);
# data-loader's levels 3-4 load in background threads
CONCURRENCY_LEVELS = [("kv-store-locking", 4, (1, 2, 3, 4)), ("data-loader", 4, (3, 4))]


def grade_reference(slug: str, reference: int, levels: tuple[int, ...]) -> list[str]:
    """One grading of the package's reference; what did not pass, with why."""
    from levelup.grading.harness import run_check
    from levelup.problems.catalog import BUNDLED_DIR
    from levelup.problems.loader import load_problem
    from levelup.problems.validator import code_of

    problem = load_problem(BUNDLED_DIR / slug)
    result = run_check(problem, code_of(problem.level(reference).solution_dir), list(levels), author_view=True)
    failed = [f"L{t.level} {t.name}: {t.status}: {t.message}" for t in result.tests if not t.passed]
    if result.import_error:
        failed.append(f"import error: {result.import_error}")
    if not result.tests:
        failed.append("no test ran")
    return failed


@pytest.mark.parametrize(("slug", "reference", "levels"), CONCURRENCY_LEVELS, ids=[c[0] for c in CONCURRENCY_LEVELS])
def test_concurrency_levels_pass_every_run_while_the_cpu_is_loaded(
    slug: str, reference: int, levels: tuple[int, ...]
) -> None:
    busy = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(BUSY_LOOPS)]
    try:
        with ProcessPoolExecutor(AT_ONCE, mp_context=multiprocessing.get_context("spawn")) as pool:
            runs = list(pool.map(grade_reference, [slug] * RUNS, [reference] * RUNS, [levels] * RUNS))
    finally:
        for process in busy:
            process.kill()
            process.wait()
    failed = {number: reasons for number, reasons in enumerate(runs, 1) if reasons}
    report = "\n".join(f"run {number}: {reason}" for number, reasons in failed.items() for reason in reasons)
    assert not failed, f"{RUNS - len(failed)}/{RUNS} runs passed under load:\n{report}"
