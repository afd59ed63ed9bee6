import decoder
import numpy as np
import pytest
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}
ROW = np.array([2.0, 1.0, 0.0, -1.0])
TABLE = np.tile(ROW, (4, 1))


def softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def reference_generate(table, prompt, n, seed, probs_of_row):
    rng = np.random.default_rng(seed)
    last, out = prompt[-1], []
    for _ in range(n):
        probs = probs_of_row(table[last])
        cdf = np.cumsum(probs)
        u = rng.random()
        hits = np.flatnonzero((cdf > u) & (probs > 0))
        last = int(hits[0]) if hits.size else int(np.flatnonzero(probs > 0)[-1])
        out.append(last)
    return out


def test_plain_softmax_rows():
    out = decoder.transition_matrix(TABLE)
    assert out.shape == (4, 4)
    assert out.dtype == np.float64
    assert_allclose(out[0], softmax(ROW), **TOL)


def test_every_row_is_its_own_distribution():
    table = np.random.default_rng(0).normal(size=(5, 5))
    out = decoder.transition_matrix(table)
    for i in range(5):
        assert_allclose(out[i], softmax(table[i]), **TOL)


def test_temperature_divides_the_logits():
    assert_allclose(decoder.transition_matrix(TABLE, temperature=0.5)[0], softmax(2 * ROW), **TOL)
    assert_allclose(decoder.transition_matrix(TABLE, temperature=4.0)[0], softmax(ROW / 4), **TOL)


def test_top_k_keeps_the_k_most_likely_and_renormalises():
    out = decoder.transition_matrix(TABLE, top_k=2)[0]
    assert_allclose(out, [np.e / (np.e + 1), 1 / (np.e + 1), 0.0, 0.0], **TOL)


def test_top_k_ties_keep_the_lower_token_id():
    table = np.tile([1.0, 3.0, 3.0, 3.0], (4, 1))
    assert_allclose(decoder.transition_matrix(table, top_k=2)[0], [0.0, 0.5, 0.5, 0.0], **TOL)


def test_top_p_keeps_the_shortest_prefix_reaching_p():
    out = decoder.transition_matrix(TABLE, top_p=0.8)[0]
    assert_allclose(out, [np.e / (np.e + 1), 1 / (np.e + 1), 0.0, 0.0], **TOL)
    p = softmax(ROW)
    assert_allclose(decoder.transition_matrix(TABLE, top_p=0.5)[0], [1.0, 0.0, 0.0, 0.0], **TOL)
    assert_allclose(decoder.transition_matrix(TABLE, top_p=0.9)[0], np.append(p[:3], 0) / p[:3].sum(), **TOL)


def test_top_p_applies_after_top_k_and_temperature():
    out = decoder.transition_matrix(TABLE, temperature=2.0, top_k=3, top_p=0.6)[0]
    kept = softmax(ROW[:3] / 2.0)  # [0.506, 0.307, 0.186]: sums before are 0, 0.506, 0.813
    assert_allclose(out, np.append(kept[:2] / kept[:2].sum(), [0.0, 0.0]), **TOL)


def test_sample_from_is_inverse_cdf_over_token_ids():
    probs = np.array([0.2, 0.0, 0.5, 0.3])
    assert [decoder.sample_from(probs, u) for u in (0.0, 0.2, 0.69, 0.7, 0.99)] == [0, 2, 2, 3, 3]


def test_generate_follows_the_stated_procedure():
    table = np.random.default_rng(1).normal(size=(6, 6)) * 2
    out = decoder.generate(table, [0, 3], 12, seed=42)
    assert out == reference_generate(table, [0, 3], 12, 42, softmax)
    assert all(type(token) is int for token in out)


def test_generate_is_reproducible_and_depends_on_the_seed():
    table = np.random.default_rng(2).normal(size=(8, 8)) * 3
    first = decoder.generate(table, [1], 30, seed=5)
    assert first == decoder.generate(table, [1], 30, seed=5)
    assert first != decoder.generate(table, [1], 30, seed=6)


def test_invalid_settings_raise_value_error():
    with pytest.raises(ValueError):
        decoder.transition_matrix(TABLE, temperature=0.0)
    with pytest.raises(ValueError):
        decoder.transition_matrix(TABLE, top_k=0)
    with pytest.raises(ValueError):
        decoder.transition_matrix(TABLE, top_p=0.0)
    with pytest.raises(ValueError):
        decoder.generate(TABLE, [], 3, seed=0)
