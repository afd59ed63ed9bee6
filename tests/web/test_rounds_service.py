"""What PracticeService and OnsiteService gained for the browser, called directly: writing a whole
part into the CLI's answer file, "Done" that is safe to repeat, hints only after the reveal, model
marks kept beside the self-review, missed points per round, and onsite loops looked up by id."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from levelup.attempts.service import AttemptService
from levelup.rounds import answer_file
from levelup.rounds.bank import QuestionError
from levelup.rounds.model import Question
from levelup.rounds.model_grader import ModelGrader, ModelGraderError
from levelup.rounds.onsite import OnsiteService
from levelup.rounds.practice import PracticeService
from levelup.settings import Settings

QUESTION_ID = "data-loader-bottleneck"
PROFILING = "I would confirm the bottleneck by profiling the loader, measuring time spent waiting for each batch."
ANSWER = (f"{PROFILING}\nThen I would add parallel worker processes with prefetching and pinned memory.\n"
          "Storing the data as large sharded files avoids many small reads.\n"
          "Finally the sample order must be reproducible when a run resumes.")  # BM25 needs a few sentences


@pytest.fixture
def practice(isolated_levelup_home: Path) -> PracticeService:
    return PracticeService(Settings.from_environment())


def through_the_follow_ups(practice: PracticeService, question_id: str = QUESTION_ID) -> int:
    view = practice.begin(practice.bank.get(question_id))
    practice.finish_step(view.id, None, ANSWER)
    for number in range(len(view.question.probes)):
        practice.finish_step(view.id, number, f"Reply {number + 1}.")
    return view.id


def test_writing_a_part_keeps_the_file_readable_by_the_cli(practice: PracticeService) -> None:
    view = practice.begin(practice.bank.get(QUESTION_ID))
    practice.write(view.id, "Draft one.")
    practice.write(view.id, "Draft two, longer.\n\n## Your answer\n## Follow-up 2 typed by me")
    assert answer_file.read(view.file) == (
        "Draft two, longer.\n\n\\## Your answer\n\\## Follow-up 2 typed by me", [])
    practice.finish_step(view.id, None)
    practice.write(view.id, "First reply.", 0)
    practice.write(view.id, "First reply, edited.\n> a quote of mine", 0)
    text = view.file.read_text()
    assert text.count("## Follow-up 1") == 1 and f"> {view.question.probes[0]}" in text
    assert answer_file.read(view.file)[1] == ["First reply, edited.\n\\> a quote of mine"]
    assert practice.get(view.id).probe_answers == ("First reply, edited.\n\\> a quote of mine",)


def test_a_write_or_done_for_a_part_already_finished_changes_nothing(practice: PracticeService) -> None:
    view = practice.begin(practice.bank.get(QUESTION_ID))
    with pytest.raises(QuestionError, match="already finished"):
        practice.write(view.id, "a reply before any follow-up is asked", 0)
    practice.finish_step(view.id, None, "The answer.")
    again = practice.finish_step(view.id, None, "The answer, overwritten by a double click?")
    assert again.answer == "The answer." and again.current_probe == 0
    practice.finish_step(view.id, 0, "Reply one.")
    assert practice.finish_step(view.id, 0, "Reply one again.").current_probe == 1
    with pytest.raises(QuestionError, match="already finished"):
        practice.write(view.id, "late", 0)
    assert practice.get(view.id).probe_answers == ("Reply one.", "")


def test_hints_wait_for_the_reveal_then_quote_the_answer(practice: PracticeService) -> None:
    view = practice.begin(practice.bank.get(QUESTION_ID))
    with pytest.raises(QuestionError, match="revealed only after"):
        practice.hint_sentences(view.id)
    answer = through_the_follow_ups(practice)
    hints = practice.hint_sentences(answer)
    assert set(hints) == {point.id for point in view.question.rubric}
    assert hints["confirm-with-profiling"][0] == PROFILING


class _Grader(ModelGrader):
    def __init__(self, marks: dict[str, str] | None) -> None:
        super().__init__("http://127.0.0.1:9/v1", "fake")
        object.__setattr__(self, "marks", marks)

    def grade(self, question: Question, answer: str, probe_answers: Sequence[str]) -> dict[str, str]:
        if self.marks is None:  # type: ignore[attr-defined]
            raise ModelGraderError("the endpoint is down")
        return self.marks  # type: ignore[attr-defined, no-any-return]


def test_model_marks_come_after_the_self_review_and_never_change_the_score(practice: PracticeService) -> None:
    answer = through_the_follow_ups(practice)
    rubric = practice.get(answer).question.rubric
    with pytest.raises(QuestionError, match="after your own self-review"):
        practice.grade_with_model(answer, _Grader({}))
    practice.record_review(answer, {point.id: "covered" for point in rubric})
    assert practice.grade_with_model(answer, _Grader({point.id: "missed" for point in rubric})) is None
    view = practice.get(answer)
    assert view.score == 100.0 and set(view.model_marks.values()) == {"missed"}
    problem = practice.grade_with_model(answer, _Grader(None))
    assert problem is not None and "the endpoint is down" in problem


def test_missed_marks_are_counted_per_round(practice: PracticeService) -> None:
    assert practice.missed_by_round() == {}
    first = through_the_follow_ups(practice)
    rubric = practice.get(first).question.rubric
    practice.record_review(first, {p.id: "missed" for p in rubric[:2]} | {p.id: "partly" for p in rubric[2:]})
    second = through_the_follow_ups(practice, "constitutional-ai-explained")
    practice.record_review(second, {p.id: "covered" for p in practice.get(second).question.rubric})
    through_the_follow_ups(practice, "interpretability-approaches")  # not reviewed: not counted
    assert practice.missed_by_round() == {"ml-system-design": (2, len(rubric) - 2), "safety": (0, 0)}


def test_find_filters_by_round_and_text(practice: PracticeService) -> None:
    assert [q.id for q in practice.find("ml-system-design", "LOADER IS")] == [QUESTION_ID]
    assert practice.find(None, "") == practice.questions()
    assert practice.due() == []


def test_onsite_loops_are_listed_found_by_id_and_reported(practice: PracticeService) -> None:
    loops = OnsiteService(AttemptService(practice.settings), practice)
    assert loops.loops() == []
    loop = loops.plan("banking", 0)
    assert [found.id for found in loops.loops()] == [loop.id] and loops.get(loop.id) == loop
    assert loops.report(loop.id).startswith(f"# Mock onsite {loop.id}")
    with pytest.raises(QuestionError, match="no mock onsite 7 of yours"):
        loops.get(7)
