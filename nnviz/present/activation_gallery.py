"""The gallery of activation functions: each one and its derivative over an interval, with
what a student should see in the curves (Qt-free; Help ▸ Activation functions draws it).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.core.activations import ACTIVATIONS
from nnviz.core.types import FloatArray

#: What each curve teaches (the activations the registry offers for single neurons).
LESSONS: dict[str, str] = {
    "step": "The derivative is 0 everywhere (undefined at 0): no error flows back through "
    "a step neuron, so gradient descent cannot train it.",
    "sigmoid": "Saturates: for |v| beyond about 5 the slope is nearly 0 (at most 0.25, at "
    "v = 0), so large sums learn slowly.",
    "tanh": "Like sigmoid but centred on 0, with slope 1 at 0; it saturates too.",
    "relu": "Slope 1 for v > 0 and 0 below: a neuron whose sum stays negative gets no "
    "gradient and stops learning (a dead ReLU).",
    "leaky_relu": "Like ReLU, but a small slope (0.01) below 0 keeps a little gradient "
    "flowing: it cannot die.",
    "identity": "Slope 1 everywhere: a layer of identity neurons is linear.",
    "square": "The lecture's f(v) = v²: slope 2v, zero at 0, growing without bound.",
}


@dataclass(frozen=True)
class ActivationCurve:
    """One activation: ``v``, ``f(v)`` and ``f′(v)`` (shape (n,) each), its formulas and
    the lesson of its curves."""

    name: str
    v: FloatArray
    value: FloatArray
    slope: FloatArray
    formula: str
    derivative_formula: str
    lesson: str


def activation_curves(low: float = -6.0, high: float = 6.0, n: int = 601) -> list[ActivationCurve]:
    """Every element-wise activation of the registry over ``[low, high]`` (softmax, which
    acts on a whole layer, is left out)."""
    v = np.linspace(low, high, n)
    curves = []
    for name, activation in ACTIVATIONS.items():
        if name not in LESSONS:
            continue
        value = np.asarray(activation.function(v), dtype=np.float64)
        slope = np.asarray(activation.derivative(v, value), dtype=np.float64)
        curves.append(
            ActivationCurve(
                name,
                v,
                value,
                slope,
                activation.formula,
                activation.derivative_formula,
                LESSONS[name],
            )
        )
    return curves
