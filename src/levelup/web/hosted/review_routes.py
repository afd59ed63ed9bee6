"""The review pages of hosted mode, and the route the candidate's page reports pastes and focus
loss to. Each route parses the request, calls `levelup.hosted.review` in one database session and
renders a template (or CSV, or JSON); who may see what is decided there, not here.

    register(app, page, require_staff, database=..., catalog=..., require_candidate=..., require_csrf=...)

`page(request, template, status_code=200, **context)` renders a template with the app's layout
(and the CSRF token as `csrf`); `require_staff` / `require_candidate` are FastAPI dependencies
returning the signed-in `User` (or refusing); `require_csrf` refuses a state change without the
session's CSRF token."""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pygments import highlight
from pygments.formatters import HtmlFormatter
from pygments.lexers import PythonLexer

from levelup.hosted import review
from levelup.hosted.integrity import DEFAULT_THRESHOLDS, Thresholds, clock, duration
from levelup.problems.catalog import Catalog
from levelup.store.database import Database
from levelup.store.models import AttemptRow, User

PageRenderer = Callable[..., Response]
MAX_EVENT_BODY_BYTES = 1024
MAX_REVIEW_FORM_BYTES = 4 * review.MAX_NOTES_CHARACTERS + 1024  # notes may be multi-byte, then URL-encoded
ERROR_STATUS = {
    review.NotFound: 404,
    review.NotAllowed: 403,
    review.InvalidInput: 400,
    review.TooManyEvents: 429,
    review.AttemptClosed: 409,
}
_CODE = HtmlFormatter(linenos="table", cssclass="code", wrapcode=True)


