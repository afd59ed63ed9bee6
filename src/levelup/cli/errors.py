"""Turn domain errors into a one-paragraph message and an exit status, never a traceback:
2 for a problem the user can act on (bad input, a store that cannot be used), 3 when levelup
itself could not grade a check (nothing was recorded; running the check again may work)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text

from levelup.cli.entry import INTERRUPTED
from levelup.errors import DOMAIN_ERRORS
from levelup.grading.errors import GradingFault

# Typer's usage error (the base of typer.BadParameter), whether Typer vendors click or depends on it
UsageError: type[Exception] = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")


class CommandError(Exception):
    """A command's arguments name nothing that exists (`list --topic nonsense`)."""


GRADING_FAULT_EXIT = 3
USER_ERRORS: tuple[type[Exception], ...] = (CommandError, *DOMAIN_ERRORS)


@contextmanager
def reported_errors(console: Console, as_json: bool = False) -> Iterator[None]:
    """Under `--json` the error is a JSON document on stdout (docs/json.md), with the same exit code."""
    try:
        yield
    except GradingFault as exc:
        console.print(Text("error: ", style="bold red") + Text(str(exc)) + Text(" Nothing was recorded."))
        raise typer.Exit(GRADING_FAULT_EXIT) from None
    except USER_ERRORS as exc:
        _report(console, str(exc), 2, as_json)
    except UsageError as exc:  # a bad option value noticed by the command itself
        if not as_json:
            raise
        _report(console, exc.format_message(), 2, as_json)  # type: ignore[attr-defined]
    except KeyboardInterrupt:
        if as_json:
            _report(console, INTERRUPTED, 130, as_json)
        console.print(Text(INTERRUPTED, style="yellow"))
        raise typer.Exit(130) from None


def print_json_error(message: str, code: int) -> None:
    from levelup.cli.render import error_json

    sys.stdout.write(json.dumps(error_json(message, code), indent=2) + "\n")


def _report(console: Console, message: str, code: int, as_json: bool) -> NoReturn:
    if as_json:
        print_json_error(message, code)
    else:
        console.print(Text("error: ", style="bold red") + Text(message))
    raise typer.Exit(code) from None
