import re
from collections import Counter
from itertools import pairwise

Pair = tuple[int, int]

# Letter runs (with one optional leading space), digit runs, runs of other symbols (with one
# optional leading space), then whitespace. Every character matches, so chunks rebuild the text.
SPLIT_PATTERN = r" ?[^\W\d]+|\d+| ?[^\s\w]+|\s+(?!\S)|\s+"


def pair_counts(chunks: list[tuple[list[int], int]]) -> Counter[Pair]:
    """Pairs inside each chunk, weighted by how often the chunk occurs; none span two chunks."""
    counts: Counter[Pair] = Counter()
    for ids, weight in chunks:
        for pair in pairwise(ids):
            counts[pair] += weight
    return counts


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
        self._special: dict[str, int] = {}
        self._special_bytes: dict[int, bytes] = {}

    def train(self, text: str, vocab_size: int) -> None:
        if vocab_size < 256:
            raise ValueError(f"vocab_size must be at least 256, got {vocab_size}")
        self.__init__()  # start over: no merges, no special tokens
        # Merges never cross chunks, so equal chunks train alike: count each distinct one once.
        chunks = [
            (list(chunk.encode("utf-8")), n)
            for chunk, n in Counter(re.findall(SPLIT_PATTERN, text)).items()
        ]
        for new_id in range(256, vocab_size):
            counts = pair_counts(chunks)
            if not counts:
                break
            # Most frequent first; among equal counts, the smallest (id1, id2).
            pair = min(counts, key=lambda p: (-counts[p], p))
            chunks = [(merge_pair(ids, pair, new_id), n) for ids, n in chunks]
            self._merges.append((pair, new_id))
            self._vocab[new_id] = self._vocab[pair[0]] + self._vocab[pair[1]]

    def merges(self) -> list[list[int]]:
        return [[a, b, new_id] for (a, b), new_id in self._merges]

    def register_special_tokens(self, tokens: dict[str, int]) -> None:
        if "" in tokens:
            raise ValueError("a special token cannot be the empty string")
        if any(i < len(self._vocab) for i in tokens.values()):
            raise ValueError(f"special token ids must be at least {len(self._vocab)}")
        if len(set(tokens.values())) != len(tokens):
            raise ValueError("two special tokens share an id")
        self._special = dict(tokens)
        self._special_bytes = {i: s.encode("utf-8") for s, i in tokens.items()}

    def encode(self, text: str, allowed_special: str = "none") -> list[int]:
        if allowed_special not in ("all", "none"):
            raise ValueError(f'allowed_special must be "all" or "none", got {allowed_special!r}')
        if allowed_special == "none" or not self._special:
            return self._encode_ordinary(text)
        # Longest first, so that at one position the longest special token wins.
        names = sorted(self._special, key=len, reverse=True)
        parts = re.split("(" + "|".join(map(re.escape, names)) + ")", text)
        ids = []
        for i, part in enumerate(parts):
            if i % 2:  # re.split puts the captured special tokens at odd positions
                ids.append(self._special[part])
            else:
                ids.extend(self._encode_ordinary(part))
        return ids

    def _encode_ordinary(self, text: str) -> list[int]:
        ids = []
        for chunk in re.findall(SPLIT_PATTERN, text):
            ids.extend(self._encode_chunk(chunk))
        return ids

    def _encode_chunk(self, chunk: str) -> list[int]:
        ids = list(chunk.encode("utf-8"))
        for pair, new_id in self._merges:
            ids = merge_pair(ids, pair, new_id)
        return ids

    def decode(self, ids: list[int]) -> str:
        pieces = []
        for i in ids:
            if i in self._vocab:
                pieces.append(self._vocab[i])
            elif i in self._special_bytes:
                pieces.append(self._special_bytes[i])
            else:
                raise ValueError(f"unknown token id {i}")
        return b"".join(pieces).decode("utf-8", errors="replace")
