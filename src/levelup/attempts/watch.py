"""Watch mode: re-check a workspace every time the candidate saves a Python file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from levelup.attempts import workspace
from levelup.attempts.service import AttemptService, CheckOutcome
from levelup.grading.errors import GradingFault


def _is_code_change(change: object, path: str) -> bool:
    relative = Path(path)
    return relative.suffix == ".py" and "__pycache__" not in relative.parts and ".levelup" not in relative.parts


def watch_workspace(
    service: AttemptService,
    folder: Path,
    on_result: Callable[[CheckOutcome], None],
    stop_after: int | None = None,
    on_fault: Callable[[GradingFault], None] | None = None,
) -> int:
    """Check now, then after every save, until interrupted (or `stop_after` checks). Returns the
    number of checks run. One warm worker waits for the next save, so re-checks start at once.
    A check levelup itself could not grade goes to `on_fault` (nothing is recorded) and watching
    goes on; without `on_fault` it is raised."""
    from watchfiles import watch

    root = workspace.find_workspace(folder)
    warm = service.warm_workers(root)
    checks = 0
    try:
        def check() -> None:
            try:
                on_result(service.check(root, warm))
            except GradingFault as fault:
                if on_fault is None:
                    raise
                on_fault(fault)
            prepare_next()

        def prepare_next() -> None:
            try:
                warm.prepare_next()  # while the candidate reads the result and types
            except Exception:  # a worker that cannot start now is started by the check, which says why
                pass

        prepare_next()
        check()
        checks += 1
        if stop_after is not None and checks >= stop_after:
            return checks
        for _changes in watch(root, watch_filter=_is_code_change, debounce=150, step=50, rust_timeout=0):
            check()
            checks += 1
            if stop_after is not None and checks >= stop_after:
                break
    finally:
        warm.close()
    return checks
