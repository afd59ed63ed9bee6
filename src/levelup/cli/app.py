"""`levelup`: the command-line face. Each command parses its options, calls the application
layer and renders; nothing here grades, stores or times anything."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

from levelup.cli import render
from levelup.cli.errors import reported_errors

app = typer.Typer(
    name="levelup",
    help="Practise progressive coding interviews: unlock levels by passing tests, against the clock.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
console = Console(highlight=False, soft_wrap=True)

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
    with reported_errors(console):
        problems = _service().catalog.all()
        if topic:
            problems = [p for p in problems if topic in p.topics]
        if as_json:
            _print_json([render.problem_json(p) for p in problems])
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
    with reported_errors(console):
        if mode not in ("exam", "practice"):
            raise typer.BadParameter("use exam or practice", param_hint="--mode")
        view = _service().start(slug, directory, mode, minutes)  # type: ignore[arg-type]
        if as_json:
            _print_json(render.attempt_json(view))
            return
        console.print(Text(f"Started {view.title} in {view.workspace}", style="bold green"))
        render.status_lines(console, view)
        console.print(
            "Read SPEC.md, write your code, and run `levelup check` in that folder "
            "(plain `pytest` runs the visible tests too)."
        )


@app.command()
def check(directory: DirOption = None, as_json: JsonOption = False) -> None:
    """Grade your code against every unlocked level; unlock the next level when all pass."""
    with reported_errors(console):
        outcome = _service().check(_folder(directory))
    if as_json:
        _print_json(render.check_json(outcome))
    else:
        render.check_report(console, outcome)
    raise typer.Exit(0 if outcome.result.all_passed else 1)


@app.command()
def status(directory: DirOption = None, as_json: JsonOption = False) -> None:
    """Time left, current level and score so far."""
    with reported_errors(console):
        view = _service().status(_folder(directory))
    if as_json:
        _print_json(render.attempt_json(view))
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
    with reported_errors(console):
        view = _service().submit(_folder(directory))
    if as_json:
        _print_json(render.attempt_json(view))
    else:
        render.report(console, view)


@app.command()
def history(as_json: JsonOption = False) -> None:
    """Your past and current attempts."""
    with reported_errors(console):
        views = _service().history()
    if as_json:
        _print_json([render.attempt_json(v) for v in views])
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


@app.command()
def validate(
    paths: Annotated[list[Path] | None, typer.Argument(help="Package folders (default: every known package).")] = None,
    as_json: JsonOption = False,
    jobs: Annotated[int | None, typer.Option(help="Packages validated in parallel (default: CPU count).")] = None,
) -> None:
    """Prove problem packages are sound: schema, starter fails, each level adds a requirement."""
    from levelup.problems.validator import validate_many

    with reported_errors(console):
        targets = [p.resolve() for p in paths] if paths else _service().catalog.folders()
        reports = validate_many(targets, jobs)
    if as_json:
        _print_json([report.__dict__ | {"runs": [r.__dict__ for r in report.runs]} for report in reports])
    else:
        for report in reports:
            mark = Text("OK  ", style="bold green") if report.ok else Text("FAIL", style="bold red")
            counts = "  ".join(f"L{n}: {v}+{h}" for n, (v, h) in sorted(report.counts.items()))
            console.print(Text.assemble(mark, " ", (report.slug, "bold"), f"  {counts}"))
            for error in report.errors:
                console.print(Text(f"     error: {error}", style="red"))
            for warning in report.warnings:
                console.print(Text(f"     warning: {warning}", style="yellow"))
        bad = sum(not r.ok for r in reports)
        console.print(f"{len(reports) - bad} of {len(reports)} packages valid")
    raise typer.Exit(1 if any(not r.ok for r in reports) else 0)


@app.command()
def doctor(as_json: JsonOption = False) -> None:
    """Which sandbox layers confine your code on this machine."""
    from levelup.grading.sandbox import describe_layers

    layers = describe_layers()
    if as_json:
        _print_json([layer.__dict__ for layer in layers])
    else:
        for layer in layers:
            mark = Text("active ", style="bold green") if layer.active else Text("MISSING", style="bold red")
            console.print(Text.assemble(mark, " ", (f"{layer.name:11}", "bold"), " ", layer.detail))
    raise typer.Exit(0 if all(layer.active for layer in layers) else 1)


def main() -> None:
    app()
