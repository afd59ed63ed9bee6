"""Document fingerprints of Python code by winnowing, for "this code is similar to another
candidate's" (the idea MOSS is built on).

Schleimer, Wilkerson and Aiken, "Winnowing: Local Algorithms for Document Fingerprinting",
SIGMOD 2003 (https://doi.org/10.1145/872757.872770):
  1. turn the document into a sequence of tokens that ignores what should not matter;
  2. hash every k-gram (k consecutive tokens) with a rolling (Karp-Rabin) hash;
  3. in every window of w consecutive k-gram hashes keep the minimum (the rightmost one on ties),
     recording each kept hash once per position. Any shared run of at least w + k - 1 tokens then
     shares at least one kept hash, and no match shorter than k tokens is ever reported.

Tokens come from Python's own `tokenize`, normalised so that renaming a variable or changing a
constant changes nothing: every identifier that is not a keyword or a built-in becomes `N`, every
number `0`, every string `S`; comments and blank lines are dropped; indentation stays (as `{` and
`}`), because it is structure. Two candidates' fingerprints are compared as sets (Jaccard), after
removing the fingerprints of the starter code every candidate received, so the shared skeleton
never makes two candidates look alike."""

from __future__ import annotations

import builtins
import io
import keyword
import tokenize
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

K = 8  # tokens per k-gram: shorter runs (`self . N = N ;`) are everywhere in Python and mean nothing
W = 4  # k-grams per window: every shared run of W + K - 1 = 11 tokens is detected
_MODULUS = (1 << 61) - 1  # a Mersenne prime: the rolling hash stays a 61-bit integer
_BASE = 1_000_003
_KEPT_NAMES = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))
_SKIPPED = {tokenize.COMMENT, tokenize.NL, tokenize.ENCODING, tokenize.ENDMARKER, tokenize.TYPE_COMMENT}


def normalised_tokens(source: str) -> list[str]:
    """The code as the tokens fingerprints are made of. Code that does not tokenise to the end
    (an unclosed bracket, a bad indent: work in progress) keeps the tokens before the fault."""
    kept: list[str] = []
    try:
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type in _SKIPPED:
                continue
            if token.type == tokenize.NAME:
                kept.append(token.string if token.string in _KEPT_NAMES else "N")
            elif token.type == tokenize.NUMBER:
                kept.append("0")
            elif token.type == tokenize.STRING:
                kept.append("S")
            elif token.type == tokenize.NEWLINE:
                kept.append(";")
            elif token.type == tokenize.INDENT:
                kept.append("{")
            elif token.type == tokenize.DEDENT:
                kept.append("}")
            else:
                kept.append(token.string)
    except (tokenize.TokenError, IndentationError, SyntaxError):
        pass
    return kept


def kgram_hashes(tokens: list[str], k: int = K) -> list[int]:
    """The Karp-Rabin hash of every k-gram: each next hash from the previous one in O(1)."""
    if len(tokens) < k:
        return []
    codes = [zlib.crc32(token.encode()) for token in tokens]  # stable across processes, unlike hash()
    leading = pow(_BASE, k - 1, _MODULUS)
    value = 0
    for code in codes[:k]:
        value = (value * _BASE + code) % _MODULUS
    hashes = [value]
    for outgoing, incoming in zip(codes, codes[k:], strict=False):
        value = ((value - outgoing * leading) * _BASE + incoming) % _MODULUS
        hashes.append(value)
    return hashes


def winnow(hashes: list[int], w: int = W) -> set[int]:
    """The fingerprints: the minimum of every window of w hashes (rightmost on ties), each
    selected position once. Fewer than w hashes form one window."""
    if not hashes:
        return set()
    if len(hashes) <= w:
        return {min(hashes)}
    selected: set[int] = set()
    chosen = -1  # the position selected for the previous window
    for start in range(len(hashes) - w + 1):
        if chosen < start:  # the previous minimum left the window: rescan it
            chosen = start
            for position in range(start + 1, start + w):
                if hashes[position] <= hashes[chosen]:
                    chosen = position
        elif hashes[start + w - 1] <= hashes[chosen]:  # only the newcomer can beat it
            chosen = start + w - 1
        selected.add(hashes[chosen])
    return selected


def fingerprints(files: Mapping[str, str] | Iterable[str], k: int = K, w: int = W) -> frozenset[int]:
    """The fingerprint set of some code: a mapping of file name to text, or texts. Files are
    fingerprinted one by one (a k-gram never spans two files)."""
    texts = files.values() if isinstance(files, Mapping) else files
    found: set[int] = set()
    for text in texts:
        found |= winnow(kgram_hashes(normalised_tokens(text), k), w)
    return frozenset(found)


def jaccard(first: frozenset[int], second: frozenset[int]) -> float:
    union = len(first | second)
    return len(first & second) / union if union else 0.0


@dataclass(frozen=True)
class SimilarPair:
    first: int  # the keys given to `similar_pairs`
    second: int
    similarity: float  # Jaccard of the two fingerprint sets, starter code removed
    shared: int  # fingerprints in common


def similar_pairs(
    code_by_key: Mapping[int, frozenset[int]], starter: frozenset[int], threshold: float, min_fingerprints: int
) -> list[SimilarPair]:
    """Every pair whose fingerprints, with the starter's removed, have a Jaccard similarity of at
    least `threshold` (threshold > 0), in key order. Code with fewer than `min_fingerprints` of its
    own takes no part (too little written to compare). Jaccard can reach the threshold only when
    the smaller set holds at least `threshold` times as many fingerprints as the larger, so only
    such pairs are intersected (by the set type, in C); see benchmarks/similarity.py for the cost."""
    own = {key: prints - starter for key, prints in code_by_key.items()}
    by_size = sorted((len(prints), key) for key, prints in own.items() if len(prints) >= min_fingerprints)
    found = []
    for index, (size, first) in enumerate(by_size):
        mine = own[first]
        for other_size, second in by_size[index + 1 :]:
            if size < threshold * other_size:
                break  # the rest are larger still
            count = len(mine & own[second])
            similarity = count / (size + other_size - count)
            if similarity >= threshold:
                found.append(SimilarPair(min(first, second), max(first, second), similarity, count))
    return sorted(found, key=lambda pair: (pair.first, pair.second))
