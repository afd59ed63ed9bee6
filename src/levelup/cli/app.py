"""`levelup`: the command-line face. Each command parses its options, calls the application
layer and renders; nothing here grades, stores or times anything."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from levelup.cli import render
from levelup.cli.entry import INTERRUPTED
from levelup.cli.errors import CommandError, UsageError, print_json_error, reported_errors

app = typer.Typer(
    name="levelup",
    help="Practise progressive coding interviews: unlock levels by passing tests, against the clock.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False, soft_wrap=True)


def _show_version(value: bool) -> None:
    if value:
        from importlib.metadata import PackageNotFoundError, version

        try:
            number = version("levelup")
        except PackageNotFoundError:  # running from a source tree that was never installed
            number = "unknown"
        sys.stdout.write(f"levelup {number}\n")
        raise typer.Exit(0)


@app.callback()
def _options(
    show_version: Annotated[
        bool,
        typer.Option("--version", callback=_show_version, is_eager=True, help="Print levelup's version and exit."),
    ] = False,
) -> None:
    """Practise progressive coding interviews: unlock levels by passing tests, against the clock."""


DirOption = Annotated[
    Path | None, typer.Option("--dir", "-d", help="The attempt's workspace (default: the current folder).")
]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]


def _service() -> Any:
    from levelup.attempts.service import AttemptService
    from levelup.settings import Settings

    return AttemptService(Settings.from_environment())


def _print_json(data: Any) -> None:
    sys.stdout.write(json.dumps(data, indent=2, default=str) + "\n")


def _folder(directory: Path | None) -> Path:
    return (directory or Path.cwd()).resolve()


@app.command("list")
def list_problems(
    as_json: JsonOption = False,
    topic: Annotated[str | None, typer.Option(help="Only problems with this topic (e.g. ml, graphs).")] = None,
) -> None:
    """Show the problems you can start."""
    with reported_errors(console, as_json):
        problems = _service().catalog.all()
        if topic:
            topics = sorted({t for p in problems for t in p.topics})
            problems = [p for p in problems if topic in p.topics]
            if not problems:
                raise CommandError(f"no problem has the topic {topic!r}; the topics are: {', '.join(topics)}")
        if as_json:
            _print_json(render.problems_json(problems))
        else:
            console.print(render.problems_table(problems))


@app.command()
def start(
    slug: Annotated[str, typer.Argument(help="The problem to attempt (see `levelup list`).")],
    directory: Annotated[Path | None, typer.Option("--dir", "-d", help="Workspace folder (default: ./SLUG).")] = None,
    mode: Annotated[str, typer.Option(help="exam (hard time limit, no pause) or practice.")] = "practice",
    minutes: Annotated[float | None, typer.Option(help="Time limit; exam default: the problem's minutes.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Create a workspace with the starter code, level 1's spec and its visible tests."""
    with reported_errors(console, as_json):
        if mode not in ("exam", "practice"):
            raise typer.BadParameter("use exam or practice", param_hint="--mode")
        view = _service().start(slug, directory, mode, minutes)  # type: ignore[arg-type]
        if as_json:
            _print_json(render.status_json(view))
            return
        console.print(Text(f"Started {view.title} in {view.workspace}", style="bold green"))
        render.status_lines(console, view)
        console.print(
            f"Read SPEC.md, write your code, and run `{_command()} check` in that folder "
            "(plain `pytest` runs the visible tests too)."
        )


