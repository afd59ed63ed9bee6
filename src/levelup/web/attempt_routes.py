"""The attempt's routes, shared by the local app and the hosted one: the attempt page, the report,
the editor's file API, checks and their Server-Sent Events, pause/resume/submit. Who may use them
and as whom is the face's `AttemptAccess`: locally the one session owns every attempt of the OS
user; in hosted mode a candidate reaches their own attempt only, and never a reference solution."""

from __future__ import annotations

import asyncio
import difflib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from levelup.attempts import editor_files
from levelup.attempts.service import AttemptService, AttemptView
from levelup.web import charts, markdown
from levelup.web.checks import CheckRunner

# the request body of a save: the file's limit plus room for its JSON quoting
MAX_SAVE_BYTES = 2 * editor_files.MAX_FILE_BYTES


@dataclass(frozen=True)
class AttemptAccess:
    service_for: Callable[[Request], AttemptService]  # the application layer acting for the request's user
    read: Callable[..., Any]  # route dependency: may see the attempt routes
    write: Callable[..., Any]  # route dependency: may change something (carries the CSRF token)
    guard: Callable[[Request, int], None] = lambda request, attempt_id: None  # raises unless the attempt is theirs
    show_reference: bool = True  # the report's diff against the reference after submitting
    after_save: Callable[[AttemptService, AttemptView, str], None] | None = None  # e.g. a replay snapshot


def register(app: FastAPI, access: AttemptAccess, runner: CheckRunner, page: Callable[..., HTMLResponse]) -> None:
    read, write = Depends(access.read), Depends(access.write)

    def attempt_of(request: Request, attempt_id: int) -> tuple[AttemptService, AttemptView]:
        access.guard(request, attempt_id)
        service = access.service_for(request)
        return service, service.attempt(attempt_id)

    @app.get("/attempts/{attempt_id}", response_class=HTMLResponse, dependencies=[read])
    async def attempt_page(request: Request, attempt_id: int) -> Response:
        service, view = attempt_of(request, attempt_id)
        problem = service.catalog.get(view.slug)
        if view.state in ("active", "paused"):
            runner.prepare(Path(view.workspace))  # the first Check finds a worker waiting
        levels = [
            {"number": level.number, "title": level.title, "html": markdown.to_html(problem.level(level.number).spec)}
            for level in view.levels if level.unlocked
        ]
        files = [f.as_json() for f in editor_files.listing(problem, Path(view.workspace))]
        return page(request, "attempt.html", view=view, levels=levels, files=files,
                    status=status_json(view))

    @app.get("/attempts/{attempt_id}/report", response_class=HTMLResponse, dependencies=[read])
    async def report_page(request: Request, attempt_id: int) -> Response:
        service, view = attempt_of(request, attempt_id)
        points = service.timeline(attempt_id)
        chart = charts.line_chart(
            "Score over the attempt", {"score": [(p.elapsed_seconds / 60, p.score) for p in points]},
            "minutes into the attempt", "score", 1000,
        )
        diffs = []
        if access.show_reference and (view.state == "submitted" or view.finished):
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
        return page(request, "report.html", view=view, points=points, chart=chart, diffs=diffs,
                    shows_reference=access.show_reference)

    @app.get("/api/attempts/{attempt_id}/status", dependencies=[read])
    async def status(request: Request, attempt_id: int) -> dict[str, Any]:
        return status_json(attempt_of(request, attempt_id)[1])

    @app.get("/api/attempts/{attempt_id}/files", dependencies=[read])
    async def files(request: Request, attempt_id: int) -> dict[str, Any]:
        service, view = attempt_of(request, attempt_id)
        listing = editor_files.listing(service.catalog.get(view.slug), Path(view.workspace))
        return {"files": [f.as_json() for f in listing]}

    @app.get("/api/attempts/{attempt_id}/files/{path:path}", dependencies=[read])
    async def read_file(request: Request, attempt_id: int, path: str) -> dict[str, Any]:
        service, view = attempt_of(request, attempt_id)
        folder = Path(view.workspace)
        found = editor_files.entry(service.catalog.get(view.slug), folder, path)
        return found.as_json() | {"text": editor_files.read(folder, found.path)}

    @app.put("/api/attempts/{attempt_id}/files/{path:path}", dependencies=[write])
    async def save_file(request: Request, attempt_id: int, path: str) -> dict[str, Any]:
        service, view = attempt_of(request, attempt_id)
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
        if access.after_save is not None:
            await asyncio.to_thread(access.after_save, service, view, saved.path)
        return {"path": saved.path, "mtime": saved.mtime}

    @app.post("/api/attempts/{attempt_id}/checks", dependencies=[write])
    async def start_check(request: Request, attempt_id: int) -> dict[str, Any]:
        view = attempt_of(request, attempt_id)[1]
        stream = await asyncio.to_thread(runner.start, view.id, Path(view.workspace))
        return {"check": stream.id, "events": f"/api/checks/{stream.id}/events"}

    @app.get("/api/checks/{check_id}/events", dependencies=[read])
    async def check_events(request: Request, check_id: str) -> StreamingResponse:
        stream = runner.get(check_id)
        if stream is None:
            raise HTTPException(404, "no such check (the server keeps the latest 50)")
        attempt_id = getattr(stream, "attempt_id", None)
        if attempt_id is None:  # a runner that cannot say whose check it is shows it to nobody
            raise HTTPException(404, "no such check")
        access.guard(request, attempt_id)
        try:
            start_at = int(request.headers.get("last-event-id", "-1")) + 1
        except ValueError:
            raise HTTPException(400, "Last-Event-ID must be a number") from None

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
            f"/api/attempts/{{attempt_id}}/{action}", _action_route(attempt_of, action), methods=["POST"],
            dependencies=[write],
        )


def _action_route(attempt_of: Callable[[Request, int], tuple[AttemptService, AttemptView]], action: str) -> Any:
    async def act(request: Request, attempt_id: int) -> dict[str, Any]:
        service, view = attempt_of(request, attempt_id)
        changed = await asyncio.to_thread(getattr(service, action), Path(view.workspace))
        return status_json(changed)

    act.__name__ = f"{action}_attempt"
    return act


def status_json(view: AttemptView) -> dict[str, Any]:
    """The attempt as `levelup status --json` shows it, plus the server's clock for the page's timer."""
    from levelup.documents import attempt_json

    return attempt_json(view) | {"server_time": datetime.now(UTC).timestamp()}
