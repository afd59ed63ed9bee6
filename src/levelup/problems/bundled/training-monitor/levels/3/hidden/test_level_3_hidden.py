import math

import numpy as np
import pytest
from monitor import LossMonitor


def test_nan_as_the_very_first_loss_leaves_the_ema_unset():
    m = LossMonitor(warmup_steps=5)
    assert m.observe(0, float("nan")) is True
    assert m.current_ema() is None
    assert m.observe(1, 3.0) is False
    assert m.current_ema() == pytest.approx(3.0, rel=1e-12)


def test_best_ema_and_report_ignore_non_finite_losses():
    m = LossMonitor(beta=0.5, warmup_steps=1)
    m.observe(0, 2.0)
    m.observe(1, -math.inf)
    report = m.report()
    assert report["best_ema"] == pytest.approx(2.0, rel=1e-12)
    assert report["spikes"] == 1
    assert report["observed"] == 2


def test_entries_of_multidimensional_arrays_are_counted_one_by_one():
    m = LossMonitor()
    m.set_layer_order(["conv", "fc"])
    act = np.ones((2, 3, 4))
    act[0, 1, 2] = np.nan
    act[1, 0, 0] = -np.inf
    act[1, 2, 3] = np.nan
    assert m.inspect(1, {"fc": act}, {"conv": np.full((3, 3), np.nan)}) == {
        "step": 1,
        "kind": "activation",
        "layer": "fc",
        "nan": 2,
        "inf": 1,
    }


def test_finite_steps_after_trouble_do_not_replace_the_first_report():
    m = LossMonitor()
    m.set_layer_order(["a", "b"])
    m.inspect(10, {}, {"a": np.array([np.inf])})
    assert m.inspect(11, {"a": np.ones(2)}, {"b": np.ones(2)}) is None
    assert m.first_nonfinite() == {"step": 10, "kind": "gradient", "layer": "a", "nan": 0, "inf": 1}
