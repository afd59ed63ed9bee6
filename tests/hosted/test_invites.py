"""Invites: the link is shown once and exported as CSV, the store holds only its hash, it starts
one attempt, and an expired link, a reused one or one outside the assessment's window gets a
clear page and a 4xx. Starting makes a candidate with an exam attempt in the hosted workspaces."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import unquote

from sqlalchemy import select, text, update

from levelup.hosted.assessments import Assessments
from levelup.hosted.mail import LogFileMail
from levelup.store.models import AssessmentRow, AttemptRow, Base, InviteRow, User
from tests.hosted.conftest import HostedWorld


def every_stored_value(world: HostedWorld) -> str:
    """Every value of every table, as text (to search for a secret)."""
    values = []
    with world.app.state.service.database.session() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(text(f'SELECT * FROM "{table.name}"')):  # noqa: S608 (our own table names)
                values.extend(repr(value) for value in row)
    return "\n".join(values)


def test_an_admin_invites_candidates_and_sees_each_link_once(world: HostedWorld) -> None:
    client, csrf = world.signed_in("boss")
    pasted = "ann@example.com, bob@example.com\n<cy@example.com>; ann@example.com"
    page = client.post(f"/admin/assessments/{world.assessment_id}/invites",
                       data={"emails": pasted, "reviewer": str(world.reviewer_id), "days": "3", "csrf_token": csrf})
    assert page.status_code == 200
    assert "shown <strong>only now</strong>" in page.text
    exported = unquote(page.text.split('href="data:text/csv;charset=utf-8,')[1].split('"')[0])
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [row["email"] for row in rows] == ["ann@example.com", "bob@example.com", "cy@example.com"]
    for row in rows:
        assert row["link"].startswith("http://testserver/invite/") and row["link"] in page.text
        token = row["link"].rsplit("/", 1)[1]
        assert len(token) >= 43  # 256 random bits, base64url
        expires = datetime.fromisoformat(row["expires_at"])
        assert timedelta(days=2.9) < expires - datetime.now(UTC) <= timedelta(days=3)
    stored = every_stored_value(world)
    assert not any(row["link"].rsplit("/", 1)[1] in stored for row in rows)  # only hashes at rest
    listing = client.get(f"/admin/assessments/{world.assessment_id}").text
    assert "bob@example.com" in listing and "rita" in listing and "/invite/" not in listing  # never shown again


def test_bad_invite_forms_are_explained(world: HostedWorld) -> None:
    client, csrf = world.signed_in("boss")
    url = f"/admin/assessments/{world.assessment_id}/invites"
    bad = client.post(url, data={"emails": "ann@example.com not-an-address", "csrf_token": csrf})
    assert bad.status_code == 400 and "not an email address: not-an-address" in bad.text
    empty = client.post(url, data={"emails": "  ", "csrf_token": csrf})
    assert empty.status_code == 400 and "at least one email address" in empty.text
    days = client.post(url, data={"emails": "a@example.com", "days": "soon", "csrf_token": csrf})
    assert days.status_code == 400 and "days valid must be a number" in days.text
    nowhere = client.post("/admin/assessments/999/invites", data={"emails": "a@example.com", "csrf_token": csrf})
    assert nowhere.status_code == 404


def test_the_start_page_then_start_makes_a_candidate_with_an_exam_attempt(world: HostedWorld) -> None:
    token = world.invite("ann@example.com")
    client = world.client()
    offer = client.get(f"/invite/{token}")
    assert offer.status_code == 200
    assert "Backend screen" in offer.text and "Banking system" in offer.text and "90 minutes" in offer.text
    assert offer.headers["referrer-policy"] == "no-referrer"
    started = client.post(f"/invite/{token}/start")
    assert started.status_code == 303
    attempt_id = int(started.headers["location"].rsplit("/", 1)[1])
    page = client.get(f"/attempts/{attempt_id}")
    assert page.status_code == 200 and "Level 1" in page.text and "(exam)" in page.text
    with world.app.state.service.database.session() as session:
        attempt = session.get(AttemptRow, attempt_id)
        candidate = session.get(User, attempt.user_id)
        invite = session.scalars(select(InviteRow)).one()
        assert candidate.role == "candidate" and candidate.email == "ann@example.com"
        assert candidate.password_hash is None
        assert attempt.mode == "exam" and attempt.time_limit_seconds == 90 * 60
        assert invite.attempt_id == attempt_id and invite.candidate_id == candidate.id and invite.used_at is not None
        assert invite.reviewer_id == world.reviewer_id
        workspace = Path(attempt.workspace)
    assert workspace.parent == world.settings.home / "hosted" / "workspaces"
    assert (workspace / "banking_system.py").is_file()
    assert client.get("/").headers["location"] == f"/attempts/{attempt_id}"


def test_a_link_works_once(world: HostedWorld) -> None:
    token = world.invite("ann@example.com")
    assert world.client().post(f"/invite/{token}/start").status_code == 303
    again = world.client()
    for response in (again.get(f"/invite/{token}"), again.post(f"/invite/{token}/start")):
        assert response.status_code == 410 and "already used" in response.text
    with world.app.state.service.database.session() as session:
        assert len(session.scalars(select(AttemptRow)).all()) == 1


def test_an_unknown_or_guessed_token_is_not_found(world: HostedWorld) -> None:
    world.invite("ann@example.com")
    client = world.client()
    for token in ("x" * 43, "short", "A" * 500):
        assert client.get(f"/invite/{token}").status_code == 404
        assert client.post(f"/invite/{token}/start").status_code == 404


def test_an_expired_link_is_refused(world: HostedWorld) -> None:
    token = world.invite("ann@example.com")
    with world.app.state.service.database.session() as session:
        session.execute(update(InviteRow).values(expires_at=datetime.now(UTC) - timedelta(minutes=1)))
    client = world.client()
    for response in (client.get(f"/invite/{token}"), client.post(f"/invite/{token}/start")):
        assert response.status_code == 410 and "expired" in response.text and "ask for a new one" in response.text


def test_the_window_decides_when_an_invite_may_start(world: HostedWorld) -> None:
    assessments: Assessments = world.assessments
    moment = datetime.now(UTC)
    later = assessments.create("Later", "banking", 60, moment + timedelta(days=1), None, world.admin_id)
    closed = assessments.create("Closed", "banking", 60, moment - timedelta(days=2), moment - timedelta(days=1),
                                world.admin_id)
    early, late = world.invite("a@example.com", later), world.invite("b@example.com", closed)
    client = world.client()
    response = client.post(f"/invite/{early}/start")
    assert response.status_code == 403 and "opens at" in response.text
    response = client.get(f"/invite/{late}")
    assert response.status_code == 410 and "closed at" in response.text
    with world.app.state.service.database.session() as session:  # now it opens
        session.execute(update(AssessmentRow).where(AssessmentRow.id == later).values(opens_at=moment))
    assert client.post(f"/invite/{early}/start").status_code == 303


def test_an_assessment_is_made_from_the_admin_page(world: HostedWorld) -> None:
    client, csrf = world.signed_in("boss")
    made = client.post("/admin/assessments", data={"title": "Infra screen", "slug": "rate-limiter", "minutes": "75",
                                                   "opens_at": "2030-01-01T09:00", "closes_at": "2030-01-08T09:00",
                                                   "csrf_token": csrf})
    assert made.status_code == 303
    page = client.get(made.headers["location"])
    assert "Infra screen" in page.text and "75 minutes" in page.text and "2030-01-01 09:00" in page.text
    bad = client.post("/admin/assessments", data={"title": "X", "slug": "no-such-problem", "minutes": "60",
                                                  "csrf_token": csrf})
    assert bad.status_code == 400 and "the catalogue has no problem named &#39;no-such-problem&#39;" in bad.text
    backwards = client.post("/admin/assessments", data={"title": "X", "slug": "banking", "minutes": "60",
                                                        "opens_at": "2030-01-02T00:00", "closes_at": "2030-01-01T00:00",
                                                        "csrf_token": csrf})
    assert backwards.status_code == 400 and "close after it opens" in backwards.text


def test_invite_mail_goes_to_the_configured_log(world: HostedWorld, tmp_path: Path) -> None:
    log = tmp_path / "mail.log"
    assessments = Assessments(world.app.state.service, LogFileMail(log))
    issued = assessments.invite(world.assessment_id, "ann@example.com", None, 14, "https://assess.example.com")
    written = log.read_text()
    assert "To: ann@example.com" in written and issued[0].link in written and "90-minute" in written


def test_two_tabs_pressing_start_at_once_make_one_attempt(world: HostedWorld) -> None:
    from concurrent.futures import ThreadPoolExecutor

    from levelup.hosted.errors import InviteUnusable

    token = world.invite("ann@example.com")
    workspaces = world.settings.home / "hosted" / "workspaces"

    def press_start() -> str:
        try:
            world.assessments.redeem(token, workspaces)
        except InviteUnusable:
            return "refused"
        return "started"

    with ThreadPoolExecutor(2) as pool:
        outcomes = sorted(pool.map(lambda _: press_start(), range(2)))
    assert outcomes == ["refused", "started"]
    with world.app.state.service.database.session() as session:
        assert len(session.scalars(select(AttemptRow)).all()) == 1


def test_a_start_that_fails_leaves_the_link_usable(world: HostedWorld) -> None:
    token = world.invite("ann@example.com")
    blocked = world.settings.home / "hosted" / "workspaces" / "invite-1"
    blocked.mkdir(parents=True)
    (blocked / "in-the-way.txt").write_text("x")
    client = world.client()
    failed = client.post(f"/invite/{token}/start")
    assert failed.status_code == 400 and "already exists" in failed.text
    (blocked / "in-the-way.txt").unlink()
    assert client.post(f"/invite/{token}/start").status_code == 303


def test_a_failed_mail_loses_no_link(world: HostedWorld, tmp_path: Path) -> None:
    unwritable = tmp_path / "not-a-folder"
    unwritable.write_text("a file where the log's folder should be")
    assessments = Assessments(world.app.state.service, LogFileMail(unwritable / "mail.log"))
    issued = assessments.invite(world.assessment_id, "ann@example.com", None, 14, "https://assess.example.com")
    assert issued[0].mail_error and issued[0].link.startswith("https://assess.example.com/invite/")
    token = issued[0].link.rsplit("/", 1)[1]
    assert world.client().get(f"/invite/{token}").status_code == 200  # the link works all the same
