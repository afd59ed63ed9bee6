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


# -- writing a part whole (the browser sends the text of the part being written) -------------------
_RESERVED_LINE = re.compile(rf"^(?=## Follow-up \d+\b|{re.escape(ANSWER_HEADING)}\s*$)", re.MULTILINE)


def write_answer(path: Path, text: str) -> None:
    """Put `text` under the answer heading, keeping the prompt above and any follow-ups below."""
    content = path.read_text(encoding="utf-8")
    head, heading, body = content.partition(ANSWER_HEADING)
    if not heading:  # the heading was deleted by hand: put it back at the end
        head, body = content.rstrip("\n") + "\n\n", ""
    following = _PROBE_HEADING.search(body)
    rest = body[following.start():] if following else ""
    _replace(path, f"{head}{ANSWER_HEADING}\n\n{_part(text)}{rest}")


def write_probe_answer(path: Path, number: int, text: str) -> None:
    """Put `text` under follow-up `number` (1-based), after its quoted question."""
    content = path.read_text(encoding="utf-8")
    heading = re.search(rf"^## Follow-up {number}\b.*$", content, re.MULTILINE)
    if heading is None:
        raise ValueError(f"{path} has no '## Follow-up {number}' section")
    section_end = _PROBE_HEADING.search(content, heading.end())
    end = section_end.start() if section_end else len(content)
    quote = _leading_quote(content[heading.end():end])
    block = "\n".join(quote) + "\n\n" if quote else ""
    # a line starting with ">" would be read back as the quoted question: keep it as an escaped ">"
    kept = re.sub(r"^>", lambda _: "\\>", text, flags=re.MULTILINE)
    _replace(path, f"{content[:heading.end()]}\n\n{block}{_part(kept)}{content[end:]}")


def _leading_quote(section: str) -> list[str]:
    lines = section.strip("\n").splitlines()
    quote = []
    for line in lines:
        if not line.startswith(">"):
            break
        quote.append(line)
    return quote


def _part(text: str) -> str:
    """The text as a part of the file: reserved headings escaped, ending in one blank line."""
    body = _RESERVED_LINE.sub("\\\\", text.replace("\r\n", "\n")).strip("\n")
    return f"{body}\n\n" if body else ""


def _replace(path: Path, content: str) -> None:
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_text(content, encoding="utf-8")
    temporary.replace(path)
