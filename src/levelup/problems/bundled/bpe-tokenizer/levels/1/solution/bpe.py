from collections import Counter
from itertools import pairwise

Pair = tuple[int, int]


def pair_counts(ids: list[int]) -> Counter[Pair]:
    """How often each adjacent pair occurs; overlapping occurrences count separately."""
    return Counter(pairwise(ids))


def merge_pair(ids: list[int], pair: Pair, new_id: int) -> list[int]:
    """Replace every occurrence of `pair`, scanning left to right without overlaps."""
    out = []
    i = 0
    while i < len(ids):
        if i + 1 < len(ids) and (ids[i], ids[i + 1]) == pair:
            out.append(new_id)
            i += 2
        else:
            out.append(ids[i])
            i += 1
    return out


class Tokenizer:
    """A byte-level byte pair encoding (BPE) tokenizer."""

    def __init__(self) -> None:
        self._merges: list[tuple[Pair, int]] = []  # in the order they were learned
        self._vocab: dict[int, bytes] = {i: bytes([i]) for i in range(256)}

    def train(self, text: str, vocab_size: int) -> None:
        if vocab_size < 256:
            raise ValueError(f"vocab_size must be at least 256, got {vocab_size}")
        self.__init__()  # start over from the 256 byte tokens
        ids = list(text.encode("utf-8"))
        for new_id in range(256, vocab_size):
            counts = pair_counts(ids)
            if not counts:
                break
            # Most frequent first; among equal counts, the smallest (id1, id2).
            pair = min(counts, key=lambda p: (-counts[p], p))
            ids = merge_pair(ids, pair, new_id)
            self._merges.append((pair, new_id))
            self._vocab[new_id] = self._vocab[pair[0]] + self._vocab[pair[1]]

    def merges(self) -> list[list[int]]:
        return [[a, b, new_id] for (a, b), new_id in self._merges]

    def encode(self, text: str) -> list[int]:
        ids = list(text.encode("utf-8"))
        for pair, new_id in self._merges:
            ids = merge_pair(ids, pair, new_id)
        return ids

    def decode(self, ids: list[int]) -> str:
        if any(i not in self._vocab for i in ids):
            raise ValueError(f"unknown token id in {ids}")
        return b"".join(self._vocab[i] for i in ids).decode("utf-8", errors="replace")
