"""The `levelup` command's entry point. For `levelup check` it starts grading before the
command-line framework even loads: it hands the check to a running daemon (`levelup.daemon`), or
else starts grading ahead in a child (`levelup.attempts.early_start`); then the Typer app runs
the command, whatever it is, exactly as it would have."""

from __future__ import annotations

import sys
from pathlib import Path

INTERRUPTED = "interrupted: nothing was recorded for the command in progress"


def main() -> None:
    try:
        args = sys.argv[1:]
        folder = check_folder(args)
        if folder is not None and not _begin_through_daemon(folder, args):
            from levelup.attempts import early_start

            early_start.begin(folder)
        from levelup.cli.app import main as run_app

        run_app()
    except KeyboardInterrupt:  # Ctrl-C before a command's own handling is in place
        print(INTERRUPTED, flush=True)
        raise SystemExit(130) from None


def check_folder(args: list[str]) -> Path | None:
    """The workspace of a `levelup check` command line; None for other commands, and for any
    line this simple reading is unsure of (Typer parses every line properly later)."""
    if not args or args[0] != "check":
        return None
    folder = "."
    options = iter(args[1:])
    for option in options:
        if option in ("--dir", "-d"):
            folder = next(options, "")
        elif option.startswith("--dir="):
            folder = option.removeprefix("--dir=")
        elif option in ("--help", "--") or (option.startswith("-d") and option != "-d"):
            return None
    return Path(folder).resolve() if folder else None


def _begin_through_daemon(folder: Path, args: list[str]) -> bool:
    """Whether a daemon takes this check (see `levelup.daemon.client.begin`)."""
    if "--no-daemon" in args:
        return False
    from levelup.daemon import client

    return client.begin(folder, send=sends_early(args))


def sends_early(args: list[str]) -> bool:
    """Whether the check may go to the daemon before Typer parses the line: only when every option
    is certain to parse (the daemon records the check it grades, and a line Typer then refused
    would have recorded a check for a command that failed). Other lines send it from the command."""
    options = iter(args[1:])
    for option in options:
        if option in ("--dir", "-d"):
            next(options, None)
        elif option != "--json" and not option.startswith("--dir="):
            return False
    return True
