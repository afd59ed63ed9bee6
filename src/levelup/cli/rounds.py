"""The other rounds in the terminal: `questions`, `ask`, `review` and `answers` (and `onsite`).
Each command parses, calls `levelup.rounds.practice` and renders; the answer itself is written
in a Markdown file (in $EDITOR, or typed here), which is also its autosave."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from levelup.cli.app import JsonOption, _print_json, app, console
from levelup.cli.errors import reported_errors

RoundOption = Annotated[
    str | None,
    typer.Option("--round", "-r", help="ml-system-design, safety, behavioural or coding-discussion."),
]
END_OF_TEXT = "."
MARK_KEYS = {"c": "covered", "p": "partly", "m": "missed", "covered": "covered", "partly": "partly", "missed": "missed"}


def _practice() -> Any:
    from levelup.rounds.practice import PracticeService
    from levelup.settings import Settings

    return PracticeService(Settings.from_environment())


def question_json(question: Any, full: bool = False) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": question.id,
        "round": question.round,
        "title": question.title,
        "minutes": question.minutes,
        "key_points": len(question.rubric),
        "sources": [{"title": s.title, "url": s.url} for s in question.sources],
        "from_seed": question.from_seed,
    }
    if full:
        data |= {
            "prompt": question.prompt,
            "probes": list(question.probes),
            "competencies": list(question.competencies),
            "follows": question.follows,
            "rubric": [
                {
                    "id": p.id,
                    "kind": p.kind,
                    "part": p.part,
                    "description": p.description,
                    "weight": p.weight,
                    "strong": p.strong,
                    "mistake": p.mistake,
                    "sources": [{"title": s.title, "url": s.url} for s in p.sources],
                }
                for p in question.rubric
            ],
        }
    return data


@app.command()
def questions(round_name: RoundOption = None, as_json: JsonOption = False) -> None:
    """The question bank of the other rounds (system design, safety, behavioural, coding discussion)."""
    with reported_errors(console, as_json):
        found = _practice().questions(round_name)
    if as_json:
        _print_json({"version": 1, "questions": [question_json(q, full=True) for q in found]})
        return
    table = Table(box=None, header_style="bold")
    table.add_column("id", no_wrap=True)
    table.add_column("round", no_wrap=True)
    for heading in ("title", "min", "key points", "sources"):
        table.add_column(heading)
    for question in found:
        table.add_row(
            question.id, question.round, question.title, str(question.minutes),
            str(len(question.rubric)), str(len(question.sources)),
        )
    console.print(table)
    console.print(f"{len(found)} questions. `levelup ask --id ID` answers one; `levelup ask` picks the one due.")


@app.command()
def ask(
    round_name: RoundOption = None,
    question_id: Annotated[str | None, typer.Option("--id", help="A question id (see `levelup questions`).")] = None,
    directory: Annotated[
        Path | None, typer.Option("--dir", "-d", help="Folder for the answer file (default: $LEVELUP_HOME/answers).")
    ] = None,
    editor: Annotated[
        bool | None,
        typer.Option("--editor/--no-editor", help="Write in $VISUAL/$EDITOR (default when in a terminal)."),
    ] = None,
) -> None:
    """Answer a question against the clock, then its follow-ups, then review it against the rubric."""
    with reported_errors(console):
        practice = _practice()
        view = None
        if question_id is None and round_name is None:
            view = practice.latest_unfinished()
            if view is not None:
                console.print(Text(f"Resuming your unfinished answer to {view.question.id}.", style="yellow"))
        if view is None:
            view = practice.begin(practice.choose(round_name, question_id), directory)
        try:
            _answer_loop(practice, view, _editor_command(editor))
        except KeyboardInterrupt:
            practice.save(view.id)
            console.print(Text(f"\nStopped. Everything you wrote is kept in {view.file}; "
                               "run `levelup ask` to continue.", style="yellow"))
            raise typer.Exit(130) from None


def _editor_command(wanted: bool | None) -> list[str] | None:
    command = os.environ.get("VISUAL") or os.environ.get("EDITOR")
    if wanted is None:
        wanted = bool(command) and sys.stdin.isatty()
    if not wanted:
        return None
    if not command:
        raise typer.BadParameter("set $EDITOR (or $VISUAL) to the editor to write in", param_hint="--editor")
    return shlex.split(command)


def _answer_loop(practice: Any, view: Any, editor: list[str] | None) -> None:
    question = view.question
    if view.phase == "answering":
        console.rule(f"{question.title}  ({question.round}, {question.minutes} min)")
        console.print(Text(question.prompt))
        console.print(Text(f"\nYour answer file: {view.file}", style="dim"))
        _write(view.file, editor, "your answer")
        view = practice.finish_answer(view.id)
        console.print(Text(f"Answered in {_minutes(view.answer_seconds)} of {question.minutes}:00 suggested.",
                           style="bold"))
    while view.phase == "probing":
        number = view.current_probe
        console.rule(f"Follow-up {number + 1} of {len(question.probes)}")
        console.print(Text(question.probes[number]))
        _write(view.file, editor, "your answer to this follow-up")
        view = practice.finish_probe(view.id)
    if view.phase == "reviewing":
        view = _self_review(practice, view)
    _show_result(view)


def _write(path: Path, editor: list[str] | None, what: str) -> None:
    if editor is not None:
        console.print(Text(f"Opening {editor[0]}; save and close it when {what} is done.", style="dim"))
        completed = subprocess.run([*editor, str(path)], check=False)
        if completed.returncode != 0:
            raise typer.BadParameter(f"the editor exited with status {completed.returncode}", param_hint="$EDITOR")
        return
    console.print(Text(f"Type {what}; end with a line holding only '{END_OF_TEXT}' (or Ctrl-D). "
                       "Each line is saved as you type.", style="dim"))
    from levelup.rounds import answer_file

    for line in sys.stdin:
        if line.rstrip("\r\n") == END_OF_TEXT:
            break
        answer_file.append(path, line if line.endswith("\n") else line + "\n")


def _self_review(practice: Any, view: Any) -> Any:
    question = view.question
    console.rule("Self-review: the rubric")
    console.print(Text("Mark each key point: (c)overed, (p)artly or (m)issed. The quoted sentences are a hint "
                       "(a word-overlap ranking), not a mark."))
    hints = practice.hint_sentences(view.id)
    marks: dict[str, str] = {}
    for number, point in enumerate(question.rubric, 1):
        console.print(Text.assemble((f"\n{number}. {point.description}", "bold"), f"  (weight {point.weight})"))
        for sentence in hints[point.id]:
            console.print(Text(f"   hint: “{_shorten(sentence)}”", style="cyan"))
        if not hints[point.id]:
            console.print(Text("   hint: no sentence of your answer stands out for this point", style="dim"))
        marks[point.id] = _ask_mark()
    view = practice.record_review(view.id, marks)
    _model_marks(practice, view)
    return practice.get(view.id)


def _ask_mark() -> str:
    while True:
        console.print(Text("   covered / partly / missed (c/p/m): "), end="")
        line = sys.stdin.readline()
        if not line:
            raise typer.BadParameter("the self-review needs a mark for every key point (input ended)")
        mark = MARK_KEYS.get(line.strip().lower())
        if mark:
            return mark
        console.print(Text("   please answer c, p or m", style="yellow"))


def _model_marks(practice: Any, view: Any) -> None:
    from levelup.rounds.model_grader import configured_grader

    grader = configured_grader()
    problem = practice.grade_with_model(view.id, grader) if grader is not None else None
    if problem:
        console.print(Text(problem[0].upper() + problem[1:] + ".", style="yellow"))


def _show_result(view: Any) -> None:
    question = view.question
    console.rule(f"Score: {view.score:.0f}/100")
    for point in question.rubric:
        mark = view.marks.get(point.id, "?")
        style = {"covered": "green", "partly": "yellow", "missed": "red"}.get(mark, "")
        model = view.model_marks.get(point.id)
        label = f"{mark:8}" + (f" (model: {model})" if model else "")
        console.print(Text.assemble((label, style), " ", (point.description, "bold")))
        if mark != "covered":
            console.print(Text(f"    strong answer: {point.strong}"))
            console.print(Text(f"    common mistake: {point.mistake}", style="dim"))
            for source in point.sources:
                console.print(Text(f"    source: {source.title} <{source.url}>", style="dim"))
    if view.model_marks:
        console.print(Text("Model marks come from the grader you configured; your own marks set the score.",
                           style="dim"))
    if view.next_due is not None:
        console.print(f"Next review of this question: {_date(view.next_due)}.")


@app.command()
def review(round_name: RoundOption = None, as_json: JsonOption = False) -> None:
    """Which questions are due for spaced review (FSRS), most overdue first."""
    from levelup.attempts.clock import now

    with reported_errors(console, as_json):
        queue = _practice().review_queue(round_name)
    moment = now()
    due = [entry for entry in queue if entry.due is not None and entry.due <= moment]
    upcoming = [entry for entry in queue if entry.due is not None and entry.due > moment]
    new = [entry for entry in queue if entry.due is None]
    if as_json:
        def item(entry: Any) -> dict[str, Any]:
            due_at = entry.due.isoformat() if entry.due else None
            return {"id": entry.question.id, "round": entry.question.round, "due": due_at, "reviews": entry.reviews}

        _print_json({"version": 1, "due": [item(e) for e in due], "upcoming": [item(e) for e in upcoming],
                     "new": [item(e) for e in new]})
        return
    if due:
        table = Table("due since", "id", "round", "reviews", box=None, header_style="bold")
        for entry in due:
            table.add_row(_date(entry.due), entry.question.id, entry.question.round, str(entry.reviews))
        console.print(table)
        console.print(f"{len(due)} due now; `levelup ask` starts the most overdue.")
    else:
        console.print("Nothing is due for review now.")
    if upcoming:
        soonest = upcoming[0]
        console.print(f"Next: {soonest.question.id} on {_date(soonest.due)} ({len(upcoming)} scheduled).")
    console.print(f"{len(new)} questions never answered.")


@app.command()
def answers(round_name: RoundOption = None, as_json: JsonOption = False) -> None:
    """Your answers so far, and the rubric key points you miss most."""
    with reported_errors(console, as_json):
        practice = _practice()
        views = practice.answers(round_name)
        missed = practice.missed_points(round_name)
    if as_json:
        _print_json({
            "version": 1,
            "answers": [
                {"id": v.id, "question": v.question.id, "round": v.question.round, "phase": v.phase,
                 "started_at": v.started_at.isoformat(), "answer_seconds": v.answer_seconds, "score": v.score,
                 "marks": v.marks, "model_marks": v.model_marks, "file": str(v.file),
                 "onsite": v.onsite_id}
                for v in views
            ],
            "missed_points": [p.__dict__ for p in missed],
        })
        return
    table = Table("#", "date", "question", "round", "time", "score", box=None, header_style="bold")
    for view in views:
        score = f"{view.score:.0f}" if view.score is not None else view.phase
        table.add_row(str(view.id), _date(view.started_at), view.question.id, view.question.round,
                      _minutes(view.answer_seconds), score)
    console.print(table)
    if missed:
        console.rule("Key points you miss most")
        for point in missed[:10]:
            console.print(Text.assemble(
                (f"missed {point.missed}, partly {point.partly} of {point.reviewed}", "red"),
                f"  {point.question_id}: {point.description}",
            ))


def _minutes(seconds: float | None) -> str:
    if seconds is None:
        return "-"
    whole = int(seconds)
    return f"{whole // 60}:{whole % 60:02d}"


def _date(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _shorten(text: str, limit: int = 160) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


@app.command()
def onsite(
    problem: Annotated[
        str | None, typer.Option(help="The coding problem (default: the first one you have not finished).")
    ] = None,
    break_minutes: Annotated[int, typer.Option("--break-minutes", help="A break between rounds.")] = 0,
    directory: Annotated[
        Path | None, typer.Option("--dir", "-d", help="Folder for the coding workspace (default: ./onsite-N-SLUG).")
    ] = None,
    editor: Annotated[
        bool | None,
        typer.Option("--editor/--no-editor", help="Write answers in $VISUAL/$EDITOR (default when in a terminal)."),
    ] = None,
) -> None:
    """A mock onsite: coding (exam mode), then ML system design, safety and behavioural questions."""
    from rich.markdown import Markdown

    from levelup.attempts.service import AttemptService
    from levelup.rounds.onsite import OnsiteService
    from levelup.settings import Settings

    with reported_errors(console):
        settings = Settings.from_environment()
        practice = _practice()
        service = OnsiteService(AttemptService(settings), practice)
        loop = service.current()
        if loop is None:
            loop = service.plan(problem, break_minutes)
            console.print(Text(f"Mock onsite {loop.id}: " + ", then ".join(p.kind for p in loop.parts) + ".",
                               style="bold"))
        elif problem is not None:
            console.print(Text(f"Resuming mock onsite {loop.id} (its coding problem is {loop.parts[0].ref}).",
                               style="yellow"))
        coding = service.coding_attempt(loop)
        if coding is None:
            folder = (directory or Path.cwd() / f"onsite-{loop.id}-{loop.parts[0].ref}").resolve()
            coding = service.start_coding(loop.id, folder)
            minutes = (coding.time_limit_seconds or 0) / 60
            console.rule("Round 1: coding (exam mode)")
            console.print(Text(f"{coding.title}: {minutes:.0f} minutes, starting now, in {coding.workspace}.\n"
                               "Read SPEC.md there, run `levelup check` as you go and `levelup submit` when done "
                               "(or when time is up), then run `levelup onsite` again for the next round."))
            return
        if coding.state not in ("submitted", "expired"):
            left = (coding.remaining_seconds or 0) / 60
            console.print(Text(f"Your coding round is still running in {coding.workspace} ({left:.0f} min left). "
                               "Submit it there with `levelup submit`, then run `levelup onsite` again."))
            return
        editor_command = _editor_command(editor)
        for index, part in enumerate(loop.parts):
            if part.kind == "coding" or part.record is not None:
                continue
            if loop.break_minutes:
                console.print(Text(f"Break: {loop.break_minutes} minutes. Press Enter when you are ready.",
                                   style="bold"))
                sys.stdin.readline()
            view = service.begin_question(loop.id, index, None)
            console.rule(f"Round {index + 1}: {part.kind}")
            try:
                _answer_loop(practice, view, editor_command)
            except KeyboardInterrupt:
                practice.save(view.id)
                console.print(Text(f"\nStopped. Your answer is kept in {view.file}; run `levelup onsite` to "
                                   "continue the loop where you left it.", style="yellow"))
                raise typer.Exit(130) from None
            service.complete_question(loop.id, index, view.id)
        loop, report = service.finish(loop.id)
    console.rule("Mock onsite report")
    console.print(Markdown(report), soft_wrap=False)
    console.print(Text(f"Saved as {loop.report_file}", style="dim"))