def register(
    app: FastAPI,
    page: PageRenderer,
    require_staff: Callable[..., Any],
    *,
    database: Database,
    catalog: Catalog,
    require_candidate: Callable[..., Any],
    require_csrf: Callable[..., Any],
    thresholds: Thresholds = DEFAULT_THRESHOLDS,
) -> None:
    cache = review.FingerprintCache()
    staff, candidate_user = Depends(require_staff), Depends(require_candidate)

    def helpers() -> dict[str, Any]:
        return {"clock": clock, "duration": duration, "thresholds": thresholds}

    @app.get("/review", response_class=HTMLResponse)
    def assessments_page(request: Request, user: User = staff) -> Response:
        with _errors(), database.session() as session:
            shown = review.assessments(session, user)
        return page(request, "review/assessments.html", assessments=shown, user=user, **helpers())

    @app.get("/review/assessments/{assessment_id:int}.csv")
    def dashboard_csv(assessment_id: int, user: User = staff) -> Response:
        with _errors(), database.session() as session:
            board = review.dashboard(session, user, assessment_id, catalog, thresholds, cache=cache)
        filename = f"assessment-{assessment_id}.csv"
        return Response(
            review.dashboard_csv(board), media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )

    @app.get("/review/assessments/{assessment_id:int}", response_class=HTMLResponse)
    def dashboard_page(request: Request, assessment_id: int, user: User = staff) -> Response:
        with _errors(), database.session() as session:
            board = review.dashboard(session, user, assessment_id, catalog, thresholds, cache=cache)
        return page(request, "review/dashboard.html", board=board, user=user, **helpers())

    @app.get("/review/attempts/{attempt_id:int}", response_class=HTMLResponse)
    def candidate_page(request: Request, attempt_id: int, saved: bool = False, user: User = staff) -> Response:
        with _errors(), database.session() as session:
            shown = review.candidate(session, user, attempt_id, catalog, thresholds, cache=cache)
        return page(request, "review/candidate.html", c=shown, user=user, saved=saved, **helpers())

    @app.post("/review/attempts/{attempt_id:int}/review", dependencies=[Depends(require_csrf)])
    async def save_review(request: Request, attempt_id: int, user: User = staff) -> Response:
        if int(request.headers.get("content-length") or 0) > MAX_REVIEW_FORM_BYTES:
            raise HTTPException(413, f"notes may hold at most {review.MAX_NOTES_CHARACTERS:,} characters")
        form = await request.form()
        score_text = str(form.get("score", "")).strip()
        try:
            score = int(score_text) if score_text else None
        except ValueError:
            raise HTTPException(400, "a review score is a whole number from 0 to 100 (or left empty)") from None
        notes = str(form.get("notes", "")).replace("\r\n", "\n")

        def store() -> None:
            with _errors(), database.session() as session:
                review.save_review(session, user, attempt_id, score, notes)

        await asyncio.to_thread(store)
        return RedirectResponse(f"/review/attempts/{attempt_id}?saved=1#review", status_code=303)

    @app.get("/review/attempts/{attempt_id:int}/replay", response_class=HTMLResponse)
    def replay_page(
        request: Request, attempt_id: int, step: int = 1, file: str = "", at: float | None = None,
        play: bool = False, user: User = staff,
    ) -> Response:
        with _errors(), database.session() as session:
            shown = review.replay(session, user, attempt_id, catalog)
        steps = shown.steps
        if not steps:
            return page(request, "review/replay.html", replay=shown, step=None, user=user, **helpers())
        if at is not None:  # a flag's moment: the first step at or after it
            step = next((s.number for s in steps if s.elapsed_seconds >= at), len(steps))
        current = steps[min(max(step, 1), len(steps)) - 1]
        names = sorted(current.files)
        if file not in current.files:
            changed = [path for path in current.changed if path in current.files]
            file = current.path if current.path and current.path in current.files else (changed or names or [""])[0]
        code = highlight(current.files.get(file, ""), PythonLexer(), _CODE) if file else ""
        return page(
            request, "review/replay.html", replay=shown, step=current, file=file, files=names, code=code,
            code_css=_CODE.get_style_defs(".code"), play=play and current.number < len(steps), user=user,
            **helpers(),
        )

    @app.post("/api/attempts/{attempt_id:int}/events", dependencies=[Depends(require_csrf)])
    async def report_event(request: Request, attempt_id: int, candidate: User = candidate_user) -> Any:
        def own_attempt() -> bool:
            with database.session() as session:
                attempt = session.get(AttemptRow, attempt_id)
                return attempt is not None and attempt.user_id == candidate.id

        if not await asyncio.to_thread(own_attempt):  # whose attempt it is, before what was sent
            raise HTTPException(404, "there is no such attempt of yours")
        body = await _bounded_body(request, MAX_EVENT_BODY_BYTES)
        try:
            sent = json.loads(body)
        except ValueError:
            raise HTTPException(400, 'send {"kind": "paste" | "focus-lost", "amount": number, "path": "..."}') from None
        if not isinstance(sent, dict):
            raise HTTPException(400, "send a JSON object")
        kind, amount, path = sent.get("kind"), sent.get("amount"), sent.get("path")
        if not isinstance(kind, str):
            raise HTTPException(400, "kind must be a string")
        if isinstance(amount, bool) or not isinstance(amount, int | float) or not math.isfinite(amount):
            raise HTTPException(400, "amount must be a number")
        if path is not None and not isinstance(path, str):
            raise HTTPException(400, "path must be a string")

        def store() -> None:
            with _errors(), database.session() as session:
                review.record_event(session, candidate, attempt_id, kind, float(amount), path)

        await asyncio.to_thread(store)
        return {"recorded": True}


@contextmanager
def _errors() -> Iterator[None]:
    """The review layer's refusals as HTTP statuses (the app renders them as pages or JSON)."""
    try:
        yield
    except review.ReviewError as exc:
        raise HTTPException(ERROR_STATUS.get(type(exc), 400), str(exc)) from None


async def _bounded_body(request: Request, limit: int) -> bytes:
    """The request's body, refused with 413 as soon as it is known to exceed `limit` bytes."""
    declared = request.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise HTTPException(413, f"an event is at most {limit} bytes of JSON")
    body = b""
    async for chunk in request.stream():
        body += chunk
        if len(body) > limit:
            raise HTTPException(413, f"an event is at most {limit} bytes of JSON")
    return body

