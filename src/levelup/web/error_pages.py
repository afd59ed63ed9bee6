"""How every face of the web app answers a failure: a friendly page, or JSON under /api/, never a
traceback. Domain errors are the user's to act on (400); the file API's errors have their own
statuses; anything else is levelup's fault (500, details in the server's log)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from levelup.attempts import editor_files
from levelup.errors import DOMAIN_ERRORS

FILE_ERROR_STATUS = {editor_files.NotAnEditorFile: 404, editor_files.ReadOnlyFile: 403, editor_files.FileTooLarge: 413}


def respond(page: Callable[..., HTMLResponse], request: Request, message: str, status: int) -> Response:
    """The error page, or JSON for the API."""
    if request.url.path.startswith("/api/"):
        return JSONResponse({"error": message, "code": status}, status_code=status)
    return page(request, "error.html", status_code=status, message=message)


def install(app: FastAPI, page: Callable[..., HTMLResponse]) -> None:
    def answer(request: Request, message: str, status: int) -> Response:
        return respond(page, request, message, status)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        response = answer(request, str(exc.detail), exc.status_code)
        if exc.headers:
            response.headers.update(exc.headers)
        return response

    async def user_error(request: Request, exc: Exception) -> Response:
        return answer(request, str(exc), 400)

    for error_class in DOMAIN_ERRORS:  # domain errors: the user can act on the message
        app.add_exception_handler(error_class, user_error)

    async def file_error(request: Request, exc: Exception) -> Response:
        status = FILE_ERROR_STATUS[type(exc)]  # type: ignore[index]
        return JSONResponse({"error": str(exc), "code": status}, status_code=status)

    for error_class in FILE_ERROR_STATUS:
        app.add_exception_handler(error_class, file_error)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> Response:
        return answer(request, "levelup hit an internal error; the details are in the server's log", 500)