@app.command()
def check(
    directory: DirOption = None,
    as_json: JsonOption = False,
    results_format: Annotated[
        str, typer.Option("--format", help="text, or exercism to also write Exercism's results.json into --output.")
    ] = "text",
    output: Annotated[Path | None, typer.Option(help="The folder --format exercism writes results.json to.")] = None,
    junit_xml: Annotated[
        Path | None, typer.Option("--junit-xml", help="Also write JUnit XML (one testsuite per level) to this file.")
    ] = None,
    no_daemon: Annotated[
        bool, typer.Option("--no-daemon", help="Grade in this process, not in a running `levelup daemon`/`serve`.")
    ] = False,
) -> None:
    """Grade your code against every unlocked level; unlock the next level when all pass."""
    with reported_errors(console, as_json):  # Ctrl-C even this early exits 130 quietly
        from levelup.exporters import ExportError, write_exports

        if results_format not in ("text", "exercism"):
            raise typer.BadParameter("use text or exercism", param_hint="--format")
        if results_format == "exercism" and output is None:
            raise typer.BadParameter("--format exercism writes results.json into a folder: name it with --output DIR")
        if output is not None and results_format != "exercism":
            raise typer.BadParameter(
                "--output names the folder for --format exercism's results.json: add --format exercism "
                "(for JUnit XML, use --junit-xml PATH instead)",
                param_hint="--output",
            )
    exporting = output is not None or junit_xml is not None
    with reported_errors(console, as_json):
        from levelup.daemon import client as daemon

        folder = _folder(directory)
        outcome = None if no_daemon else daemon.check(folder)  # graded by a running daemon, if any
        graded_here = outcome is None
        if outcome is None:
            from levelup.attempts.early_start import early_check

            with early_check(folder) as early:  # grading began before the database layer loads
                outcome = _service().check(folder, early=early)
        problem = _catalog().get(outcome.attempt.slug) if exporting else None
    if as_json:
        _print_json(render.check_json(outcome))
    else:
        render.check_report(console, outcome)
    if graded_here and not no_daemon:
        daemon.start_after_own_check(folder)  # the next check is handed to it
    if not outcome.recorded:  # the store failed: the report says so in its note
        raise typer.Exit(2)
    if problem is not None:  # after the report: the check is recorded (and may have unlocked a level) anyway
        try:
            written = write_exports(outcome.result, problem, output, junit_xml)
        except ExportError as exc:
            if as_json:  # stdout already holds the check's document: the error goes to stderr
                sys.stderr.write(json.dumps(render.error_json(str(exc), 2)) + "\n")
            else:
                Console(stderr=True, highlight=False).print(Text("error: ", style="bold red") + Text(str(exc)))
            raise typer.Exit(2) from None
        for path in written if not as_json else []:  # --json keeps stdout one JSON document
            console.print(Text(f"Wrote {path}", style="dim"))
    raise typer.Exit(0 if outcome.result.all_passed else 1)


@app.command()
def attach(
    attempt_id: Annotated[int, typer.Argument(help="The attempt (`levelup history` lists them).")],
    directory: Annotated[Path, typer.Option("--dir", "-d", help="The folder to make its workspace.")] = Path("."),
    as_json: JsonOption = False,
) -> None:
    """Make a folder an attempt's workspace again (after it was moved or copied, or its .levelup
    marker was deleted). The folder the attempt had before stops being its workspace."""
    with reported_errors(console):
        view = _service().attach(directory, attempt_id)
    if as_json:
        _print_json(render.attempt_json(view))
        return
    message = f"{view.workspace} is now the workspace of attempt {view.id} ({view.title})"
    console.print(Text(message, style="bold green"))
    render.status_lines(console, view)


@app.command()
def hints(
    directory: DirOption = None,
    level: Annotated[int | None, typer.Option(help="An unlocked level (default: your current level).")] = None,
) -> None:
    """Hints for a level you have unlocked; the attempt's report counts the levels whose hints you viewed."""
    with reported_errors(console):
        _, text = _service().hints(_folder(directory), level)
    console.print(Text(text.rstrip()))


@app.command()
def watch(directory: DirOption = None) -> None:
    """Re-check on every save (Ctrl-C to stop); a warm worker makes re-checks start at once."""
    from levelup.attempts.watch import watch_workspace

    def show(outcome: Any) -> None:
        console.rule(f"check at {outcome.attempt.elapsed_seconds / 60:.1f} min")
        render.check_report(console, outcome)

    with reported_errors(console):
        service = _service()
        folder = _folder(directory)
        service.status(folder)  # a folder that is not a workspace is an error before anything starts
        console.print("Watching for saves; Ctrl-C to stop.")

        def fault(exc: Exception) -> None:
            note = Text(" Nothing was recorded; watching goes on.", style="dim")
            console.print(Text(str(exc), style="bold red") + note)

        try:
            watch_workspace(service, folder, show, on_fault=fault)
        except KeyboardInterrupt:
            console.print("stopped watching")


