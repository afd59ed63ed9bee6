"""The browser app's HTTP surface, through a real server: who may drive it, which files it
touches, checks streamed as Server-Sent Events, reports and history."""

from __future__ import annotations

import json
import re
from pathlib import Path

import httpx

from tests.web.conftest import RunningApp, broken_banking, reference


def start_attempt(client: httpx.Client, app: RunningApp, slug: str = "banking", mode: str = "practice") -> int:
    form = {"slug": slug, "mode": mode, "minutes": "", "csrf_token": app.gate.csrf_token()}
    response = client.post("/attempts", data=form)
    assert response.status_code == 303, response.text
    return int(response.headers["location"].rsplit("/", 1)[1])


def run_check(client: httpx.Client, app: RunningApp, attempt: int) -> tuple[list[dict], dict]:
    started = client.post(f"/api/attempts/{attempt}/checks", headers=app.csrf()).json()
    tests, done = [], None
    with client.stream("GET", started["events"]) as stream:
        kind = None
        for line in stream.iter_lines():
            if line.startswith("event: "):
                kind = line.removeprefix("event: ")
            elif line.startswith("data: "):
                data = json.loads(line.removeprefix("data: "))
                if kind == "test":
                    tests.append(data)
                elif kind in ("done", "failed"):
                    done = data | {"event": kind}
                    break
    assert done is not None
    return tests, done


def save(client: httpx.Client, app: RunningApp, attempt: int, path: str, text: str) -> httpx.Response:
    return client.put(f"/api/attempts/{attempt}/files/{path}", json={"text": text}, headers=app.csrf())


def test_only_the_holder_of_the_printed_link_can_drive_the_app(running_app: RunningApp) -> None:
    stranger = httpx.Client(base_url=running_app.base)
    assert stranger.get("/").status_code == 403
    assert stranger.get("/api/attempts/1/status").json() == {
        "error": "open levelup through the link `levelup serve` printed (it carries a token)", "code": 403}
    assert stranger.get("/?token=guessed").status_code == 403
    login = stranger.get(f"/?token={running_app.gate.token}")
    assert login.status_code == 303 and "HttpOnly" in login.headers["set-cookie"]
    assert "SameSite=strict" in login.headers["set-cookie"]
    assert stranger.get("/").status_code == 200


def test_state_changes_need_the_pages_csrf_token(running_app: RunningApp) -> None:
    client = running_app.client()
    refused = client.post("/attempts", data={"slug": "banking", "mode": "practice"})
    assert refused.status_code == 403 and "CSRF" in refused.text
    attempt = start_attempt(client, running_app)
    no_header = client.put(f"/api/attempts/{attempt}/files/banking_system.py", json={"text": "x = 1\n"})
    assert no_header.status_code == 403


def test_file_api_takes_only_the_attempts_candidate_files(running_app: RunningApp) -> None:
    client = running_app.client()
    attempt = start_attempt(client, running_app)
    listing = client.get(f"/api/attempts/{attempt}/files").json()["files"]
    editable = {f["path"] for f in listing if f["editable"]}
    assert editable == {"banking_system.py", "tests/test_scratch.py"}
    assert {"path": "tests/test_level_1.py", "editable": False} .items() <= next(
        f for f in listing if f["path"] == "tests/test_level_1.py").items()
    for path in ("../../etc/passwd", ".levelup/attempt.json", "pytest.ini", "SPEC.md"):
        assert client.get(f"/api/attempts/{attempt}/files/{path}").status_code == 404
        assert save(client, running_app, attempt, path, "x").status_code == 404
    assert save(client, running_app, attempt, "tests/test_level_1.py", "def test_x(): pass").status_code == 403
    huge = save(client, running_app, attempt, "banking_system.py", "x" * 600_000)
    assert huge.status_code == 413
    assert client.put(f"/api/attempts/{attempt}/files/banking_system.py", content=b"not json",
                      headers=running_app.csrf()).status_code == 400


