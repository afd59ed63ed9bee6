"""Every route of the hosted app, with every role's cookie and with none. Routes are enumerated
from `app.routes`, so a route added later is covered (or this test asks where it belongs).
A candidate never reaches another candidate's attempt, a hidden test, a reference solution or
a staff page; staff do not use the candidate's attempt routes."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import select
from starlette.routing import Mount

from levelup.store.models import AttemptRow
from tests.hosted.conftest import BUNDLED, HostedWorld

PUBLIC = {"/", "/signin", "/highlight.css", "/invite/{token}", "/invite/{token}/start"}
ANY_SESSION = {"/signout"}
ADMIN_ONLY = ("/admin",)
STAFF_ONLY = ("/review",)
CANDIDATE_OWN = ("/attempts/", "/api/attempts/", "/api/checks/")
SECRET = "B_PRIVATE_MARKER_9431"


def kind_of(path: str) -> str:
    if path in PUBLIC:
        return "public"
    if path in ANY_SESSION:
        return "session"
    if path.startswith(ADMIN_ONLY):
        return "admin"
    if path.startswith(STAFF_ONLY):
        return "staff"
    if path.startswith(CANDIDATE_OWN):
        return "candidate-own"
    raise AssertionError(f"route {path} is not classified: add it to one of this test's groups")


def secrets_of_the_problem() -> list[str]:
    """Lines of banking's hidden tests and reference solutions that appear nowhere a candidate may see."""
    starter = (BUNDLED / "banking" / "starter" / "banking_system.py").read_text()
    visible = "".join(p.read_text() for p in (BUNDLED / "banking" / "levels").glob("*/tests/*.py"))
    found = []
    for kind in ("hidden", "solution"):
        for file in (BUNDLED / "banking" / "levels").glob(f"*/{kind}/*.py"):
            lines = [line.strip() for line in file.read_text().splitlines()]
            found += [line for line in lines if len(line) > 30 and line not in starter and line not in visible][:3]
    assert len(found) >= 10
    return found


def test_every_route_with_every_role(world: HostedWorld) -> None:
    admin, admin_csrf = world.signed_in("boss")
    reviewer, reviewer_csrf = world.signed_in("rita")
    ann = world.candidate("ann@example.com")
    bob = world.candidate("bob@example.com")
    with world.app.state.service.database.session() as session:
        bob_folder = Path(session.get(AttemptRow, bob.attempt_id).workspace)
    (bob_folder / "banking_system.py").write_text(f"# {SECRET}\n")
    bob_check = world.runner.start(bob.attempt_id, bob_folder)
    values = {"attempt_id": str(bob.attempt_id), "check_id": bob_check.id, "path": "banking_system.py",
              "assessment_id": str(world.assessment_id), "token": bob.token}
    callers: dict[str, tuple[TestClient, str]] = {
        "none": (world.client(), ""), "admin": (admin, admin_csrf), "reviewer": (reviewer, reviewer_csrf),
        "candidate": (ann.client, ann.csrf),
    }
    hidden_lines = secrets_of_the_problem()
    routes = [r for r in world.app.routes if isinstance(r, APIRoute)]
    assert {m.path for m in world.app.routes if isinstance(m, Mount)} == {"/static"}  # served files only
    assert len(routes) >= 20
    tried = 0
    for route in sorted(routes, key=lambda r: r.path in ANY_SESSION):  # signing out last
        kind = kind_of(route.path)
        url = re.sub(r"\{(\w+)(:\w+)?\}", lambda m: values[m.group(1)], route.path)
        for method in sorted(route.methods - {"HEAD"}):
            for role, (client, csrf) in callers.items():
                response = client.request(method, url, headers={"X-CSRF-Token": csrf} if csrf else {},
                                          json={"text": f"pwned by {role}"} if method == "PUT" else None)
                tried += 1
                where = f"{method} {url} as {role}: {response.status_code}"
                assert response.status_code < 500, where
                for line in hidden_lines:
                    assert line not in response.text, f"{where} shows a hidden test or reference line"
                if role == "candidate":
                    assert SECRET not in response.text, f"{where} shows another candidate's code"
                if kind == "public":  # no role gate (a used token or an empty sign-in is refused on its merits)
                    continue
                allowed = {
                    "session": role != "none",
                    "admin": role == "admin",
                    "staff": role in ("admin", "reviewer"),
                    "candidate-own": False,  # bob's attempt: nobody here is bob
                }[kind]
                if allowed:
                    assert response.status_code not in (401, 403, 404), where
                else:
                    assert response.status_code in (401, 403, 404), where
                    if role == "none":
                        assert response.status_code == 401, where
    assert tried >= 4 * 20
    assert (bob_folder / "banking_system.py").read_text() == f"# {SECRET}\n"  # nobody saved over it
    bob_status = bob.client.get(f"/api/attempts/{bob.attempt_id}/status").json()
    assert bob_status["state"] == "active"  # nobody submitted it


def test_a_candidate_reaches_their_own_attempt(world: HostedWorld) -> None:
    ann = world.candidate("ann@example.com")
    base = f"/api/attempts/{ann.attempt_id}"
    assert ann.client.get(f"/attempts/{ann.attempt_id}").status_code == 200
    assert ann.client.get(f"{base}/status").json()["mode"] == "exam"
    names = [f["path"] for f in ann.client.get(f"{base}/files").json()["files"]]
    assert "banking_system.py" in names and not any("hidden" in n or "solution" in n for n in names)
    for name in names:
        assert ann.client.get(f"{base}/files/{name}").status_code == 200
    for sneaky in ("../../../etc/passwd", "levels/1/hidden/test_level_1_hidden.py", ".levelup/attempt.json"):
        assert ann.client.get(f"{base}/files/{sneaky}").status_code == 404
    started: Any = ann.client.post(f"{base}/checks", headers={"X-CSRF-Token": ann.csrf}).json()
    events = ann.client.get(started["events"])
    assert events.status_code == 200 and "event: done" in events.text
    with world.app.state.service.database.session() as session:
        assert session.scalars(select(AttemptRow)).first() is not None
