import json
import math
import re
from collections import Counter
from itertools import pairwise

Pair = tuple[int, int]

# Letter runs (with one optional leading space), digit runs, runs of other symbols (with one
# optional leading space), then whitespace. Every character matches, so chunks rebuild the text.
SPLIT_PATTERN = r" ?[^\W\d]+|\d+| ?[^\s\w]+|\s+(?!\S)|\s+"

FORMAT_VERSION = 1
HEADER = "bpe v1"


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
        self._new_id: dict[Pair, int] = {}  # merged pair -> its id; a lower id is an earlier merge
        self._cache: dict[str, list[int]] = {}  # chunk -> its ids, valid until the next train()
        self._hits = 0
        self._misses = 0

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
            self._add_merge(pair, new_id)

    def _add_merge(self, pair: Pair, new_id: int) -> None:
        self._merges.append((pair, new_id))
        self._new_id[pair] = new_id
        self._vocab[new_id] = self._vocab[pair[0]] + self._vocab[pair[1]]

    def merges(self) -> list[list[int]]:
        return [[a, b, new_id] for (a, b), new_id in self._merges]

    def register_special_tokens(self, tokens: dict[str, int]) -> None:
        if not all(isinstance(name, str) and name for name in tokens):
            raise ValueError("special tokens must be non-empty strings")
        if any(i < len(self._vocab) for i in tokens.values()):
            raise ValueError(f"special token ids must be at least {len(self._vocab)}")
        if len(set(tokens.values())) != len(tokens):
            raise ValueError("two special tokens share an id")
        self._special = dict(tokens)
        self._special_bytes = {i: s.encode("utf-8") for s, i in tokens.items()}

    # Saving and loading (level 3).

    def to_dict(self) -> dict:
        return {
            "version": FORMAT_VERSION,
            "merges": self.merges(),
            "special_tokens": dict(self._special),
        }

    @classmethod
    def from_dict(cls, data: dict) -> "Tokenizer":
        if data.get("version") != FORMAT_VERSION:
            raise ValueError(f"unsupported version {data.get('version')!r}")
        tokenizer = cls()
        for index, (a, b, new_id) in enumerate(data["merges"]):
            if new_id != 256 + index or not (0 <= a < new_id and 0 <= b < new_id):
                raise ValueError(f"merge {index} is invalid: {[a, b, new_id]}")
            tokenizer._add_merge((a, b), new_id)
        tokenizer.register_special_tokens(data["special_tokens"])
        return tokenizer

    def dumps(self) -> str:
        lines = [HEADER, f"merges {len(self._merges)}"]
        lines += [f"{a} {b} {new_id}" for (a, b), new_id in self._merges]
        lines.append(f"specials {len(self._special)}")
        by_id = sorted(self._special.items(), key=lambda item: item[1])
        lines += [f"{i} {json.dumps(name)}" for name, i in by_id]
        return "\n".join(lines) + "\n"

    @classmethod
    def loads(cls, text: str) -> "Tokenizer":
        lines = text.split("\n")
        if lines[0] != HEADER or lines[-1] != "":
            raise ValueError("not a tokenizer saved by dumps()")
        merge_lines, rest = _section(lines[1:-1], "merges")
        special_lines, rest = _section(rest, "specials")
        if rest:
            raise ValueError("unexpected lines after the special tokens")
        merges = [[int(x) for x in _fields(line, 3)] for line in merge_lines]
        specials = {}
        for line in special_lines:
            id_text, name = line.split(" ", 1)
            specials[json.loads(name)] = int(id_text)  # a JSONDecodeError is a ValueError
        return cls.from_dict(
            {"version": FORMAT_VERSION, "merges": merges, "special_tokens": specials}
        )

    # Encoding and decoding.

    def encode(self, text: str, allowed_special: str = "none") -> list[int]:
        _check_allowed_special(allowed_special)
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
        cached = self._cache.get(chunk)
        if cached is not None:
            self._hits += 1
            return cached
        self._misses += 1
        ids = list(chunk.encode("utf-8"))
        # Merging the present pair with the earliest merge, again and again, gives the same ids as
        # applying every merge in order: a merge can only create pairs of later merges. Each step
        # costs one pass over the chunk instead of one pass per learned merge.
        while len(ids) >= 2:
            pair = min(pairwise(ids), key=lambda p: self._new_id.get(p, math.inf))
            if pair not in self._new_id:
                break
            ids = merge_pair(ids, pair, self._new_id[pair])
        self._cache[chunk] = ids
        return ids

    def encode_batch(self, texts: list[str], allowed_special: str = "none") -> list[list[int]]:
        _check_allowed_special(allowed_special)
        return [self.encode(text, allowed_special) for text in texts]

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

    # The chunk cache (level 4).

    def cache_info(self) -> dict[str, int]:
        return {"hits": self._hits, "misses": self._misses, "size": len(self._cache)}

    def clear_cache(self) -> None:
        self._cache.clear()
        self._hits = 0
        self._misses = 0


def _fields(line: str, count: int) -> list[str]:
    fields = line.split(" ")
    if len(fields) != count:
        raise ValueError(f"expected {count} fields, got {line!r}")
    return fields


def _section(lines: list[str], name: str) -> tuple[list[str], list[str]]:
    """Split off a `name N` line and the N lines after it; return them and the lines left."""
    if not lines:
        raise ValueError(f"missing the {name} section")
    label, count_text = _fields(lines[0], 2)
    count = int(count_text)
    if label != name or count < 0 or len(lines) < 1 + count:
        raise ValueError(f"bad {name} section")
    return lines[1 : 1 + count], lines[1 + count :]


def _check_allowed_special(allowed_special: str) -> None:
    if allowed_special not in ("all", "none"):
        raise ValueError(f'allowed_special must be "all" or "none", got {allowed_special!r}')
