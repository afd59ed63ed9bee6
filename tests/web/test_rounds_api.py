"""The other rounds in the browser app, through a real server: the question bank page, answering
(autosave into the CLI's answer file, follow-ups one at a time, "Done" safe to send twice), the
rubric kept out of every route until the follow-ups are written, the self-review and its score,
model marks beside it, review and history with charts, the onsite report, CSRF and friendly errors."""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from html import unescape
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import httpx
import pytest
from starlette.routing import Route

from levelup.attempts.service import AttemptService
from levelup.rounds import answer_file
from levelup.rounds.bank import load_bank
from levelup.rounds.onsite import OnsiteService
from levelup.rounds.practice import PracticeService
from levelup.settings import Settings
from tests.web.conftest import RunningApp

BANK = load_bank()
QUESTION = BANK.get("data-loader-bottleneck")  # ml-system-design, 3 follow-ups
DAY = 86_400
PROFILING = "I would confirm the bottleneck by profiling the loader, measuring time spent waiting for each batch."
ANSWER = (f"{PROFILING}\nThen I would add parallel worker processes with prefetching and pinned memory.\n"
          "Storing the data as large sharded files avoids many small reads.\n"
          "Finally the sample order must be reproducible when a run resumes.")


def begin(client: httpx.Client, app: RunningApp, question_id: str = QUESTION.id) -> int:
    response = client.post("/answers", data={"question": question_id, "csrf_token": app.gate.csrf_token()})
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def autosave(client: httpx.Client, app: RunningApp, answer: int, text: str, probe: int | None = None) -> httpx.Response:
    return client.put(f"/api/answers/{answer}/text", json={"text": text, "probe": probe}, headers=app.csrf())


def done(client: httpx.Client, app: RunningApp, answer: int, text: str, probe: int | None = None) -> httpx.Response:
    form = {"text": text, "probe": "" if probe is None else str(probe), "csrf_token": app.gate.csrf_token()}
    return client.post(f"/answers/{answer}/done", data=form)


def answer_through_the_follow_ups(client: httpx.Client, app: RunningApp, question_id: str = QUESTION.id) -> int:
    answer = begin(client, app, question_id)
    assert done(client, app, answer, ANSWER).status_code == 303
    for number in range(len(BANK.get(question_id).probes)):
        assert done(client, app, answer, f"Follow-up reply {number + 1}.", number).status_code == 303
    return answer


def review(client: httpx.Client, app: RunningApp, answer: int, marks: dict[str, str]) -> httpx.Response:
    form = {f"mark-{point}": mark for point, mark in marks.items()} | {"csrf_token": app.gate.csrf_token()}
    return client.post(f"/answers/{answer}/review", data=form)


def all_marked(question_id: str, mark: str) -> dict[str, str]:
    return {point.id: mark for point in BANK.get(question_id).rubric}


def rubric_texts(question_id: str = QUESTION.id) -> list[str]:
    question = BANK.get(question_id)
    return [text for point in question.rubric for text in (point.description, point.strong, point.mistake)]


def visible(response: httpx.Response) -> str:
    return " ".join(unescape(response.text).split())


def test_the_questions_page_lists_the_bank_with_its_filters_and_review_state(running_app: RunningApp) -> None:
    client = running_app.client()
    page = client.get("/questions")
    assert page.status_code == 200
    assert '<a href="/questions">Questions</a>' in page.text  # in the top nav
    for question in BANK.questions:
        assert question.id in page.text
    safety = client.get("/questions", params={"round": "safety"}).text
    assert "constitutional-ai-explained" in safety and QUESTION.id not in safety
    found = client.get("/questions", params={"q": "LOADER"}).text
    assert QUESTION.id in found and "constitutional-ai-explained" not in found
    row = re.search(rf"<tr>\s*<td><strong>[^<]*</strong> <code>{QUESTION.id}</code>.*?</tr>", page.text, re.S)
    assert row is not None
    cells = re.findall(r"<td>(.*?)</td>", row.group(0), re.S)
    assert cells[2] == str(QUESTION.minutes) and cells[3] == str(len(QUESTION.rubric))
    assert all(source.url in row.group(0) for source in QUESTION.sources)
    assert "new" in cells[5]
    refused = client.get("/questions", params={"round": "poetry"})
    assert refused.status_code == 400 and "no round is called 'poetry'" in visible(refused)


