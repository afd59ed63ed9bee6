"""The hosted story in real Chromium (Debian's, driven by Playwright): an admin signs in, creates
an assessment and an invite; the candidate opens the link in another browser context, starts,
types a level-1 solution, checks (graded by the local runner) and sees level 2 unlock. Screenshots
land in test-artifacts/screenshots/hosted-*.png beside the local app's."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, expect

from levelup.attempts.service import AttemptService
from levelup.hosted.config import HostedConfig
from levelup.hosted.people import People
from levelup.settings import Settings
from levelup.web.app import local_runner
from levelup.web.hosted.app import create_hosted_app
from levelup.web.server import bind
from tests.hosted.conftest import FAST_HASHER, PASSWORD, reference
from tests.web.test_browser import browser, shoot, type_code  # noqa: F401 (browser is a fixture)


@pytest.fixture
def hosted_server(postgres_url: str, isolated_levelup_home: Path) -> Iterator[str]:
    base = Settings.from_environment()
    settings = Settings(base.home, postgres_url, base.user)
    runner, warm = local_runner(AttemptService(settings))
    app = create_hosted_app(settings, runner, HostedConfig())
    people: People = app.state.people
    people.hasher = FAST_HASHER
    people.create_staff("boss", "boss@example.com", PASSWORD, "admin")
    people.create_staff("rita", "rita@example.com", PASSWORD, "reviewer")
    sock = bind("127.0.0.1", 0)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    yield f"http://127.0.0.1:{sock.getsockname()[1]}"
    server.should_exit = True
    thread.join(timeout=30)
    warm.close()


def test_admin_invites_and_the_candidate_takes_the_exam(browser: Browser, hosted_server: str) -> None:  # noqa: F811
    staff = browser.new_context(viewport={"width": 1280, "height": 800})
    admin = staff.new_page()
    admin.goto(f"{hosted_server}/admin")
    expect(admin.locator(".error-message")).to_contain_text("sign in first")
    admin.goto(f"{hosted_server}/signin")
    admin.get_by_label("Account name").fill("boss")
    admin.get_by_label("Password").fill("wrong password")
    admin.get_by_role("button", name="Sign in").click()
    expect(admin.get_by_role("alert")).to_contain_text("do not match a staff account")
    shoot(admin, "hosted-signin-refused")
    admin.get_by_label("Password").fill(PASSWORD)
    admin.get_by_role("button", name="Sign in").click()
    expect(admin.get_by_role("heading", name="Assessments")).to_be_visible()

    admin.get_by_label("Title").fill("Backend engineer screen")
    admin.get_by_label("Problem").select_option("banking")
    admin.get_by_label("Exam minutes").fill("90")
    shoot(admin, "hosted-admin-new-assessment")
    admin.get_by_role("button", name="Create assessment").click()
    expect(admin.get_by_role("heading", name="Backend engineer screen")).to_be_visible()
    admin.get_by_label("Email addresses").fill("ann@example.com\nbob@example.com")
    admin.get_by_label("Reviewer").select_option(label="rita (reviewer)")
    admin.get_by_role("button", name="Create invite links").click()
    expect(admin.locator(".notice")).to_contain_text("shown only now")
    expect(admin.locator("a.invite-link")).to_have_count(2)
    expect(admin.locator("#export-csv")).to_have_attribute("download", "invites-1.csv")
    shoot(admin, "hosted-invite-links")
    link = admin.locator("a.invite-link").first.get_attribute("href")
    assert link is not None and link.startswith(f"{hosted_server}/invite/")

    candidate_context = browser.new_context(viewport={"width": 1280, "height": 800})
    candidate = candidate_context.new_page()
    candidate.goto(link)
    expect(candidate.get_by_role("heading", name="Backend engineer screen")).to_be_visible()
    expect(candidate.locator("main")).to_contain_text("90 minutes")
    shoot(candidate, "hosted-invite-start-page")
    candidate.get_by_role("button", name="Start the assessment").click()
    expect(candidate.locator(".cm-content")).to_be_visible()
    expect(candidate.locator("#timer")).to_contain_text("left")
    type_code(candidate, reference("banking", 1)["banking_system.py"])
    candidate.keyboard.press("Control+Enter")
    expect(candidate.locator("#unlock-banner")).to_contain_text("Level 2 unlocked", timeout=120_000)
    expect(candidate.locator("#summary")).to_contain_text("score 100")
    shoot(candidate, "hosted-candidate-level-2")
    expect(candidate.locator("header")).to_contain_text("ann@example.com")
    expect(candidate.get_by_role("button", name="Sign out")).to_have_count(0)  # the link works once: no way out

    refused = candidate.goto(f"{hosted_server}/admin")
    assert refused is not None and refused.status == 403
    shoot(candidate, "hosted-candidate-refused-admin")
    reused = candidate_context.new_page().goto(link)
    assert reused is not None and reused.status == 410

    admin.goto(f"{hosted_server}/admin/assessments/1")
    expect(admin.locator("tbody tr", has_text="ann@example.com")).not_to_contain_text("not yet")
    shoot(admin, "hosted-admin-invites-started")
    staff.close()
    candidate_context.close()
