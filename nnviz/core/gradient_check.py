"""Backpropagation checked against a finite difference, for one weight.

For a weight w, backpropagation's ∂C/∂w is set beside the central difference
(C(w + h) − C(w − h)) / 2h, which needs nothing but two forward passes. A student sees the
two agree to many digits for a moderate h, drift apart for a large one (the curve is not
straight), and for a tiny one too (rounding: C(w + h) and C(w − h) agree in nearly every
digit, so their difference has few left).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nnviz.core.network import Network
from nnviz.core.trace import backward_trace, forward_trace

#: The steps h offered, largest first.
STEPS = (1.0, 0.1, 0.01, 1e-3, 1e-4, 1e-5, 1e-6, 1e-8, 1e-10, 1e-12)


@dataclass(frozen=True)
class GradientCheck:
    """∂C/∂w two ways.

    Attributes
    ----------
    backprop : float
        ∂C/∂w by backpropagation (``a[k]·δ[j]``).
    numeric : float
        (C(w + h) − C(w − h)) / 2h.
    loss_plus, loss_minus : float
        C(w + h) and C(w − h).
    h : float
    """

    backprop: float
    numeric: float
    loss_plus: float
    loss_minus: float
    h: float

    @property
    def difference(self) -> float:
        """|backprop − numeric|."""
        return abs(self.backprop - self.numeric)

    @property
    def relative(self) -> float:
        """The difference relative to the larger of the two (0 when both are 0)."""
        scale = max(abs(self.backprop), abs(self.numeric))
        return 0.0 if scale == 0 else self.difference / scale


def check_weight(
    network: Network,
    inputs: ArrayLike,
    target: ArrayLike,
    layer: int,
    source: int,
    target_neuron: int,
    h: float,
) -> GradientCheck:
    """Check ∂C/∂W[source, target_neuron] of weight layer ``layer`` (1 = the first).

    Raises
    ------
    ValueError
        If ``h`` is not a positive finite number, or the indices are out of range.
    """
    if not (np.isfinite(h) and h > 0):
        raise ValueError(f"h must be a positive number, not {h}")
    weights = network.weights[layer - 1]
    if not (0 <= source < weights.shape[0] and 0 <= target_neuron < weights.shape[1]):
        raise ValueError("there is no such weight")
    backward = backward_trace(forward_trace(network, inputs), target)
    w = float(weights[source, target_neuron])

    def loss(value: float) -> float:
        changed = network.with_weight(layer, source, target_neuron, value)
        return backward_trace(forward_trace(changed, inputs), target).loss

    plus, minus = loss(w + h), loss(w - h)
    return GradientCheck(
        backprop=float(backward.weight_gradients[layer - 1][source, target_neuron]),
        numeric=(plus - minus) / (2 * h),
        loss_plus=plus,
        loss_minus=minus,
        h=h,
    )