def test_two_tabs_last_save_wins_and_outside_edits_show_up(running_app: RunningApp) -> None:
    first, second = running_app.client(), running_app.client()
    attempt = start_attempt(first, running_app)
    assert save(first, running_app, attempt, "banking_system.py", "# from tab one\n").status_code == 200
    assert save(second, running_app, attempt, "banking_system.py", "# from tab two\n").status_code == 200
    assert first.get(f"/api/attempts/{attempt}/files/banking_system.py").json()["text"] == "# from tab two\n"
    workspace = Path(first.get(f"/api/attempts/{attempt}/status").json()["workspace"])
    before = first.get(f"/api/attempts/{attempt}/files").json()["files"][0]["mtime"]
    (workspace / "banking_system.py").write_text("# from my own editor\n")
    listing = first.get(f"/api/attempts/{attempt}/files").json()["files"]
    assert listing[0]["path"] == "banking_system.py" and listing[0]["mtime"] != before
    assert second.get(f"/api/attempts/{attempt}/files/banking_system.py").json()["text"] == "# from my own editor\n"


def test_a_check_streams_each_test_then_unlocks_the_next_level(running_app: RunningApp) -> None:
    client = running_app.client()
    attempt = start_attempt(client, running_app)
    tests, done = run_check(client, running_app, attempt)
    assert done["event"] == "done" and done["score"] == 0
    assert tests and all(t["status"] != "passed" for t in tests)

    for name, text in reference("banking", 1).items():
        assert save(client, running_app, attempt, name, text).status_code == 200
    tests, done = run_check(client, running_app, attempt)
    assert done["newly_unlocked"] == 2 and done["score"] == 100
    assert done["passed"] == done["total"] == len(tests)
    assert {t["level"] for t in tests} == {1}
    page = client.get(f"/attempts/{attempt}").text
    assert "Level 2" in page and "New: level 2" in page
    assert client.get(f"/api/attempts/{attempt}/status").json()["current_level"] == 2


def test_a_failing_visible_test_carries_its_diff_and_nothing_unlocks(running_app: RunningApp) -> None:
    client = running_app.client()
    attempt = start_attempt(client, running_app)
    wrong = broken_banking()
    save(client, running_app, attempt, "banking_system.py", wrong)
    tests, done = run_check(client, running_app, attempt)
    failed_visible = [t for t in tests if t["visible"] and t["status"] == "failed"]
    assert failed_visible and any("-1" in (t["message"] + t["details"]) for t in failed_visible)
    assert done["score"] < 100 and done["newly_unlocked"] is None


def test_submit_then_the_report_shows_the_reference_beside_your_code(running_app: RunningApp) -> None:
    client = running_app.client()
    attempt = start_attempt(client, running_app)
    for name, text in reference("banking", 1).items():
        save(client, running_app, attempt, name, text)
    run_check(client, running_app, attempt)
    before = client.get(f"/attempts/{attempt}/report").text
    assert "appear here after you submit" in before
    submitted = client.post(f"/api/attempts/{attempt}/submit", headers=running_app.csrf()).json()
    assert submitted["state"] == "submitted"
    report = client.get(f"/attempts/{attempt}/report").text
    assert "100 / 1000" in report and "Checks run: 1" in report
    assert "reference after level 1" in report and "<svg" in report
    history = client.get("/history").text
    assert history.count("<svg") == 3 and "Banking system" in history


def test_errors_are_friendly_pages_and_json(running_app: RunningApp) -> None:
    client = running_app.client()
    missing = client.get("/attempts/999")
    assert missing.status_code == 400 and "Traceback" not in missing.text
    assert "attempt 999" in missing.text
    api = client.get("/api/attempts/999/status")
    assert api.status_code == 400 and api.json()["code"] == 400
    form = {"slug": "nope", "mode": "practice", "csrf_token": running_app.gate.csrf_token()}
    unknown = client.post("/attempts", data=form)
    assert unknown.status_code == 400 and re.search(r"nope", unknown.text)
