"""The trusted harness: runs a problem's test files with pytest and the levelup plugin, while
the candidate's code runs in a confined worker behind proxy modules.

pytest runs in this (trusted) process. Nothing the candidate's code does reaches it except plain
data through the boundary, so the verdict cannot be forged from the candidate's side.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType

import pytest

from levelup.grading.boundary import protocol
from levelup.grading.boundary.connection import Boundary, LaunchedWorker
from levelup.grading.boundary.failures import CandidateProcessError
from levelup.grading.boundary.proxy import BrokenModule, CandidateModule, wire_proxies
from levelup.grading.code_folder import temporary_code_folder
from levelup.grading.errors import GradingError, GradingFault, SandboxUnavailable
from levelup.grading.plugin import LevelupPlugin, TestFileInfo
from levelup.grading.results import CheckResult, TestResult
from levelup.grading.rewritten_tests import cached_rewrites
from levelup.grading.sandbox import SandboxLimits, launch_worker, missing_layers, require_exam_layers
from levelup.grading.warm import WarmWorkers
from levelup.problems.model import Problem


def run_check(
    problem: Problem,
    code: Mapping[str, bytes],
    levels: Sequence[int],
    *,
    require_isolation: bool = False,
    warm: WarmWorkers | None = None,
    author_view: bool = False,
    on_result: Callable[[TestResult], None] | None = None,
) -> CheckResult:
    """Grade `code` (relative path -> content) against every test of `levels`.

    `author_view` (the validator) gives hidden tests the feedback visible tests get; a candidate's
    check never sets it. `on_result` is told of each test's result as soon as it is known (a retry
    after a grading fault tells it again).

    `warm` (watch mode) supplies a worker started ahead of time, so a re-check does not wait for
    the sandbox and interpreter to start. A fault of levelup's own (see `GradingFault`) is retried
    once with a freshly launched worker before it is raised: it is never the candidate's result."""
    try:
        return _grade(problem, code, levels, require_isolation, warm, author_view, on_result)
    except GradingFault:
        return _grade(problem, code, levels, require_isolation, None, author_view, on_result)


def _grade(
    problem: Problem,
    code: Mapping[str, bytes],
    levels: Sequence[int],
    require_isolation: bool,
    warm: WarmWorkers | None,
    author_view: bool,
    on_result: Callable[[TestResult], None] | None,
) -> CheckResult:
    started = time.monotonic()
    check_deadline = started + problem.check_seconds  # the whole check; tests not reached by then are not run
    if require_isolation:
        require_exam_layers()
    warnings = tuple(f"sandbox layer '{layer.name}' is missing: {layer.detail}" for layer in missing_layers())
    limits = SandboxLimits(memory_mb=problem.memory_mb)
    folder = warm.code_folder(code) if warm is not None else temporary_code_folder(code)
    launched: list[LaunchedWorker] = []
    faults: list[GradingFault] = []
    with folder as code_dir:
        start_worker: Callable[[], LaunchedWorker] = (
            warm.launch
            if warm is not None
            else lambda: launch_worker(code_dir, limits, require_isolation=require_isolation)
        )

        def launch() -> LaunchedWorker:
            try:
                worker = start_worker()
            except (GradingError, SandboxUnavailable):
                raise
            except Exception as exc:
                faults.append(GradingFault(f"the sandboxed worker could not be started ({type(exc).__name__}: {exc})"))
                raise faults[-1] from exc
            launched.append(worker)
            return worker

        boundary = Boundary(launch, memory_mb=problem.memory_mb)
        wire_proxies(boundary)
        try:
            import_error = _import_candidate(problem, boundary, check_deadline)
            modules = {
                name: (
                    BrokenModule(name, ImportError(import_error), f"{name}.py")
                    if import_error
                    else CandidateModule(name, boundary, f"{name}.py")
                )
                for name in problem.modules
            }
            files = {
                path: TestFileInfo(level=number, visible=path in problem.level(number).visible_tests)
                for number in levels
                for path in problem.level(number).test_files
            }
            plugin = LevelupPlugin(
                boundary,
                files,
                problem.timeout_seconds,
                check_deadline=check_deadline,
                check_seconds=problem.check_seconds,
                import_error=import_error,
                author_view=author_view,
                on_result=on_result,
            )
            _run_pytest(problem, list(files), plugin, modules)
        except (GradingError, SandboxUnavailable, KeyboardInterrupt):
            raise
        except Exception as exc:  # a bug of levelup's, not a verdict on the candidate's code
            raise GradingFault(f"levelup hit an internal error ({type(exc).__name__}: {exc})") from exc
        finally:
            boundary.close()
    if faults:  # a test that needed a fresh worker could not get one: its verdict is void
        raise faults[0]
    _raise_if_a_worker_never_started(launched)
    return CheckResult(
        tests=_in_level_order(plugin.results),
        levels=tuple(levels),
        import_error=import_error,
        warnings=warnings,
        duration=time.monotonic() - started,
        boundary_calls=boundary.calls,
    )


def _raise_if_a_worker_never_started(launched: list[LaunchedWorker]) -> None:
    """A worker that ended (or was stopped) before it reached the candidate's code failed for a
    reason of levelup's or this machine's (a launch error, a missing runtime, a sandbox set-up
    error, a machine too loaded to start it in time): whatever the tests recorded then is void."""
    for worker in launched:
        reached = getattr(worker, "reached_candidate_code", None)
        if reached is not None and not reached():
            status = worker.process.returncode
            raise GradingFault(
                f"the sandboxed worker ended before it reached your code (exit status {status}); "
                "`levelup doctor` shows whether the sandbox works on this machine"
            )


