"""The browser app's routes. Each parses the request, calls the application layer (the same
AttemptService the CLI uses) and renders a template or JSON."""

from __future__ import annotations

import asyncio
import difflib
import json
import secrets
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response, StreamingResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from levelup.attempts import editor_files
from levelup.attempts.clock import now
from levelup.attempts.service import AttemptService, AttemptView
from levelup.errors import DOMAIN_ERRORS
from levelup.settings import Settings
from levelup.web import charts, markdown, rounds_routes
from levelup.web.checks import CheckRunner
from levelup.web.security import CSRF_FIELD, SESSION_COOKIE, Gate

HERE = Path(__file__).parent
# the request body of a save: the file's limit plus room for its JSON quoting
MAX_SAVE_BYTES = 2 * editor_files.MAX_FILE_BYTES
FILE_ERROR_STATUS = {editor_files.NotAnEditorFile: 404, editor_files.ReadOnlyFile: 403, editor_files.FileTooLarge: 413}


def create_app(settings: Settings, gate: Gate | None = None, runner: Any = None) -> FastAPI:
    """`runner` grades the checks (default: in this process, one at a time; hosted mode passes
    `levelup.hosted.grading.QueueCheckRunner`, which hands them to grading workers)."""
    gate = gate or Gate()
    service = AttemptService(settings)
    warm = WarmPool(service)
    if runner is None:
        runner = CheckRunner(
            lambda attempt_id, folder, on_test: _grade(service, folder, on_test, warm.get(attempt_id, folder)),
            warm.get,
        )
    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        runner.close()
        warm.close()

    app = FastAPI(title="levelup", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.gate = gate
    app.state.service = service
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["csrf_field"] = CSRF_FIELD

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        context |= {"csrf": gate.csrf_token()}
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    session, csrf = gate.require_session, gate.require_csrf  # route dependencies: who may read, who may change
    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.detail, "code": exc.status_code}, status_code=exc.status_code)
        return page(request, "error.html", status_code=exc.status_code, message=exc.detail)

    async def user_error(request: Request, exc: Exception) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": str(exc), "code": 400}, status_code=400)
        return page(request, "error.html", status_code=400, message=str(exc))

    for error_class in DOMAIN_ERRORS:  # domain errors: the user can act on the message
        app.add_exception_handler(error_class, user_error)

    async def file_error(request: Request, exc: Exception) -> Response:
        status = FILE_ERROR_STATUS[type(exc)]  # type: ignore[index]
        return JSONResponse({"error": str(exc), "code": status}, status_code=status)

    for error_class in FILE_ERROR_STATUS:
        app.add_exception_handler(error_class, file_error)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        message = "levelup hit an internal error; the details are in the server's log"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message, "code": 500}, status_code=500)
        return page(request, "error.html", status_code=500, message=message)

    # -- pages ---------------------------------------------------------------------------------
    @app.get("/highlight.css")
    async def highlight_css() -> Response:
        return Response(markdown.highlight_css(), media_type="text/css")

    @app.get("/", response_class=HTMLResponse)
    async def problems(request: Request, token: str | None = None, topic: str = "", q: str = "") -> Response:
        if token is not None:
            if not gate.token_matches(token):
                raise HTTPException(403, "that link's token is not this server's; use the link `levelup serve` printed")
            response = RedirectResponse("/", status_code=303)
            response.set_cookie(SESSION_COOKIE, gate.session_value(), httponly=True, samesite="strict")
            return response
        gate.require_session(request)
        best: dict[str, int] = defaultdict(int)
        views = service.history()
        for view in views:
            best[view.slug] = max(best[view.slug], view.score)
        everything = service.catalog.all()
        topics = sorted({t for p in everything for t in p.topics})
        shown = [
            p for p in everything
            if (not topic or topic in p.topics)
            and (not q or q.lower() in f"{p.slug} {p.title} {p.summary}".lower())
        ]
        return page(request, "problems.html", problems=shown, topics=topics, topic=topic, q=q, best=best,
                    open_attempts=[v for v in views if v.state in ("active", "paused")])

    @app.post("/attempts", dependencies=[Depends(csrf)])
    async def start(request: Request) -> Response:
        form = await request.form()
        slug, mode = str(form.get("slug", "")), str(form.get("mode", "practice"))
        minutes_text = str(form.get("minutes", "")).strip()
        try:
            minutes = float(minutes_text) if minutes_text else None
        except ValueError:
            raise HTTPException(400, "minutes must be a number") from None
        # two starts in one millisecond must not share a folder
        folder = settings.home / "workspaces" / f"{slug}-{int(time.time() * 1000)}-{secrets.token_hex(3)}"
        view = await asyncio.to_thread(service.start, slug, folder, mode, minutes)  # type: ignore[arg-type]
        return RedirectResponse(f"/attempts/{view.id}", status_code=303)

    @app.get("/attempts/{attempt_id}", response_class=HTMLResponse, dependencies=[Depends(session)])
    async def attempt_page(request: Request, attempt_id: int) -> Response:
        view = service.attempt(attempt_id)
        problem = service.catalog.get(view.slug)
        if view.state in ("active", "paused"):
            runner.prepare(view.id, Path(view.workspace))  # the first Check finds a worker waiting
        levels = [
            {"number": level.number, "title": level.title, "html": markdown.to_html(problem.level(level.number).spec)}
            for level in view.levels if level.unlocked
        ]
        files = [f.as_json() for f in editor_files.listing(problem, Path(view.workspace))]
        return page(request, "attempt.html", view=view, levels=levels, files=files,
                    status=_status_json(view))

    @app.get("/attempts/{attempt_id}/report", response_class=HTMLResponse, dependencies=[Depends(session)])
    async def report_page(request: Request, attempt_id: int) -> Response:
        view = service.attempt(attempt_id)
        points = service.timeline(attempt_id)
        chart = charts.line_chart(
            "Score over the attempt", {"score": [(p.elapsed_seconds / 60, p.score) for p in points]},
            "minutes into the attempt", "score", 1000,
        )
        diffs = []
        if view.state == "submitted" or view.finished:
            folder = Path(view.workspace)
            for level in view.levels:
                if not level.unlocked:
                    continue
                reference = service.solution(view.slug, level.number)
                for name, text in reference.items():
                    mine = editor_files.read(folder, name)
                    table = difflib.HtmlDiff(wrapcolumn=70).make_table(
                        mine.splitlines(), text.splitlines(), f"your {name}", f"reference after level {level.number}"
                    )
                    diffs.append({"level": level.number, "name": name, "table": table})
        return page(request, "report.html", view=view, points=points, chart=chart, diffs=diffs)

    @app.get("/history", response_class=HTMLResponse, dependencies=[Depends(session)])
    async def history_page(request: Request) -> Response:
        views = service.history()
        by_problem: dict[str, list[tuple[float, float]]] = defaultdict(list)
        by_topic: dict[str, list[tuple[float, float]]] = defaultdict(list)
        level_times: dict[int, list[float]] = defaultdict(list)
        first = min((v.started_at for v in views), default=now())
        for view in views:
            days = (view.started_at - first).total_seconds() / 86400
            by_problem[view.slug].append((days, view.score))
            for topic in _topics(service, view.slug):
                by_topic[topic].append((days, view.score))
            for level in view.levels:
                if level.seconds is not None:
                    level_times[level.number].append(level.seconds / 60)
        averages = [(f"L{n}", sum(v) / len(v)) for n, v in sorted(level_times.items())]
        return page(
            request, "history.html", views=views,
            problem_chart=charts.line_chart("Score per attempt, by problem", by_problem, "days since first attempt",
                                            "score", 1000),
            topic_chart=charts.line_chart("Score per attempt, by topic", by_topic, "days since first attempt",
                                          "score", 1000),
            level_chart=charts.bar_chart("Average minutes to pass each level", averages, "minutes"),
            averages=averages,
        )

    # -- API -----------------------------------------------------------------------------------
    @app.get("/api/attempts/{attempt_id}/status", dependencies=[Depends(session)])
    async def status(attempt_id: int) -> dict[str, Any]:
        return _status_json(service.attempt(attempt_id))

    @app.get("/api/attempts/{attempt_id}/files", dependencies=[Depends(session)])
    async def files(attempt_id: int) -> dict[str, Any]:
        view = service.attempt(attempt_id)
        listing = editor_files.listing(service.catalog.get(view.slug), Path(view.workspace))
        return {"files": [f.as_json() for f in listing]}

    @app.get("/api/attempts/{attempt_id}/files/{path:path}", dependencies=[Depends(session)])
    async def read_file(attempt_id: int, path: str) -> dict[str, Any]:
        view = service.attempt(attempt_id)
        folder = Path(view.workspace)
        found = editor_files.entry(service.catalog.get(view.slug), folder, path)
        return found.as_json() | {"text": editor_files.read(folder, found.path)}

    @app.put("/api/attempts/{attempt_id}/files/{path:path}", dependencies=[Depends(csrf)])
    async def save_file(request: Request, attempt_id: int, path: str) -> dict[str, Any]:
        view = service.attempt(attempt_id)
        problem = service.catalog.get(view.slug)
        editor_files.entry(problem, Path(view.workspace), path)  # an unknown path is a 404 before the body is read
        body = await request.body()
        if len(body) > MAX_SAVE_BYTES:
            raise editor_files.FileTooLarge(f"a file may hold at most {editor_files.MAX_FILE_BYTES // 1024} KiB")
        try:
            text = json.loads(body)["text"]
        except (ValueError, KeyError, TypeError):
            raise HTTPException(400, 'send {"text": "..."}') from None
        if not isinstance(text, str):
            raise HTTPException(400, "text must be a string")
        saved = editor_files.write(problem, Path(view.workspace), path, text)
        return {"path": saved.path, "mtime": saved.mtime}

    @app.post("/api/attempts/{attempt_id}/checks", dependencies=[Depends(csrf)])
    async def start_check(attempt_id: int) -> dict[str, Any]:
        view = service.attempt(attempt_id)
        stream = await asyncio.to_thread(runner.start, view.id, Path(view.workspace))
        return {"check": stream.id, "events": f"/api/checks/{stream.id}/events"}

    @app.get("/api/checks/{check_id}/events", dependencies=[Depends(session)])
    async def check_events(request: Request, check_id: str) -> StreamingResponse:
        stream = runner.get(check_id)
        if stream is None:
            raise HTTPException(404, "no such check (the server keeps the latest 50)")
        start_at = int(request.headers.get("last-event-id", "-1")) + 1

        async def events() -> AsyncIterator[str]:
            async for item in stream.follow_async(start_at):
                if item is None:
                    yield ": still grading\n\n"
                    continue
                index, kind, data = item
                yield f"id: {index}\nevent: {kind}\ndata: {json.dumps(data)}\n\n"

        return StreamingResponse(events(), media_type="text/event-stream", headers={"Cache-Control": "no-cache"})

    for action in ("pause", "resume", "submit"):
        app.add_api_route(
            f"/api/attempts/{{attempt_id}}/{action}", _action_route(service, action), methods=["POST"],
            dependencies=[Depends(csrf)],
        )

    rounds_routes.register(app, settings, gate, page)  # the other rounds' pages
    return app


