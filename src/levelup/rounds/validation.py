"""What makes a question sound: its round, time, probes and rubric follow the documented format
(docs/question-format.md), and every factual key point names where the fact comes from."""

from __future__ import annotations

import re
from pathlib import Path

from levelup.rounds.model import POINT_KINDS, ROUNDS, STORY_PARTS, Question

PROBES_RANGE = (2, 4)
RUBRIC_RANGE = (6, 10)
MINUTES_RANGE = (3, 60)
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def question_problems(question: Question, bundled_problems: Path | None = None) -> list[str]:
    problems: list[str] = []
    if not ID_PATTERN.match(question.id):
        problems.append(f"the id {question.id!r} must be lower-case words joined by hyphens")
    if question.path.stem != question.id:
        problems.append(f"the file must be named after its id: {question.id}.toml")
    if question.round not in ROUNDS:
        problems.append(f"`round` is {question.round!r}; use one of {', '.join(ROUNDS)}")
    elif question.path.parent.name != question.round:
        problems.append(f"a {question.round} question belongs in the folder {question.round}/")
    low, high = MINUTES_RANGE
    if not low <= question.minutes <= high:
        problems.append(f"`minutes` is {question.minutes}; a question takes {low} to {high} minutes")
    low, high = PROBES_RANGE
    if not low <= len(question.probes) <= high:
        count = len(question.probes)
        problems.append(f"{count} follow-up probe{'s' if count != 1 else ''}; write {low} to {high}")
    low, high = RUBRIC_RANGE
    if not low <= len(question.rubric) <= high:
        count = len(question.rubric)
        problems.append(f"{count} rubric key point{'s' if count != 1 else ''}; write {low} to {high}")
    problems.extend(_rubric_problems(question))
    if question.round == "behavioural":
        problems.extend(_story_problems(question))
    if question.round == "coding-discussion":
        if not question.follows:
            problems.append("a coding-discussion question names the bundled problem it `follows`")
        elif bundled_problems is not None and not (bundled_problems / question.follows).is_dir():
            problems.append(f"`follows` names {question.follows!r}, which is not a bundled problem")
    return problems


def _rubric_problems(question: Question) -> list[str]:
    problems = []
    ids = [point.id for point in question.rubric]
    for duplicate in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"two rubric key points share the id {duplicate!r}")
    for point in question.rubric:
        label = f"rubric point {point.id!r}"
        if point.kind not in POINT_KINDS:
            problems.append(f"{label}: `kind` is {point.kind!r}; use one of {', '.join(POINT_KINDS)}")
        if point.weight < 1 or point.weight > 5:
            problems.append(f"{label}: `weight` is {point.weight}; use 1 (minor) to 5 (essential)")
        if "\n" in point.description.strip():
            problems.append(f"{label}: `description` is one line")
        if point.kind == "fact" and not point.sources:
            problems.append(f"{label}: a factual key point names its source (paper or official documentation)")
        for source in point.sources:
            if not source.url.startswith("https://"):
                problems.append(f"{label}: the source {source.title!r} needs an https:// link")
        if point.kind == "structure" and point.part not in STORY_PARTS:
            problems.append(f"{label}: a structure point names its `part`: one of {', '.join(STORY_PARTS)}")
    return problems


def _story_problems(question: Question) -> list[str]:
    problems = []
    parts = {point.part for point in question.rubric if point.kind == "structure"}
    missing = [part for part in STORY_PARTS if part not in parts]
    if missing:
        problems.append(f"a behavioural rubric scores every part of the story; missing: {', '.join(missing)}")
    if not any(point.kind == "competency" for point in question.rubric):
        problems.append("a behavioural rubric scores the competency the question probes (a `competency` point)")
    if not question.competencies:
        problems.append("a behavioural question lists the `competencies` it probes")
    return problems
