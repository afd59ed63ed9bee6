"""Hosted mode in the terminal: `levelup server` (the hosted web server) and `levelup admin`
(staff accounts). Thin: each command reads the environment, calls levelup.hosted and renders."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any

import typer
from rich.text import Text

from levelup.cli.app import app, console
from levelup.cli.errors import reported_errors

admin_app = typer.Typer(help="Staff accounts of the hosted server (admins and reviewers).", no_args_is_help=True)
app.add_typer(admin_app, name="admin")

EmailOption = Annotated[str | None, typer.Option("--email", help="The account's email address.")]
PasswordStdinOption = Annotated[
    bool, typer.Option("--password-stdin", help="Read the password from the first line of standard input.")
]


@contextmanager
def _reported() -> Iterator[None]:
    from levelup.hosted.errors import HostedError

    with reported_errors(console):
        try:
            yield
        except HostedError as exc:
            console.print(Text("error: ", style="bold red") + Text(str(exc)))
            raise typer.Exit(2) from None


def _hosted_settings(warn_sqlite: bool = True) -> Any:
    """The settings of a hosted command: the shared store must be named explicitly."""
    from levelup.hosted.errors import HostedConfigError
    from levelup.settings import Settings

    if not os.environ.get("LEVELUP_DATABASE_URL"):
        raise HostedConfigError(
            "hosted mode needs LEVELUP_DATABASE_URL, the store the server and its workers share, e.g. "
            "postgresql+psycopg://levelup@db.example.com/levelup (see docs/hosting.md)"
        )
    settings = Settings.from_environment()
    if warn_sqlite and settings.database_url.startswith("sqlite"):
        console.print(Text(
            "WARNING: LEVELUP_DATABASE_URL is a SQLite file. That serves a trial on one machine only: grading "
            "workers on other hosts cannot reach it and concurrent candidates will wait on its lock. Use PostgreSQL "
            "for real assessments.", style="bold yellow",
        ))
    return settings


def _runner(settings: Any) -> tuple[Any, Callable[[], None]]:
    """The check runner and what to close when the server stops."""
    broker = os.environ.get("LEVELUP_BROKER_URL")
    if not broker:
        from levelup.attempts.service import AttemptService
        from levelup.web.app import local_runner

        console.print(Text(
            "WARNING: LEVELUP_BROKER_URL is not set, so checks are graded inside this server process. Set it "
            "(redis://...) and run `levelup worker` on grading hosts for real assessments.", style="bold yellow",
        ))
        local, warm = local_runner(AttemptService(settings))
        return local, warm.close
    from levelup.hosted.grading import QueueCheckRunner

    queued = QueueCheckRunner(settings)  # the broker, namespace and redelivery time from the environment
    return queued, queued.close


@app.command()
def server(
    host: Annotated[str, typer.Option(help="Address to bind; other than 127.0.0.1 exposes the server.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
) -> None:
    """The hosted server: staff sign in, candidates take assessments through invite links."""
    with _reported():
        import uvicorn

        from levelup.hosted.config import HostedConfig
        from levelup.web.hosted.app import create_hosted_app
        from levelup.web.server import bind

        settings = _hosted_settings()
        config = HostedConfig.from_environment()
        runner, close_runner = _runner(settings)
        hosted_app = create_hosted_app(settings, runner, config)
        if host not in ("127.0.0.1", "localhost", "::1"):
            console.print(Text(f"warning: binding {host} exposes the server; put it behind a TLS proxy "
                               "(docs/hosting.md)", style="bold yellow"))
        try:
            sock = bind(host, port)
        except OSError as exc:
            console.print(Text(f"error: cannot listen on {host}:{port} ({exc.strerror or exc})", style="bold red"))
            raise typer.Exit(2) from None
        shown = f"[{host}]" if ":" in host else host
        console.print(Text.assemble("levelup hosted server at ", (f"http://{shown}:{sock.getsockname()[1]}", "bold"),
                                    "\nCtrl-C stops it."))
        # no access log: an invite's path carries its token, which must not sit in a log file
        uvicorn_config = uvicorn.Config(hosted_app, log_level="info", access_log=False, lifespan="on",
                                        proxy_headers=True,
                                        forwarded_allow_ips=os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1"))
        try:
            uvicorn.Server(uvicorn_config).run(sockets=[sock])
        except KeyboardInterrupt:
            pass
        finally:
            close_runner()  # the warm grading workers of a server grading in-process


def _create_staff(name: str, email: str | None, password_stdin: bool, role: str) -> None:
    with _reported():
        from levelup.hosted.people import People
        from levelup.store.database import Database

        settings = _hosted_settings(warn_sqlite=False)
        if password_stdin:
            password = sys.stdin.readline().rstrip("\r\n")
        else:
            password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
        user = People(Database(settings.database_url)).create_staff(name, email, password, role)
        console.print(Text.assemble(f"{role} account ", (user.name, "bold"), " created; sign in at /signin"))


@admin_app.command("create")
def admin_create(
    name: Annotated[str, typer.Argument(help="The account name to sign in with.")],
    email: EmailOption = None,
    password_stdin: PasswordStdinOption = False,
) -> None:
    """Make an admin account (the first one starts a team's hosted server)."""
    _create_staff(name, email, password_stdin, "admin")


@admin_app.command("reviewer")
def admin_reviewer(
    name: Annotated[str, typer.Argument(help="The account name to sign in with.")],
    email: EmailOption = None,
    password_stdin: PasswordStdinOption = False,
) -> None:
    """Make a reviewer account (reviewers see and score the candidates assigned to them)."""
    _create_staff(name, email, password_stdin, "reviewer")
