import decoder
import numpy as np
import pytest
from numpy.testing import assert_allclose


def test_penalties_count_the_prompt_as_history():
    table = np.array([[0.0, 3.0, 2.0]] * 3)
    assert decoder.generate(table, [1], 1, seed=0, top_k=1) == [1]
    assert decoder.generate(table, [1], 1, seed=0, top_k=1, frequency_penalty=2.0) == [2]


def test_zero_logit_is_multiplied_and_stays_zero_under_repetition_penalty():
    out = decoder.apply_penalties(np.array([0.0, -0.5, 0.5]), [0, 1, 2], repetition_penalty=4.0)
    assert_allclose(out, [0.0, -2.0, 0.125], rtol=1e-12, atol=0)


def test_negative_penalties_encourage_repeats():
    out = decoder.apply_penalties(np.zeros(3), [2, 2, 2], frequency_penalty=-1.0, presence_penalty=-0.5)
    assert_allclose(out, [0.0, 0.0, 3.5], rtol=1e-12)


def test_eos_stops_a_sampled_sequence_without_further_draws():
    table = np.random.default_rng(20).normal(size=(4, 4))
    full = decoder.generate(table, [0], 40, seed=1)
    eos = full[5]
    stopped = decoder.generate(table, [0], 40, seed=1, eos_token=eos)
    assert stopped == full[: full.index(eos) + 1]


def test_next_token_distribution_rejects_bad_rows_and_settings():
    with pytest.raises(ValueError):
        decoder.next_token_distribution(np.zeros((2, 2)))
    with pytest.raises(ValueError):
        decoder.next_token_distribution(np.array([]))
    with pytest.raises(ValueError):
        decoder.next_token_distribution(np.zeros(3), top_k=0)
