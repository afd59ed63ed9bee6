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


def test_forward_returns_one_row_of_logits_per_token():
    logits = TinyTransformer(make_weights(0)).forward([1, 2, 3, 4])
    assert logits.shape == (4, 12)


def test_forward_matches_the_model_definition():
    w = make_weights(1)
    tokens = [3, 1, 4, 1, 5, 9, 2]
    assert_allclose(TinyTransformer(w).forward(tokens), reference_run(w, tokens)[0], **TOL)


def test_model_without_blocks_unembeds_the_normalised_embeddings():
    w = make_weights(2, n_layers=0)
    x = w["embed"][[0, 5]] + w["pos"][:2]
    expected = ln(x, w["lnf_g"], w["lnf_b"]) @ w["unembed"]
    assert_allclose(TinyTransformer(w).forward([0, 5]), expected, **TOL)


def test_residual_cache_has_one_entry_per_layer_plus_one():
    logits, resid = TinyTransformer(make_weights(3, n_layers=3)).run_with_cache([1, 2, 3])
    assert resid.shape == (4, 3, 8)
    assert logits.shape == (3, 12)


def test_first_residual_is_token_plus_position_embedding():
    w = make_weights(4)
    _, resid = TinyTransformer(w).run_with_cache([7, 0, 7])
    assert_allclose(resid[0], w["embed"][[7, 0, 7]] + w["pos"][:3], **TOL)


def test_residual_cache_matches_the_model_definition():
    w = make_weights(5)
    tokens = [2, 2, 8, 11, 0]
    _, resid = TinyTransformer(w).run_with_cache(tokens)
    assert_allclose(resid, reference_run(w, tokens)[1], **TOL)


def test_last_residual_through_final_norm_and_unembedding_gives_the_logits():
    w = make_weights(6)
    logits, resid = TinyTransformer(w).run_with_cache([5, 4, 3])
    assert_allclose(ln(resid[-1], w["lnf_g"], w["lnf_b"]) @ w["unembed"], logits, **TOL)
    assert_allclose(TinyTransformer(w).forward([5, 4, 3]), logits, **TOL)


def test_later_tokens_do_not_change_earlier_positions():
    model = TinyTransformer(make_weights(7))
    a = model.forward([1, 2, 3, 4])
    b = model.forward([1, 2, 3, 10])
    assert_allclose(a[:3], b[:3], **TOL)
    assert not np.allclose(a[3], b[3])


def test_blocks_that_write_nothing_leave_the_stream_unchanged():
    w = make_weights(8)
    for blk in w["blocks"]:
        blk["w_o"][:] = 0.0
        blk["w_out"][:] = 0.0
        blk["b_out"][:] = 0.0
    _, resid = TinyTransformer(w).run_with_cache([1, 2, 3])
    assert_allclose(resid[1], resid[0], **TOL)
    assert_allclose(resid[2], resid[0], **TOL)


def test_bad_token_lists_raise_value_error():
    model = TinyTransformer(make_weights(9))
    for tokens in ([], [12], [-1], list(range(9))):
        with pytest.raises(ValueError):
            model.forward(tokens)
    with pytest.raises(ValueError):
        model.run_with_cache([0, 99])
