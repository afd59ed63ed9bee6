import numpy as np
import probes
import pytest
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


def reference_run(w, tokens, head_change=None):
    """Oracle: loops over heads and positions; `head_change` = (layer, head, new output)."""
    x = np.array([w["embed"][t] + w["pos"][i] for i, t in enumerate(tokens)])
    d_head = x.shape[1] // w["n_heads"]
    heads = []
    for layer, blk in enumerate(w["blocks"]):
        a = ln(x, blk["ln1_g"], blk["ln1_b"])
        q, k, v = a @ blk["w_q"], a @ blk["w_k"], a @ blk["w_v"]
        z = np.zeros((w["n_heads"], len(tokens), d_head))
        for h in range(w["n_heads"]):
            cols = slice(h * d_head, (h + 1) * d_head)
            for i in range(len(tokens)):
                s = np.array([q[i, cols] @ k[j, cols] for j in range(i + 1)]) / np.sqrt(d_head)
                p = np.exp(s - s.max())
                z[h, i] = (p / p.sum()) @ v[: i + 1, cols]
            if head_change is not None and head_change[:2] == (layer, h):
                z[h] = head_change[2]
        heads.append(z)
        x = x + np.concatenate(list(z), axis=1) @ blk["w_o"]
        x = (
            x
            + np.maximum(ln(x, blk["ln2_g"], blk["ln2_b"]) @ blk["w_in"] + blk["b_in"], 0) @ blk["w_out"]
            + blk["b_out"]
        )
    return ln(x, w["lnf_g"], w["lnf_b"]) @ w["unembed"], heads


def diff(logits, correct, wrong):
    return logits[-1, correct] - logits[-1, wrong]


def test_identical_prompts_have_nothing_for_heads_to_restore():
    with pytest.raises(ValueError):
        TinyTransformer(make_weights(20)).head_patching_effects(CLEAN, CLEAN, 3, 11)


def test_head_patching_rejects_prompts_of_different_lengths():
    with pytest.raises(ValueError):
        TinyTransformer(make_weights(21)).head_patching_effects([1, 2, 3], [1, 2], 3, 11)


def test_probe_test_split_rounds_down_and_must_leave_both_sides_non_empty():
    x = np.arange(20.0).reshape(10, 2)
    labels = [0, 1] * 5
    assert len(probes.linear_probe(x, labels, 0.25, 0)["test_indices"]) == 2
    for fraction in (0.05, 1.0):
        with pytest.raises(ValueError):
            probes.linear_probe(x, labels, fraction, 0)
    with pytest.raises(ValueError):
        probes.linear_probe(x, labels[:9], 0.5, 0)


def test_probe_ties_go_to_the_smallest_class():
    labels = [0, 1, 2, 0, 1, 2, 0, 1, 2, 1]
    result = probes.linear_probe(np.zeros((10, 2)), labels, 0.1, 5)
    train = np.random.default_rng(5).permutation(10)[1:]
    counts = np.bincount(np.array(labels)[train], minlength=3)
    assert result["predictions"] == [int(np.argmax(counts))] * 10


def test_residual_features_reject_a_layer_outside_the_stream():
    model = TinyTransformer(make_weights(22))
    with pytest.raises(ValueError):
        model.residual_features([[1, 2]], 3)
    with pytest.raises(ValueError):
        model.residual_features([[1, 2]], -1)
