"""The browser app's routes. Each parses the request, calls the application layer (the same
AttemptService the CLI uses) and renders a template or JSON."""

from __future__ import annotations

import asyncio
import secrets
import time
from collections import defaultdict
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from levelup.attempts.clock import now
from levelup.attempts.service import AttemptService
from levelup.attempts.warm_checks import WarmChecks
from levelup.settings import Settings
from levelup.web import attempt_routes, charts, error_pages, markdown, rounds_routes
from levelup.web.attempt_routes import AttemptAccess, status_json
from levelup.web.checks import CheckRunner
from levelup.web.security import CSRF_FIELD, SESSION_COOKIE, Gate

HERE = Path(__file__).parent


def create_app(settings: Settings, gate: Gate | None = None, runner: Any = None) -> FastAPI:
    """`runner` grades the checks (default: in this process, one at a time; hosted grading passes
    `levelup.hosted.grading.QueueCheckRunner`, which hands them to grading workers)."""
    gate = gate or Gate()
    service = AttemptService(settings)
    local, checks = local_runner(service)  # `checks` also takes a shell's `levelup check` while serving
    runner = runner or local

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        runner.close()
        checks.close()

    app = FastAPI(title="levelup", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.gate = gate
    app.state.service = service
    app.state.checks = checks
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals["csrf_field"] = CSRF_FIELD

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        context |= {"csrf": gate.csrf_token()}
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    session, csrf = gate.require_session, gate.require_csrf  # route dependencies: who may read, who may change
    error_pages.install(app, page)

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

    attempt_routes.register(app, AttemptAccess(lambda request: service, session, csrf), runner, page)
    rounds_routes.register(app, settings, gate, page)  # the other rounds' pages
    return app


def local_runner(service: AttemptService) -> tuple[CheckRunner, WarmChecks]:
    """Checks graded in this process, one at a time, on a warm worker per open attempt (close the
    WarmChecks with the app)."""
    checks = WarmChecks(service)
    return CheckRunner(lambda folder, on_test: _grade(checks, folder, on_test), checks.prepare), checks


def _grade(checks: WarmChecks, folder: Path, on_test: Any) -> dict[str, Any]:
    from levelup.documents import check_summary, test_json

    outcome = checks.check(folder, on_result=lambda test: on_test(test_json(test)))
    return check_summary(outcome) | {"status": status_json(outcome.attempt)}


def _topics(service: AttemptService, slug: str) -> tuple[str, ...]:
    from levelup.problems.errors import ProblemError

    try:
        return service.catalog.get(slug).topics
    except ProblemError:  # an imported problem removed since
        return ()
