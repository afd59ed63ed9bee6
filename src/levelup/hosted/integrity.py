"""Integrity signals: things a reviewer may want to look at, each told as one plain sentence.
They flag for a human and never decide anything: no score, state or verdict reads them.

The rules (thresholds in `Thresholds`, all adjustable):
- paste: the candidate's page reported a paste of at least `paste_characters` characters (text
  copied inside the editor and pasted back, as in a refactor, is not reported by the page);
- focus-lost: the page lost focus (another window or tab) for at least `focus_lost_seconds`;
- burst: one save brought at least `burst_characters` new characters, faster than
  `typing_characters_per_second` over the time since the save before it (or since the start),
  which steady typing does not do (the candidate's page autosaves shortly after typing stops);
- first-try: a level passed on the first check run since it unlocked, with at least
  `burst_characters` new characters written for it, of which at least `one_save_share` came in
  a single save: a solution that appeared nearly fully formed, with little editing history;
- similar: the candidate's latest code shares at least `similarity` (Jaccard) of its winnowing
  fingerprints with another candidate's of the same assessment, starter code left out
  (see `levelup.hosted.fingerprints`).

"New characters" are the characters, whitespace not counted, that a save inserted compared with
the save before it (the starter code for the first): replacing a docstring with code is writing
code; re-indenting a block is not, and renaming a variable everywhere is only the new letters.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from levelup.store.models import IntegrityEventRow

StepKind = Literal["save", "check"]
Code = Mapping[str, bytes] | Mapping[str, str]  # file name -> content


@dataclass(frozen=True)
class Thresholds:
    paste_characters: int = 200
    focus_lost_seconds: float = 60.0
    burst_characters: int = 300
    typing_characters_per_second: float = 10.0  # sustained; typing 40-80 words a minute is 3-7
    one_save_share: float = 0.7  # first-try: the share of a level's new code that came in one save
    similarity: float = 0.5  # Jaccard of fingerprint sets; a renamed copy scores about 1.0
    min_fingerprints: int = 15  # code with fewer fingerprints of its own is not compared


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Flag:
    rule: str  # "paste" | "focus-lost" | "burst" | "first-try" | "similar"
    reason: str  # one sentence a reviewer reads
    elapsed_seconds: float | None = None  # when, on the attempt's clock (None: about the whole attempt)
    other_attempt: int | None = None  # similar: the other candidate's attempt


@dataclass(frozen=True)
class CodeStep:
    """A save or a check of the candidate's code, on the attempt's clock."""

    elapsed_seconds: float
    kind: StepKind
    added_characters: int = 0  # saves: new characters since the save before (checks add nothing)


@dataclass(frozen=True)
class LevelWindow:
    number: int
    unlocked_elapsed: float
    passed_elapsed: float | None


def added_characters(before: Code, after: Code) -> int:
    """New code in `after`, file by file: the characters (whitespace not counted) it inserts or
    replaces compared with `before`. Lines are matched first; within a changed block, characters
    are, so renaming a variable on twenty lines is the few letters of the new name each time."""
    total = 0
    for path, content in after.items():
        old, new = _lines(before.get(path)), _lines(content)
        blocks = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        for tag, old_start, old_end, start, end in blocks:
            if tag == "insert":
                total += len(_code_of(new[start:end]))
            elif tag == "replace":
                total += _inserted(_code_of(old[old_start:old_end]), _code_of(new[start:end]))
    return total


_LARGEST_CHARACTER_DIFF = 4_000_000  # old x new characters; beyond it a replaced block counts whole


def _inserted(old: str, new: str) -> int:
    if len(old) * len(new) > _LARGEST_CHARACTER_DIFF:
        return len(new)
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    return sum(end - start for tag, _, _, start, end in matcher.get_opcodes() if tag in ("insert", "replace"))


def _code_of(lines: list[str]) -> str:
    return "".join(character for line in lines for character in line if not character.isspace())


def _lines(content: bytes | str | None) -> list[str]:
    if content is None:
        return []
    text = content.decode("utf-8", errors="replace") if isinstance(content, bytes) else content
    return text.splitlines()


def clock(seconds: float) -> str:
    """A moment of the attempt as a reviewer reads it: 1:02:03 or 12:03."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def duration(seconds: float) -> str:
    whole = max(0, round(seconds))
    minutes, rest = divmod(whole, 60)
    if not minutes:
        return f"{rest} s"
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


