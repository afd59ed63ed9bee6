"""The JSON documents levelup prints and serves: one shape for every face (`--json` in the CLI,
the browser app's API). Documented, with a JSON Schema each, in docs/json.md."""

from __future__ import annotations

from dataclasses import asdict
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # the service pulls in SQLAlchemy; commands that need it import it themselves
    from levelup.attempts.service import AttemptView, CheckOutcome
    from levelup.grading.results import TestResult
    from levelup.problems.model import Problem

JSON_VERSION = 1  # of every JSON document the CLI prints (docs/json.md); raised on incompatible changes


def problem_json(problem: Problem) -> dict[str, Any]:
    return {
        "slug": problem.slug,
        "title": problem.title,
        "summary": problem.summary,
        "topics": list(problem.topics),
        "levels": problem.level_count,
        "level_titles": [level.title for level in problem.levels],
        "minutes": problem.minutes,
        "origin": problem.origin,
        "path": str(problem.path),
    }


def problems_json(problems: list[Problem]) -> dict[str, Any]:
    return {"version": JSON_VERSION, "problems": [problem_json(p) for p in problems]}


def attempt_json(view: AttemptView) -> dict[str, Any]:
    """One attempt, as `status`, `start`, `submit` and each entry of `history` show it."""
    data = asdict(view)
    data["started_at"] = view.started_at.isoformat()
    data["level"] = view.current_level
    data["unlocked"] = [level.number for level in view.levels if level.unlocked]
    return data


def status_json(view: AttemptView) -> dict[str, Any]:
    return {"version": JSON_VERSION, **attempt_json(view)}


def history_json(views: list[AttemptView]) -> dict[str, Any]:
    return {"version": JSON_VERSION, "attempts": [attempt_json(v) for v in views]}


def error_json(message: str, code: int) -> dict[str, Any]:
    return {"version": JSON_VERSION, "error": message, "code": code}


def check_json(outcome: CheckOutcome) -> dict[str, Any]:
    result = outcome.result
    return {
        "version": JSON_VERSION,
        "attempt": outcome.attempt.id,
        "level": outcome.attempt.current_level,
        "unlocked": [level.number for level in outcome.attempt.levels if level.unlocked],
        "checked_levels": list(result.levels),
        "score": outcome.score,
        "counted": outcome.counted,
        "attempt_score": outcome.attempt.score,
        "newly_unlocked": outcome.unlocked_level,
        "finished": outcome.attempt.finished,
        "import_error": result.import_error,
        "warnings": list(result.warnings),
        "note": outcome.note,
        "recorded": outcome.recorded,
        "duration_seconds": round(result.duration, 3),
        "tests": [test_json(t) for t in result.tests],
    }


def check_summary(outcome: CheckOutcome) -> dict[str, Any]:
    """A check's last event in the browser app: `check --json` without the tests (they were
    streamed one by one), with their counts and the attempt's status."""
    document = check_json(outcome)
    return {key: value for key, value in document.items() if key != "tests"} | {
        "total": len(document["tests"]),
        "passed": sum(t["status"] == "passed" for t in document["tests"]),
        "status": attempt_json(outcome.attempt),
    }


def test_json(t: TestResult) -> dict[str, Any]:
    """One test's result, as in `check --json` (and as the browser app streams it)."""
    return {
        "name": t.name,
        "level": t.level,
        "visible": t.visible,
        "status": t.status,
        "message": t.message,
        "details": t.details,
        "output": t.output,
        "loaded": t.loaded,
        "duration_seconds": round(t.duration, 3),
    }
