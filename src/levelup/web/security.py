"""Who may drive a local server: whoever opened the first URL, which carries a random token (as
Jupyter does). The token sets an HttpOnly, SameSite=Strict session cookie; every state-changing
request also carries a CSRF token bound to that session, so other local users and other sites
cannot drive the app."""

from __future__ import annotations

import hashlib
import hmac
import secrets

from fastapi import HTTPException, Request

SESSION_COOKIE = "levelup_session"
CSRF_HEADER = "X-CSRF-Token"
CSRF_FIELD = "csrf_token"


class Gate:
    def __init__(self, token: str | None = None) -> None:
        self.token = token or secrets.token_urlsafe(32)
        self._session_key = secrets.token_bytes(32)

    def session_value(self) -> str:
        return hmac.new(self._session_key, b"session", hashlib.sha256).hexdigest()

    def csrf_token(self) -> str:
        return hmac.new(self._session_key, b"csrf", hashlib.sha256).hexdigest()

    def token_matches(self, candidate: str | None) -> bool:
        return candidate is not None and hmac.compare_digest(candidate, self.token)

    def has_session(self, request: Request) -> bool:
        cookie = request.cookies.get(SESSION_COOKIE)
        return cookie is not None and hmac.compare_digest(cookie, self.session_value())

    def require_session(self, request: Request) -> None:
        if not self.has_session(request):
            raise HTTPException(403, "open levelup through the link `levelup serve` printed (it carries a token)")

    async def require_csrf(self, request: Request) -> None:
        self.require_session(request)
        sent = request.headers.get(CSRF_HEADER)
        if sent is None and request.headers.get("content-type", "").startswith("application/x-www-form-urlencoded"):
            sent = (await request.form()).get(CSRF_FIELD)  # type: ignore[assignment]
        if not isinstance(sent, str) or not hmac.compare_digest(sent, self.csrf_token()):
            raise HTTPException(403, "this request lacks the page's CSRF token; reload the page")
