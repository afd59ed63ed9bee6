"""The review pages and the candidate's event route over HTTP (FastAPI's TestClient), on SQLite
and PostgreSQL, with a stand-in sign-in (tests/hosted/review_app.py): every page for the staff
who may see it and a refusal for everyone else, the CSV download, the review form, and events."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from levelup.hosted import review
from levelup.problems.catalog import Catalog
from levelup.store.database import Database
from levelup.store.models import User
from tests.hosted.review_app import WHO, csrf_of, review_app
from tests.hosted.seed import MODULE, Seeded


@pytest.fixture
def app_client(database: Database, catalog: Catalog) -> Iterator[TestClient]:
    with TestClient(review_app(database, catalog), follow_redirects=False) as client:
        yield client


def as_user(client: TestClient, user_id: int) -> TestClient:
    client.cookies.set(WHO, str(user_id))
    return client


def candidate_id(seeded: Seeded, name: str) -> int:
    return {"alice": seeded.alice.user_id, "bob": seeded.bob.user_id, "carol": seeded.carol.user_id}[name]


def test_every_review_page_refuses_visitors_and_candidates(app_client: TestClient, seeded: Seeded) -> None:
    pages = [
        "/review", f"/review/assessments/{seeded.assessment.id}", f"/review/assessments/{seeded.assessment.id}.csv",
        f"/review/attempts/{seeded.bob.id}", f"/review/attempts/{seeded.bob.id}/replay",
    ]
    for path in pages:
        assert app_client.get(path).status_code == 401, path
    as_user(app_client, candidate_id(seeded, "bob"))
    for path in pages:
        refused = app_client.get(path)
        assert refused.status_code == 403 and "for admin and reviewer" in refused.text, path


def test_the_dashboard_shows_a_reviewer_their_candidates_with_flags(app_client: TestClient, seeded: Seeded) -> None:
    as_user(app_client, seeded.rita.id)
    listing = app_client.get("/review")
    assert listing.status_code == 200 and "Backend engineer, spring round" in listing.text
    shown = app_client.get(f"/review/assessments/{seeded.assessment.id}")
    assert shown.status_code == 200
    assert "alice@example.com" in shown.text and "bob@example.com" in shown.text
    assert "carol@example.com" not in shown.text and "dan@example.com" not in shown.text
    assert 'class="flag flag-paste"' in shown.text and 'class="flag flag-similar"' in shown.text
    assert f'href="/review/assessments/{seeded.assessment.id}.csv"' in shown.text


def test_the_csv_download_is_the_dashboard_the_user_may_see(app_client: TestClient, seeded: Seeded) -> None:
    as_user(app_client, seeded.sam.id)
    response = app_client.get(f"/review/assessments/{seeded.assessment.id}.csv")
    assert response.status_code == 200 and response.headers["content-type"].startswith("text/csv")
    assert 'attachment; filename="assessment-' in response.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [row["email"] for row in rows] == ["carol@example.com"]


def test_a_reviewer_is_refused_another_reviewers_candidate(app_client: TestClient, seeded: Seeded) -> None:
    as_user(app_client, seeded.rita.id)
    for path in (f"/review/attempts/{seeded.carol.id}", f"/review/attempts/{seeded.carol.id}/replay"):
        refused = app_client.get(path)
        assert refused.status_code == 403 and "not assigned to you" in refused.text
    form = {"score": "90", "notes": "", "csrf_token": csrf_of(seeded.rita.id)}
    assert app_client.post(f"/review/attempts/{seeded.carol.id}/review", data=form).status_code == 403
    assert app_client.get("/review/attempts/99999").status_code == 404
    assert app_client.get("/review/attempts/latest").status_code == 404  # not an id: no such page


def test_the_candidate_page_shows_checks_hidden_tests_flags_and_events(app_client: TestClient, seeded: Seeded) -> None:
    as_user(app_client, seeded.rita.id)
    shown = app_client.get(f"/review/attempts/{seeded.bob.id}")
    assert shown.status_code == 200
    text = shown.text
    assert "Check 1 at 2:16" in text and "Check 2" in text
    assert '<span class="tag">hidden</span>' in text and "assert -1 == 100" in text
    assert "Pasted 965 characters into banking_system.py at 2:10" in text.replace("&#39;", "'")
    assert "another candidate&#39;s of this assessment" in text  # rita may not see carol: not named
    assert f"/review/attempts/{seeded.bob.id}/replay?at=" in text
    assert "left the page for 4 min" in text


def test_a_review_is_saved_with_the_forms_csrf_token_and_shown_again(app_client: TestClient, seeded: Seeded) -> None:
    as_user(app_client, seeded.rita.id)
    url = f"/review/attempts/{seeded.alice.id}/review"
    assert app_client.post(url, data={"score": "80", "notes": "x"}).status_code == 403  # no CSRF token
    page = app_client.get(f"/review/attempts/{seeded.alice.id}").text
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', page)
    assert token is not None
    saved = app_client.post(url, data={"score": "80", "notes": "=cmd|' /C calc'!A0", "csrf_token": token.group(1)})
    assert saved.status_code == 303 and saved.headers["location"].startswith(f"/review/attempts/{seeded.alice.id}")
    again = app_client.get(saved.headers["location"]).text
    assert 'value="80"' in again and "Saved." in again and "=cmd|&#39; /C calc&#39;!A0</textarea>" in again
    assert app_client.post(url, data={"score": "eighty", "csrf_token": token.group(1)}).status_code == 400
    assert app_client.post(url, data={"score": "-3", "csrf_token": token.group(1)}).status_code == 400
    exported = app_client.get(f"/review/assessments/{seeded.assessment.id}.csv").text
    alice = next(r for r in csv.DictReader(io.StringIO(exported)) if r["email"] == "alice@example.com")
    assert alice["review_score"] == "80" and alice["review_notes"] == "rita@example.com: =cmd|' /C calc'!A0"


def test_the_replay_page_steps_through_the_code(app_client: TestClient, seeded: Seeded) -> None:
    as_user(app_client, seeded.admin.id)
    first = app_client.get(f"/review/attempts/{seeded.bob.id}/replay").text
    assert "Step 1 of" in first and "Changes from the starter code" in first
    assert 'rel="next"' in first and 'rel="prev"' not in first
    assert '<span class="dl add">+        self.balances = {}</span>' in first
    second = app_client.get(f"/review/attempts/{seeded.bob.id}/replay?step=2").text
    assert "Step 2 of" in second and "Changes since step 1" in second and 'rel="prev"' in second
    at_paste = app_client.get(f"/review/attempts/{seeded.bob.id}/replay?at=130").text
    assert "Step 2 of" in at_paste  # the first step at or after the flag's moment
    checked = app_client.get(f"/review/attempts/{seeded.bob.id}/replay?step=3").text
    assert "check 1" in checked and "this check ran the code of the step before" in checked
    last = app_client.get(f"/review/attempts/{seeded.bob.id}/replay?step=999").text
    assert 'rel="next"' not in last and "Step " in last
    playing = app_client.get(f"/review/attempts/{seeded.bob.id}/replay?step=2&play=1").text
    assert 'data-playing="true"' in playing and "Pause" in playing


def test_the_candidates_page_reports_events_for_its_own_attempt_only(
    app_client: TestClient, seeded: Seeded, database: Database
) -> None:
    bob = candidate_id(seeded, "bob")
    as_user(app_client, bob)
    url = f"/api/attempts/{seeded.bob.id}/events"
    headers = {"X-CSRF-Token": csrf_of(bob)}
    assert app_client.post(url, json={"kind": "paste", "amount": 500}).status_code == 403  # no CSRF
    recorded = app_client.post(url, json={"kind": "paste", "amount": 500, "path": MODULE}, headers=headers)
    assert recorded.status_code == 200 and recorded.json() == {"recorded": True}
    assert app_client.post(url, json={"kind": "focus-lost", "amount": 75.5}, headers=headers).status_code == 200
    with database.session() as session:
        rita = session.get(User, seeded.rita.id)
        assert rita is not None
        events = review.candidate(session, rita, seeded.bob.id, Catalog()).events
    assert [(e.kind, e.amount) for e in events][-2:] == [("paste", 500.0), ("focus-lost", 75.5)]

    carol = candidate_id(seeded, "carol")
    as_user(app_client, carol)
    refused = app_client.post(url, json={"kind": "paste", "amount": 1}, headers={"X-CSRF-Token": csrf_of(carol)})
    assert refused.status_code == 404 and refused.json()["error"] == "there is no such attempt of yours"
    malformed = app_client.post(url, content="not json", headers={"X-CSRF-Token": csrf_of(carol)})
    assert malformed.status_code == 404  # whose attempt it is is decided before what was sent
    as_user(app_client, seeded.rita.id)  # staff are not candidates
    assert app_client.post(url, json={"kind": "paste", "amount": 1},
                           headers={"X-CSRF-Token": csrf_of(seeded.rita.id)}).status_code == 403


def test_malformed_oversized_and_too_frequent_events_are_refused(app_client: TestClient, seeded: Seeded) -> None:
    bob = candidate_id(seeded, "bob")
    as_user(app_client, bob)
    url = f"/api/attempts/{seeded.bob.id}/events"
    headers = {"X-CSRF-Token": csrf_of(bob), "Content-Type": "application/json"}
    for body, status in [
        ("not json", 400), ("[1, 2]", 400), ('{"kind": "paste", "amount": "many"}', 400),
        ('{"kind": "paste", "amount": true}', 400), ('{"kind": "typing", "amount": 3}', 400),
        ('{"kind": "paste", "amount": 3, "path": 7}', 400), ('{"kind": "paste", "amount": 1e300}', 400),
        ('{"kind": "paste", "amount": 3, "path": "' + "x" * 2000 + '"}', 413),
    ]:
        response = app_client.post(url, content=body, headers=headers)
        assert response.status_code == status, (body[:40], response.text)
        assert "error" in response.json()
    accepted = 0
    event = {"kind": "focus-lost", "amount": 2}
    while (response := app_client.post(url, json=event, headers=headers)).status_code == 200:
        accepted += 1
        assert accepted <= review.EVENTS_PER_MINUTE
    assert response.status_code == 429 and accepted == review.EVENTS_PER_MINUTE
    submitted = candidate_id(seeded, "alice")
    as_user(app_client, submitted)
    closed = app_client.post(f"/api/attempts/{seeded.alice.id}/events", json={"kind": "paste", "amount": 1},
                             headers={"X-CSRF-Token": csrf_of(submitted)})
    assert closed.status_code == 409
