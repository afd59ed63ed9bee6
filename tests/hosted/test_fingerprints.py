"""Winnowing fingerprints: a copy with its names changed is still a copy, two candidates'
independent solutions of the same problem are not, and the starter code both received never
makes them look alike."""

from __future__ import annotations

from levelup.hosted.fingerprints import (
    K,
    W,
    fingerprints,
    jaccard,
    kgram_hashes,
    normalised_tokens,
    similar_pairs,
    winnow,
)
from tests.hosted.seed import reference, renamed, starter

# Level 1 of banking written another way than the reference: one dict of lists, early returns
# folded into conditions, a helper for lookups.
INDEPENDENT = '''
from collections import defaultdict


class BankingSystem:
    """Accounts keep their history of amounts; a balance is its sum."""

    def __init__(self):
        self._history = defaultdict(list)
        self._open = set()

    def _known(self, *names):
        return all(name in self._open for name in names)

    def create_account(self, timestamp, account_id):
        fresh = account_id not in self._open
        self._open.add(account_id)
        return fresh

    def deposit(self, timestamp, account_id, amount):
        if not self._known(account_id):
            return None
        self._history[account_id].append(amount)
        return sum(self._history[account_id])

    def transfer(self, timestamp, source_id, target_id, amount):
        ok = self._known(source_id, target_id) and source_id != target_id
        if ok and sum(self._history[source_id]) >= amount:
            self._history[source_id].append(-amount)
            self._history[target_id].append(amount)
            return sum(self._history[source_id])
        return None
'''


def test_renaming_every_identifier_and_literal_changes_no_token() -> None:
    original = "total = price * 3  # the price\nlabel = 'sum'\n"
    disguised = "amount = cost * 7\nname = \"other\"\n"
    assert normalised_tokens(original) == normalised_tokens(disguised) == [
        "N", "=", "N", "*", "0", ";", "N", "=", "S", ";"
    ]


def test_keywords_builtins_and_indentation_are_kept() -> None:
    tokens = normalised_tokens("for item in sorted(rows):\n    print(len(item))\n")
    assert tokens == ["for", "N", "in", "sorted", "(", "N", ")", ":", ";", "{", "print", "(", "len", "(", "N", ")",
                      ")", ";", "}"]


def test_unfinished_code_keeps_the_tokens_before_the_fault() -> None:
    assert normalised_tokens("x = compute(1,\n") == ["N", "=", "N", "(", "0", ","]


def test_every_window_contributes_its_minimum() -> None:
    hashes = [77, 74, 42, 17, 98, 50, 17, 98, 8, 88, 67, 39, 77, 74, 42, 17, 98]  # the paper's example
    assert winnow(hashes, 4) == {17, 8, 39}
    for start in range(len(hashes) - 3):
        assert min(hashes[start:start + 4]) in winnow(hashes, 4)


def test_a_shared_run_of_w_plus_k_minus_1_tokens_always_shares_a_fingerprint() -> None:
    shared = "if balance >= amount and source != target:\n    balance = balance - amount\n"
    first = "class A:\n    pass\n" + shared + "x = [1, 2]\n"
    second = "import os\nprint(os.sep)\n" + shared
    assert len(normalised_tokens(shared)) >= W + K - 1
    assert fingerprints([first]) & fingerprints([second])


def test_kgram_hashes_do_not_depend_on_the_process() -> None:
    assert kgram_hashes(list("abcdefghij"), 8)[:1] == [kgram_hashes(list("abcdefgh"), 8)[0]]
    assert len(kgram_hashes(["a"] * 7, 8)) == 0


def test_a_copy_with_renamed_identifiers_is_nearly_identical() -> None:
    for level in (1, 2, 4):
        assert jaccard(fingerprints([reference(level)]), fingerprints([renamed(reference(level))])) >= 0.95


def test_independent_solutions_of_the_same_level_are_far_apart() -> None:
    skeleton = fingerprints([starter()])
    mine, theirs = fingerprints([reference(1)]) - skeleton, fingerprints([INDEPENDENT]) - skeleton
    assert jaccard(mine, theirs) < 0.2


def test_the_starter_code_alone_never_flags() -> None:
    skeleton = fingerprints([starter()])
    untouched = {1: fingerprints([starter()]), 2: fingerprints([starter()])}
    assert list(similar_pairs(untouched, skeleton, threshold=0.5, min_fingerprints=1)) == []
    # the same two files compared without removing the starter would be identical
    assert jaccard(untouched[1], untouched[2]) == 1.0


def test_similar_pairs_finds_the_copy_and_only_the_copy() -> None:
    skeleton = fingerprints([starter()])
    code = {
        1: fingerprints([reference(2)]),
        2: fingerprints([renamed(reference(2))]),
        3: fingerprints([INDEPENDENT]),
        4: fingerprints([starter()]),  # wrote nothing yet
    }
    pairs = list(similar_pairs(code, skeleton, threshold=0.5, min_fingerprints=15))
    assert [(p.first, p.second) for p in pairs] == [(1, 2)]
    assert pairs[0].similarity >= 0.95 and pairs[0].shared > 15


def test_a_file_of_its_own_is_fingerprinted_alone() -> None:
    together = fingerprints({"a.py": reference(1), "b.py": INDEPENDENT})
    assert together == fingerprints([reference(1)]) | fingerprints([INDEPENDENT])
