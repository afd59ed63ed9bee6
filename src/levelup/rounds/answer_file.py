"""The Markdown file an answer is written in. The prompt sits at the top for reference; the
answer goes under `## Your answer`, and each follow-up probe gets its own `## Follow-up N`
section when it is asked. The file on disk is the autosave: whatever is in it is the answer."""

from __future__ import annotations

import re
from pathlib import Path

from levelup.rounds.model import Question

ANSWER_HEADING = "## Your answer"
_PROBE_HEADING = re.compile(r"^## Follow-up (\d+)\b.*$", re.MULTILINE)


def create(path: Path, question: Question) -> None:
    if path.exists():
        return  # resuming: never overwrite what was written
    path.parent.mkdir(parents=True, exist_ok=True)
    quoted = "\n".join(f"> {line}" if line else ">" for line in question.prompt.splitlines())
    path.write_text(
        f"# {question.title}\n\n{quoted}\n\n"
        f"<!-- Suggested time: {question.minutes} minutes. Write below the heading; save often. -->\n\n"
        f"{ANSWER_HEADING}\n\n",
        encoding="utf-8",
    )


def add_probe(path: Path, number: int, probe: str) -> None:
    text = path.read_text(encoding="utf-8")
    if re.search(rf"^## Follow-up {number}\b", text, re.MULTILINE):
        return
    with path.open("a", encoding="utf-8") as handle:
        handle.write(f"\n## Follow-up {number}\n\n> {probe}\n\n")


def append(path: Path, line: str) -> None:
    with path.open("a", encoding="utf-8") as handle:
        handle.write(line)
        handle.flush()


def read(path: Path) -> tuple[str, list[str]]:
    """The answer and the probe answers written so far (probe quotes left out)."""
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return "", []
    _, _, body = text.partition(ANSWER_HEADING)
    pieces = _PROBE_HEADING.split(body)
    answer = pieces[0]
    probes = [_without_quote(pieces[i + 1]) for i in range(1, len(pieces) - 1, 2)]
    return answer.strip(), probes


def _without_quote(section: str) -> str:
    lines = [line for line in section.strip().splitlines() if not line.startswith(">")]
    return "\n".join(lines).strip()
