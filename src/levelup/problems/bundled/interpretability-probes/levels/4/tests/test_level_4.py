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


def test_head_ablation_effects_have_one_entry_per_layer_and_head():
    effects = TinyTransformer(make_weights(0, n_layers=3, n_heads=4)).head_ablation_effects(CLEAN, 3, 11)
    assert effects.shape == (3, 4)


def test_ablating_a_head_equals_removing_its_rows_of_the_output_weights():
    w = make_weights(1)
    model = TinyTransformer(w)
    effects = model.head_ablation_effects(CLEAN, 3, 11)
    base = diff(model.forward(CLEAN), 3, 11)
    w["blocks"][1]["w_o"][4:8] = 0.0  # head 1 of layer 1 (d_head = 4)
    ablated = diff(TinyTransformer(w).forward(CLEAN), 3, 11)
    assert effects[1, 1] == pytest.approx(ablated - base, rel=1e-7, abs=1e-9)


def test_head_with_zero_output_weights_has_no_ablation_effect():
    w = make_weights(2)
    w["blocks"][0]["w_o"][0:4] = 0.0
    effects = TinyTransformer(w).head_ablation_effects(CLEAN, 3, 11)
    assert effects[0, 0] == pytest.approx(0.0, abs=1e-9)
    assert abs(effects[0, 1]) > 1e-6


def test_head_ablation_effects_match_the_model_definition():
    w = make_weights(3)
    base = diff(reference_run(w, CLEAN)[0], 3, 11)
    expected = [
        [diff(reference_run(w, CLEAN, (layer, h, 0.0))[0], 3, 11) - base for h in range(2)] for layer in range(2)
    ]
    assert_allclose(TinyTransformer(w).head_ablation_effects(CLEAN, 3, 11), expected, **TOL)


def test_head_patching_effects_match_the_model_definition():
    w = make_weights(4)
    clean_logits, clean_heads = reference_run(w, CLEAN)
    d_clean, d_corrupted = diff(clean_logits, 3, 11), diff(reference_run(w, CORRUPTED)[0], 3, 11)
    expected = [
        [
            (diff(reference_run(w, CORRUPTED, (layer, h, clean_heads[layer][h]))[0], 3, 11) - d_corrupted)
            / (d_clean - d_corrupted)
            for h in range(2)
        ]
        for layer in range(2)
    ]
    assert_allclose(TinyTransformer(w).head_patching_effects(CLEAN, CORRUPTED, 3, 11), expected, **TOL)


def test_residual_features_are_the_cached_streams():
    model = TinyTransformer(make_weights(5))
    prompts = [[1, 2, 3], [4, 5], [6, 7, 8, 9]]
    features = model.residual_features(prompts, 1)
    assert features.shape == (3, 8)
    for row, tokens in zip(features, prompts, strict=True):
        assert_allclose(row, model.run_with_cache(tokens)[1][1, -1], **TOL)
    assert_allclose(model.residual_features(prompts, 2, 0)[2], model.run_with_cache([6, 7, 8, 9])[1][2, 0], **TOL)


def test_probe_on_separable_data_is_perfect():
    x = np.array([[0.0], [1.0], [2.0], [3.0], [10.0], [11.0], [12.0], [13.0]])
    result = probes.linear_probe(x, [0, 0, 0, 0, 1, 1, 1, 1], 0.25, 0)
    assert result["train_accuracy"] == 1.0
    assert result["test_accuracy"] == 1.0
    assert result["predictions"] == [0, 0, 0, 0, 1, 1, 1, 1]


def test_probe_split_follows_the_seeded_permutation():
    x = np.random.default_rng(6).normal(size=(20, 3))
    result = probes.linear_probe(x, [i % 3 for i in range(20)], 0.3, 42)
    assert result["test_indices"] == [int(i) for i in np.random.default_rng(42).permutation(20)[:6]]


def test_probe_predictions_are_least_squares_on_the_training_rows():
    rng = np.random.default_rng(7)
    x = rng.normal(size=(30, 4))
    labels = [int(v) for v in rng.integers(0, 3, size=30)]
    result = probes.linear_probe(x, labels, 0.2, 3)
    train = np.random.default_rng(3).permutation(30)[6:]
    design = np.hstack([x, np.ones((30, 1))])
    weights = np.linalg.lstsq(design[train], np.eye(3)[labels][train], rcond=None)[0]
    predicted = np.argmax(design @ weights, axis=1)
    assert result["predictions"] == [int(p) for p in predicted]
    assert result["train_accuracy"] == pytest.approx(float(np.mean(predicted[train] == np.array(labels)[train])))


def test_probe_reads_the_last_token_from_layer_zero_residuals():
    model = TinyTransformer(make_weights(8))
    rng = np.random.default_rng(9)
    prompts = [[int(t) for t in rng.integers(0, 12, size=3)] + [int(last)] for last in rng.integers(0, 4, size=40)]
    labels = [p[-1] for p in prompts]
    result = probes.linear_probe(model.residual_features(prompts, 0), labels, 0.25, 1)
    assert result["test_accuracy"] == 1.0