def test_answer_the_one_that_is_due_starts_the_most_overdue_question(
    running_app: RunningApp, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = running_app.client()
    monkeypatch.setenv("LEVELUP_FAKE_TIME", "1800000000")
    weak = answer_through_the_follow_ups(client, running_app, "constitutional-ai-explained")
    assert review(client, running_app, weak, all_marked("constitutional-ai-explained", "missed")).status_code == 303
    monkeypatch.setenv("LEVELUP_FAKE_TIME", str(1_800_000_000 + 30 * DAY))
    page = client.get("/questions", params={"round": "safety"}).text
    row = re.search(r"<code>constitutional-ai-explained</code>.*?</tr>", page, re.S)
    assert row is not None and "due now" in row.group(0)
    picked = client.post("/answers", data={"due": "1", "round": "safety", "csrf_token": running_app.gate.csrf_token()})
    assert picked.status_code == 303
    assert "Constitutional" in client.get(picked.headers["location"]).text
    history = client.get("/answers").text
    assert "Nothing is due" not in history and "constitutional-ai-explained" in history


def test_the_browser_writes_the_cli_answer_file_and_a_reload_keeps_every_word(running_app: RunningApp) -> None:
    client = running_app.client()
    answer = begin(client, running_app)
    page = client.get(f"/answers/{answer}")
    assert QUESTION.prompt.splitlines()[0] in visible(page)
    status = client.get(f"/api/answers/{answer}").json()
    assert status["phase"] == "answering" and status["minutes"] == QUESTION.minutes and status["probe"] is None
    text = "First, profile.\n\n## Follow-up 1 is a heading I typed myself\n\nThen prefetch with pinned memory."
    saved = autosave(client, running_app, answer, text)
    assert saved.status_code == 200, saved.text
    [view] = PracticeService(Settings.from_environment()).answers()
    written, probes = answer_file.read(view.file)
    assert "Then prefetch with pinned memory." in written and probes == []  # the typed heading did not split it
    assert view.file.read_text().startswith(f"# {QUESTION.title}")
    reloaded = client.get(f"/answers/{answer}")
    assert "Then prefetch with pinned memory." in unescape(reloaded.text)
    # an edit made to the file in another editor shows up on reload
    view.file.write_text(view.file.read_text() + "Added in vim.\n")
    assert "Added in vim." in unescape(client.get(f"/answers/{answer}").text)
    # starting the same question again resumes this answer instead of a new one
    assert begin(client, running_app) == answer


def test_follow_ups_come_one_at_a_time_and_a_repeated_done_skips_none(running_app: RunningApp) -> None:
    client = running_app.client()
    answer = begin(client, running_app)
    assert done(client, running_app, answer, "My answer.").status_code == 303
    assert done(client, running_app, answer, "My answer, sent twice.").status_code == 303
    status = client.get(f"/api/answers/{answer}").json()
    assert status["phase"] == "probing" and status["probe"] == 0
    page = visible(client.get(f"/answers/{answer}"))
    assert QUESTION.probes[0] in page and QUESTION.probes[1] not in page
    assert "Follow-up 1 of 3" in page
    assert done(client, running_app, answer, "Reply one.", 0).status_code == 303
    assert done(client, running_app, answer, "Reply one again.", 0).status_code == 303  # a double click
    assert client.get(f"/api/answers/{answer}").json()["probe"] == 1
    late = autosave(client, running_app, answer, "a late autosave of follow-up 1", 0)
    assert late.status_code == 400 and "already finished" in late.json()["error"]
    assert autosave(client, running_app, answer, "Reply two, autosaved.", 1).status_code == 200
    view = PracticeService(Settings.from_environment()).get(answer)
    assert view.answer == "My answer." and view.probe_answers == ("Reply one.", "Reply two, autosaved.")


def test_no_route_reveals_the_rubric_before_the_follow_ups_are_written(running_app: RunningApp) -> None:
    client = running_app.client()
    answer = begin(client, running_app)
    secret = rubric_texts()
    get_paths = [route.path for route in client_routes(running_app) if "GET" in (route.methods or ())]
    assert {"/answers/{answer_id:int}", "/api/answers/{answer_id:int}", "/questions", "/answers"} <= set(get_paths)

    def nothing_revealed(phase: str) -> None:
        assert client.get(f"/api/answers/{answer}").json()["phase"] == phase
        for path in get_paths:
            if "{" in path and "{answer_id:int}" not in path:
                continue
            response = client.get(path.replace("{answer_id:int}", str(answer)))
            shown = visible(response)
            leaked = [text for text in secret if " ".join(text.split()) in shown]
            assert leaked == [], f"{path} shows the rubric while {phase}"
        early = review(client, running_app, answer, all_marked(QUESTION.id, "covered"))
        assert early.status_code == 400 and "revealed only after" in early.text

    nothing_revealed("answering")
    done(client, running_app, answer, "An answer.")
    nothing_revealed("probing")
    for number in range(len(QUESTION.probes) - 1):
        done(client, running_app, answer, "A reply.", number)
    nothing_revealed("probing")
    done(client, running_app, answer, "The last reply.", len(QUESTION.probes) - 1)
    revealed = visible(client.get(f"/answers/{answer}"))
    assert all(" ".join(point.description.split()) in revealed for point in QUESTION.rubric)


def client_routes(app: RunningApp) -> list[Route]:
    from levelup.web.app import create_app

    return [route for route in create_app(Settings.from_environment(), app.gate).routes if isinstance(route, Route)]


def test_every_state_change_needs_the_session_and_the_csrf_token(running_app: RunningApp) -> None:
    client = running_app.client()
    answer = begin(client, running_app)
    no_token = [
        client.post("/answers", data={"question": QUESTION.id}),
        client.put(f"/api/answers/{answer}/text", json={"text": "x", "probe": None}),
        client.post(f"/answers/{answer}/done", data={"text": "x", "probe": ""}),
        client.post(f"/answers/{answer}/review", data={"mark-x": "covered"}),
        client.put(f"/api/answers/{answer}/text", json={"text": "x"}, headers={"X-CSRF-Token": "forged"}),
    ]
    assert [r.status_code for r in no_token] == [403] * 5
    assert all("CSRF" in r.text for r in no_token)
    assert client.get(f"/api/answers/{answer}").json()["phase"] == "answering"
    stranger = httpx.Client(base_url=running_app.base)
    for path in ("/questions", "/answers", f"/answers/{answer}", f"/api/answers/{answer}", "/onsite/1"):
        assert stranger.get(path).status_code == 403
    forged = stranger.put(f"/api/answers/{answer}/text", json={"text": "x"}, headers=running_app.csrf())
    assert forged.status_code == 403


def test_self_review_gives_the_score_notes_sources_and_next_review(running_app: RunningApp) -> None:
    client = running_app.client()
    answer = answer_through_the_follow_ups(client, running_app)
    page = client.get(f"/answers/{answer}").text
    assert "Hint:" in page and "never a mark" in page
    first_point = re.search(r"<legend>1\..*?</fieldset>", page, re.S)
    assert first_point is not None and f"<q>{PROFILING}</q>" in first_point.group(0)  # the hint quotes the answer
    for point in QUESTION.rubric:
        for mark in ("covered", "partly", "missed"):
            assert f'<label for="mark-{point.id}-{mark}">' in page
            assert f'id="mark-{point.id}-{mark}" name="mark-{point.id}" value="{mark}" required' in page
    incomplete = review(client, running_app, answer, {QUESTION.rubric[0].id: "covered"})
    assert incomplete.status_code == 400 and "every key point needs a mark" in incomplete.text
    marks = all_marked(QUESTION.id, "covered") | {QUESTION.rubric[0].id: "missed", QUESTION.rubric[1].id: "partly"}
    reviewed = review(client, running_app, answer, marks)
    assert reviewed.status_code == 303
    result = client.get(reviewed.headers["location"])
    view = PracticeService(Settings.from_environment()).get(answer)
    assert view.score is not None and view.next_due is not None
    assert f"{view.score:.0f} / 100" in result.text
    assert f"Next review of this question: {view.next_due:%Y-%m-%d}" in result.text
    shown = visible(result)
    for point in QUESTION.rubric:
        assert " ".join(point.strong.split()) in shown and " ".join(point.mistake.split()) in shown
        for source in point.sources:
            assert f'href="{source.url}"' in result.text
    assert "Model's mark" not in result.text  # no grader configured


class _FakeGrader(BaseHTTPRequestHandler):
    marks: dict[str, str] = {}
    calls = 0

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers["Content-Length"]))
        _FakeGrader.calls += 1
        data = json.dumps({"choices": [{"message": {"content": json.dumps(_FakeGrader.marks)}}]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_grader(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    server = HTTPServer(("127.0.0.1", 0), _FakeGrader)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("LEVELUP_GRADER_URL", f"http://127.0.0.1:{server.server_address[1]}/v1")
    _FakeGrader.calls = 0
    yield
    server.shutdown()


def test_a_configured_grader_marks_beside_the_self_review_which_sets_the_score(
    fake_grader: None, running_app: RunningApp
) -> None:
    client = running_app.client()
    answer = answer_through_the_follow_ups(client, running_app)
    assert _FakeGrader.calls == 0  # nothing is sent before the self-review
    _FakeGrader.marks = all_marked(QUESTION.id, "missed")
    result = client.get(review(client, running_app, answer, all_marked(QUESTION.id, "covered")).headers["location"])
    assert _FakeGrader.calls == 1
    assert "100 / 100" in result.text and "Model's mark" in result.text
    rows = re.findall(r'<td class="mark">(\w+)</td>\s*<td class="model-mark">(\w+)</td>', result.text)
    assert rows == [("covered", "missed")] * len(QUESTION.rubric)
    _FakeGrader.marks = {}
    again = review(client, running_app, answer, all_marked(QUESTION.id, "covered"))
    assert "could not mark this answer" in visible(client.get(again.headers["location"]))


def test_the_history_page_shows_what_is_due_scores_missed_points_and_charts(running_app: RunningApp) -> None:
    client = running_app.client()
    assert "No answers yet" in client.get("/answers").text
    first = answer_through_the_follow_ups(client, running_app)
    review(client, running_app, first, all_marked(QUESTION.id, "covered") | {QUESTION.rubric[2].id: "missed"})
    second = answer_through_the_follow_ups(client, running_app, "constitutional-ai-explained")
    review(client, running_app, second, all_marked("constitutional-ai-explained", "partly"))
    unfinished = begin(client, running_app, "interpretability-approaches")
    page = client.get("/answers")
    assert page.status_code == 200
    assert '<a href="/answers">Answers &amp; review</a>' in page.text
    assert 'aria-label="Self-review score per answer, by round"' in page.text
    assert 'aria-label="Key points marked missed, by round"' in page.text
    assert "<title>ml-system-design: 1</title>" in page.text  # one bar: the missed point
    assert "<title>safety: 0</title>" in page.text
    shown = visible(page)
    assert " ".join(QUESTION.rubric[2].description.split()) in shown  # missed most
    assert "Nothing is due for review now" in shown
    assert f'href="/answers/{unfinished}"' in page.text and "answering" in shown
    fallback = re.search(r"Missed key points as a table.*?</table>", page.text, re.S)
    assert fallback is not None
    assert re.findall(r"<tr><td>([\w-]+)</td><td>(\d+)</td><td>(\d+)</td></tr>", fallback.group(0)) == [
        ("ml-system-design", "1", "0"), ("safety", "0", str(len(BANK.get("constitutional-ai-explained").rubric)))]


def test_the_onsite_report_is_a_page_linked_from_the_answers(running_app: RunningApp) -> None:
    settings = Settings.from_environment()
    practice = PracticeService(settings)
    loops = OnsiteService(AttemptService(settings), practice)
    loop = loops.plan("banking", 0)
    question = loops.begin_question(loop.id, 1, None)
    client = running_app.client()
    answer_file.write_answer(question.file, "A design answer.")
    done(client, running_app, question.id, "A design answer.")
    for number in range(len(question.question.probes)):
        done(client, running_app, question.id, "Reply.", number)
    review(client, running_app, question.id, all_marked(question.question.id, "missed"))
    loops.complete_question(loop.id, 1, question.id)
    history = client.get("/answers").text
    assert f'href="/onsite/{loop.id}"' in history
    report = client.get(f"/onsite/{loop.id}")
    assert report.status_code == 200
    assert "<h1>Mock onsite 1</h1>" in report.text and "<table>" in report.text
    assert question.question.title in unescape(report.text) and "What to practise next" in report.text
    assert "In progress" in report.text
    missing = client.get("/onsite/99")
    assert missing.status_code == 400 and "there is no mock onsite 99 of yours" in missing.text


def test_bad_requests_get_a_message_not_a_traceback(running_app: RunningApp, tmp_path: Path) -> None:
    client = running_app.client()
    token = running_app.gate.csrf_token()
    unknown = client.post("/answers", data={"question": "no-such-question", "csrf_token": token})
    assert unknown.status_code == 400 and "no-such-question" in unknown.text and "Traceback" not in unknown.text
    nothing = client.post("/answers", data={"csrf_token": token})
    assert nothing.status_code == 400 and "name a question" in nothing.text
    assert "there is no answer 999 of yours" in client.get("/answers/999").text
    not_a_number = client.get("/answers/latest")
    assert not_a_number.status_code == 404 and "Something is not right" in not_a_number.text
    assert client.get("/api/answers/999").json() == {"error": "there is no answer 999 of yours", "code": 400}
    answer = begin(client, running_app)
    garbled = client.put(f"/api/answers/{answer}/text", content=b"not json", headers=running_app.csrf())
    assert garbled.status_code == 400 and "send {" in garbled.json()["error"]
    huge = autosave(client, running_app, answer, "x" * 300_000)
    assert huge.status_code == 413
    empty = done(client, running_app, answer, "   ")
    assert empty.status_code == 400 and "nothing is written" in empty.text
    assert client.get(f"/api/answers/{answer}").json()["phase"] == "answering"


def test_a_source_that_is_not_a_web_link_is_shown_as_text_not_linked(
    running_app: RunningApp, isolated_levelup_home: Path
) -> None:
    bundled = BANK.get("constitutional-ai-explained").path.read_text()
    own = bundled.replace('id = "constitutional-ai-explained"', 'id = "my-own-question"').replace(
        "https://arxiv.org/abs/2212.08073", "javascript:alert(1)")
    folder = isolated_levelup_home / "questions" / "safety"
    folder.mkdir(parents=True)
    (folder / "my-own-question.toml").write_text(own)
    client = running_app.client()
    page = client.get("/questions", params={"q": "my-own-question"}).text
    assert "my-own-question" in page and "javascript:alert(1)" in page
    assert 'href="javascript:' not in page and 'href="https://arxiv.org/abs/2203.02155"' in page
    answer = begin(client, running_app, "my-own-question")
    done(client, running_app, answer, ANSWER)
    for number in range(len(BANK.get("constitutional-ai-explained").probes)):  # the same question, renamed
        done(client, running_app, answer, "A reply.", number)
    assert review(client, running_app, answer, all_marked("constitutional-ai-explained", "covered")).status_code == 303
    result = client.get(f"/answers/{answer}").text
    assert "javascript:alert(1)" in result and 'href="javascript:' not in result
