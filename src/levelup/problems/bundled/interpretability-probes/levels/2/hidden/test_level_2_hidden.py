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


def test_negative_position_counts_from_the_end():
    model = TinyTransformer(make_weights(20))
    tokens = [3, 1, 4, 1, 5]
    assert model.lens_top_tokens(tokens, -2) == model.lens_top_tokens(tokens, 3)
    assert_allclose(model.lens_probabilities(tokens, 7, -5), model.lens_probabilities(tokens, 7, 0), **TOL)


def test_position_outside_the_tokens_raises_index_error():
    model = TinyTransformer(make_weights(21))
    with pytest.raises(IndexError):
        model.lens_top_tokens([1, 2, 3], 3)
    with pytest.raises(IndexError):
        model.lens_probabilities([1, 2, 3], 0, -4)


def test_equal_lens_logits_pick_the_smallest_token_id():
    w = make_weights(22)
    w["unembed"][:] = 0.0
    model = TinyTransformer(w)
    assert model.lens_top_tokens([4, 5, 6]) == [0, 0, 0]
    assert_allclose(model.lens_probabilities([4, 5, 6], 7), [1 / 12] * 3, **TOL)


def test_blocks_that_write_nothing_give_the_same_lens_at_every_layer():
    w = make_weights(23)
    for blk in w["blocks"]:
        blk["w_o"][:] = 0.0
        blk["w_out"][:] = 0.0
        blk["b_out"][:] = 0.0
    lens = TinyTransformer(w).logit_lens([2, 3, 5])
    assert_allclose(lens[1], lens[0], **TOL)
    assert_allclose(lens[2], lens[0], **TOL)
