"""Just enough Markdown for importers: split a document at numbered headings and re-nest headings
under a level's `## Level N` heading. Lines inside fenced code blocks are never headings (a
Python comment in an example is not a title)."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t#]*$")
_FENCE = re.compile(r"^[ \t]{0,3}(```|~~~)")


@dataclass(frozen=True)
class Heading:
    index: int  # line number, 0-based
    depth: int
    text: str


@dataclass
class Sections:
    title: str | None = None  # the document's own `# Title`, if it has one
    preamble: str = ""  # text before the first numbered section
    numbered: dict[int, tuple[str, str]] = field(default_factory=dict)  # number -> (title, body)


def headings(text: str) -> list[Heading]:
    found: list[Heading] = []
    fence: str | None = None
    for index, line in enumerate(text.splitlines()):
        marker = _FENCE.match(line)
        if marker:
            fence = None if fence == marker.group(1) else fence or marker.group(1)
            continue
        if fence is None:
            match = _HEADING.match(line)
            if match:
                found.append(Heading(index, len(match.group(1)), match.group(2).strip()))
    return found


def split_numbered(text: str, numbered: Callable[[str], tuple[int, str] | None]) -> Sections:
    """Split at headings that `numbered` recognises (returning their number and title).

    A numbered section runs to the next numbered heading, or to the next heading of its own depth
    or shallower. The document's first `#` heading, when it is not numbered, is its title.
    """
    lines = text.splitlines()
    found = headings(text)
    sections = Sections()
    preamble_start = 0
    if found and found[0].depth == 1 and numbered(found[0].text) is None:
        sections.title = found[0].text
        preamble_start = found[0].index + 1
    marks = [(h, numbered(h.text)) for h in found]
    starts = [(h, n) for h, n in marks if n is not None]
    if not starts:
        sections.preamble = _block(lines[preamble_start:])
        return sections
    sections.preamble = _block(lines[preamble_start : starts[0][0].index])
    for heading, (number, title) in starts:
        end = next(
            (
                other.index
                for other, other_number in marks
                if other.index > heading.index and (other_number is not None or other.depth <= heading.depth)
            ),
            len(lines),
        )
        sections.numbered[number] = (title, _block(lines[heading.index + 1 : end]))
    return sections


def section(text: str, title: str) -> str:
    """The body under the first heading called `title` (any case), up to the next heading of its
    depth or shallower; empty when there is none."""
    lines = text.splitlines()
    found = headings(text)
    for position, heading in enumerate(found):
        if heading.text.lower() == title.lower():
            end = next((h.index for h in found[position + 1 :] if h.depth <= heading.depth), len(lines))
            return _block(lines[heading.index + 1 : end])
    return ""


def nest(text: str, top_depth: int = 3) -> str:
    """Shift every heading so the shallowest becomes `top_depth` (never deeper than 6)."""
    found = headings(text)
    if not found:
        return text
    shift = top_depth - min(h.depth for h in found)
    lines = text.splitlines()
    for heading in found:
        lines[heading.index] = "#" * min(6, heading.depth + shift) + " " + heading.text
    return "\n".join(lines)


def without_title(text: str) -> str:
    """The document without its leading `# Title` line."""
    lines = text.splitlines()
    found = headings(text)
    if found and found[0].depth == 1 and not any(line.strip() for line in lines[: found[0].index]):
        return _block(lines[found[0].index + 1 :])
    return text.strip()


def _block(lines: list[str]) -> str:
    return "\n".join(lines).strip("\n").rstrip()