def paste_flags(events: Sequence[IntegrityEventRow], thresholds: Thresholds) -> list[Flag]:
    return [
        Flag(
            "paste",
            f"Pasted {int(event.amount):,} characters{f' into {event.path}' if event.path else ''} at "
            f"{clock(event.elapsed_seconds)} (flagged from {thresholds.paste_characters:,}).",
            event.elapsed_seconds,
        )
        for event in events
        if event.kind == "paste" and event.amount >= thresholds.paste_characters
    ]


def focus_flags(events: Sequence[IntegrityEventRow], thresholds: Thresholds) -> list[Flag]:
    return [
        Flag(
            "focus-lost",
            f"Left the page for {duration(event.amount)}, back at {clock(event.elapsed_seconds)} "
            f"(flagged from {duration(thresholds.focus_lost_seconds)}).",
            event.elapsed_seconds,
        )
        for event in events
        if event.kind == "focus-lost" and event.amount >= thresholds.focus_lost_seconds
    ]


def burst_flags(
    steps: Sequence[CodeStep], events: Sequence[IntegrityEventRow], thresholds: Thresholds
) -> list[Flag]:
    """Saves that brought more new code than anyone types in the time since the save before."""
    flags = []
    previous = 0.0
    for step in steps:
        if step.kind != "save":
            continue
        since, previous = previous, step.elapsed_seconds
        seconds = max(step.elapsed_seconds - since, 1.0)
        rate = step.added_characters / seconds
        if step.added_characters < thresholds.burst_characters or rate <= thresholds.typing_characters_per_second:
            continue
        pasted = [e for e in events if e.kind == "paste" and since < e.elapsed_seconds <= step.elapsed_seconds]
        explained = (
            f"; the page reported {len(pasted)} paste{'s' if len(pasted) > 1 else ''} of "
            f"{int(sum(e.amount for e in pasted)):,} characters then"
            if pasted else "; no paste was reported then"
        )
        flags.append(Flag(
            "burst",
            f"{step.added_characters:,} new characters arrived in {duration(seconds)} between {clock(since)} and "
            f"{clock(step.elapsed_seconds)} ({rate:.0f} a second, faster than typing){explained}.",
            step.elapsed_seconds,
        ))
    return flags


def first_try_flags(
    steps: Sequence[CodeStep], levels: Sequence[LevelWindow], thresholds: Thresholds
) -> list[Flag]:
    """Levels passed on their first check where most of the new code written for the level came
    in one save. A level's window runs from its unlock (level 1: the start) to the check that
    passed it."""
    flags = []
    for level in levels:
        if level.passed_elapsed is None:
            continue
        opened = level.unlocked_elapsed if level.number > 1 else -1.0
        window = [s for s in steps if opened < s.elapsed_seconds <= level.passed_elapsed]
        saves = [s for s in window if s.kind == "save"]
        written = sum(s.added_characters for s in saves)
        if sum(s.kind == "check" for s in window) != 1 or written < thresholds.burst_characters:
            continue
        largest = max(saves, key=lambda s: s.added_characters)
        share = largest.added_characters / written
        if share < thresholds.one_save_share:
            continue
        since = "the start" if level.number == 1 else f"it unlocked at {clock(level.unlocked_elapsed)}"
        flags.append(Flag(
            "first-try",
            f"Level {level.number} passed on its first check, at {clock(level.passed_elapsed)}, and {share:.0%} of the "
            f"{written:,} new characters written since {since} arrived in one save, at "
            f"{clock(largest.elapsed_seconds)}: the solution appeared nearly fully formed.",
            level.passed_elapsed,
        ))
    return flags


def similar_reason(similarity: float, other: str) -> str:
    return (
        f"The latest code resembles {other}: {similarity:.0%} of their combined code fingerprints are shared "
        "(winnowing over normalised tokens; starter code left out)."
    )


def attempt_flags(
    steps: Sequence[CodeStep],
    levels: Sequence[LevelWindow],
    events: Sequence[IntegrityEventRow],
    thresholds: Thresholds,
) -> list[Flag]:
    """Every flag of one attempt's own record (similarity needs the other candidates: see review)."""
    flags = [
        *paste_flags(events, thresholds),
        *focus_flags(events, thresholds),
        *burst_flags(steps, events, thresholds),
        *first_try_flags(steps, levels, thresholds),
    ]
    return sorted(flags, key=lambda flag: flag.elapsed_seconds or 0.0)
