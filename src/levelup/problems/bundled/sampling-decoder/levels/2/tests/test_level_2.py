import decoder
import numpy as np
import pytest
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}
LOGITS = np.array([2.0, -1.0, 0.5, 3.0])
FLAT = np.array([[0.0, 5.0, 0.0]] * 3)


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def test_repetition_penalty_divides_positive_and_multiplies_negative_seen_logits():
    out = decoder.apply_penalties(LOGITS, [0, 1, 1], repetition_penalty=2.0)
    assert_allclose(out, [1.0, -2.0, 0.5, 3.0], **TOL)


def test_frequency_and_presence_penalties_subtract_counts_and_flags():
    out = decoder.apply_penalties(LOGITS, [0, 1, 1], frequency_penalty=0.5, presence_penalty=1.0)
    assert_allclose(out, [0.5, -3.0, 0.5, 3.0], **TOL)


def test_repetition_penalty_comes_before_frequency_and_presence():
    out = decoder.apply_penalties(LOGITS, [3, 3], repetition_penalty=1.5, frequency_penalty=0.25, presence_penalty=0.5)
    assert_allclose(out, [2.0, -1.0, 0.5, 3.0 / 1.5 - 0.5 - 0.5], **TOL)


def test_apply_penalties_returns_a_new_array():
    logits = LOGITS.copy()
    out = decoder.apply_penalties(logits, [0], repetition_penalty=2.0)
    assert out.dtype == np.float64
    assert_allclose(logits, LOGITS, rtol=0, atol=0)


def test_empty_history_and_default_penalties_change_nothing():
    assert_allclose(decoder.apply_penalties(LOGITS, [], 3.0, 1.0, 1.0), LOGITS, **TOL)
    assert_allclose(decoder.apply_penalties(LOGITS, [0, 1, 2, 3]), LOGITS, **TOL)


def test_next_token_distribution_matches_a_transition_matrix_row():
    table = np.random.default_rng(0).normal(size=(6, 6))
    matrix = decoder.transition_matrix(table, temperature=0.8, top_k=4, top_p=0.9)
    for i in range(6):
        assert_allclose(decoder.next_token_distribution(table[i], 0.8, 4, 0.9), matrix[i], **TOL)


def test_presence_penalty_steers_greedy_generation():
    assert decoder.generate(FLAT, [0], 4, seed=0, top_k=1) == [1, 1, 1, 1]
    assert decoder.generate(FLAT, [0], 4, seed=0, top_k=1, presence_penalty=10.0) == [1, 2, 1, 1]


def test_generation_stops_after_the_eos_token():
    assert decoder.generate(FLAT, [0], 4, seed=0, top_k=1, eos_token=1) == [1]
    assert decoder.generate(FLAT, [0], 4, seed=0, top_k=1, eos_token=2) == [1, 1, 1, 1]


def test_penalised_generation_follows_the_stated_procedure():
    table = np.random.default_rng(1).normal(size=(5, 5)) * 2
    out = decoder.generate(table, [0, 4], 15, seed=9, temperature=0.9, repetition_penalty=1.3, frequency_penalty=0.2)
    rng = np.random.default_rng(9)
    history = [0, 4]
    for _ in range(15):
        z = table[history[-1]].copy()
        counts = np.bincount(history, minlength=5)
        seen = counts > 0
        z[seen] = np.where(z[seen] > 0, z[seen] / 1.3, z[seen] * 1.3)
        probs = softmax((z - 0.2 * counts) / 0.9)
        u = rng.random()
        history.append(int(np.flatnonzero(np.cumsum(probs) > u)[0]))
    assert out == history[2:]


def test_default_penalties_keep_level_1_results():
    table = np.random.default_rng(2).normal(size=(6, 6))
    matrix = decoder.transition_matrix(table, top_p=0.8)
    rng = np.random.default_rng(4)
    last, expected = 1, []
    for _ in range(10):
        last = decoder.sample_from(matrix[last], rng.random())
        expected.append(last)
    assert decoder.generate(table, [1], 10, seed=4, top_p=0.8) == expected


def test_non_positive_repetition_penalty_raises_value_error():
    with pytest.raises(ValueError):
        decoder.apply_penalties(LOGITS, [0], repetition_penalty=0.0)
    with pytest.raises(ValueError):
        decoder.generate(FLAT, [0], 2, seed=0, repetition_penalty=-1.0)
