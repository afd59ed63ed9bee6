"""Staff sign in and out; sessions are hashed at rest and end on sign-out; failed sign-ins are
limited per account and per address; every state-changing request needs the session's CSRF token."""

from __future__ import annotations

from datetime import timedelta

import pytest
from argon2 import PasswordHasher
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from levelup.hosted.config import HostedConfig
from levelup.hosted.errors import TooManyAttempts
from levelup.hosted.people import MAX_FAILURES, People
from levelup.store.models import LoginFailureRow, User, WebSessionRow
from levelup.web.checks import CheckRunner
from levelup.web.hosted.app import create_hosted_app
from tests.hosted.conftest import PASSWORD, HostedWorld, instant_grade


def sessions(world: HostedWorld) -> list[WebSessionRow]:
    with world.app.state.service.database.session() as session:
        return list(session.scalars(select(WebSessionRow)).all())


def test_sign_in_sets_a_hardened_cookie_and_sign_out_ends_the_session(world: HostedWorld) -> None:
    client = world.client()
    response = client.post("/signin", data={"name": "boss", "password": PASSWORD})
    assert response.status_code == 303 and response.headers["location"] == "/"
    cookie = response.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=lax" in cookie and "secure" not in cookie
    token = client.cookies.get("levelup_hosted")
    assert token and len(token) >= 40
    stored = sessions(world)
    assert len(stored) == 1 and stored[0].id != token and token not in stored[0].id  # only its hash is kept
    assert client.post("/signin", data={"name": "boss", "password": PASSWORD}).status_code == 303
    assert len(sessions(world)) == 1  # signing in again ends the session the browser had
    token = client.cookies.get("levelup_hosted")

    assert client.get("/").headers["location"] == "/admin"
    page = client.get("/admin")
    assert page.status_code == 200 and "Backend screen" in page.text
    csrf = page.text.split('name="csrf-token" content="')[1].split('"')[0]
    assert client.post("/signout", data={"csrf_token": csrf}).status_code == 303
    assert sessions(world) == []
    client.cookies.set("levelup_hosted", token)  # the old cookie, replayed
    assert client.get("/admin").status_code == 401


def test_a_wrong_password_or_unknown_account_is_refused_alike(world: HostedWorld) -> None:
    client = world.client()
    wrong = client.post("/signin", data={"name": "boss", "password": "not the password"})
    nobody = client.post("/signin", data={"name": "nobody", "password": PASSWORD})
    assert wrong.status_code == nobody.status_code == 401
    assert "do not match a staff account" in wrong.text and "do not match a staff account" in nobody.text
    assert client.get("/admin").status_code == 401


def test_cookies_are_secure_when_configured(world: HostedWorld) -> None:
    app = create_hosted_app(world.settings, CheckRunner(instant_grade), HostedConfig(secure_cookies=True))
    with TestClient(app, follow_redirects=False) as client:
        response = client.post("/signin", data={"name": "boss", "password": PASSWORD})
        assert "secure" in response.headers["set-cookie"].lower()
    with TestClient(world.app, base_url="https://testserver", follow_redirects=False) as client:
        response = client.post("/signin", data={"name": "boss", "password": PASSWORD})
        assert "secure" in response.headers["set-cookie"].lower()


def test_failed_sign_ins_are_limited_per_account(world: HostedWorld) -> None:
    client = world.client()
    for _ in range(MAX_FAILURES):
        assert client.post("/signin", data={"name": "boss", "password": "guess"}).status_code == 401
    refused = client.post("/signin", data={"name": "boss", "password": PASSWORD})  # even the right one
    assert refused.status_code == 429
    assert "too many failed sign-in attempts; try again in 15 minutes" in refused.text
    assert sessions(world) == []


def test_failed_sign_ins_are_limited_per_address_across_accounts(world: HostedWorld) -> None:
    people: People = world.app.state.people
    for attempt in range(MAX_FAILURES):
        with pytest.raises(Exception, match="do not match"):
            people.sign_in(f"someone{attempt}", "guess", "203.0.113.9")
    with pytest.raises(TooManyAttempts):
        people.sign_in("rita", PASSWORD, "203.0.113.9")
    assert people.sign_in("rita", PASSWORD, "198.51.100.1").signed_in.name == "rita"  # another address


