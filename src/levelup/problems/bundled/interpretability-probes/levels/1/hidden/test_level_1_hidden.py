import copy

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


def reference_run(w, tokens):
    """Plain loops over heads and positions: the oracle the tests compare against."""
    x = np.array([w["embed"][t] + w["pos"][i] for i, t in enumerate(tokens)])
    resid = [x]
    d_head = x.shape[1] // w["n_heads"]
    for blk in w["blocks"]:
        a = ln(x, blk["ln1_g"], blk["ln1_b"])
        q, k, v = a @ blk["w_q"], a @ blk["w_k"], a @ blk["w_v"]
        z = np.zeros_like(x)
        for h in range(w["n_heads"]):
            cols = slice(h * d_head, (h + 1) * d_head)
            for i in range(len(tokens)):
                s = np.array([q[i, cols] @ k[j, cols] for j in range(i + 1)]) / np.sqrt(d_head)
                p = np.exp(s - s.max())
                z[i, cols] = (p / p.sum()) @ v[: i + 1, cols]
        x = x + z @ blk["w_o"]
        x = (
            x
            + np.maximum(ln(x, blk["ln2_g"], blk["ln2_b"]) @ blk["w_in"] + blk["b_in"], 0) @ blk["w_out"]
            + blk["b_out"]
        )
        resid.append(x)
    return ln(x, w["lnf_g"], w["lnf_b"]) @ w["unembed"], np.array(resid)


def test_four_heads_split_the_width_in_head_order():
    w = make_weights(20, d_model=8, n_heads=4)
    tokens = [4, 3, 2, 1, 0]
    logits, resid = TinyTransformer(w).run_with_cache(tokens)
    expected_logits, expected_resid = reference_run(w, tokens)
    assert_allclose(logits, expected_logits, **TOL)
    assert_allclose(resid, expected_resid, **TOL)


def test_full_context_is_accepted_and_one_more_token_rejected():
    model = TinyTransformer(make_weights(21))
    assert model.forward([1] * 8).shape == (8, 12)
    with pytest.raises(ValueError):
        model.forward([1] * 9)


def test_layer_norm_uses_population_variance_and_its_epsilon():
    w = make_weights(22)
    w["embed"] *= 1e-3
    w["pos"] *= 1e-3
    tokens = [1, 6, 3]
    assert_allclose(TinyTransformer(w).forward(tokens), reference_run(w, tokens)[0], **TOL)


def test_mlp_uses_relu_so_negative_preactivations_give_only_its_bias():
    w = make_weights(23, n_layers=1)
    w["blocks"][0]["b_in"][:] = -1e6
    w["blocks"][0]["w_o"][:] = 0.0
    _, resid = TinyTransformer(w).run_with_cache([2, 5])
    assert_allclose(resid[1] - resid[0], np.tile(w["blocks"][0]["b_out"], (2, 1)), **TOL)


def test_weights_are_not_modified():
    w = make_weights(24)
    before = copy.deepcopy(w)
    model = TinyTransformer(w)
    model.run_with_cache([1, 2, 3])
    model.forward([3, 2, 1])
    for key in ("embed", "pos", "unembed", "lnf_g"):
        assert np.array_equal(w[key], before[key])
    for blk, old in zip(w["blocks"], before["blocks"], strict=True):
        for key in old:
            assert np.array_equal(blk[key], old[key])