@app.command()
def status(directory: DirOption = None, as_json: JsonOption = False) -> None:
    """Time left, current level and score so far."""
    with reported_errors(console, as_json):
        view = _service().status(_folder(directory))
    if as_json:
        _print_json(render.status_json(view))
    else:
        render.status_lines(console, view)


@app.command()
def pause(directory: DirOption = None) -> None:
    """Stop the clock of a practice attempt."""
    with reported_errors(console):
        view = _service().pause(_folder(directory))
    render.status_lines(console, view)


@app.command()
def resume(directory: DirOption = None) -> None:
    """Restart the clock of a paused practice attempt."""
    with reported_errors(console):
        view = _service().resume(_folder(directory))
    render.status_lines(console, view)


@app.command()
def submit(directory: DirOption = None, as_json: JsonOption = False) -> None:
    """End the attempt and print its report."""
    with reported_errors(console, as_json):
        view = _service().submit(_folder(directory))
    if as_json:
        _print_json(render.status_json(view))
    else:
        render.report(console, view)


@app.command()
def history(as_json: JsonOption = False) -> None:
    """Your past and current attempts."""
    with reported_errors(console, as_json):
        views = _service().history()
    if as_json:
        _print_json(render.history_json(views))
    else:
        console.print(render.history_table(views))


@app.command()
def solution(
    slug: Annotated[str, typer.Argument(help="The problem.")],
    level: Annotated[int, typer.Option("--level", "-l", help="Show the reference as it stands after this level.")],
) -> None:
    """The reference solution (after you finished or submitted an attempt of the problem)."""
    with reported_errors(console):
        files = _service().solution(slug, level)
    for name, text in files.items():
        console.print(Text(f"# ---- {name} (reference after level {level}) ----", style="bold"))
        console.print(Text(text), soft_wrap=True)


def _package_or_bank(argument: Path) -> Path:
    """A folder or file as given, or else a catalogue problem named by its slug (`validate banking`)."""
    from levelup.problems.errors import ProblemError

    if argument.exists() or len(argument.parts) > 1:
        return argument.resolve()
    try:
        return _service().catalog.get(str(argument)).path
    except ProblemError as exc:
        raise CommandError(f"{argument} is not a folder or file here, and {exc}") from None


@app.command()
def validate(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="Package folders or question-bank folders/files (default: everything bundled)."),
    ] = None,
    as_json: JsonOption = False,
    jobs: Annotated[int | None, typer.Option(help="Packages validated in parallel (default: CPU count).")] = None,
) -> None:
    """Prove problem packages and question banks are sound: schema, starter fails, each level adds a requirement."""
    from levelup.problems.refactor_measure import summary_line
    from levelup.problems.validator import validate_many
    from levelup.rounds.bank import BUNDLED_BANK, load_bank

    with reported_errors(console, as_json):
        chosen = [_package_or_bank(p) for p in paths] if paths else None
        packages = [p for p in chosen if _is_package(p)] if chosen else _service().catalog.folders()
        banks = [p for p in chosen if not _is_package(p)] if chosen else [BUNDLED_BANK]
        reports = validate_many(packages, jobs) if packages else []
        question_banks = [(folder, load_bank(folder)) for folder in banks]
    bank_ok = all(bank.questions and not bank.problems for _, bank in question_banks)
    if as_json:
        _print_json(
            {
                "version": render.JSON_VERSION,
                "packages": [report.__dict__ | {"runs": [r.__dict__ for r in report.runs]} for report in reports],
                "question_banks": [
                    {"path": str(folder), "ok": bool(bank.questions) and not bank.problems,
                     "questions": len(bank.questions), "errors": bank.problems}
                    for folder, bank in question_banks
                ],
            }
        )
    else:
        for report in reports:
            mark = Text("OK  ", style="bold green") if report.ok else Text("FAIL", style="bold red")
            counts = "  ".join(f"L{n}: {v}+{h}" for n, (v, h) in sorted(report.counts.items()))
            console.print(Text.assemble(mark, " ", (report.slug, "bold"), f"  {counts}"))
            if report.refactor:
                console.print(Text(f"     {summary_line(report.refactor)}"))
            for error in report.errors:
                console.print(Text(f"     error: {error}", style="red"))
            for warning in report.warnings:
                console.print(Text(f"     warning: {warning}", style="yellow"))
        if reports:
            bad = sum(not r.ok for r in reports)
            console.print(f"{len(reports) - bad} of {len(reports)} packages valid")
        for folder, bank in question_banks:
            ok = bool(bank.questions) and not bank.problems
            mark = Text("OK  ", style="bold green") if ok else Text("FAIL", style="bold red")
            names = sorted({q.round for q in bank.questions})
            rounds = "  ".join(f"{name}: {len(bank.in_round(name))}" for name in names)
            console.print(Text.assemble(mark, " ", ("question bank", "bold"), f" {folder}  {rounds}"))
            for problem in bank.problems or ([] if bank.questions else ["no question files (*.toml) found"]):
                console.print(Text(f"     error: {problem}", style="red"))
    raise typer.Exit(1 if any(not r.ok for r in reports) or not bank_ok else 0)


