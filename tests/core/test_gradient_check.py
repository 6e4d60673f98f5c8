"""Backpropagation beside the finite difference (issue 14)."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.gradient_check import check_weight
from nnviz.core.presets import load_preset


def test_backprop_agrees_with_a_central_difference() -> None:
    preset = load_preset("softmax")
    check = check_weight(preset.network, preset.inputs, preset.target, 1, 0, 5, 1e-5)
    assert check.relative < 1e-6
    assert check.numeric == pytest.approx(check.backprop, rel=1e-6)
    assert check.numeric == (check.loss_plus - check.loss_minus) / 2e-5


def test_a_large_or_tiny_step_drifts() -> None:
    preset = load_preset("xor")
    inputs = np.array([1.0, 0.3])
    good = check_weight(preset.network, inputs, preset.target, 1, 0, 0, 0.01)
    large = check_weight(preset.network, inputs, preset.target, 1, 0, 0, 1.0)
    tiny = check_weight(preset.network, inputs, preset.target, 1, 0, 0, 1e-12)
    assert good.relative < 1e-4 < large.relative
    assert tiny.relative > 0.5  # rounding is all that is left


def test_refusals() -> None:
    preset = load_preset("feedforward")
    with pytest.raises(ValueError, match="positive"):
        check_weight(preset.network, preset.inputs, preset.target, 1, 0, 0, 0.0)
    with pytest.raises(ValueError, match="no such weight"):
        check_weight(preset.network, preset.inputs, preset.target, 1, 5, 0, 0.1)
