"""Rich rendering for the CLI. Text that came from the candidate's code (messages, output) is
shown as plain text: never interpreted as markup, with control characters removed."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

if TYPE_CHECKING:  # the service pulls in SQLAlchemy; commands that need it import it themselves
    from levelup.attempts.service import AttemptView, CheckOutcome
    from levelup.grading.results import TestResult
    from levelup.problems.model import Problem

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]|\x1b\[[0-9;?]*[A-Za-z]")
MAX_DETAIL_LINES = 30
MAX_OUTPUT_LINES = 15
MAX_OUTPUT_CHARS = 1500
STATUS_MARK = {"passed": ("PASS", "green"), "failed": ("FAIL", "red"), "error": ("ERROR", "red")}


def clean(text: str) -> str:
    return _CONTROL.sub("", text)


def clock(seconds: float | None) -> str:
    if seconds is None:
        return "untimed"
    seconds = max(0, int(seconds))
    hours, rest = divmod(seconds, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def problems_table(problems: list[Problem]) -> Table:
    table = Table(title="levelup problems", show_lines=False)
    for column in ("slug", "title", "topics", "levels", "minutes"):
        table.add_column(column, overflow="fold")
    for p in problems:
        table.add_row(p.slug, p.title, ", ".join(p.topics), str(p.level_count), str(p.minutes))
    return table


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "slug": problem.slug,
        "title": problem.title,
        "summary": problem.summary,
        "topics": list(problem.topics),
        "levels": problem.level_count,
        "level_titles": [level.title for level in problem.levels],
        "minutes": problem.minutes,
        "origin": problem.origin,
        "path": str(problem.path),
    }


def attempt_json(view: AttemptView) -> dict[str, Any]:
    data = asdict(view)
    data["started_at"] = view.started_at.isoformat()
    data["level"] = view.current_level
    data["unlocked"] = [level.number for level in view.levels if level.unlocked]
    return data


def status_lines(console: Console, view: AttemptView) -> None:
    timing = (
        f"{clock(view.remaining_seconds)} left of {clock(view.time_limit_seconds)}"
        if view.time_limit_seconds is not None
        else f"{clock(view.elapsed_seconds)} elapsed (untimed)"
    )
    header = Text.assemble(
        (f"{view.title}", "bold"),
        f"  [{view.slug}, {view.mode}]  ",
        f"level {view.current_level} of {view.level_count}  ·  {timing}  ·  ",
        (f"score {view.score} / 1000", "bold"),
        f"  ·  {view.checks} checks  ·  {view.state}",
    )
    console.print(header)


def check_report(console: Console, outcome: CheckOutcome) -> None:
    result = outcome.result
    for warning in result.warnings:
        console.print(Text(f"WARNING: {warning}", style="bold yellow"))
    if result.import_error:
        console.print(Text("Your code could not be imported:", style="bold red"))
        console.print(Text(clean(result.import_error)))
    for level in result.levels:
        tests = result.for_level(level)
        passed = sum(t.passed for t in tests)
        style = "green" if passed == len(tests) else "red"
        console.print(Text.assemble(("\n" + f"Level {level}", "bold"), "  ", (f"{passed}/{len(tests)} passed", style)))
        for test in tests:
            if not test.passed:  # passing tests are counted in the level line, not listed
                _test_line(console, test, show_details=not result.import_error)
    console.print()
    if outcome.note:
        console.print(Text(outcome.note, style="yellow"))
    console.print(
        Text.assemble(("Score: ", "bold"), f"{outcome.score} / 1000" + ("" if outcome.counted else " (not counted)"))
    )
    if outcome.unlocked_level:
        console.print(
            Text(
                f"Level {outcome.unlocked_level} unlocked: its spec was added to SPEC.md and its tests to tests/.",
                style="bold green",
            )
        )
    if outcome.finished_now:
        console.print(
            Text("Every level passes. Run `levelup submit` to finish and see your report.", style="bold green")
        )
    status_lines(console, outcome.attempt)


def _test_line(console: Console, test: TestResult, show_details: bool) -> None:
    label, style = STATUS_MARK[test.status]
    kind = "" if test.visible else "hidden "
    line = Text.assemble("  ", (f"{label:5}", style), " ", kind + clean(test.name))
    if not test.passed and test.message:
        line.append(" — " + clean(test.message), style="dim" if test.status == "passed" else None)
    console.print(line)
    if test.passed or not show_details:
        return
    if test.details:
        lines = clean(test.details).rstrip().splitlines()
        if len(lines) > MAX_DETAIL_LINES:
            lines = lines[:MAX_DETAIL_LINES] + [f"... {len(lines) - MAX_DETAIL_LINES} more lines"]
        console.print(Text("\n".join("      " + line for line in lines), style="dim"))
    if test.output:
        output = clean(test.output)[:MAX_OUTPUT_CHARS].rstrip().splitlines()[:MAX_OUTPUT_LINES]
        console.print(Text("      your output:", style="cyan"))
        console.print(Text("\n".join("        " + line for line in output)))


def check_json(outcome: CheckOutcome) -> dict[str, Any]:
    result = outcome.result
    return {
        "attempt": outcome.attempt.id,
        "level": outcome.attempt.current_level,
        "unlocked": [level.number for level in outcome.attempt.levels if level.unlocked],
        "checked_levels": list(result.levels),
        "score": outcome.score,
        "counted": outcome.counted,
        "attempt_score": outcome.attempt.score,
        "newly_unlocked": outcome.unlocked_level,
        "finished": outcome.attempt.finished,
        "import_error": result.import_error,
        "warnings": list(result.warnings),
        "note": outcome.note,
        "recorded": outcome.recorded,
        "duration_seconds": round(result.duration, 3),
        "tests": [
            {
                "name": t.name,
                "level": t.level,
                "visible": t.visible,
                "status": t.status,
                "message": t.message,
                "details": t.details,
                "output": t.output,
            }
            for t in result.tests
        ],
    }


def report(console: Console, view: AttemptView) -> None:
    console.print(Text(f"Report: {view.title} ({view.mode})", style="bold"))
    table = Table(show_header=True)
    for column in ("level", "title", "weight", "tests passed", "time"):
        table.add_column(column)
    for level in view.levels:
        tests = (
            f"{level.passed_tests}/{level.total_tests}"
            if level.total_tests is not None
            else "locked"
            if not level.unlocked
            else "-"
        )
        table.add_row(
            str(level.number),
            level.title,
            str(level.weight),
            tests,
            clock(level.seconds) if level.seconds is not None else "-",
        )
    console.print(table)
    console.print(Text.assemble(("Score: ", "bold"), (f"{view.score} / 1000", "bold green")))
    console.print(f"Time used: {clock(view.elapsed_seconds)}   Checks run: {view.checks}")


def history_table(views: list[AttemptView]) -> Table:
    table = Table(title="your attempts")
    for column in ("id", "problem", "mode", "started", "state", "level", "score", "checks"):
        table.add_column(column)
    for v in views:
        table.add_row(
            str(v.id),
            v.slug,
            v.mode,
            v.started_at.strftime("%Y-%m-%d %H:%M"),
            v.state + (" (finished)" if v.finished else ""),
            f"{v.current_level}/{v.level_count}",
            str(v.score),
            str(v.checks),
        )
    return table