def _is_package(path: Path) -> bool:
    return (path / "problem.toml").is_file()


@app.command()
def doctor(
    as_json: JsonOption = False,
    setup: Annotated[
        bool, typer.Option("--setup", help="Prepare the unprivileged worker runtime (root; install.sh runs it).")
    ] = False,
) -> None:
    """Which sandbox layers confine your code on this machine."""
    from levelup.grading.sandbox import describe_layers, prepare_unprivileged_runtime

    if setup:
        try:
            console.print(prepare_unprivileged_runtime())
        except (OSError, subprocess.CalledProcessError) as exc:
            console.print(Text(f"error: could not prepare the sandbox runtime: {exc}", style="bold red"))
            raise typer.Exit(2) from None
    layers = describe_layers()
    places = _places()
    if as_json:
        _print_json({"version": render.JSON_VERSION, "layers": [layer.__dict__ for layer in layers], **places})
    else:
        for layer in layers:
            mark = Text("active ", style="bold green") if layer.active else Text("MISSING", style="bold red")
            console.print(Text.assemble(mark, " ", (f"{layer.name:11}", "bold"), " ", layer.detail))
        console.print(Text.assemble(("store          ", "bold"), places["store"]))
        console.print(Text.assemble(("problem library", "bold"), " ", places["problem_library"]))
    raise typer.Exit(0 if all(layer.active for layer in layers) else 1)


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="Port to listen on (default: a free one).")] = 0,
    host: Annotated[str, typer.Option(help="Address to bind; other than 127.0.0.1 exposes the app.")] = "127.0.0.1",
    open_browser: Annotated[bool, typer.Option("--open/--no-open", help="Open the app in a browser.")] = True,
) -> None:
    """The browser app: problems, an editor beside the spec, a clock, Check and the report."""
    from levelup.settings import Settings
    from levelup.web.server import serve as run_server

    if host not in ("127.0.0.1", "localhost", "::1"):
        console.print(Text(f"warning: binding {host} lets other machines reach levelup; anyone with the link "
                           "can drive it", style="bold yellow"))
    try:
        run_server(
            Settings.from_environment(), host, port, open_browser,
            lambda url: console.print(Text.assemble("levelup is serving at ", (url, "bold"), "\nCtrl-C stops it.")),
        )
    except OSError as exc:
        console.print(Text(f"error: cannot listen on {host}:{port} ({exc.strerror or exc})", style="bold red"))
        raise typer.Exit(2) from None
    except KeyboardInterrupt:
        pass


