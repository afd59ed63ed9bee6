"""The review pages and the candidate page's reporting in real Chromium (Debian's, driven by
Playwright). Screenshots of the dashboard, a candidate and the replay land in
test-artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import uvicorn
from fastapi import FastAPI, HTTPException, Request
from playwright.sync_api import Browser, Page, expect

from levelup.problems.catalog import Catalog
from levelup.settings import Settings
from levelup.store.database import Database
from levelup.store.models import User
from levelup.store.users import find_user
from levelup.web import app as web_app
from levelup.web.hosted import review_routes
from levelup.web.security import Gate
from levelup.web.server import bind
from tests.hosted.review_app import WHO, review_app
from tests.hosted.seed import Seeded, seed_assessment
from tests.web.test_browser import SHOTS, browser, no_horizontal_overflow, shoot  # noqa: F401  (fixture)


def serve(app: FastAPI) -> Iterator[str]:
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


@pytest.fixture
def review_site(tmp_path: Path) -> Iterator[tuple[str, Seeded]]:
    database = Database(f"sqlite:///{tmp_path / 'review.db'}")
    with database.session() as session:
        seeded = seed_assessment(session, tmp_path / "workspaces")
    yield from ((base, seeded) for base in serve(review_app(database, Catalog())))
    database.engine.dispose()


def shoot_whole(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def signed_in_as(browser: Browser, base: str, user_id: int, width: int = 1280, height: int = 800) -> Page:  # noqa: F811
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_cookies([{"name": WHO, "value": str(user_id), "url": base}])
    return context.new_page()


def test_dashboard_candidate_and_replay_as_a_reviewer_sees_them(
    browser: Browser, review_site: tuple[str, Seeded]  # noqa: F811
) -> None:
    base, seeded = review_site
    page = signed_in_as(browser, base, seeded.admin.id)
    page.goto(f"{base}/review")
    page.get_by_role("link", name="Backend engineer, spring round").click()
    expect(page.get_by_role("heading", name="Backend engineer, spring round")).to_be_visible()
    expect(page.locator("table.dashboard tbody tr")).to_have_count(5)
    expect(page.locator("tr", has_text="bob@example.com").locator(".flag")).to_have_count(5)
    assert no_horizontal_overflow(page)
    shoot(page, "review-dashboard")

    with page.expect_download() as download:
        page.get_by_role("link", name="Export CSV").click()
    assert download.value.suggested_filename.endswith(".csv")

    rita = signed_in_as(browser, base, seeded.rita.id, 1280, 900)
    rita.goto(f"{base}/review/attempts/{seeded.bob.id}")
    expect(rita.locator("ul.flags li")).to_have_count(5)
    expect(rita.locator("details.check").last.locator(".result.failed")).to_have_count(1)
    shoot_whole(rita, "review-candidate")
    rita.get_by_label("Score (0–100)").fill("35")
    rita.get_by_label("Notes").fill("Level 1 arrived in one paste; ask about it in the debrief.")
    rita.get_by_role("button", name="Save review").click()
    expect(rita.get_by_role("status")).to_have_text("Saved.")
    expect(rita.get_by_label("Score (0–100)")).to_have_value("35")
    shoot(rita, "review-candidate-saved")
    response = rita.goto(f"{base}/review/attempts/{seeded.carol.id}")
    assert response is not None and response.status == 403

    rita.goto(f"{base}/review/attempts/{seeded.bob.id}")
    rita.get_by_role("link", name="see in the replay").nth(2).click()  # the paste
    expect(rita.locator(".step-where")).to_contain_text("save of banking_system.py")
    shoot(rita, "review-replay")
    step = int(rita.locator(".replay").get_attribute("data-step") or 0)
    rita.wait_for_load_state()  # the stepper's keys are listened to once the page has loaded
    rita.keyboard.press("ArrowRight")
    expect(rita.locator(".step-where")).to_contain_text(f"Step {step + 1} of")
    expect(rita.locator(".step-where")).to_contain_text("check 1")
    rita.wait_for_load_state()
    rita.keyboard.press("ArrowLeft")
    expect(rita.locator(".step-where")).to_contain_text(f"Step {step} of")
    rita.wait_for_load_state()
    rita.keyboard.press(" ")  # play: the next steps open by themselves
    expect(rita.locator(".step-where")).to_contain_text(f"Step {step + 2} of", timeout=15_000)
    rita.locator("#play").click()  # pause (whichever step it reached meanwhile)
    expect(rita.locator(".replay")).not_to_have_attribute("data-playing", "true")
    assert "play=1" not in rita.url
    assert no_horizontal_overflow(rita)


@pytest.fixture
def hosted_attempt_page(isolated_levelup_home: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, Gate]]:
    """The browser app's attempt page as hosted mode serves it (the page reports events), with the
    event route mounted and the local user standing in as the signed-in candidate."""

    class HostedTemplates(web_app.Jinja2Templates):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.env.globals["record_integrity"] = True

    monkeypatch.setattr(web_app, "Jinja2Templates", HostedTemplates)
    settings = Settings.from_environment()
    gate = Gate()
    app = web_app.create_app(settings, gate)
    database = app.state.service.database

    def candidate(request: Request) -> User:
        gate.require_session(request)
        with database.session() as session:
            found = find_user(session, settings.user)
        if found is None:
            raise HTTPException(403, "no candidate")
        return found

    def nobody(request: Request) -> User:
        raise HTTPException(403, "staff only")

    review_routes.register(app, lambda *a, **k: None, nobody, database=database, catalog=Catalog(),
                           require_candidate=candidate, require_csrf=gate.require_csrf)
    yield from ((base, gate) for base in serve(app))


def test_the_candidate_page_reports_outside_pastes_and_long_absences_and_autosaves(
    browser: Browser, hosted_attempt_page: tuple[str, Gate], isolated_levelup_home: Path  # noqa: F811
) -> None:
    base, gate = hosted_attempt_page
    page = browser.new_page(viewport={"width": 1280, "height": 800})
    page.clock.install()
    page.goto(f"{base}/?token={gate.token}")
    page.locator('form.start:has(input[value="banking"]) button').click()
    expect(page.locator(".cm-content")).to_be_visible()
    attempt = int(page.url.rsplit("/", 1)[1])

    outside = "# written elsewhere\n" + "x = 1\n" * 60
    page.locator(".cm-content").click()
    page.keyboard.press("Control+End")
    paste = """([text, kind]) => {
        const data = new DataTransfer(); data.setData("text/plain", text);
        const event = new ClipboardEvent(kind, {clipboardData: data, bubbles: true, cancelable: true});
        document.querySelector(".cm-content").dispatchEvent(event);
    }"""
    page.evaluate(paste, [outside, "paste"])
    expect(page.locator(".cm-content")).to_contain_text("# written elsewhere")
    page.clock.run_for(4000)  # typing stopped 3 s ago: the page autosaves
    module = next((isolated_levelup_home / "workspaces").glob("banking-*/banking_system.py"))
    deadline = time.monotonic() + 30
    while "# written elsewhere" not in module.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert "# written elsewhere" in module.read_text()

    page.keyboard.press("Control+a")  # copied inside the editor and pasted back (a refactor): not reported
    page.evaluate(paste, ["", "copy"])
    page.evaluate(paste, [module.read_text(), "paste"])

    page.evaluate("window.dispatchEvent(new Event('blur'))")
    page.clock.run_for(95_000)
    page.evaluate("window.dispatchEvent(new Event('focus'))")

    database = isolated_levelup_home / "levelup.db"
    deadline = time.monotonic() + 30
    while len(events(database, attempt)) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    (paste_kind, pasted, path), (away_kind, seconds, no_path) = events(database, attempt)
    assert (paste_kind, pasted, path) == ("paste", float(len(outside)), "banking_system.py")
    assert (away_kind, no_path) == ("focus-lost", None)
    assert 95.0 <= seconds < 100  # the page's clock was moved 95 s (and real time flows on a little)


def events(database: Path, attempt: int) -> list[tuple[str, float, str | None]]:
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT kind, amount, path FROM integrity_events WHERE attempt_id = ? ORDER BY id", (attempt,)
        ).fetchall()
