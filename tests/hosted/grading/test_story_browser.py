"""The whole hosted story in real Chromium, on PostgreSQL and Redis with a real `levelup worker`:
an admin creates an assessment and invites a candidate with a reviewer; the candidate takes the
exam from the link (checks graded by the worker through the queue) and submits; the reviewer
opens the dashboard, the candidate's page and the replay, and scores. Screenshots land in
test-artifacts/screenshots/story-*.png."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, expect
from sqlalchemy import select

from levelup.hosted.config import HostedConfig
from levelup.hosted.grading import QueueCheckRunner
from levelup.hosted.people import People
from levelup.settings import Settings
from levelup.store.models import AttemptRow, CheckRow, ReviewRow
from levelup.web.hosted.app import create_hosted_app
from levelup.web.server import bind
from tests.hosted.conftest import FAST_HASHER, PASSWORD, reference
from tests.hosted.grading.conftest import Workers, wait_for
from tests.web.test_browser import browser, shoot, type_code  # noqa: F401 (browser is a fixture)


@pytest.fixture
def story_server(hosted_env: dict[str, str], isolated_levelup_home: Path) -> Iterator[tuple[str, People]]:
    settings = Settings.from_environment()  # PostgreSQL and the test's Redis namespace, from hosted_env
    runner = QueueCheckRunner(settings)
    app = create_hosted_app(settings, runner, HostedConfig())
    people: People = app.state.people
    people.hasher = FAST_HASHER
    people.create_staff("boss", "boss@example.com", PASSWORD, "admin")
    people.create_staff("rita", "rita@example.com", PASSWORD, "reviewer")
    sock = bind("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    wait_for(lambda: server.started, "the hosted server to start", 30)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}", people
    server.should_exit = True
    thread.join(timeout=30)


def sign_in(page: object, base: str, name: str) -> None:
    page.goto(f"{base}/signin")  # type: ignore[attr-defined]
    page.get_by_label("Account name").fill(name)  # type: ignore[attr-defined]
    page.get_by_label("Password").fill(PASSWORD)  # type: ignore[attr-defined]
    page.get_by_role("button", name="Sign in").click()  # type: ignore[attr-defined]


def test_admin_invites_candidate_takes_the_exam_reviewer_replays_and_scores(
    browser: Browser, story_server: tuple[str, People], workers: Workers  # noqa: F811
) -> None:
    base, people = story_server
    workers.start()

    # the admin: an assessment, an invite with rita as its reviewer
    staff = browser.new_context(viewport={"width": 1280, "height": 800})
    admin = staff.new_page()
    sign_in(admin, base, "boss")
    admin.get_by_label("Title").fill("ML infrastructure screen")
    admin.get_by_label("Problem").select_option("banking")
    admin.get_by_label("Exam minutes").fill("90")
    admin.get_by_role("button", name="Create assessment").click()
    admin.get_by_label("Email addresses").fill("ann@example.com")
    admin.get_by_label("Reviewer").select_option(label="rita (reviewer)")
    admin.get_by_role("button", name="Create invite links").click()
    link = admin.locator("a.invite-link").first.get_attribute("href")
    assert link is not None
    staff.close()

    # the candidate: the exam from the link, a check graded by the worker, then submit
    candidate_context = browser.new_context(viewport={"width": 1280, "height": 800})
    candidate = candidate_context.new_page()
    candidate.goto(link)
    candidate.get_by_role("button", name="Start the assessment").click()
    expect(candidate.locator(".cm-content")).to_be_visible()
    type_code(candidate, reference("banking", 1)["banking_system.py"])
    candidate.keyboard.press("Control+Enter")
    expect(candidate.locator("#unlock-banner")).to_contain_text("Level 2 unlocked", timeout=180_000)
    expect(candidate.locator("#summary")).to_contain_text("score 100")
    shoot(candidate, "story-candidate-checked-by-a-worker")
    candidate.once("dialog", lambda dialog: dialog.accept())
    candidate.get_by_role("button", name="Submit").click()
    candidate.wait_for_url("**/report")
    expect(candidate.locator("main")).not_to_contain_text("reference after level")  # no reference in hosted mode
    candidate_context.close()

    # the reviewer: dashboard, the candidate's page, the replay, a score
    reviewing = browser.new_context(viewport={"width": 1920, "height": 1080})
    rita = reviewing.new_page()
    sign_in(rita, base, "rita")
    expect(rita.get_by_role("link", name="ML infrastructure screen")).to_be_visible()
    rita.get_by_role("link", name="ML infrastructure screen").click()
    row = rita.locator("table.dashboard tbody tr", has_text="ann@example.com")
    expect(row).to_contain_text("submitted")
    shoot(rita, "story-reviewer-dashboard")
    row.get_by_role("link", name="ann@example.com").click()
    expect(rita.locator("details.check")).to_have_count(1)
    rita.get_by_label("Score (0–100)").fill("80")
    rita.get_by_label("Notes").fill("Clean level 1; submitted early.")
    rita.get_by_role("button", name="Save review").click()
    expect(rita.get_by_role("status")).to_have_text("Saved.")
    shoot(rita, "story-reviewer-candidate")
    rita.get_by_role("link", name="Replay the code").click()
    expect(rita.locator(".step-where")).to_contain_text("Step 1 of")
    rita.locator("ol.timeline li.tick.check a").last.click()  # the step of the check
    expect(rita.locator(".step-where")).to_contain_text("check 1")
    shoot(rita, "story-reviewer-replay")
    reviewing.close()

    with people.database.session() as session:
        attempt = session.scalars(select(AttemptRow)).one()
        checks = session.scalars(select(CheckRow).where(CheckRow.attempt_id == attempt.id)).all()
        assert [(c.score, c.request_id is not None) for c in checks] == [(100, True)]  # graded by the queue, once
        assert attempt.submitted_at is not None and attempt.current_level == 2
        review = session.scalars(select(ReviewRow)).one()
        assert (review.score, review.notes) == (80, "Clean level 1; submitted early.")
