"""Turn domain errors into a one-paragraph message and exit status 2, never a traceback."""

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
from levelup.grading.errors import GradingError, SandboxUnavailable
from levelup.problems.errors import ProblemError
from levelup.rounds.bank import QuestionError
from levelup.rounds.scoring import MarkError
from levelup.store.errors import StoreError

USER_ERRORS: tuple[type[Exception], ...] = (
    AttemptError,
    ClockError,
    GradingError,
    ProblemError,
    QuestionError,
    MarkError,
    SandboxUnavailable,
    StoreError,
    WorkspaceError,
)


@contextmanager
def reported_errors(console: Console) -> Iterator[None]:
    try:
        yield
    except USER_ERRORS as exc:
        console.print(Text("error: ", style="bold red") + Text(str(exc)))
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        console.print(Text(INTERRUPTED, style="yellow"))
        raise typer.Exit(130) from None
