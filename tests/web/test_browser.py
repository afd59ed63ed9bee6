"""The browser app in real Chromium (Debian's, driven by Playwright): a candidate starts a
practice attempt, codes in the editor, checks with Ctrl+Enter, unlocks level 2, sees a failing
test's diff, runs out of exam time on the fake clock, submits, and reads the report and history.
Screenshots of every page land in test-artifacts/screenshots/ for a person to look at."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from tests.web.conftest import RunningApp, broken_banking, reference

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert Path(CHROMIUM).exists(), "the browser tests need Debian's chromium: apt-get install chromium"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def logged_in(browser: Browser, app: RunningApp, width: int = 1280, height: int = 800) -> Page:
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(app.login_url)
    return page


def shoot(page: Page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def type_code(page: Page, text: str) -> None:
    editor = page.locator(".cm-content")
    editor.click()
    page.keyboard.press("Control+a")
    page.keyboard.press("Delete")
    editor.fill(text)


def no_horizontal_overflow(page: Page) -> bool:
    return bool(page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth + 1"))


def test_practice_attempt_from_start_to_level_two(browser: Browser, running_app: RunningApp) -> None:
    page = logged_in(browser, running_app)
    expect(page.get_by_role("heading", name="Problems")).to_be_visible()
    shoot(page, "problems-1280x800")
    assert no_horizontal_overflow(page)
    unlabelled = page.evaluate("""[...document.querySelectorAll('input:not([type=hidden]), select')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).length""")
    assert unlabelled == 0

    # keyboard only: focus the banking row's Start button and press Enter
    page.locator('form.start:has(input[value="banking"]) button').focus()
    page.keyboard.press("Enter")
    expect(page.locator(".cm-content")).to_be_visible()
    expect(page.locator(".spec")).to_contain_text("Level 1")
    shoot(page, "attempt-level-1")

    wrong = broken_banking()
    type_code(page, wrong)
    page.keyboard.press("Control+Enter")
    expect(page.locator("#summary")).to_contain_text("passed", timeout=120_000)
    failing = page.locator(".result.failed").first
    expect(failing).to_contain_text("-1")
    shoot(page, "attempt-failing-test")

    type_code(page, reference("banking", 1)["banking_system.py"])
    page.keyboard.press("Control+Enter")
    expect(page.locator("#unlock-banner")).to_contain_text("Level 2 unlocked", timeout=120_000)
    expect(page.locator(".levels li.current")).to_have_text("2")
    expect(page.locator(".spec")).to_contain_text("New: level 2")
    expect(page.locator(".tab", has_text="tests/test_level_2.py")).to_be_visible()
    expect(page.locator("#summary")).to_contain_text("score 100")
    shoot(page, "attempt-level-2-unlocked")


def test_exam_time_runs_out_then_submit_report_and_history(
    browser: Browser, running_app: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = logged_in(browser, running_app, 1920, 1080)
    row = page.locator('form.start:has(input[value="banking"])')
    row.locator("select").select_option("exam")
    row.locator("button").click()
    expect(page.locator("#timer")).to_contain_text("left")
    type_code(page, reference("banking", 1)["banking_system.py"])
    page.keyboard.press("Control+Enter")
    expect(page.locator("#unlock-banner")).to_contain_text("Level 2 unlocked", timeout=120_000)
    shoot(page, "exam-1920x1080")
    assert no_horizontal_overflow(page)

    monkeypatch.setenv("LEVELUP_FAKE_TIME", str(time.time() + 91 * 60))  # the server runs in this process
    page.reload()
    expect(page.locator("#timer")).to_have_text("time is up")
    page.keyboard.press("Control+Enter")
    expect(page.locator("#summary")).to_contain_text("not counted", timeout=120_000)
    expect(page.locator("#score")).to_have_text("100 / 1000")
    shoot(page, "exam-time-is-up")

    page.once("dialog", lambda dialog: dialog.accept())
    page.locator("#submit").click()
    expect(page.get_by_role("heading", name="Report: Banking system")).to_be_visible()
    expect(page.locator(".big-score")).to_have_text("100 / 1000")
    expect(page.locator("svg.chart")).to_be_visible()
    expect(page.locator(".diff").first).to_be_visible()
    shoot(page, "report")

    page.goto(f"{running_app.base}/history")
    expect(page.locator("svg.chart")).to_have_count(3)
    shoot(page, "history")
    os.environ.pop("LEVELUP_FAKE_TIME", None)


def test_a_browser_without_the_token_is_refused(browser: Browser, running_app: RunningApp) -> None:
    page = browser.new_page()
    response = page.goto(running_app.base + "/")
    assert response is not None and response.status == 403
    expect(page.locator(".error-message")).to_contain_text("link `levelup serve` printed")
    shoot(page, "refused-without-token")
