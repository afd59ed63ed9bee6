import decoder
import numpy as np
import pytest
from numpy.testing import assert_allclose


def softmax_rows(table, temperature):
    z = table / temperature
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def draw(probs, u):
    cdf = np.cumsum(probs)
    hits = np.flatnonzero((cdf > u) & (probs > 0))
    return int(hits[0]) if hits.size else int(np.flatnonzero(probs > 0)[-1])


def reference_speculative(target_logits, draft_logits, prompt, n, k, seed, temperature):
    target, draft = softmax_rows(target_logits, temperature), softmax_rows(draft_logits, temperature)
    rng = np.random.default_rng(seed)
    tokens, rounds, accepted = list(prompt), 0, 0
    while len(tokens) - len(prompt) < n:
        rounds += 1
        proposals = []
        for _ in range(k):
            proposals.append(draw(draft[(proposals or tokens)[-1]], rng.random()))
        previous = [tokens[-1], *proposals]
        for i, x in enumerate(proposals):
            p, q = target[previous[i]], draft[previous[i]]
            if rng.random() < min(1.0, p[x] / q[x]):
                tokens.append(x)
                accepted += 1
            else:
                residual = np.maximum(p - q, 0)
                tokens.append(draw(residual / residual.sum(), rng.random()))
                break
        else:
            tokens.append(draw(target[previous[-1]], rng.random()))
    return tokens[len(prompt) :][:n], rounds, accepted


def test_seeded_run_matches_the_stated_procedure_exactly():
    rng = np.random.default_rng(40)
    target, draft = rng.normal(size=(6, 6)) * 1.5, rng.normal(size=(6, 6))
    out = decoder.speculative_generate(target, draft, [1, 3], 40, 4, seed=11, temperature=0.8)
    tokens, rounds, accepted = reference_speculative(target, draft, [1, 3], 40, 4, 11, 0.8)
    assert out["tokens"] == tokens
    assert out["rounds"] == rounds
    assert out["accepted"] == accepted


def test_bigram_target_transitions_are_preserved():
    target = np.log(np.array([[0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.3, 0.4, 0.3]]))
    draft = np.log(np.array([[0.2, 0.5, 0.3], [0.4, 0.4, 0.2], [0.3, 0.3, 0.4]]))
    out = decoder.speculative_generate(target, draft, [0], 12000, 2, seed=5)
    sequence = [0, *out["tokens"]]
    pairs = np.zeros((3, 3))
    for a, b in zip(sequence, sequence[1:], strict=False):
        pairs[a, b] += 1
    assert_allclose(pairs / pairs.sum(axis=1, keepdims=True), np.exp(target), atol=0.04)


def test_acceptance_rate_is_the_overlap_of_the_distributions():
    p, q = np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.5, 0.3])
    out = decoder.speculative_generate(np.tile(np.log(p), (3, 1)), np.tile(np.log(q), (3, 1)), [0], 8000, 1, seed=6)
    assert out["accepted"] / out["rounds"] == pytest.approx(0.7, abs=0.025)


def test_tokens_are_cut_to_max_new_tokens_but_accepted_counts_the_whole_round():
    table = np.random.default_rng(41).normal(size=(4, 4))
    out = decoder.speculative_generate(table, table, [0], 5, 4, seed=0)
    assert len(out["tokens"]) == 5
    assert out["rounds"] == 1
    assert out["accepted"] == 4


def test_residual_with_zeros_in_the_target_never_emits_them():
    p = np.array([0.0, 0.6, 0.4, 0.0])
    q = np.array([0.25, 0.25, 0.25, 0.25])
    assert_allclose(decoder.residual_distribution(p, q), [0.0, 0.7, 0.3, 0.0], rtol=1e-9, atol=1e-12)
    assert_allclose(decoder.acceptance_probabilities(p, q), [0.0, 1.0, 1.0, 0.0], rtol=1e-9, atol=1e-12)
