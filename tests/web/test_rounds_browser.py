"""The other rounds in real Chromium, by keyboard only: pick a question from the bank, write the
answer (autosaved; a reload loses nothing), answer the follow-ups one at a time, mark the rubric
with radio buttons, read the score, and find the answer on the history page's charts.
Screenshots land in test-artifacts/screenshots/ (1280x800) for a person to look at."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page, expect

from levelup.attempts.service import AttemptService
from levelup.rounds.bank import load_bank
from levelup.rounds.onsite import OnsiteService
from levelup.rounds.practice import PracticeService
from levelup.rounds.scoring import weighted_score
from levelup.settings import Settings
from tests.web.conftest import RunningApp
from tests.web.test_browser import browser, logged_in, no_horizontal_overflow, shoot  # noqa: F401 (fixture)

QUESTION = load_bank().get("data-loader-bottleneck")
ANSWER = ("First I would confirm the loader is the bottleneck by profiling GPU utilisation and step time.\n"
          "Then I would add parallel workers with prefetching and pinned host memory.")


def unlabelled_controls(page: Page) -> int:
    return int(page.evaluate("""[...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
        .filter(e => !(e.labels && e.labels.length) && !e.getAttribute('aria-label')).length"""))


def focused_id(page: Page) -> str:
    return str(page.evaluate("document.activeElement.id"))


def test_answer_follow_ups_self_review_score_and_history_by_keyboard(
    browser: Browser, running_app: RunningApp  # noqa: F811 (the fixture imported above)
) -> None:
    page = logged_in(browser, running_app)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Questions").click()
    expect(page.get_by_role("heading", name="Questions")).to_be_visible()
    shoot(page, "rounds-questions-1280x800")
    assert unlabelled_controls(page) == 0 and no_horizontal_overflow(page)

    page.get_by_label("Text").fill(QUESTION.id)
    page.keyboard.press("Enter")
    expect(page.locator("table.questions tbody tr")).to_have_count(1)
    page.get_by_role("button", name=f"Answer {QUESTION.title}").focus()
    page.keyboard.press("Enter")

    # the answer: the textarea has the focus, the timer counts against the suggested minutes
    expect(page.get_by_role("heading", name=QUESTION.title)).to_be_visible()
    expect(page.locator("#timer")).to_have_text(re.compile(rf"^\d+:\d\d of {QUESTION.minutes}:00$"))  # script ran
    expect(page.locator("#text")).to_be_focused()
    assert unlabelled_controls(page) == 0
    page.keyboard.type(ANSWER)
    expect(page.locator("#save-state")).to_contain_text("Saved at", timeout=15_000)  # the periodic autosave
    shoot(page, "rounds-answer-writing")
    page.reload()
    expect(page.locator("#text")).to_have_value(ANSWER)  # nothing lost on reload
    page.locator("#text").focus()
    page.keyboard.press("Tab")
    assert focused_id(page) == "done"
    page.keyboard.press("Enter")

    # the follow-ups, one at a time
    for number, probe in enumerate(QUESTION.probes, 1):
        expect(page.locator("#probe-heading")).to_have_text(f"Follow-up {number} of {len(QUESTION.probes)}")
        expect(page.locator(".probe")).to_have_text(probe)
        assert page.get_by_text("Self-review: the rubric").count() == 0
        expect(page.locator("#text")).to_be_focused()
        page.keyboard.type(f"My reply to follow-up {number}: shard the dataset and cache decoded samples.")
        if number == 1:
            shoot(page, "rounds-follow-up")
        page.keyboard.press("Tab")  # leaving the box saves it
        expect(page.locator("#save-state")).to_contain_text("Saved at")
        assert focused_id(page) == "done"
        page.keyboard.press("Enter")

    # the rubric, revealed now, marked with the keyboard: Space checks, arrows move within a point
    expect(page.get_by_role("heading", name="Self-review: the rubric")).to_be_visible()
    expect(page.locator("#timer")).to_contain_text("(answer finished)")
    expect(page.locator(".hint").first).to_contain_text("Hint:")
    assert unlabelled_controls(page) == 0
    shoot(page, "rounds-self-review")
    page.locator(f"#mark-{QUESTION.rubric[0].id}-covered").focus()
    marks = {}
    for index, point in enumerate(QUESTION.rubric):
        if index % 3 == 0:
            page.keyboard.press("Space")
            marks[point.id] = "covered"
        elif index % 3 == 1:
            page.keyboard.press("ArrowRight")
            marks[point.id] = "partly"
        else:
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            marks[point.id] = "missed"
        assert page.locator(f"#mark-{point.id}-{marks[point.id]}").is_checked()
        page.keyboard.press("Tab")
    assert focused_id(page) == "submit-marks"
    page.keyboard.press("Enter")

    score = weighted_score(QUESTION.rubric, marks)
    expect(page.locator("#score")).to_have_text(f"{score:.0f} / 100")
    expect(page.locator("#timer")).to_contain_text("(answer finished)")
    expect(page.locator("#next-review")).to_contain_text("Next review of this question")
    expect(page.locator(".marks-table .mistake").first).to_contain_text("Common mistake:")
    shoot(page, "rounds-score")
    assert no_horizontal_overflow(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Answers & review").click()
    expect(page.get_by_role("heading", name="Answers & review", exact=True)).to_be_visible()
    expect(page.locator('svg[aria-label="Self-review score per answer, by round"]')).to_be_visible()
    expect(page.locator('svg[aria-label="Key points marked missed, by round"]')).to_be_visible()
    expect(page.locator(".answers-table")).to_contain_text(f"{score:.0f}")
    shoot(page, "rounds-history")
    page.locator('svg[aria-label="Key points marked missed, by round"]').scroll_into_view_if_needed()
    shoot(page, "rounds-history-charts")
    assert no_horizontal_overflow(page)


def test_the_onsite_report_reads_as_a_page(browser: Browser, running_app: RunningApp) -> None:  # noqa: F811
    settings = Settings.from_environment()
    practice = PracticeService(settings)
    loops = OnsiteService(AttemptService(settings), practice)
    loop = loops.plan("banking", 0)
    view = loops.begin_question(loop.id, 1, None)
    practice.finish_step(view.id, None, "A short design answer.")
    for number in range(len(view.question.probes)):
        practice.finish_step(view.id, number, "A reply.")
    marks = {point.id: "missed" if index % 2 else "covered" for index, point in enumerate(view.question.rubric)}
    practice.record_review(view.id, marks)
    loops.complete_question(loop.id, 1, view.id)

    page = logged_in(browser, running_app)
    page.goto(f"{running_app.base}/answers")
    page.get_by_role("link", name=f"Mock onsite {loop.id}").click()
    expect(page.get_by_role("heading", name=f"Mock onsite {loop.id}")).to_be_visible()
    expect(page.locator(".onsite-report table")).to_contain_text(view.question.title)
    expect(page.get_by_role("heading", name="What to practise next")).to_be_visible()
    shoot(page, "rounds-onsite-report")
    assert no_horizontal_overflow(page)
