"""The coverage hint of self-review: for each key point, the sentences of the answer that most
likely address it, ranked offline with BM25 (no model, no network). It is a hint for the person
marking, never a mark."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rank_bm25 import BM25Okapi

from levelup.rounds.model import KeyPoint

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n\s*[-*]\s+|\n{2,}")
_WORD = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_STOPWORDS = frozenset(re.findall(r"\w+", """
a an and are as at be but by can do does for from has have how i if in into is it its of on or our
so that the their them then there these they this to was we were what when where which while who
will with would you your not no
"""))
MAX_HINTS = 2
MIN_BM25_SENTENCES = 3
# BM25 scores below this share of the best sentence's score are noise, not a hint.
RELATIVE_FLOOR = 0.7


@dataclass(frozen=True)
class Hint:
    point_id: str
    sentences: tuple[int, ...]  # indices into `sentences(answer)`, best first


def sentences(text: str) -> list[str]:
    parts = (part.strip(" \t\n-*#>") for part in _SENTENCE_END.split(text))
    return [part for part in parts if len(_words(part)) >= 3]


def _words(text: str) -> list[str]:
    words = _WORD.findall(text.lower())
    return [_stem(word) for word in words if word not in _STOPWORDS]


def _stem(word: str) -> str:
    # A light suffix strip so "shards"/"sharding"/"sharded" meet; enough for a ranking hint.
    for suffix in ("ing", "ed", "es", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def coverage_hints(answer: str, rubric: Sequence[KeyPoint]) -> list[Hint]:
    found = sentences(answer)
    if not found:
        return [Hint(point.id, ()) for point in rubric]
    documents = [_words(sentence) or ["_"] for sentence in found]
    # BM25's inverse document frequency is zero or negative on one or two sentences; there the
    # hint falls back to how many of the key point's words a sentence shares.
    index = BM25Okapi(documents) if len(documents) >= MIN_BM25_SENTENCES else None
    hints = []
    for point in rubric:
        query = _words(f"{point.description} {point.strong}")
        if index is not None:
            scores = list(index.get_scores(query))
        else:
            scores = [float(len(set(query) & set(words))) for words in documents]
        best = max(scores)
        ranked = sorted(range(len(found)), key=lambda i: -scores[i])
        chosen = tuple(i for i in ranked[:MAX_HINTS] if best > 0 and scores[i] >= RELATIVE_FLOOR * best)
        hints.append(Hint(point.id, chosen))
    return hints
