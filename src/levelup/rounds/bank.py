"""Load the question bank: one TOML file per question, in a folder per round.

The bundled bank lives in `levelup/rounds/questions/`; `load_bank` reads any folder of the same
shape, so a team can keep its own questions beside ours. Every problem found is collected with
the file it is in, so `levelup validate` can list them all at once.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from levelup.rounds.errors import QuestionError
from levelup.rounds.model import KeyPoint, Question, Source

BUNDLED_BANK = Path(__file__).parent / "questions"
BUNDLED_PROBLEMS = Path(__file__).parent.parent / "problems" / "bundled"


@dataclass
class QuestionBank:
    questions: list[Question] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # "path: what is wrong"

    def get(self, question_id: str) -> Question:
        for question in self.questions:
            if question.id == question_id:
                return question
        known = ", ".join(sorted(q.id for q in self.questions)[:8])
        raise QuestionError(f"no question has the id {question_id!r} (`levelup questions` lists them; e.g. {known})")

    def in_round(self, round_name: str | None) -> list[Question]:
        return [q for q in self.questions if round_name is None or q.round == round_name]


def load_bank(folder: Path = BUNDLED_BANK) -> QuestionBank:
    from levelup.rounds.validation import question_problems

    bank = QuestionBank()
    files = sorted(folder.rglob("*.toml")) if folder.is_dir() else [folder]
    for path in files:
        try:
            question = load_question(path)
        except QuestionError as exc:
            bank.problems.append(str(exc))
            continue
        problems = question_problems(question, BUNDLED_PROBLEMS)
        bank.problems.extend(f"{path}: {problem}" for problem in problems)
        bank.questions.append(question)
    seen: dict[str, Path] = {}
    for question in bank.questions:
        if question.id in seen:
            bank.problems.append(f"{question.path}: the id {question.id!r} is also used by {seen[question.id]}")
        seen.setdefault(question.id, question.path)
    return bank


def load_question(path: Path) -> Question:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionError(f"{path}: cannot be read ({exc})") from None
    except tomllib.TOMLDecodeError as exc:
        raise QuestionError(f"{path}: is not valid TOML ({exc})") from None
    fields = _Fields(path, data)
    rubric = tuple(_key_point(path, index, raw) for index, raw in enumerate(fields.table_list("rubric"), 1))
    return Question(
        id=fields.text("id"),
        round=fields.text("round"),
        title=fields.text("title"),
        prompt=fields.text("prompt").strip(),
        minutes=fields.integer("minutes"),
        probes=tuple(fields.text_list("probes")),
        rubric=rubric,
        path=path,
        from_seed=bool(data.get("from_seed", False)),
        competencies=tuple(fields.text_list("competencies", required=False)),
        follows=fields.text("follows", required=False) or None,
    )


def _key_point(path: Path, index: int, raw: dict[str, Any]) -> KeyPoint:
    fields = _Fields(path, raw, where=f"rubric point {index}")
    sources = []
    for source in fields.table_list("sources", required=False):
        source_fields = _Fields(path, source, where=f"a source of rubric point {index}")
        sources.append(Source(title=source_fields.text("title"), url=source_fields.text("url")))
    return KeyPoint(
        id=fields.text("id"),
        kind=fields.text("kind"),
        description=fields.text("description"),
        weight=fields.integer("weight"),
        strong=fields.text("strong").strip(),
        mistake=fields.text("mistake").strip(),
        sources=tuple(sources),
        part=fields.text("part", required=False) or None,
    )


class _Fields:
    """Typed access to one TOML table, with errors that name the file and the field."""

    def __init__(self, path: Path, data: dict[str, Any], where: str = "") -> None:
        self._path = path
        self._data = data
        self._where = f" ({where})" if where else ""

    def _missing(self, key: str, expected: str) -> QuestionError:
        return QuestionError(f"{self._path}{self._where}: `{key}` must be {expected}")

    def text(self, key: str, required: bool = True) -> str:
        value = self._data.get(key)
        if value is None and not required:
            return ""
        if not isinstance(value, str) or not value.strip():
            raise self._missing(key, "a non-empty string")
        return value

    def integer(self, key: str) -> int:
        value = self._data.get(key)
        if not isinstance(value, int) or isinstance(value, bool):
            raise self._missing(key, "a whole number")
        return value

    def text_list(self, key: str, required: bool = True) -> list[str]:
        value = self._data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) and item.strip() for item in value):
            raise self._missing(key, "a list of non-empty strings")
        return [item.strip() for item in value]

    def table_list(self, key: str, required: bool = True) -> list[dict[str, Any]]:
        value = self._data.get(key)
        if value is None and not required:
            return []
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            raise self._missing(key, f"an array of tables ([[{key}]])")
        return value
