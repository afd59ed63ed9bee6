import math

import decoder
import numpy as np
import pytest
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}
TABLE = np.log(np.array([[0.1, 0.5, 0.4], [0.1, 0.1, 0.8], [0.9, 0.05, 0.05]]))


def log_softmax(z):
    shifted = z - z.max()
    return shifted - np.log(np.exp(shifted).sum())


def test_logprobs_are_log_softmax():
    z = np.random.default_rng(0).normal(size=6)
    out = decoder.next_token_logprobs(z)
    assert out.dtype == np.float64
    assert_allclose(out, log_softmax(z), **TOL)


def test_logprobs_stay_finite_when_probabilities_underflow():
    assert_allclose(decoder.next_token_logprobs(np.array([0.0, -800.0])), [0.0, -800.0], **TOL)


def test_filtered_tokens_get_minus_infinity():
    out = decoder.next_token_logprobs(np.array([1.0, 1.0, 1.0]), top_k=2)
    assert out[2] == -np.inf
    assert_allclose(out[:2], [-math.log(2.0)] * 2, **TOL)
    out = decoder.next_token_logprobs(np.array([3.0, 0.0, -3.0]), top_p=0.5)
    assert_allclose(out, [0.0, -np.inf, -np.inf], **TOL)


def test_distribution_is_exp_of_logprobs():
    z = np.random.default_rng(1).normal(size=8) * 2
    probs = decoder.next_token_distribution(z, 0.7, 5, 0.9)
    assert_allclose(np.exp(decoder.next_token_logprobs(z, 0.7, 5, 0.9)), probs, **TOL)


def test_beam_search_hand_example():
    result = decoder.beam_search(TABLE, [0], max_new_tokens=2, beam_width=2)
    assert [h["tokens"] for h in result] == [[1, 2], [2, 0]]
    assert_allclose([h["score"] for h in result], [math.log(0.4), math.log(0.36)], **TOL)
    assert_allclose([h["normalized_score"] for h in result], [math.log(0.4) / 2, math.log(0.36) / 2], **TOL)


def test_beam_search_beats_greedy_when_the_first_step_misleads():
    table = np.log(np.array([[0.05, 0.55, 0.40], [0.34, 0.33, 0.33], [0.02, 0.02, 0.96]]))
    greedy = decoder.beam_search(table, [0], max_new_tokens=2, beam_width=1)
    assert [h["tokens"] for h in greedy] == [[1, 0]]
    wide = decoder.beam_search(table, [0], max_new_tokens=2, beam_width=2)
    assert wide[0]["tokens"] == [2, 2]
    assert wide[0]["score"] == pytest.approx(math.log(0.40 * 0.96), rel=1e-9)


def test_eos_finishes_hypotheses_and_stops_the_search():
    result = decoder.beam_search(TABLE, [0], max_new_tokens=2, beam_width=2, eos_token=1)
    assert [h["tokens"] for h in result] == [[2, 0], [1]]
    assert_allclose([h["score"] for h in result], [math.log(0.36), math.log(0.5)], **TOL)


def test_length_penalty_zero_ranks_by_raw_score():
    result = decoder.beam_search(TABLE, [0], max_new_tokens=2, beam_width=2, eos_token=1, length_penalty=0.0)
    assert [h["tokens"] for h in result] == [[1], [2, 0]]
    assert result[0]["normalized_score"] == pytest.approx(math.log(0.5), rel=1e-12)


def test_repetition_penalty_changes_the_scores():
    table = np.array([[0.0, 2.0, 1.0]] * 3)
    plain = decoder.beam_search(table, [0], max_new_tokens=2, beam_width=1)
    assert plain[0]["tokens"] == [1, 1]
    penalised = decoder.beam_search(table, [0], max_new_tokens=2, beam_width=1, repetition_penalty=4.0)
    assert penalised[0]["tokens"] == [1, 2]
    second = log_softmax(np.array([0.0, 0.5, 1.0]))[2]
    assert penalised[0]["score"] == pytest.approx(log_softmax(np.array([0.0, 2.0, 1.0]))[1] + second, rel=1e-9)


def test_results_are_plain_dicts_best_first():
    result = decoder.beam_search(np.random.default_rng(2).normal(size=(5, 5)), [3], 3, 4)
    assert len(result) == 4
    assert all(sorted(h) == ["normalized_score", "score", "tokens"] for h in result)
    scores = [h["normalized_score"] for h in result]
    assert scores == sorted(scores, reverse=True)


def test_invalid_beam_arguments_raise_value_error():
    with pytest.raises(ValueError):
        decoder.beam_search(TABLE, [0], 0, 2)
    with pytest.raises(ValueError):
        decoder.beam_search(TABLE, [0], 2, 0)
    with pytest.raises(ValueError):
        decoder.beam_search(TABLE, [], 2, 2)