def test_failures_older_than_the_window_no_longer_count(world: HostedWorld) -> None:
    people: People = world.app.state.people
    for _ in range(MAX_FAILURES):
        with pytest.raises(Exception, match="do not match"):
            people.sign_in("boss", "guess", "203.0.113.9")
    with people.database.session() as session:
        for row in session.scalars(select(LoginFailureRow)):
            row.at = row.at - timedelta(minutes=16)
    assert people.sign_in("boss", PASSWORD, "203.0.113.9").signed_in.role == "admin"
    with people.database.session() as session:  # the account's failures are cleared by the success
        assert session.scalar(select(func.count()).where(LoginFailureRow.key == "name:boss")) == 0


def test_a_hash_made_with_old_parameters_is_replaced_at_sign_in(world: HostedWorld) -> None:
    people: People = world.app.state.people
    weak = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1).hash("an old password!")
    with people.database.session() as session:
        session.scalars(select(User).where(User.name == "rita")).one().password_hash = weak
    people.sign_in("rita", "an old password!", "198.51.100.1")
    with people.database.session() as session:
        renewed = session.scalars(select(User).where(User.name == "rita")).one().password_hash
    assert renewed != weak and not people.hasher.check_needs_rehash(renewed)


def test_state_changing_requests_need_the_sessions_csrf_token(world: HostedWorld) -> None:
    client, csrf = world.signed_in("boss")
    form = {"title": "Made", "slug": "banking", "minutes": "60"}
    assert client.post("/admin/assessments", data=form).status_code == 403
    assert client.post("/admin/assessments", data=form | {"csrf_token": "0" * len(csrf)}).status_code == 403
    other, other_csrf = world.signed_in("boss")  # another session's token is not this one's
    assert client.post("/admin/assessments", data=form | {"csrf_token": other_csrf}).status_code == 403
    assert client.post("/signout").status_code == 403
    made = client.post("/admin/assessments", data=form | {"csrf_token": csrf})
    assert made.status_code == 303
    header = client.post("/admin/assessments", data=form, headers={"X-CSRF-Token": csrf})
    assert header.status_code == 303

    candidate = world.candidate("ann@example.com")
    save = f"/api/attempts/{candidate.attempt_id}/files/banking_system.py"
    assert candidate.client.put(save, json={"text": "x = 1\n"}).status_code == 403
    assert candidate.client.post(f"/api/attempts/{candidate.attempt_id}/submit").status_code == 403
    saved = candidate.client.put(save, json={"text": "x = 1\n"}, headers={"X-CSRF-Token": candidate.csrf})
    assert saved.status_code == 200


def test_admins_make_reviewer_accounts_that_can_sign_in(world: HostedWorld) -> None:
    client, csrf = world.signed_in("boss")
    made = client.post("/admin/people", data={"name": "rev2", "email": "r2@example.com", "password": "long enough pw",
                                              "role": "reviewer", "csrf_token": csrf})
    assert made.status_code == 303
    assert "rev2" in client.get("/admin/people").text
    weak = client.post("/admin/people", data={"name": "rev3", "password": "short", "role": "reviewer",
                                              "csrf_token": csrf})
    assert weak.status_code == 400 and "at least 10 characters" in weak.text
    reviewer, _ = world.signed_in("rev2", "long enough pw")
    assert reviewer.get("/").headers["location"] == "/review"
    assert reviewer.get("/admin").status_code == 403


def test_the_hosted_app_refuses_a_fake_clock(world: HostedWorld, monkeypatch: pytest.MonkeyPatch) -> None:
    from levelup.hosted.errors import HostedConfigError

    monkeypatch.setenv("LEVELUP_FAKE_TIME", "2030-01-01T00:00:00")
    with pytest.raises(HostedConfigError, match="only the server's clock"):
        HostedConfig.from_environment()
    with pytest.raises(HostedConfigError, match="only the server's clock"):
        create_hosted_app(world.settings, CheckRunner(instant_grade), HostedConfig())


def test_an_expired_session_is_signed_out(world: HostedWorld) -> None:
    client, _ = world.signed_in("boss")
    with world.app.state.service.database.session() as session:
        for row in session.scalars(select(WebSessionRow)):
            row.expires_at = row.expires_at - timedelta(hours=13)
    assert client.get("/admin").status_code == 401
    assert sessions(world) == []


def test_candidates_cannot_sign_in_with_a_password(world: HostedWorld) -> None:
    ann = world.candidate("ann@example.com")
    response = world.client().post("/signin", data={"name": f"{ann.email}#1", "password": ""})
    assert response.status_code == 401
