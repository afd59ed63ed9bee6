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


def test_logit_difference_reads_the_last_position():
    logits = np.array([[9.0, 0.0, 0.0], [1.0, 4.0, -2.0]])
    assert probes.logit_difference(logits, 1, 2) == pytest.approx(6.0)
    assert probes.logit_difference(logits, 0, 1) == pytest.approx(-3.0)


def test_patching_the_only_changed_token_at_layer_zero_gives_the_clean_run():
    model = TinyTransformer(make_weights(0))
    assert_allclose(model.patch_residual(CLEAN, CORRUPTED, 0, 2), model.forward(CLEAN), **TOL)
    assert model.patching_effect(CLEAN, CORRUPTED, 3, 11, 0, 2) == pytest.approx(1.0, rel=1e-7)


def test_patching_the_final_stream_at_the_last_position_restores_everything():
    model = TinyTransformer(make_weights(1))
    assert model.patching_effect(CLEAN, CORRUPTED, 3, 11, 2, 4) == pytest.approx(1.0, rel=1e-7)


def test_patching_the_final_stream_elsewhere_leaves_the_last_logits():
    model = TinyTransformer(make_weights(2))
    patched = model.patch_residual(CLEAN, CORRUPTED, 2, 3)
    assert_allclose(patched[-1], model.forward(CORRUPTED)[-1], **TOL)


def test_positions_before_the_first_difference_change_nothing():
    model = TinyTransformer(make_weights(3))
    for layer in range(3):
        for position in (0, 1):
            assert model.patching_effect(CLEAN, CORRUPTED, 3, 11, layer, position) == pytest.approx(0.0, abs=1e-7)


def test_patching_one_of_two_changed_tokens_at_layer_zero_equals_the_mixed_prompt():
    model = TinyTransformer(make_weights(4))
    clean, corrupted = [1, 2, 3, 4, 5], [1, 7, 3, 8, 5]
    assert_allclose(model.patch_residual(clean, corrupted, 0, 1), model.forward([1, 2, 3, 8, 5]), **TOL)


def test_patching_effect_is_the_restored_share_of_the_logit_difference():
    model = TinyTransformer(make_weights(5))
    d_clean = probes.logit_difference(model.forward(CLEAN), 3, 11)
    d_corrupted = probes.logit_difference(model.forward(CORRUPTED), 3, 11)
    d_patched = probes.logit_difference(model.patch_residual(CLEAN, CORRUPTED, 1, 3), 3, 11)
    expected = (d_patched - d_corrupted) / (d_clean - d_corrupted)
    assert model.patching_effect(CLEAN, CORRUPTED, 3, 11, 1, 3) == pytest.approx(expected, rel=1e-7)


def test_patching_grid_holds_every_layer_and_position():
    model = TinyTransformer(make_weights(6))
    grid = model.patching_grid(CLEAN, CORRUPTED, 3, 11)
    assert grid.shape == (3, 5)
    assert_allclose(grid[0], [0.0, 0.0, 1.0, 0.0, 0.0], rtol=1e-7, atol=1e-7)
    assert_allclose(grid[2], [0.0, 0.0, 0.0, 0.0, 1.0], rtol=1e-7, atol=1e-7)
    assert grid[1, 3] == pytest.approx(model.patching_effect(CLEAN, CORRUPTED, 3, 11, 1, 3), rel=1e-7)


def test_prompts_of_different_lengths_raise_value_error():
    model = TinyTransformer(make_weights(7))
    with pytest.raises(ValueError):
        model.patch_residual([1, 2, 3], [1, 2], 0, 0)
    with pytest.raises(ValueError):
        model.patching_grid([1, 2, 3], [1, 2, 3, 4], 3, 11)


def test_identical_prompts_have_nothing_to_restore():
    model = TinyTransformer(make_weights(8))
    with pytest.raises(ValueError):
        model.patching_effect(CLEAN, CLEAN, 3, 11, 1, 2)
