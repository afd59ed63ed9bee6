"""Rich rendering for the CLI.

Every piece of text the candidate's code can influence (messages, details, printed output, test
and file names, import errors, warnings) goes through `candidate_text`: shown as plain text (never
interpreted as markup), without control characters, escape sequences or bidi formatting
characters, and with every line after the first indented under its test, so nothing it prints can
move the cursor, reorder the line or draw a line of levelup's own report at column 0. JSON output
keeps the raw text (see docs/json.md)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table
from rich.text import Text

from levelup.documents import (  # noqa: F401 (the CLI's JSON is these documents)
    JSON_VERSION,
    attempt_json,
    check_json,
    error_json,
    history_json,
    problem_json,
    problems_json,
    status_json,
    test_json,
)
from levelup.grading.results import NOT_IMPORTED

if TYPE_CHECKING:  # the service pulls in SQLAlchemy; commands that need it import it themselves
    from levelup.attempts.service import AttemptView, CheckOutcome
    from levelup.grading.results import TestResult
    from levelup.problems.model import Problem

# ESC-introduced sequences (CSI, OSC/DCS/PM/APC strings up to BEL or ST, two-character escapes)
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]?|[\]PX^_][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_]|.?)", re.DOTALL)
_LINE_BREAKS = re.compile("\r\n|[\r\x85\u2028\u2029\x0b\x0c]")
# C0 controls but tab and newline, DEL, C1 controls (U+009B is an 8-bit CSI), bidi formatting
_CONTROL = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
MAX_DETAIL_LINES = 30
MAX_OUTPUT_LINES = 15
MAX_OUTPUT_CHARS = 1500
STATUS_MARK = {
    "passed": ("PASS", "green"),
    "failed": ("FAIL", "red"),
    "error": ("ERROR", "red"),
    "skipped": ("SKIP", "yellow"),
}


def clean(text: str) -> str:
    """`text` without escape sequences, control characters (but tab and newline) or bidi formatting
    characters; every kind of line break becomes a newline."""
    return _CONTROL.sub("", _LINE_BREAKS.sub("\n", _ESCAPES.sub("", text)))


def candidate_text(text: str, indent: str = "", first_indent: str | None = None) -> str:
    """Cleaned text with every line indented (the first by `first_indent` when given), so it sits
    under the test it belongs to and never starts a line at column 0."""
    lines = clean(text).split("\n")
    first = indent if first_indent is None else first_indent
    return "\n".join([first + lines[0], *(indent + line for line in lines[1:])])


def plural(count: int, word: str) -> str:
    return f"{count} {word}" + ("" if count == 1 else "s")


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
        f"  ·  {plural(view.checks, 'check')}  ·  {view.state}",
    )
    if view.hints_used:
        header.append(f"  ·  {hints_used(view)}")
    console.print(header)


def hints_used(view: AttemptView) -> str:
    """`hints used: levels 1, 3` or `hints used: none`."""
    if not view.hints_used:
        return "hints used: none"
    noun = "level" if len(view.hints_used) == 1 else "levels"
    return f"hints used: {noun} {', '.join(map(str, view.hints_used))}"


def check_report(console: Console, outcome: CheckOutcome) -> None:
    result = outcome.result
    for warning in result.warnings:
        console.print(Text("WARNING: " + candidate_text(warning, "         ", ""), style="bold yellow"))
    if result.import_error:
        console.print(Text("Your code could not be imported:", style="bold red"))
        console.print(Text(candidate_text(result.import_error, "    ")))
    for level in result.levels:
        tests = result.for_level(level)
        graded = [t for t in tests if t.graded]
        passed = sum(t.passed for t in graded)
        style = "green" if graded and passed == len(graded) else "red"
        skipped = len(tests) - len(graded)
        line = Text.assemble(("\n" + f"Level {level}", "bold"), "  ", (f"{passed}/{len(graded)} passed", style))
        if skipped:
            line.append(f"  ({skipped} skipped by the tests' author, not graded)", style="dim")
        console.print(line)
        not_imported = sum(t.message == NOT_IMPORTED for t in tests)
        if not_imported:
            console.print(
                Text(f"  {plural(not_imported, 'test')} not run: your code could not be imported (see above)")
            )
        shown_load_errors: set[str] = set()
        for test in tests:
            if test.passed or test.message == NOT_IMPORTED:  # passing tests are counted, not listed
                continue
            if not test.loaded:  # a test file that could not load: said once for all its tests
                file = test.name.split("::", 1)[0]
                if file not in shown_load_errors:
                    shown_load_errors.add(file)
                    _file_line(console, test, sum(t.name.split("::", 1)[0] == file for t in tests))
                continue
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


def _file_line(console: Console, test: TestResult, count: int) -> None:
    label, style = STATUS_MARK[test.status]
    kind = "" if test.visible else "hidden "
    tests = plural(count, "test")
    line = Text.assemble("  ", (f"{label:5}", style), " ", kind + candidate_text(test.name.split("::", 1)[0]))
    line.append(f" ({tests}) — " + candidate_text(test.message, "        ", ""))
    console.print(line)
    if test.details:
        console.print(Text(candidate_text(test.details.rstrip(), "      "), style="dim"))


def _test_line(console: Console, test: TestResult, show_details: bool) -> None:
    label, style = STATUS_MARK[test.status]
    kind = "" if test.visible else "hidden "
    line = Text.assemble("  ", (f"{label:5}", style), " ", kind + candidate_text(test.name, "        ", ""))
    if test.message:
        line.append(
            " — " + candidate_text(test.message, "        ", ""), style="dim" if test.status == "skipped" else None
        )
    console.print(line)
    if not show_details or test.status == "skipped":
        return
    if test.details:
        lines = test.details.rstrip().splitlines()
        if len(lines) > MAX_DETAIL_LINES:
            lines = lines[:MAX_DETAIL_LINES] + [f"... {len(lines) - MAX_DETAIL_LINES} more lines"]
        console.print(Text(candidate_text("\n".join(lines), "      "), style="dim"))
    if test.output:
        console.print(Text("      your output:", style="cyan"))
        console.print(Text(candidate_text(shown_output(test.output), "        ")))


def shown_output(output: str) -> str:
    """What the terminal shows of a test's printed output: all of it when short, else the first and
    the last lines with a notice saying how much was left out between them."""
    lines = output.rstrip().splitlines()
    if len(lines) <= MAX_OUTPUT_LINES and len(output) <= MAX_OUTPUT_CHARS:
        return "\n".join(lines)
    head = lines[: MAX_OUTPUT_LINES // 2]
    tail = lines[len(head) :][-(MAX_OUTPUT_LINES - len(head)) :]
    head = [line[: MAX_OUTPUT_CHARS // MAX_OUTPUT_LINES * 2] for line in head]
    tail = [line[: MAX_OUTPUT_CHARS // MAX_OUTPUT_LINES * 2] for line in tail]
    left_out = len(lines) - len(head) - len(tail)
    notice = (
        f"[... {left_out} more lines not shown; `levelup check --json` has the whole output (capped at 16 KiB) ...]"
        if left_out
        else "[... long lines cut; `levelup check --json` has the whole output (capped at 16 KiB) ...]"
    )
    return "\n".join([*head, notice, *tail])


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
    uncounted = (
        f" ({view.uncounted_checks} after time ran out or after submitting, not counted)"
        if view.uncounted_checks
        else ""
    )
    limit = f" of {clock(view.time_limit_seconds)}" if view.time_limit_seconds is not None else ""
    console.print(
        f"Time used: {clock(view.elapsed_seconds)}{limit}   Checks run: {view.checks}{uncounted}   "
        f"{hints_used(view).capitalize()}"
    )


def history_table(views: list[AttemptView]) -> Table:
    table = Table(title="your attempts")
    for column in ("id", "problem", "mode", "started", "state", "level", "score", "checks", "hints"):
        table.add_column(column)
    for v in views:
        table.add_row(
            str(v.id),
            v.slug,
            v.mode,
            v.started_at.strftime("%Y-%m-%d %H:%M"),
            v.state + (" (all levels passed)" if v.all_levels_passed else ""),
            f"{v.current_level}/{v.level_count}",
            str(v.score),
            str(v.checks),
            ", ".join(map(str, v.hints_used)) or "-",
        )
    return table
