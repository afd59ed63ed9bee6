"""`levelup daemon start|stop|status`: the resident grader `levelup check` hands checks to (see
`levelup.daemon`). `levelup check` starts one by itself; these commands are for looking at it and
ending it early."""

from __future__ import annotations

import time
from typing import Any

import typer
from rich.text import Text

from levelup.cli.app import app, console

WAIT_SECONDS = 60.0  # for a daemon to start answering, or to finish its check in progress and end

daemon_app = typer.Typer(
    help="The resident grader `levelup check` hands checks to (it ends by itself when idle).",
    no_args_is_help=True,
)
app.add_typer(daemon_app, name="daemon")


def _settings() -> Any:
    from levelup.settings import Settings

    return Settings.from_environment()


def _status(settings: Any) -> dict[str, Any] | None:
    from levelup.daemon.client import request
    from levelup.daemon.protocol import identity

    reply = request(settings, {"op": "status", "identity": identity(settings)})
    return reply.get("status") if reply else None


@daemon_app.command("start")
def start() -> None:
    """Start the daemon for this data folder now (`levelup check` starts it by itself)."""
    from levelup.daemon.client import spawn
    from levelup.daemon.protocol import place

    settings = _settings()
    status = _status(settings)
    if status is None:
        spawn()
        deadline = time.monotonic() + WAIT_SECONDS
        while status is None and time.monotonic() < deadline:
            time.sleep(0.05)
            status = _status(settings)
        if status is None:
            message = f"error: the daemon did not start; its log is {place(settings).log}"
            console.print(Text(message, style="bold red"))
            raise typer.Exit(2)
    _describe(status)
    if not settings.use_daemon:
        console.print(Text("LEVELUP_NO_DAEMON is set: `levelup check` here will not use it.", style="yellow"))


@daemon_app.command("stop")
def stop() -> None:
    """End the daemon for this data folder, after the check it is grading (if any)."""
    from levelup.daemon.client import request

    settings = _settings()
    reply = request(settings, {"op": "stop"})
    if reply is None:
        console.print("No levelup daemon is running for this data folder.")
        return
    if not reply.get("stopping"):
        console.print(Text(f"error: {reply.get('error', {}).get('message', reply)}", style="bold red"))
        raise typer.Exit(1)
    deadline = time.monotonic() + WAIT_SECONDS
    while _status(settings) is not None and time.monotonic() < deadline:
        time.sleep(0.05)
    console.print(f"Stopped the levelup daemon (pid {reply.get('pid')}).")


@daemon_app.command("status")
def status() -> None:
    """Whether a daemon (or `levelup serve`) grades this data folder's checks; exit 1 when none does."""
    settings = _settings()
    found = _status(settings)
    if found is None:
        console.print("No levelup daemon is running for this data folder; the next `levelup check` starts one.")
        raise typer.Exit(1)
    _describe(found)


def _describe(status: dict[str, Any]) -> None:
    who = "`levelup serve`" if status.get("kind") == "serve" else "The levelup daemon"
    minutes = (time.time() - float(status.get("started_at", time.time()))) / 60
    checks = int(status.get("checks", 0))
    line = f"{who} (pid {status.get('pid')}) has run for {minutes:.0f} min and graded {checks} " + (
        "check." if checks == 1 else "checks."
    )
    if status.get("idle_minutes") is not None:
        line += f" It ends after {status['idle_minutes']:g} min without a check."
    console.print(Text(line))
    console.print(Text(f"Socket: {status.get('socket')}", style="dim"))
    if not status.get("same_version"):
        console.print(
            Text(
                "It runs another levelup version or other settings than this shell, so checks from here grade "
                "on their own; `levelup daemon stop` ends it.",
                style="yellow",
            )
        )
