"""The browser pages of the other rounds: the question bank, answering one question (a timer kept
in step with the server, autosave into the same Markdown answer file the CLI uses, the follow-ups
one at a time, then the rubric), review and history with charts, and the mock onsite report.
Each route parses the request, calls PracticeService / OnsiteService and renders; the rubric of
an answer appears only on the answer page once the answer and its follow-ups are written."""

from __future__ import annotations

import asyncio
import json
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from levelup.attempts.clock import now
from levelup.rounds.model import ROUNDS
from levelup.rounds.model_grader import configured_grader
from levelup.rounds.onsite import OnsiteService
from levelup.rounds.practice import AnswerView, PracticeService
from levelup.settings import Settings
from levelup.web import charts, markdown
from levelup.web.security import Gate

MAX_ANSWER_BYTES = 256 * 1024
MARK_PREFIX = "mark-"


def register(app: FastAPI, settings: Settings, gate: Gate, page: Callable[..., HTMLResponse]) -> None:
    practice = PracticeService(settings)
    onsite = OnsiteService(app.state.service, practice)
    app.state.practice = practice

    session, csrf = gate.require_session, gate.require_csrf  # route dependencies: who may read, who may change
    @app.get("/questions", response_class=HTMLResponse, dependencies=[Depends(session)])
    async def questions_page(request: Request, round: str = "", q: str = "") -> Response:  # noqa: A002 (the query name)
        shown = practice.find(round or None, q)
        moment = now()
        queue = {entry.question.id: entry for entry in practice.review_queue()}
        unfinished = [v for v in practice.answers() if v.phase != "done"]
        return page(request, "questions.html", questions=shown, rounds=ROUNDS, round=round, q=q, queue=queue,
                    moment=moment, unfinished=unfinished, due_count=sum(e.is_due(moment) for e in queue.values()))

    @app.post("/answers", dependencies=[Depends(csrf)])
    async def begin(request: Request) -> Response:
        form = await request.form()
        question_id = str(form.get("question", "")).strip() or None
        round_name = str(form.get("round", "")).strip() or None
        if question_id is None and form.get("due") is None:
            raise HTTPException(400, "name a question to answer, or ask for the one that is due")
        view = await asyncio.to_thread(practice.begin, practice.choose(round_name, question_id))
        return RedirectResponse(f"/answers/{view.id}", status_code=303)

    @app.get("/answers", response_class=HTMLResponse, dependencies=[Depends(session)])
    async def answers_page(request: Request) -> Response:
        views = practice.answers()
        moment = now()
        queue = practice.review_queue()
        missed_rounds = practice.missed_by_round()
        reviewed = [v for v in views if v.score is not None]
        first = min((v.started_at for v in reviewed), default=moment)
        by_round: dict[str, list[tuple[float, float]]] = defaultdict(list)
        for view in reviewed:
            by_round[view.question.round].append(((view.started_at - first).total_seconds() / 86400, view.score or 0))
        return page(
            request, "answers.html", views=list(reversed(views)), reviewed=reviewed,
            due=[e for e in queue if e.is_due(moment)],
            upcoming=sorted((e for e in queue if e.due is not None and not e.is_due(moment)), key=lambda e: e.due),
            new_count=sum(e.due is None for e in queue), missed=practice.missed_points()[:10],
            missed_rounds=missed_rounds, loops=onsite.loops(),
            score_chart=charts.line_chart("Self-review score per answer, by round", by_round,
                                          "days since the first reviewed answer", "score", 100),
            missed_chart=charts.bar_chart("Key points marked missed, by round",
                                          [(name, missed_rounds.get(name, (0, 0))[0]) for name in ROUNDS],
                                          "missed key points"),
        )

    @app.get("/answers/{answer_id:int}", response_class=HTMLResponse, dependencies=[Depends(session)])
    async def answer_page(request: Request, answer_id: int, grader_note: str = "") -> Response:
        view = practice.get(answer_id)
        if view.phase in ("answering", "probing"):
            view = practice.save(answer_id)  # take edits made to the file outside the browser
        context: dict[str, Any] = {
            "view": view, "question": view.question, "status": _status(view), "grader_note": grader_note,
            "prompt_html": markdown.to_html(view.question.prompt), "grading": configured_grader(settings) is not None,
        }
        if view.revealed:
            context["hints"] = practice.hint_sentences(answer_id)
        return page(request, "answer.html", **context)

    @app.post("/answers/{answer_id:int}/done", dependencies=[Depends(csrf)])
    async def done(request: Request, answer_id: int) -> Response:
        form = await request.form()
        text = form.get("text")
        await asyncio.to_thread(practice.finish_step, answer_id, _probe(form.get("probe")),
                                str(text) if text is not None else None)
        return RedirectResponse(f"/answers/{answer_id}", status_code=303)

    @app.post("/answers/{answer_id:int}/review", dependencies=[Depends(csrf)])
    async def review(request: Request, answer_id: int) -> Response:
        form = await request.form()
        marks = {key.removeprefix(MARK_PREFIX): str(value) for key, value in form.items()
                 if key.startswith(MARK_PREFIX)}
        practice.record_review(answer_id, marks)
        target = f"/answers/{answer_id}"
        grader = configured_grader(settings)
        if grader is not None:
            problem = await asyncio.to_thread(practice.grade_with_model, answer_id, grader)
            if problem:
                target += f"?grader_note={quote(problem)}"
        return RedirectResponse(target, status_code=303)

    @app.get("/api/answers/{answer_id:int}", dependencies=[Depends(session)])
    async def answer_status(answer_id: int) -> dict[str, Any]:
        return _status(practice.get(answer_id))

    @app.put("/api/answers/{answer_id:int}/text", dependencies=[Depends(csrf)])
    async def autosave(request: Request, answer_id: int) -> dict[str, Any]:
        body = await request.body()
        if len(body) > MAX_ANSWER_BYTES:
            raise HTTPException(413, f"an answer may hold at most {MAX_ANSWER_BYTES // 1024} KiB")
        try:
            data = json.loads(body)
            text, probe = data["text"], data.get("probe")
        except (ValueError, KeyError, TypeError, AttributeError):
            raise HTTPException(400, 'send {"text": "...", "probe": null} (or a follow-up number)') from None
        if not isinstance(text, str) or not (probe is None or (isinstance(probe, int) and probe >= 0)):
            raise HTTPException(400, "text must be a string and probe null or a follow-up number from 0")
        view = await asyncio.to_thread(practice.write, answer_id, text, probe)
        return _status(view) | {"saved_at": datetime.now(UTC).timestamp()}

    @app.get("/onsite/{loop_id:int}", response_class=HTMLResponse, dependencies=[Depends(session)])
    async def onsite_page(request: Request, loop_id: int) -> Response:
        loop = onsite.get(loop_id)
        return page(request, "onsite.html", onsite_loop=loop, report=markdown.to_html(onsite.report(loop_id)))


def _probe(value: Any) -> int | None:
    text = str(value or "").strip()
    if not text:
        return None
    if not text.isdigit():
        raise HTTPException(400, "probe must be a follow-up number from 0")
    return int(text)


def _status(view: AnswerView) -> dict[str, Any]:
    """What the answer page's script needs: never the rubric."""
    probe = view.current_probe
    text = view.answer if view.phase == "answering" else None
    if probe is not None:
        text = view.probe_answers[probe]
    return {
        "id": view.id,
        "question": view.question.id,
        "phase": view.phase,
        "minutes": view.question.minutes,
        "elapsed_seconds": view.elapsed_seconds(now()),
        "server_time": datetime.now(UTC).timestamp(),
        "probe": probe,
        "probe_count": len(view.question.probes),
        "text": text,
        "score": view.score,
    }
