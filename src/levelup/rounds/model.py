"""Immutable models of the question bank (loaded from plain TOML files by `bank`)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ROUNDS = ("ml-system-design", "safety", "behavioural", "coding-discussion")
# What a key point is about: a factual claim (needs a source), an approach or judgement an
# interviewer looks for, part of a behavioural answer's structure, or the competency probed.
POINT_KINDS = ("fact", "approach", "structure", "competency")
# A behavioural answer is scored on each part of its story (situation, task, action, result,
# reflection) besides the competency the question probes.
STORY_PARTS = ("situation", "task", "action", "result", "reflection")


@dataclass(frozen=True)
class Source:
    title: str
    url: str


@dataclass(frozen=True)
class KeyPoint:
    id: str
    kind: str
    description: str  # one line: what the answer should cover
    weight: int
    strong: str  # what a strong answer says
    mistake: str  # a common mistake
    sources: tuple[Source, ...] = ()
    part: str | None = None  # the story part, for kind "structure"


@dataclass(frozen=True)
class Question:
    id: str
    round: str
    title: str
    prompt: str
    minutes: int
    probes: tuple[str, ...]
    rubric: tuple[KeyPoint, ...]
    path: Path
    from_seed: bool = False  # the question appears in the interview description levelup serves
    competencies: tuple[str, ...] = ()
    follows: str | None = None  # coding-discussion: the bundled problem it follows

    @property
    def total_weight(self) -> int:
        return sum(point.weight for point in self.rubric)

    @property
    def sources(self) -> tuple[Source, ...]:
        seen: dict[str, Source] = {}
        for point in self.rubric:
            for source in point.sources:
                seen.setdefault(source.url, source)
        return tuple(seen.values())
