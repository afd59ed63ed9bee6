import decoder
import numpy as np
import pytest
from numpy.testing import assert_allclose


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def test_top_1_generation_draws_once_per_token_and_is_greedy():
    table = np.random.default_rng(10).normal(size=(5, 5))
    out = decoder.generate(table, [2], 6, seed=0, top_k=1)
    expected, last = [], 2
    for _ in range(6):
        last = int(np.argmax(table[last]))
        expected.append(last)
    assert out == expected
    assert decoder.generate(table, [2], 0, seed=0) == []


def test_filtered_generation_matches_the_stated_procedure():
    table = np.random.default_rng(11).normal(size=(7, 7)) * 2
    out = decoder.generate(table, [4], 25, seed=3, temperature=0.7, top_k=4, top_p=0.75)
    matrix = decoder.transition_matrix(table, temperature=0.7, top_k=4, top_p=0.75)
    rng = np.random.default_rng(3)
    last, expected = 4, []
    for _ in range(25):
        cdf = np.cumsum(matrix[last])
        u = rng.random()
        last = int(np.flatnonzero((cdf > u) & (matrix[last] > 0))[0])
        expected.append(last)
    assert out == expected
    assert all(matrix[a, b] > 0 for a, b in zip([4, *out], out, strict=False))


def test_large_logits_and_top_k_beyond_vocabulary():
    table = np.array([[1000.0, 1000.0, 0.0], [0.0, 1000.0, 999.0], [5.0, 5.0, 5.0]])
    out = decoder.transition_matrix(table, top_k=10)
    assert np.all(np.isfinite(out))
    assert_allclose(out[0], [0.5, 0.5, 0.0], atol=1e-12)
    assert_allclose(out[1], softmax(table[1]), rtol=1e-9)
    assert_allclose(out[2], [1 / 3] * 3, rtol=1e-12)


def test_top_p_one_keeps_every_token_and_tie_at_the_cut_keeps_lower_id():
    table = np.tile([0.0, 0.0, 0.0, 0.0], (4, 1))
    assert_allclose(decoder.transition_matrix(table, top_p=1.0)[0], [0.25] * 4, rtol=1e-12)
    assert_allclose(decoder.transition_matrix(table, top_p=0.3)[0], [0.5, 0.5, 0.0, 0.0], rtol=1e-12)


def test_bad_tables_and_top_p_above_one_raise_value_error():
    with pytest.raises(ValueError):
        decoder.transition_matrix(np.zeros((2, 3)))
    with pytest.raises(ValueError):
        decoder.transition_matrix(np.zeros(4))
    with pytest.raises(ValueError):
        decoder.transition_matrix(np.zeros((3, 3)), top_p=1.5)
    with pytest.raises(ValueError):
        decoder.generate(np.zeros((3, 3)), [0], 2, seed=0, temperature=-1.0)
