"""The coverage hint, measured on the hand-labelled fixture (benchmarks/coverage_hint.py prints
the same figures). The floors sit a little under today's figures (precision 0.72, recall 0.86)
so a change that makes the hint worse fails here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from levelup.rounds.bank import load_bank
from levelup.rounds.coverage import coverage_hints, sentences

FIXTURE = Path(__file__).parent / "fixtures" / "coverage_labels.json"
sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from coverage_hint import measure  # noqa: E402


def test_every_label_is_a_sentence_of_its_answer_and_every_key_point_is_labelled() -> None:
    bank = load_bank()
    data = json.loads(FIXTURE.read_text())
    pairs = 0
    for item in data["answers"]:
        question = bank.get(item["question"])
        assert set(item["labels"]) == {point.id for point in question.rubric}
        found = {sentence.rstrip(".") for sentence in sentences(item["answer"])}
        for labelled in item["labels"].values():
            pairs += 1
            assert set(labelled) <= found, set(labelled) - found
    assert pairs >= 40


def test_the_hint_finds_most_labelled_sentences_and_few_others() -> None:
    figures = measure(FIXTURE)
    assert figures["pairs"] >= 40
    assert figures["precision"] >= 0.65
    assert figures["recall"] >= 0.8


def test_an_empty_answer_gives_no_hint() -> None:
    question = load_bank().get("data-loader-bottleneck")
    assert all(hint.sentences == () for hint in coverage_hints("", question.rubric))


def test_a_short_answer_still_gets_a_hint() -> None:
    question = load_bank().get("data-loader-bottleneck")
    answer = "I would add worker processes with prefetching so batches are ready before the step asks."
    hints = {hint.point_id: hint.sentences for hint in coverage_hints(answer, question.rubric)}
    assert hints["parallel-workers-prefetch"] == (0,)
