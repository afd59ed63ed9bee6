import decoder
import numpy as np
import pytest
from numpy.testing import assert_allclose

TOL = {"rtol": 1e-9, "atol": 1e-12}
P = np.array([0.5, 0.3, 0.2])
Q = np.array([0.2, 0.5, 0.3])


def random_distribution(rng, size, zeros=0):
    probs = rng.dirichlet(np.ones(size))
    probs[rng.choice(size, zeros, replace=False)] = 0.0
    return probs / probs.sum()


def test_acceptance_probabilities_hand_example():
    out = decoder.acceptance_probabilities(P, Q)
    assert out.dtype == np.float64
    assert_allclose(out, [1.0, 0.6, 2 / 3], **TOL)


def test_acceptance_is_one_where_the_draft_has_no_mass():
    out = decoder.acceptance_probabilities(np.array([0.5, 0.5, 0.0]), np.array([1.0, 0.0, 0.0]))
    assert_allclose(out, [0.5, 1.0, 1.0], **TOL)


def test_residual_distribution_hand_example():
    assert_allclose(decoder.residual_distribution(P, Q), [1.0, 0.0, 0.0], **TOL)
    out = decoder.residual_distribution(np.array([0.4, 0.4, 0.2]), np.array([0.1, 0.3, 0.6]))
    assert_allclose(out, [0.75, 0.25, 0.0], **TOL)


def test_residual_of_equal_distributions_is_the_target():
    assert_allclose(decoder.residual_distribution(P, P), P, **TOL)


def test_one_verification_emits_exactly_the_target_distribution():
    rng = np.random.default_rng(0)
    for _ in range(5):
        p, q = random_distribution(rng, 6, zeros=1), random_distribution(rng, 6, zeros=2)
        accept = decoder.acceptance_probabilities(p, q)
        residual = decoder.residual_distribution(p, q)
        kept = q * accept
        assert_allclose(kept + (1 - kept.sum()) * residual, p, rtol=1e-9, atol=1e-12)


def test_speculative_generate_returns_the_stated_fields():
    target = np.tile(np.log(P), (3, 1))
    draft = np.tile(np.log(Q), (3, 1))
    out = decoder.speculative_generate(target, draft, [0], max_new_tokens=5, num_draft=3, seed=0)
    assert sorted(out) == ["accepted", "rounds", "tokens"]
    assert len(out["tokens"]) == 5
    assert 1 <= out["rounds"] <= 5
    assert 0 <= out["accepted"] <= 3 * out["rounds"]


def test_identical_models_accept_every_proposal():
    table = np.random.default_rng(1).normal(size=(5, 5))
    out = decoder.speculative_generate(table, table, [2], max_new_tokens=12, num_draft=3, seed=4)
    assert out["rounds"] == 3
    assert out["accepted"] == 9
    assert len(out["tokens"]) == 12


def test_first_round_follows_the_stated_draw_order():
    target = np.log(np.array([[0.6, 0.4], [0.3, 0.7]]))
    draft = np.log(np.array([[0.2, 0.8], [0.5, 0.5]]))
    rng = np.random.default_rng(8)
    u = [rng.random() for _ in range(4)]
    out = decoder.speculative_generate(target, draft, [0], max_new_tokens=1, num_draft=1, seed=8)
    proposal = 0 if u[0] < 0.2 else 1
    p = [[0.6, 0.4], [0.3, 0.7]][0][proposal]
    q = [[0.2, 0.8], [0.5, 0.5]][0][proposal]
    # On a rejection the residual max(0, p - q) after token 0 is [0.4, 0.0]: token 0.
    expected = proposal if u[1] < min(1.0, p / q) else 0
    assert out["tokens"] == [expected]
    assert out["rounds"] == 1


def test_output_frequencies_match_the_target_distribution():
    target = np.tile(np.log(P), (3, 1))
    draft = np.tile(np.log(Q), (3, 1))
    out = decoder.speculative_generate(target, draft, [0], max_new_tokens=8000, num_draft=3, seed=123)
    counts = np.bincount(out["tokens"], minlength=3) / 8000
    assert_allclose(counts, P, atol=0.03)


def test_zero_new_tokens_runs_no_round():
    table = np.zeros((3, 3))
    out = decoder.speculative_generate(table, table, [0], max_new_tokens=0, num_draft=2, seed=0)
    assert out == {"tokens": [], "rounds": 0, "accepted": 0}


def test_invalid_arguments_raise_value_error():
    table = np.zeros((3, 3))
    with pytest.raises(ValueError):
        decoder.speculative_generate(table, table, [0], 4, 0, seed=0)
    with pytest.raises(ValueError):
        decoder.speculative_generate(table, np.zeros((4, 4)), [0], 4, 2, seed=0)
    with pytest.raises(ValueError):
        decoder.acceptance_probabilities(P, np.array([0.5, 0.5]))
