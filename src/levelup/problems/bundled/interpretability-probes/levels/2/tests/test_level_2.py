import numpy as np
import pytest
from numpy.testing import assert_allclose
from probes import TinyTransformer

TOL = {"rtol": 1e-7, "atol": 1e-9}


def make_weights(seed=0, vocab=12, d_model=8, n_heads=2, n_layers=2, n_ctx=8, d_mlp=16):
    rng = np.random.default_rng(seed)

    def normal(*shape, scale=1.0):
        return rng.normal(scale=scale, size=shape)

    blocks = [
        {
            "ln1_g": 1 + normal(d_model, scale=0.1),
            "ln1_b": normal(d_model, scale=0.1),
            "w_q": normal(d_model, d_model, scale=d_model**-0.5),
            "w_k": normal(d_model, d_model, scale=d_model**-0.5),
            "w_v": normal(d_model, d_model, scale=d_model**-0.5),
            "w_o": normal(d_model, d_model, scale=d_model**-0.5),
            "ln2_g": 1 + normal(d_model, scale=0.1),
            "ln2_b": normal(d_model, scale=0.1),
            "w_in": normal(d_model, d_mlp, scale=d_model**-0.5),
            "b_in": normal(d_mlp, scale=0.1),
            "w_out": normal(d_mlp, d_model, scale=d_mlp**-0.5),
            "b_out": normal(d_model, scale=0.1),
        }
        for _ in range(n_layers)
    ]
    return {
        "n_heads": n_heads,
        "embed": normal(vocab, d_model),
        "pos": normal(n_ctx, d_model, scale=0.5),
        "blocks": blocks,
        "lnf_g": 1 + normal(d_model, scale=0.1),
        "lnf_b": normal(d_model, scale=0.1),
        "unembed": normal(d_model, vocab),
    }


def ln(x, g, b):
    centred = x - x.mean(axis=-1, keepdims=True)
    return centred / np.sqrt((centred**2).mean(axis=-1, keepdims=True) + 1e-5) * g + b


def softmax(x):
    e = np.exp(x - x.max(axis=-1, keepdims=True))
    return e / e.sum(axis=-1, keepdims=True)


def test_logit_lens_has_one_layer_of_logits_per_residual_entry():
    assert TinyTransformer(make_weights(0)).logit_lens([1, 2, 3]).shape == (3, 3, 12)


def test_last_lens_layer_equals_the_model_logits():
    model = TinyTransformer(make_weights(1))
    assert_allclose(model.logit_lens([4, 5, 6, 7])[-1], model.forward([4, 5, 6, 7]), **TOL)


def test_lens_of_layer_zero_decodes_the_embeddings():
    w = make_weights(2)
    expected = ln(w["embed"][[3, 9]] + w["pos"][:2], w["lnf_g"], w["lnf_b"]) @ w["unembed"]
    assert_allclose(TinyTransformer(w).logit_lens([3, 9])[0], expected, **TOL)


def test_every_lens_layer_decodes_its_residual_stream():
    w = make_weights(3, n_layers=3)
    model = TinyTransformer(w)
    _, resid = model.run_with_cache([1, 1, 2, 3])
    expected = ln(resid, w["lnf_g"], w["lnf_b"]) @ w["unembed"]
    assert_allclose(model.logit_lens([1, 1, 2, 3]), expected, **TOL)


def test_lens_top_tokens_are_the_argmax_of_each_layer():
    model = TinyTransformer(make_weights(4))
    lens = model.logit_lens([5, 6, 7])
    assert model.lens_top_tokens([5, 6, 7], 1) == [int(i) for i in np.argmax(lens[:, 1], axis=-1)]


def test_lens_top_tokens_default_to_the_last_position():
    model = TinyTransformer(make_weights(5))
    lens = model.logit_lens([2, 4, 6, 8])
    assert model.lens_top_tokens([2, 4, 6, 8]) == [int(i) for i in np.argmax(lens[:, 3], axis=-1)]


def test_lens_probabilities_are_softmax_of_the_lens_logits():
    model = TinyTransformer(make_weights(6))
    lens = model.logit_lens([1, 2, 3, 4, 5])
    probs = model.lens_probabilities([1, 2, 3, 4, 5], 3)
    assert len(probs) == 3
    assert_allclose(probs, softmax(lens[:, -1])[:, 3], **TOL)


def test_lens_probabilities_over_the_vocabulary_sum_to_one():
    model = TinyTransformer(make_weights(7))
    per_token = np.array([model.lens_probabilities([0, 11, 5], t, 0) for t in range(12)])
    assert_allclose(per_token.sum(axis=0), np.ones(3), **TOL)


def test_model_without_blocks_has_a_single_lens_layer():
    model = TinyTransformer(make_weights(8, n_layers=0))
    assert model.logit_lens([1, 2]).shape == (1, 2, 12)
    assert len(model.lens_top_tokens([1, 2])) == 1


def test_unknown_target_raises_value_error():
    model = TinyTransformer(make_weights(9))
    with pytest.raises(ValueError):
        model.lens_probabilities([1, 2], 12)
    with pytest.raises(ValueError):
        model.lens_probabilities([1, 2], -1)
