"""Optional model grading: an OpenAI-compatible chat endpoint the user configured (a local
llama.cpp or Ollama server, or a hosted one) marks each key point. Its marks are shown beside the
self-review, never in place of it. Nothing here runs unless LEVELUP_GRADER_URL is set."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass

from levelup.rounds.model import Question
from levelup.settings import Settings

TIMEOUT_SECONDS = 120
MARKS = ("covered", "partly", "missed")
_JSON_OBJECT = re.compile(r"\{.*\}", re.DOTALL)


class ModelGraderError(Exception):
    pass


@dataclass(frozen=True)
class ModelGrader:
    url: str  # base URL ending in /v1 (".../chat/completions" is appended)
    model: str
    api_key: str | None = None

    def grade(self, question: Question, answer: str, probe_answers: Sequence[str]) -> dict[str, str]:
        reply = self._chat(_instructions(question), _submission(question, answer, probe_answers))
        return _parse_marks(reply, [point.id for point in question.rubric])

    def _chat(self, system: str, user: str) -> str:
        body = json.dumps({
            "model": self.model,
            "temperature": 0,
            "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}],
        }).encode()
        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        request = urllib.request.Request(self.url.rstrip("/") + "/chat/completions", body, headers, method="POST")
        try:
            with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:  # noqa: S310 (user-configured)
                data = json.loads(response.read())
            content = data["choices"][0]["message"]["content"]
        except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
            raise ModelGraderError(f"{self.url} did not give a usable answer ({exc})") from None
        if not isinstance(content, str):
            raise ModelGraderError(f"{self.url} answered without text")
        return content


def configured_grader(settings: Settings | None = None) -> ModelGrader | None:
    settings = settings or Settings.from_environment()
    if not settings.grader_url:
        return None
    return ModelGrader(settings.grader_url, settings.grader_model, settings.grader_api_key)


def _instructions(question: Question) -> str:
    points = "\n".join(f"- {p.id}: {p.description} (a strong answer: {p.strong})" for p in question.rubric)
    return (
        "You grade a candidate's written interview answer against a rubric. For each key point, say "
        "whether the answer covers it fully (covered), in part (partly) or not at all (missed). Judge only "
        "what is written. Reply with one JSON object mapping every key point id to covered, partly or "
        f"missed, and nothing else.\n\nQuestion: {question.prompt}\n\nKey points:\n{points}"
    )


def _submission(question: Question, answer: str, probe_answers: Sequence[str]) -> str:
    parts = [f"Answer:\n{answer}"]
    for probe, reply in zip(question.probes, probe_answers, strict=False):
        parts.append(f"Follow-up: {probe}\nAnswer:\n{reply}")
    return "\n\n".join(parts)


def _parse_marks(reply: str, point_ids: list[str]) -> dict[str, str]:
    match = _JSON_OBJECT.search(reply)
    try:
        data = json.loads(match.group(0)) if match else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise ModelGraderError("the reply was not a JSON object of marks")
    marks = {pid: str(data[pid]).lower() for pid in point_ids if str(data.get(pid, "")).lower() in MARKS}
    if not marks:
        raise ModelGraderError("the reply marked none of the key points")
    return marks
