"""Precision and recall of the self-review coverage hint on the hand-labelled fixture.

    .venv/bin/python benchmarks/coverage_hint.py

A hinted sentence is a true positive when the label lists it for that key point. Micro-averaged
over all (answer, key point) pairs; prints one JSON line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from levelup.rounds.bank import load_bank
from levelup.rounds.coverage import coverage_hints, sentences

FIXTURE = Path(__file__).resolve().parents[1] / "tests" / "rounds" / "fixtures" / "coverage_labels.json"


def measure(fixture: Path = FIXTURE) -> dict[str, float | int]:
    bank = load_bank()
    data = json.loads(fixture.read_text())
    hinted = relevant = hits = pairs = 0
    for item in data["answers"]:
        question = bank.get(item["question"])
        found = sentences(item["answer"])
        for hint in coverage_hints(item["answer"], question.rubric):
            labelled = set(item["labels"][hint.point_id])
            chosen = {found[i].rstrip(".") for i in hint.sentences}
            pairs += 1
            hinted += len(chosen)
            relevant += len(labelled)
            hits += len(chosen & labelled)
    return {
        "pairs": pairs,
        "precision": round(hits / hinted, 3) if hinted else 0.0,
        "recall": round(hits / relevant, 3) if relevant else 0.0,
        "hinted": hinted,
        "relevant": relevant,
    }


if __name__ == "__main__":
    sys.stdout.write(json.dumps(measure()) + "\n")