def _import_candidate(problem: Problem, boundary: Boundary, check_deadline: float) -> str | None:
    """Import every candidate module once, before the tests; None or a message saying why not."""
    boundary.deadline = time.monotonic() + problem.timeout_seconds
    boundary.deadline_label = f"the {problem.timeout_seconds:g} s limit for importing your code"
    if check_deadline < boundary.deadline:
        boundary.deadline = check_deadline
        boundary.deadline_label = f"the {problem.check_seconds:g} s limit for the whole check"
    try:
        for module in problem.modules:
            try:
                boundary.request(protocol.OP_IMPORT, module)
            except (GradingError, SandboxUnavailable):
                raise  # not the candidate's fault: the check cannot run
            except CandidateProcessError as exc:
                return f"importing {module}.py failed: {exc}"
            except Exception as exc:
                remote = getattr(exc, "levelup_remote", None)
                if remote is not None and remote.type_name == "ModuleNotFoundError" and f"'{module}'" in remote.message:
                    return f"{module}.py is missing: write your code in a file called {module}.py"
                detail = f"{remote.type_name}: {remote.message}" if remote else str(exc)
                trace = f"\n{remote.traceback.rstrip()}" if remote and remote.traceback else ""
                return f"{module}.py could not be imported: {detail}{trace}"
        return None
    finally:
        boundary.deadline = None
        boundary.take_output()


def _run_pytest(
    problem: Problem, test_files: list[Path], plugin: LevelupPlugin, modules: Mapping[str, ModuleType]
) -> None:
    with tempfile.TemporaryDirectory(prefix="levelup-pytest-") as scratch:
        ini = Path(scratch) / "pytest.ini"
        ini.write_text("[pytest]\n")
        args = [
            *(str(f) for f in test_files),
            "-c",
            str(ini),
            "--rootdir",
            str(problem.path),
            "--import-mode=importlib",
            "--continue-on-collection-errors",  # a broken level-4 file must not hide level 1's verdicts
            "-p",
            "no:cacheprovider",
            "-p",
            "no:stepwise",
            "-p",
            "no:terminal",
            "-p",
            "no:logging",
            # these two run a full garbage collection at the end of every session (~0.1 s each)
            "-p",
            "no:unraisableexception",
            "-p",
            "no:threadexception",
            # options and reports a check never uses (together ~10 ms of every check's start-up)
            *("-p", "no:doctest", "-p", "no:junitxml", "-p", "no:pastebin"),
            *("-p", "no:setuponly", "-p", "no:setupplan"),
            "-s",
            "-W",
            "ignore::pytest.PytestUnknownMarkWarning",
        ]
        with (
            _candidate_modules(modules),
            _helper_modules_importable(test_files),
            _isolated_test_modules(problem.path),
            _quiet_environment(),
            cached_rewrites(),
        ):
            exit_code = pytest.main(args, plugins=[plugin])
    if exit_code == pytest.ExitCode.INTERRUPTED:
        # pytest stops at Ctrl-C and returns; a partial run must not be graded (or stored) as a check
        raise KeyboardInterrupt


@contextmanager
def _candidate_modules(modules: Mapping[str, ModuleType]) -> Iterator[None]:
    saved = {name: sys.modules.get(name) for name in modules}
    sys.modules.update(modules)
    try:
        yield
    finally:
        for name, previous in saved.items():
            if previous is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = previous


@contextmanager
def _helper_modules_importable(test_files: list[Path]) -> Iterator[None]:
    """A test's `from coin_table import COINS` finds the helper module kept beside it, as plain
    pytest's default import mode allows (importlib mode, used here, puts no test folder on the
    path). These folders are the package's own, so the helpers are trusted; the candidate's
    modules are already in sys.modules as proxies, so a helper can never shadow them."""
    folders = list(dict.fromkeys(str(path.parent) for path in test_files))
    sys.path[:0] = folders
    try:
        yield
    finally:
        for folder in folders:
            if folder in sys.path:
                sys.path.remove(folder)


@contextmanager
def _isolated_test_modules(package_path: Path) -> Iterator[None]:
    """pytest's importlib mode caches test modules in sys.modules; a later check must import them
    afresh (they hold references to this check's proxies)."""
    before = set(sys.modules)
    try:
        yield
    finally:
        root = str(package_path)
        for name in set(sys.modules) - before:
            module_file = getattr(sys.modules.get(name), "__file__", None) or ""
            if module_file.startswith(root) or name.startswith(("levels.", "test_")):
                sys.modules.pop(name, None)


@contextmanager
def _quiet_environment() -> Iterator[None]:
    saved_env = os.environ.get("PYTEST_DISABLE_PLUGIN_AUTOLOAD")
    saved_bytecode = sys.dont_write_bytecode
    os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = "1"
    # pytest would cache assertion-rewritten test files next to them, inside the problem package
    # (possibly read-only, or shared); rewriting the few files of a check takes milliseconds.
    sys.dont_write_bytecode = True
    try:
        yield
    finally:
        sys.dont_write_bytecode = saved_bytecode
        if saved_env is None:
            os.environ.pop("PYTEST_DISABLE_PLUGIN_AUTOLOAD", None)
        else:
            os.environ["PYTEST_DISABLE_PLUGIN_AUTOLOAD"] = saved_env


def _in_level_order(results: list[TestResult]) -> tuple[TestResult, ...]:
    return tuple(sorted(results, key=lambda r: (r.level, not r.visible)))
