import math

import numpy as np
import pytest
from monitor import LossMonitor

LAYERS = ["embed", "attn", "mlp", "head"]
OK = np.ones(4)


def monitor():
    m = LossMonitor()
    m.set_layer_order(LAYERS)
    return m


def test_nan_loss_is_a_spike_even_during_warmup():
    m = LossMonitor(warmup_steps=3)
    assert m.observe(1, 2.0) is False
    assert m.observe(2, float("nan")) is True
    assert m.spikes() == [2]
    assert m.current_ema() == pytest.approx(2.0, rel=1e-12)


def test_infinite_losses_are_spikes_and_leave_the_ema_alone():
    m = LossMonitor(beta=0.5, warmup_steps=1)
    m.observe(1, 2.0)
    assert m.observe(2, math.inf) is True
    assert m.observe(3, -math.inf) is True
    assert m.observe(4, 1.0) is False
    assert m.current_ema() == pytest.approx(1.5, rel=1e-12)
    assert m.spikes() == [2, 3]


def test_non_finite_losses_count_toward_divergence():
    m = LossMonitor(beta=0.5, warmup_steps=1, divergence_ratio=2.0, patience=3)
    m.observe(0, 1.0)
    m.observe(1, 5.0)
    m.observe(2, float("nan"))
    m.observe(3, math.inf)
    assert m.diverged() is True


def test_inspect_returns_none_when_everything_is_finite():
    m = monitor()
    assert m.inspect(1, {name: OK for name in LAYERS}, {name: OK for name in LAYERS}) is None
    assert m.first_nonfinite() is None


def test_first_bad_activation_in_forward_order_is_the_origin():
    m = monitor()
    report = m.inspect(
        8,
        {"embed": OK, "attn": np.array([1.0, np.inf, np.nan, np.nan]), "mlp": np.full(4, np.nan)},
        {"head": np.full(2, np.nan)},
    )
    assert report == {"step": 8, "kind": "activation", "layer": "attn", "nan": 2, "inf": 1}


def test_activations_are_checked_before_any_gradient():
    m = monitor()
    report = m.inspect(3, {"head": np.array([np.nan])}, {"head": np.array([np.nan]), "embed": np.array([np.inf])})
    assert report["kind"] == "activation"
    assert report["layer"] == "head"


def test_gradients_are_checked_in_reverse_layer_order():
    m = monitor()
    report = m.inspect(9, {}, {"embed": np.array([np.nan]), "mlp": np.array([np.inf, -np.inf]), "head": OK})
    assert report == {"step": 9, "kind": "gradient", "layer": "mlp", "nan": 0, "inf": 2}


def test_unknown_layer_raises_value_error_and_records_nothing():
    m = monitor()
    with pytest.raises(ValueError):
        m.inspect(1, {"decoder": np.array([np.nan])}, {})
    with pytest.raises(ValueError):
        m.inspect(1, {"attn": np.array([np.nan])}, {"ghost": OK})
    assert m.first_nonfinite() is None


def test_first_nonfinite_keeps_the_earliest_report():
    m = monitor()
    m.inspect(4, {"embed": OK}, {})
    first = m.inspect(5, {"mlp": np.array([np.nan, 1.0])}, {})
    m.inspect(6, {"embed": np.array([np.inf])}, {})
    assert m.first_nonfinite() == first == {"step": 5, "kind": "activation", "layer": "mlp", "nan": 1, "inf": 0}


def test_duplicate_layer_names_raise_value_error():
    m = LossMonitor()
    with pytest.raises(ValueError):
        m.set_layer_order(["a", "b", "a"])


def test_a_new_layer_order_replaces_the_old_one():
    m = monitor()
    m.set_layer_order(["head", "mlp"])
    report = m.inspect(2, {"mlp": np.array([np.nan]), "head": np.array([np.nan])}, {})
    assert report["layer"] == "head"
    with pytest.raises(ValueError):
        m.inspect(3, {"embed": OK}, {})
