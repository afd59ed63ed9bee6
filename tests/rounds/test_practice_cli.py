"""The other rounds, driven as a user drives them: `levelup` subprocesses answering on stdin (or
through $EDITOR), reviewing against the rubric, spaced review, history and a full mock onsite."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import pytest

from levelup.problems.catalog import BUNDLED_DIR
from levelup.rounds.bank import load_bank

BANK = load_bank()
DAY = 86_400
START = 1_800_000_000


def levelup(*args: str, stdin: str = "", fake_time: float | None = None, env: dict[str, str] | None = None,
            cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("EDITOR", "VISUAL")} | (env or {})
    if fake_time is not None:
        environment["LEVELUP_FAKE_TIME"] = str(fake_time)
    return subprocess.run([sys.executable, "-m", "levelup", *args], input=stdin, capture_output=True, text=True,
                          timeout=300, env=environment, cwd=cwd)


def session_input(question_id: str, marks: str, answer: str = "My answer covers sharding and memory.") -> str:
    """What a user types for one question: the answer, each follow-up, then a mark per key point."""
    question = BANK.get(question_id)
    lines = [answer, "."]
    for number in range(len(question.probes)):
        lines += [f"Follow-up answer {number + 1}.", "."]
    lines += [marks[i % len(marks)] for i in range(len(question.rubric))]
    return "\n".join(lines) + "\n"


def answers_json(**kwargs: object) -> dict:
    result = levelup("answers", "--json", **kwargs)  # type: ignore[arg-type]
    assert result.returncode == 0, result.stdout + result.stderr
    return json.loads(result.stdout)


def test_ask_answer_probes_and_self_review_end_to_end(isolated_levelup_home: Path) -> None:
    question = BANK.get("data-loader-bottleneck")
    result = levelup("ask", "--id", question.id, stdin=session_input(question.id, "cpm"), fake_time=START)
    assert result.returncode == 0, result.stdout + result.stderr
    assert question.prompt.splitlines()[0] in result.stdout
    for probe in question.probes:
        assert probe in " ".join(result.stdout.split())
    assert "Score:" in result.stdout and "strong answer:" in result.stdout

    document = answers_json()
    [answer] = document["answers"]
    assert answer["question"] == question.id and answer["phase"] == "done"
    assert answer["marks"][question.rubric[0].id] == "covered"
    assert answer["marks"][question.rubric[2].id] == "missed"
    expected = {"c": 1.0, "p": 0.5, "m": 0.0}
    earned = sum(p.weight * expected["cpm"[i % 3]] for i, p in enumerate(question.rubric))
    assert answer["score"] == round(100 * earned / question.total_weight, 1)
    written = Path(answer["file"]).read_text()
    assert "My answer covers sharding and memory." in written and "Follow-up answer 3." in written
    assert any(p["point_id"] == question.rubric[2].id for p in document["missed_points"])


def test_weak_answers_come_due_first_and_ask_picks_the_most_overdue(isolated_levelup_home: Path) -> None:
    weak, strong = "constitutional-ai-explained", "what-ai-safety-means-in-code"
    assert levelup("ask", "--id", weak, stdin=session_input(weak, "m"), fake_time=START).returncode == 0
    assert levelup("ask", "--id", strong, stdin=session_input(strong, "c"), fake_time=START).returncode == 0

    review = json.loads(levelup("review", "--json", fake_time=START + 60).stdout)
    assert review["due"] == []
    assert {item["id"] for item in review["upcoming"]} == {weak, strong}

    later = START + 2 * DAY
    review = json.loads(levelup("review", "--json", fake_time=later).stdout)
    assert [item["id"] for item in review["due"]] == [weak]
    picked = levelup("ask", "--round", "safety", stdin=session_input(weak, "c"), fake_time=later)
    assert picked.returncode == 0, picked.stdout + picked.stderr
    assert BANK.get(weak).title in picked.stdout


def test_ctrl_c_mid_answer_keeps_what_was_typed_and_ask_resumes(isolated_levelup_home: Path) -> None:
    question = BANK.get("serve-a-70b-model")
    env = {k: v for k, v in os.environ.items() if k not in ("EDITOR", "VISUAL")}
    process = subprocess.Popen([sys.executable, "-m", "levelup", "ask", "--id", question.id], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    assert process.stdin is not None
    process.stdin.write("Time to first token and time per output token are the targets.\n")
    process.stdin.flush()
    answers_folder = isolated_levelup_home / "answers"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # wait until the typed line reached the answer file
        files = list(answers_folder.glob("*.md")) if answers_folder.exists() else []
        if files and "time per output token" in files[0].read_text():
            break
        time.sleep(0.05)
    process.send_signal(signal.SIGINT)
    stdout, _ = process.communicate(timeout=60)
    assert process.returncode == 130
    assert "Everything you wrote is kept in" in stdout

    resumed = levelup("ask", stdin=session_input(question.id, "p", answer="Plus a paged KV cache."))
    assert resumed.returncode == 0, resumed.stdout + resumed.stderr
    assert "Resuming your unfinished answer" in resumed.stdout
    [answer] = answers_json()["answers"]
    assert "time per output token" in Path(answer["file"]).read_text()
    assert "Plus a paged KV cache." in Path(answer["file"]).read_text()
    assert answer["phase"] == "done"


def test_an_empty_answer_is_refused_and_kept_open(isolated_levelup_home: Path) -> None:
    result = levelup("ask", "--id", "learning-a-codebase-fast", stdin="")
    assert result.returncode == 2
    assert "nothing is written under '## Your answer'" in " ".join(result.stdout.split())
    assert answers_json()["answers"][0]["phase"] == "answering"


def test_answers_can_be_written_in_the_users_editor(isolated_levelup_home: Path, tmp_path: Path) -> None:
    editor = tmp_path / "fake-editor"
    editor.write_text(f"#!{sys.executable}\nimport sys\nopen(sys.argv[1], 'a').write('Written in my editor.\\n')\n")
    editor.chmod(0o755)
    question = BANK.get("complex-technical-trade-off")
    marks = "\n".join("c" for _ in question.rubric) + "\n"
    result = levelup("ask", "--id", question.id, "--editor", stdin=marks, env={"EDITOR": str(editor)})
    assert result.returncode == 0, result.stdout + result.stderr
    [answer] = answers_json()["answers"]
    text = Path(answer["file"]).read_text()
    assert text.count("Written in my editor.") == 1 + len(question.probes)
    assert answer["score"] == 100.0


class _FakeGrader(BaseHTTPRequestHandler):
    marks: dict[str, str] = {}
    requests: list[dict] = []

    def do_POST(self) -> None:  # noqa: N802 (http.server's naming)
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        _FakeGrader.requests.append(body | {"path": self.path})
        reply = {"choices": [{"message": {"role": "assistant", "content": json.dumps(_FakeGrader.marks)}}]}
        data = json.dumps(reply).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def fake_grader() -> Iterator[str]:
    server = HTTPServer(("127.0.0.1", 0), _FakeGrader)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    server.shutdown()


def test_a_configured_model_grader_marks_beside_the_self_review(isolated_levelup_home: Path, fake_grader: str) -> None:
    question = BANK.get("helpfulness-versus-harmlessness")
    _FakeGrader.marks = {point.id: "missed" for point in question.rubric}
    _FakeGrader.requests = []
    result = levelup("ask", "--id", question.id, stdin=session_input(question.id, "c"),
                     env={"LEVELUP_GRADER_URL": fake_grader, "LEVELUP_GRADER_MODEL": "tiny"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert "(model: missed)" in result.stdout
    [request] = _FakeGrader.requests
    assert request["path"] == "/v1/chat/completions" and request["model"] == "tiny"
    assert "My answer covers sharding and memory." in request["messages"][1]["content"]
    [answer] = answers_json()["answers"]
    assert answer["score"] == 100.0  # the self-review sets the score
    assert set(answer["model_marks"].values()) == {"missed"}


def test_no_grader_configured_means_no_network_call(isolated_levelup_home: Path, fake_grader: str) -> None:
    _FakeGrader.requests = []
    question_id = "helpfulness-versus-harmlessness"
    assert levelup("ask", "--id", question_id, stdin=session_input(question_id, "c")).returncode == 0
    assert _FakeGrader.requests == []


def test_a_whole_mock_onsite_with_the_coding_round_played_by_the_reference(
    isolated_levelup_home: Path, tmp_path: Path
) -> None:
    planned = levelup("onsite", "--problem", "banking", cwd=tmp_path)
    assert planned.returncode == 0, planned.stdout + planned.stderr
    workspace = tmp_path / "onsite-1-banking"
    assert (workspace / "SPEC.md").exists()

    too_early = levelup("onsite", cwd=tmp_path)
    assert "still running" in too_early.stdout

    for level in (1, 2, 3, 4):
        for source in (BUNDLED_DIR / "banking" / "levels" / str(level) / "solution").glob("*.py"):
            shutil.copyfile(source, workspace / source.name)
        checked = levelup("check", cwd=workspace)
        assert checked.returncode == 0, checked.stdout
    assert levelup("submit", cwd=workspace).returncode == 0

    assert json.loads(levelup("answers", "--json").stdout)["answers"] == []
    # never-answered questions come first, the interview's own before the others, then by id
    loop_questions = [
        min((q for q in BANK.in_round(name) if q.from_seed), key=lambda q: q.id)
        for name in ("ml-system-design", "safety", "behavioural")
    ]
    typed = "".join(session_input(q.id, "cm") for q in loop_questions)
    finished = levelup("onsite", stdin=typed, cwd=tmp_path)
    assert finished.returncode == 0, finished.stdout + finished.stderr
    report = (isolated_levelup_home / "onsite" / "onsite-1.md").read_text()
    assert "| coding | Banking system | 1000/1000 |" in report
    for question in loop_questions:
        assert question.title in report
    assert "What to practise next" in report
    answers = json.loads(levelup("answers", "--json").stdout)["answers"]
    assert [a["round"] for a in answers] == ["ml-system-design", "safety", "behavioural"]
    assert {a["onsite"] for a in answers} == {1}


def test_reading_the_bank_review_and_history_writes_nothing(isolated_levelup_home: Path) -> None:
    import sqlite3

    for command in (("review", "--json"), ("answers", "--json"), ("questions",)):
        assert levelup(*command).returncode == 0
    database = isolated_levelup_home / "levelup.db"
    rows = sqlite3.connect(database).execute("SELECT count(*) FROM users").fetchone()[0] if database.exists() else 0
    assert rows == 0
