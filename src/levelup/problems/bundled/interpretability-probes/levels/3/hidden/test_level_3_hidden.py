import numpy as np
import probes
import pytest
from numpy.testing import assert_allclose
from probes import TinyTransformer

TOL = {"rtol": 1e-7, "atol": 1e-9}
CLEAN, CORRUPTED = [1, 2, 3, 4, 5], [1, 2, 9, 4, 5]


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


def reference_run(w, tokens, patch=None):
    """Oracle: loops over heads and positions; `patch` = (layer, position, vector)."""
    x = np.array([w["embed"][t] + w["pos"][i] for i, t in enumerate(tokens)])
    resid = []
    d_head = x.shape[1] // w["n_heads"]
    for layer in range(len(w["blocks"]) + 1):
        if patch is not None and patch[0] == layer:
            x = x.copy()
            x[patch[1]] = patch[2]
        resid.append(x)
        if layer == len(w["blocks"]):
            break
        blk = w["blocks"][layer]
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
    return ln(x, w["lnf_g"], w["lnf_b"]) @ w["unembed"], np.array(resid)


def test_patching_a_middle_layer_recomputes_every_later_position():
    w = make_weights(20, n_layers=3)
    clean_resid = reference_run(w, CLEAN)[1]
    expected, _ = reference_run(w, CORRUPTED, (1, 2, clean_resid[1, 2]))
    assert_allclose(TinyTransformer(w).patch_residual(CLEAN, CORRUPTED, 1, 2), expected, **TOL)


def test_negative_position_counts_from_the_end():
    model = TinyTransformer(make_weights(21))
    assert model.patching_effect(CLEAN, CORRUPTED, 3, 11, 1, -1) == pytest.approx(
        model.patching_effect(CLEAN, CORRUPTED, 3, 11, 1, 4), rel=1e-9
    )


def test_layer_or_position_outside_the_stream_raises_value_error():
    model = TinyTransformer(make_weights(22))
    for layer, position in ((3, 0), (-1, 0), (0, 5), (0, -6)):
        with pytest.raises(ValueError):
            model.patch_residual(CLEAN, CORRUPTED, layer, position)


def test_answer_ids_outside_the_vocabulary_raise_value_error():
    model = TinyTransformer(make_weights(23))
    with pytest.raises(ValueError):
        model.patching_effect(CLEAN, CORRUPTED, 12, 3, 1, 2)
    with pytest.raises(ValueError):
        probes.logit_difference(np.zeros((2, 4)), 0, 4)