def _action_route(service: AttemptService, action: str) -> Any:
    async def act(attempt_id: int) -> dict[str, Any]:
        view = service.attempt(attempt_id)
        changed = await asyncio.to_thread(getattr(service, action), Path(view.workspace))
        return _status_json(changed)

    act.__name__ = f"{action}_attempt"
    return act


class WarmPool:
    """A worker kept started, with the problem's libraries imported, for each of the few attempts
    open in the browser, as `levelup watch` keeps one: a check from the page starts at once.
    Used only from the runner's single thread."""

    KEPT = 3

    def __init__(self, service: AttemptService) -> None:
        self._service = service
        self._workers: dict[int, Any] = {}

    def get(self, attempt_id: int, folder: Path) -> Any:
        workers = self._workers.pop(attempt_id, None)
        if workers is None:
            workers = self._service.warm_workers(folder)
            workers.prepare_next()
        self._workers[attempt_id] = workers  # most recently used last
        while len(self._workers) > self.KEPT:
            self._workers.pop(next(iter(self._workers))).close()
        return workers

    def close(self) -> None:
        for workers in self._workers.values():
            workers.close()
        self._workers.clear()


def _grade(service: AttemptService, folder: Path, on_test: Any, warm: Any = None) -> dict[str, Any]:
    from levelup.documents import check_summary, test_json

    outcome = service.check(folder, warm=warm, on_result=lambda test: on_test(test_json(test)))
    return check_summary(outcome) | {"status": _status_json(outcome.attempt)}


def _topics(service: AttemptService, slug: str) -> tuple[str, ...]:
    from levelup.problems.errors import ProblemError

    try:
        return service.catalog.get(slug).topics
    except ProblemError:  # an imported problem removed since
        return ()


def _status_json(view: AttemptView) -> dict[str, Any]:
    """The attempt as `levelup status --json` shows it, plus the server's clock for the page's timer."""
    from levelup.documents import attempt_json

    return attempt_json(view) | {"server_time": datetime.now(UTC).timestamp()}
