"""The hosted server's app: staff sign in with passwords, admins make assessments and invite
candidates, candidates arrive through their invite link and take the exam on the same attempt
page as `levelup serve`, reaching their own attempt only. The server's clock is the only clock.

`create_hosted_app(settings, runner)` takes any check runner with web/checks.py's interface (the
local one grades in this process; the queue runner hands checks to workers). The review pages
(levelup.web.hosted.review_routes) mount on the same app."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from fastapi import Depends, FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.types import ASGIApp, Receive, Scope, Send

from levelup.attempts.errors import AttemptError
from levelup.attempts.service import AttemptService
from levelup.hosted.assessments import Assessments, invites_csv
from levelup.hosted.config import HostedConfig, refuse_local_clock
from levelup.hosted.errors import HostedError, SignInRefused, TooManyAttempts
from levelup.hosted.people import CANDIDATE_SESSION, People
from levelup.hosted.review import record_save
from levelup.settings import Settings
from levelup.web import attempt_routes, error_pages, markdown
from levelup.web.attempt_routes import AttemptAccess
from levelup.web.checks import CheckRunner
from levelup.web.hosted import review_routes
from levelup.web.hosted.auth import (
    SESSION_COOKIE,
    clear_session_cookie,
    current_user,
    require_csrf,
    require_role,
    set_session_cookie,
    signed_in,
)
from levelup.web.security import CSRF_FIELD

HERE = Path(__file__).parent
WEB = HERE.parent
MAX_BODY_BYTES = 2 * attempt_routes.MAX_SAVE_BYTES  # no hosted request needs more (a file save is the largest)
NAV = {
    "admin": [("/admin", "Assessments"), ("/admin/people", "People"), ("/review", "Review")],
    "reviewer": [("/review", "Review")],
    "candidate": [("/", "Your assessment")],
}


def create_hosted_app(
    settings: Settings, runner: CheckRunner, config: HostedConfig | None = None
) -> FastAPI:
    refuse_local_clock()  # the server's clock is the only clock, whatever config is passed
    config = config or HostedConfig.from_environment()
    service = AttemptService(settings)
    people = People(service.database)
    assessments = Assessments(service, config.mail)
    workspaces = settings.home / "hosted" / "workspaces"

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        runner.close()

    app = FastAPI(title="levelup", docs_url=None, redoc_url=None, openapi_url=None, lifespan=lifespan)
    app.state.service, app.state.people, app.state.assessments = service, people, assessments
    app.add_middleware(BodyLimit, limit=MAX_BODY_BYTES)
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    templates = Jinja2Templates(directory=[HERE / "templates", WEB / "templates"])
    templates.env.globals["csrf_field"] = CSRF_FIELD
    templates.env.globals["record_integrity"] = True  # the attempt page reports pastes and focus loss

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        session = signed_in(request)
        context = {"csrf": session.csrf if session else "", "signed_in": session,
                   "nav": NAV.get(session.role, []) if session else [("/signin", "Sign in")]} | context
        response = templates.TemplateResponse(request, name, context, status_code=status_code)
        response.headers["Referrer-Policy"] = "no-referrer"  # invite links carry their token in the path
        response.headers["Cache-Control"] = "no-store"
        return response

    error_pages.install(app, page)
    app.add_exception_handler(HostedError, _hosted_error(page))  # each carries its own status

    admin, staff, candidate = require_role("admin"), require_role("admin", "reviewer"), require_role("candidate")
    admin_change = [Depends(admin), Depends(require_csrf)]

    # -- everyone ------------------------------------------------------------------------------
    @app.get("/highlight.css")
    async def highlight_css() -> Response:
        return Response(markdown.highlight_css(), media_type="text/css")

    @app.get("/", response_class=HTMLResponse)
    async def home(request: Request) -> Response:
        user = current_user(request)
        if user is None:
            return RedirectResponse("/signin", status_code=303)
        if user.role == "candidate":
            attempt_id = assessments.attempt_of(user.id)
            if attempt_id is None:
                raise HTTPException(404, "your assessment has not started")
            return RedirectResponse(f"/attempts/{attempt_id}", status_code=303)
        return RedirectResponse("/admin" if user.role == "admin" else "/review", status_code=303)

    @app.get("/signin", response_class=HTMLResponse)
    async def signin_page(request: Request) -> Response:
        return page(request, "signin.html", error=None, account="")

    @app.post("/signin", response_class=HTMLResponse)
    async def signin(request: Request) -> Response:
        form = await request.form()
        name, password = str(form.get("name", "")), str(form.get("password", ""))
        client = request.client.host if request.client else "unknown"
        try:
            new = await asyncio.to_thread(people.sign_in, name, password, client)
        except (SignInRefused, TooManyAttempts) as exc:
            return page(request, "signin.html", status_code=exc.status, error=str(exc), account=name)
        people.sign_out(request.cookies.get(SESSION_COOKIE))  # a session the browser had before ends here
        response = RedirectResponse("/", status_code=303)
        set_session_cookie(response, request, new, config.secure_cookies)
        return response

    @app.post("/signout", dependencies=[Depends(require_csrf)])
    async def signout(request: Request) -> Response:
        people.sign_out(request.cookies.get(SESSION_COOKIE))
        response = RedirectResponse("/signin", status_code=303)
        clear_session_cookie(response)
        return response

    # -- candidates: the invite link, then their attempt -----------------------------------------
    @app.get("/invite/{token}", response_class=HTMLResponse)
    async def invite_page(request: Request, token: str) -> Response:
        offer = assessments.offer(token)
        return page(request, "invite.html", offer=offer, token=token)

    @app.post("/invite/{token}/start")
    async def invite_start(request: Request, token: str) -> Response:
        redeemed = await asyncio.to_thread(assessments.redeem, token, workspaces)
        people.sign_out(request.cookies.get(SESSION_COOKIE))
        new = people.open_session(redeemed.candidate, CANDIDATE_SESSION)
        response = RedirectResponse(f"/attempts/{redeemed.attempt.id}", status_code=303)
        set_session_cookie(response, request, new, config.secure_cookies)
        return response

    def candidate_service(request: Request) -> AttemptService:
        user = current_user(request)
        assert user is not None  # the route's dependency let only a candidate through
        return service.for_user(user.name)

    def own_attempt(request: Request, attempt_id: int) -> None:
        try:
            candidate_service(request).attempt(attempt_id)
        except AttemptError:
            raise HTTPException(404, "there is no such attempt of yours") from None

    async def candidate_change(request: Request) -> None:
        candidate(request)
        await require_csrf(request)

    access = AttemptAccess(candidate_service, candidate, candidate_change, own_attempt, show_reference=False,
                           after_save=record_save)
    attempt_routes.register(app, access, runner, page)

    # -- admins ----------------------------------------------------------------------------------
    @app.get("/admin", response_class=HTMLResponse, dependencies=[Depends(admin)])
    async def admin_page(request: Request) -> Response:
        return page(request, "admin.html", assessments=assessments.all(), problems=service.catalog.all())

    @app.post("/admin/assessments", dependencies=admin_change)
    async def create_assessment(request: Request) -> Response:
        form = await request.form()
        user = current_user(request)
        assert user is not None
        assessment_id = assessments.create(
            str(form.get("title", "")), str(form.get("slug", "")), _number(form.get("minutes"), "exam minutes"),
            _moment(form.get("opens_at"), "opens at"), _moment(form.get("closes_at"), "closes at"), user.id,
        )
        return RedirectResponse(f"/admin/assessments/{assessment_id}", status_code=303)

    @app.get("/admin/assessments/{assessment_id}", response_class=HTMLResponse, dependencies=[Depends(admin)])
    async def assessment_page(request: Request, assessment_id: int) -> Response:
        return page(request, "assessment.html", assessment=assessments.get(assessment_id),
                    invites=assessments.invites(assessment_id), reviewers=people.staff(),
                    days=config.invite_days, mail=config.mail.enabled)

    @app.post("/admin/assessments/{assessment_id}/invites", response_class=HTMLResponse, dependencies=admin_change)
    async def create_invites(request: Request, assessment_id: int) -> Response:
        form = await request.form()
        reviewer = str(form.get("reviewer", "")).strip()
        days_text = str(form.get("days", "")).strip()
        issued = await asyncio.to_thread(
            assessments.invite, assessment_id, str(form.get("emails", "")),
            int(_number(reviewer, "reviewer")) if reviewer else None,
            _number(days_text, "days valid") if days_text else config.invite_days,
            config.public_url or str(request.base_url),
        )
        return page(request, "invites_created.html", assessment=assessments.get(assessment_id), issued=issued,
                    csv_href="data:text/csv;charset=utf-8," + quote(invites_csv(issued)), mail=config.mail.enabled)

    @app.get("/admin/people", response_class=HTMLResponse, dependencies=[Depends(admin)])
    async def people_page(request: Request) -> Response:
        return page(request, "people.html", staff=people.staff(), error=None)

    @app.post("/admin/people", dependencies=admin_change)
    async def create_person(request: Request) -> Response:
        form = await request.form()
        await asyncio.to_thread(
            people.create_staff, str(form.get("name", "")), str(form.get("email", "")),
            str(form.get("password", "")), str(form.get("role", "reviewer")),
        )
        return RedirectResponse("/admin/people", status_code=303)

    # -- staff: the review dashboard, candidate pages, replay; the candidate page's event reports ---
    review_routes.register(app, page, staff, database=service.database, catalog=service.catalog,
                           require_candidate=candidate, require_csrf=require_csrf)

    return app


def _hosted_error(page: Callable[..., HTMLResponse]) -> Callable[[Request, Exception], Awaitable[Response]]:
    async def answer(request: Request, exc: Exception) -> Response:
        return error_pages.respond(page, request, str(exc), exc.status if isinstance(exc, HostedError) else 400)

    return answer


def _number(value: object, what: str) -> float:
    try:
        return float(str(value).strip())
    except ValueError:
        raise HostedError(f"{what} must be a number") from None


def _moment(value: object, what: str) -> datetime | None:
    """A window bound from a datetime-local field, read as UTC (the page says so)."""
    text = str(value or "").strip()
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise HostedError(f"{what} must be a date and time like 2027-01-31T09:00") from None
    return moment.astimezone(UTC) if moment.tzinfo else moment.replace(tzinfo=UTC)


class BodyLimit:
    """Refuses a request whose declared body is larger than any hosted route accepts (413), before
    it is read; a body sent without a length is cut off at the same size."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app, self.limit = app, limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.limit):
            await _too_large(send, self.limit)
            return
        received = 0

        async def limited() -> Any:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.limit:
                    raise HTTPException(413, f"a request may carry at most {self.limit // 1024} KiB")
            return message

        await self.app(scope, limited, send)


async def _too_large(send: Send, limit: int) -> None:
    body = f'{{"error": "a request may carry at most {limit // 1024} KiB", "code": 413}}'.encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