@app.command()
def worker(
    processes: Annotated[int, typer.Option(help="Worker processes (each grades one check at a time).")] = 1,
    threads: Annotated[int, typer.Option(help="Threads per process (1: pytest grades one check per process).")] = 1,
) -> None:
    """Hosted mode: grade checks from the queue (LEVELUP_BROKER_URL) into the database
    (LEVELUP_DATABASE_URL). Refuses to start without every sandbox layer."""
    from levelup.hosted.worker import run_worker

    with reported_errors(console):
        code = run_worker(processes, threads, lambda line: console.print(Text(line)))
    raise typer.Exit(code)


import_app = typer.Typer(
    help="Turn practice material in another format into a problem in your library (see `levelup list`).",
    no_args_is_help=True,
)
app.add_typer(import_app, name="import")
SourceArgument = Annotated[Path, typer.Argument(help="The folder to import (it is only read).")]
SlugOption = Annotated[str | None, typer.Option(help="The problem's slug (default: from the folder's name).")]
ReplaceOption = Annotated[bool, typer.Option("--replace", help="Overwrite a problem of that slug in your library.")]


@import_app.command("icf")
def import_icf(
    source: SourceArgument, slug: SlugOption = None, replace: ReplaceOption = False, as_json: JsonOption = False
) -> None:
    """A CodeSignal-style project: your code at the root, unittest suites per level (tests/level_N_tests.py)."""
    from levelup.importers.icf import import_icf as read_and_install

    with reported_errors(console, as_json):
        report = read_and_install(source, _problem_library(), slug, replace)
    _print_import(report, as_json)


@import_app.command("exercism")
def import_exercism(
    source: SourceArgument, slug: SlugOption = None, replace: ReplaceOption = False, as_json: JsonOption = False
) -> None:
    """An Exercism Python exercise: a concept exercise makes one level per task, a practice exercise one level."""
    from levelup.importers.exercism import import_exercism as read_and_install

    with reported_errors(console, as_json):
        report = read_and_install(source, _problem_library(), slug, replace)
    _print_import(report, as_json)


def _places() -> dict[str, str]:
    """Where levelup keeps its data: the store (a SQLAlchemy URL, password hidden) and the library."""
    from levelup.settings import Settings

    settings = Settings.from_environment()
    url = settings.database_url
    if "@" in url and "://" in url:  # user:password@host: never print the password
        scheme, rest = url.split("://", 1)
        credentials, host = rest.rsplit("@", 1)
        url = f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"
    return {"store": url, "problem_library": str(settings.problem_library)}


def _command() -> str:
    """How to run levelup from a shell: `levelup` when that is on PATH, else this install's path."""
    import os
    import shutil

    found = shutil.which("levelup")
    here = Path(sys.argv[0]).resolve() if Path(sys.argv[0]).name == "levelup" else None
    if found and (here is None or Path(found).resolve() == here):
        return "levelup"
    if here is not None:
        return os.path.relpath(here) if not os.path.relpath(here).startswith("../..") else str(here)
    return f"{sys.executable} -m levelup"


def _problem_library() -> Path:
    from levelup.settings import Settings

    return Settings.from_environment().problem_library


def _catalog() -> Any:
    from levelup.problems.catalog import Catalog

    return Catalog(_problem_library())


def _print_import(report: Any, as_json: bool) -> None:
    if as_json:
        _print_json(report.as_json())
    else:
        for line in report.lines():
            console.print(Text(line))


def main() -> None:
    if "--json" not in sys.argv[1:]:
        app()
        return
    # Under --json every error is a JSON document on stdout, usage errors Typer finds included.
    try:
        code = app(standalone_mode=False)
    except UsageError as exc:
        print_json_error(exc.format_message(), 2)  # type: ignore[attr-defined]
        raise SystemExit(2) from None
    except typer.Abort:
        print_json_error(INTERRUPTED, 130)
        raise SystemExit(130) from None
    raise SystemExit(code if isinstance(code, int) else 0)


# The other rounds, the daemon and hosted mode register their commands on the same app.
from levelup.cli import daemon as _daemon  # noqa: E402,F401
from levelup.cli import hosted as _hosted  # noqa: E402,F401
from levelup.cli import rounds as _rounds  # noqa: E402,F401
