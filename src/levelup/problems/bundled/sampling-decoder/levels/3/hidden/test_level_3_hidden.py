import decoder
import numpy as np
import pytest
from numpy.testing import assert_allclose


def log_softmax(z):
    shifted = z - z.max()
    return shifted - np.log(np.exp(shifted).sum())


def reference_beam(table, prompt, steps, width, length_penalty, eos):
    live, finished = [([], 0.0)], []
    for _ in range(steps):
        candidates = []
        for parent, (tokens, score) in enumerate(live):
            lp = log_softmax(table[(prompt + tokens)[-1]])
            candidates += [(score + lp[v], parent, v) for v in range(len(lp))]
        candidates.sort(key=lambda c: (-c[0], c[1], c[2]))
        new_live = []
        for score, parent, v in candidates:
            if len(new_live) == width:
                break
            (finished if v == eos else new_live).append((live[parent][0] + [v], score))
        live = new_live
        if len(finished) >= width or not live:
            break
    finished += live
    ranked = sorted(finished, key=lambda h: -h[1] / len(h[0]) ** length_penalty)
    return ranked[:width]


def test_seeded_search_with_eos_matches_the_stated_procedure():
    table = np.random.default_rng(30).normal(size=(6, 6)) * 1.5
    result = decoder.beam_search(table, [2], 6, 3, length_penalty=0.6, eos_token=4)
    expected = reference_beam(table, [2], 6, 3, 0.6, 4)
    assert [h["tokens"] for h in result] == [tokens for tokens, _ in expected]
    assert_allclose([h["score"] for h in result], [score for _, score in expected], rtol=1e-9)


def test_equal_scores_prefer_the_earlier_parent_then_the_lower_token():
    table = np.zeros((3, 3))
    result = decoder.beam_search(table, [0], 2, 4, length_penalty=0.0)
    assert [h["tokens"] for h in result] == [[0, 0], [0, 1], [0, 2], [1, 0]]


def test_fewer_finished_than_beam_width_returns_what_finished():
    table = np.log(np.array([[0.5, 0.5], [0.5, 0.5]]))
    result = decoder.beam_search(table, [0], 1, 5)
    assert [h["tokens"] for h in result] == [[0], [1]]


def test_very_unlikely_tokens_keep_finite_scores():
    table = np.array([[0.0, -900.0], [-900.0, 0.0]])
    result = decoder.beam_search(table, [0], 2, 4, length_penalty=0.0)
    assert [h["tokens"] for h in result] == [[0, 0], [0, 1], [1, 1], [1, 0]]
    assert_allclose([h["score"] for h in result], [0.0, -900.0, -900.0, -1800.0], rtol=1e-9, atol=1e-9)


def test_logprobs_reject_what_the_distribution_rejects():
    with pytest.raises(ValueError):
        decoder.next_token_logprobs(np.zeros(3), temperature=0.0)
    with pytest.raises(ValueError):
        decoder.next_token_logprobs(np.zeros((2, 2)))
