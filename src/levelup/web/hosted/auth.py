"""Who a hosted request comes from, and what it may do. The session cookie carries a random token
(the store keeps its SHA-256); it is HttpOnly, SameSite=Lax, and Secure over https or with
LEVELUP_SECURE_COOKIES=1. Every state-changing request of a session carries that session's CSRF
token, as a form field or the X-CSRF-Token header (web/security.py's names). The two requests that
open a session (signing in, starting an invite) are authenticated by their own secret instead.

Route dependencies for every hosted router: `current_user(request) -> User | None` and
`require_role(*roles)`, and `require_csrf` for routes that change something."""

from __future__ import annotations

import hmac
from collections.abc import Callable

from fastapi import HTTPException, Request, Response

from levelup.hosted.people import NewSession, People, SignedIn, server_now
from levelup.store.models import User
from levelup.web.security import CSRF_FIELD, CSRF_HEADER

SESSION_COOKIE = "levelup_hosted"
SIGN_IN_FIRST = "sign in first: staff at /signin; candidates through the invite link they were sent"


def signed_in(request: Request) -> SignedIn | None:
    """The request's live session (looked up once per request)."""
    if not hasattr(request.state, "signed_in"):
        people: People = request.app.state.people
        request.state.signed_in = people.session_for(request.cookies.get(SESSION_COOKIE))
    found: SignedIn | None = request.state.signed_in
    return found


def current_user(request: Request) -> User | None:
    """The signed-in user (a detached User: id, name, role, email), or None."""
    session = signed_in(request)
    if session is None:
        return None
    return User(id=session.user_id, name=session.name, role=session.role, email=session.email)


def require_role(*roles: str) -> Callable[[Request], User]:
    """A route dependency: the signed-in user, if their role is one of `roles`; else 401 or 403."""

    def dependency(request: Request) -> User:
        user = current_user(request)
        if user is None:
            raise HTTPException(401, SIGN_IN_FIRST)
        if user.role not in roles:
            raise HTTPException(403, f"this page is for {' and '.join(r + 's' for r in roles)} only")
        return user

    dependency.__name__ = f"require_{'_or_'.join(roles)}"
    return dependency


async def require_csrf(request: Request) -> None:
    """A route dependency for every state-changing request of a session."""
    session = signed_in(request)
    if session is None:
        raise HTTPException(401, SIGN_IN_FIRST)
    sent = request.headers.get(CSRF_HEADER)
    content_type = request.headers.get("content-type", "")
    if sent is None and content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
        sent = (await request.form()).get(CSRF_FIELD)  # type: ignore[assignment]
    if not isinstance(sent, str) or not hmac.compare_digest(sent.encode(), session.csrf.encode()):
        raise HTTPException(403, "this request lacks the page's CSRF token; reload the page and try again")


def set_session_cookie(response: Response, request: Request, new: NewSession, always_secure: bool) -> None:
    """The cookie lives as long as the session (so a closed browser tab does not lose an exam)."""
    lifetime = int((new.signed_in.expires_at - server_now()).total_seconds())
    response.set_cookie(
        SESSION_COOKIE, new.token, max_age=lifetime, httponly=True, samesite="lax",
        secure=always_secure or request.url.scheme == "https", path="/",
    )


def clear_session_cookie(response: Response) -> None:
    response.delete_cookie(SESSION_COOKIE, path="/")
