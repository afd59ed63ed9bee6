"""Turn domain errors into a one-paragraph message and an exit status, never a traceback:
2 for a problem the user can act on (bad input, a store that cannot be used), 3 when levelup
itself could not grade a check (nothing was recorded; running the check again may work)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from rich.console import Console
from rich.text import Text

from levelup.attempts.clock import ClockError
from levelup.attempts.errors import AttemptError
from levelup.attempts.workspace import WorkspaceError
from levelup.cli.entry import INTERRUPTED
from levelup.grading.errors import GradingError, GradingFault, SandboxUnavailable
from levelup.problems.errors import ProblemError
from levelup.store.errors import StoreError

GRADING_FAULT_EXIT = 3
USER_ERRORS: tuple[type[Exception], ...] = (
    AttemptError,
    ClockError,
    GradingError,
    ProblemError,
    SandboxUnavailable,
    StoreError,
    WorkspaceError,
)


@contextmanager
def reported_errors(console: Console) -> Iterator[None]:
    try:
        yield
    except GradingFault as exc:
        console.print(Text("error: ", style="bold red") + Text(str(exc)) + Text(" Nothing was recorded."))
        raise typer.Exit(GRADING_FAULT_EXIT) from None
    except USER_ERRORS as exc:
        console.print(Text("error: ", style="bold red") + Text(str(exc)))
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        console.print(Text(INTERRUPTED, style="yellow"))
        raise typer.Exit(130) from None
