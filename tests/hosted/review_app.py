"""A stand-in for the hosted app around the review routes, for tests only: the real sign-in
(levelup.web.hosted.auth) is built elsewhere. Here a cookie names the signed-in user's id, and
each user's CSRF token is derived from it; the review routes cannot tell the difference, since
they only see the dependencies' answers."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from levelup.problems.catalog import Catalog
from levelup.store.database import Database
from levelup.store.models import User
from levelup.web import markdown
from levelup.web.hosted import review_routes
from levelup.web.security import CSRF_FIELD, CSRF_HEADER

WEB = Path(review_routes.__file__).resolve().parents[1]
WHO = "stand_in_user"


def csrf_of(user_id: int) -> str:
    return hashlib.sha256(f"stand-in csrf {user_id}".encode()).hexdigest()


def review_app(database: Database, catalog: Catalog) -> FastAPI:
    app = FastAPI()
    app.mount("/static", StaticFiles(directory=WEB / "static"), name="static")
    templates = Jinja2Templates(directory=WEB / "templates")
    templates.env.globals["csrf_field"] = CSRF_FIELD

    def signed_in(request: Request) -> User | None:
        cookie = request.cookies.get(WHO, "")
        if not cookie.isdigit():
            return None
        with database.session() as session:
            return session.get(User, int(cookie))

    def page(request: Request, name: str, status_code: int = 200, **context: Any) -> HTMLResponse:
        user = signed_in(request)
        context |= {"csrf": csrf_of(user.id) if user else ""}
        return templates.TemplateResponse(request, name, context, status_code=status_code)

    def require_role(*roles: str) -> Any:
        def dependency(request: Request) -> User:
            user = signed_in(request)
            if user is None:
                raise HTTPException(401, "sign in first")
            if user.role not in roles:
                raise HTTPException(403, "this page is for " + " and ".join(roles))
            return user

        return dependency

    async def require_csrf(request: Request) -> None:
        user = signed_in(request)
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            sent = str((await request.form()).get(CSRF_FIELD))
        if user is None or sent != csrf_of(user.id):
            raise HTTPException(403, "this request lacks the page's CSRF token; reload the page")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.detail, "code": exc.status_code}, status_code=exc.status_code)
        return page(request, "error.html", status_code=exc.status_code, message=exc.detail)

    @app.get("/highlight.css")
    async def highlight_css() -> Response:
        return Response(markdown.highlight_css(), media_type="text/css")

    review_routes.register(
        app, page, require_role("admin", "reviewer"), database=database, catalog=catalog,
        require_candidate=require_role("candidate"), require_csrf=require_csrf,
    )
    return app
