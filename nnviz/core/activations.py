"""Activation functions, their derivatives, and the formula a student reads.

Every function takes the weighted sums ``v`` of a layer (any shape; the last axis is the
layer's neurons) and returns an array of the same shape. ``derivative`` is the elementwise
f'(v); softmax is the one activation that is not elementwise, so the backward pass goes
through :func:`backpropagate`, which applies the full Jacobian for it.

The step function's derivative is 0 everywhere (undefined at 0, where we also use 0). It is
kept exactly zero, never smoothed: the lecture's point is that gradient descent cannot move
the weights of a step network, and the app must show that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from nnviz.core.types import FloatArray


def _step(v: FloatArray) -> FloatArray:
    # heaviside(v, 1) is 1 for v ≥ 0, 0 below, and NaN for NaN (v >= 0 would say 0).
    return np.heaviside(v, 1.0).astype(v.dtype, copy=False)


def _step_derivative(v: FloatArray, a: FloatArray) -> FloatArray:
    return np.where(np.isnan(v), np.nan, 0.0).astype(v.dtype, copy=False)


def _sigmoid(v: FloatArray) -> FloatArray:
    # Split by sign so that exp never overflows: for v < 0 use e^v / (1 + e^v).
    out = np.empty_like(v)
    positive = v >= 0
    out[positive] = 1.0 / (1.0 + np.exp(-v[positive]))
    exp_v = np.exp(v[~positive])
    out[~positive] = exp_v / (1.0 + exp_v)
    return out


def _sigmoid_derivative(v: FloatArray, a: FloatArray) -> FloatArray:
    return a * (1.0 - a)


def _tanh(v: FloatArray) -> FloatArray:
    return np.tanh(v)


def _tanh_derivative(v: FloatArray, a: FloatArray) -> FloatArray:
    return 1.0 - a * a


def _relu(v: FloatArray) -> FloatArray:
    return np.maximum(v, 0.0)


def _relu_derivative(v: FloatArray, a: FloatArray) -> FloatArray:
    # ReLU'(0) is taken as 0, the usual convention; NaN stays NaN.
    return np.where(np.isnan(v), np.nan, v > 0).astype(v.dtype, copy=False)


def _identity(v: FloatArray) -> FloatArray:
    return v.copy()


def _identity_derivative(v: FloatArray, a: FloatArray) -> FloatArray:
    return np.ones_like(v)


def _square(v: FloatArray) -> FloatArray:
    return v * v


def _square_derivative(v: FloatArray, a: FloatArray) -> FloatArray:
    return 2.0 * v


def _softmax(v: FloatArray) -> FloatArray:
    # Subtracting the row maximum changes nothing mathematically and keeps exp finite.
    shifted = v - np.max(v, axis=-1, keepdims=True)
    exp_v = np.exp(shifted)
    return exp_v / np.sum(exp_v, axis=-1, keepdims=True)


@dataclass(frozen=True)
class Activation:
    """One activation function as the lecture writes it.

    Attributes
    ----------
    name : str
        The name used in files, the CLI and step sentences (``"step"``, ``"relu"`` ...).
    formula : str
        The definition a student reads, e.g. ``"step(v) = 1 if v ≥ 0, else 0"``.
    derivative_formula : str
        The derivative as the backward pass explains it.
    function : callable
        ``f(v) -> a``, same shape as ``v``.
    derivative : callable or None
        Elementwise ``f'(v)`` given ``v`` and ``a = f(v)``; ``None`` for softmax, whose
        derivative is a Jacobian (see :func:`backpropagate`).
    """

    name: str
    formula: str
    derivative_formula: str
    function: Callable[[FloatArray], FloatArray]
    derivative: Callable[[FloatArray, FloatArray], FloatArray] | None

    @property
    def elementwise(self) -> bool:
        """Whether each output depends only on its own weighted sum (all but softmax)."""
        return self.derivative is not None


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "step",
            "step(v) = 1 if v ≥ 0, else 0",
            "step′(v) = 0 everywhere (undefined at 0)",
            _step,
            _step_derivative,
        ),
        Activation(
            "sigmoid",
            "sigmoid(v) = 1 / (1 + e^−v)",
            "sigmoid′(v) = sigmoid(v)·(1 − sigmoid(v))",
            _sigmoid,
            _sigmoid_derivative,
        ),
        Activation(
            "tanh",
            "tanh(v) = (e^v − e^−v) / (e^v + e^−v)",
            "tanh′(v) = 1 − tanh(v)²",
            _tanh,
            _tanh_derivative,
        ),
        Activation(
            "relu",
            "relu(v) = max(0, v)",
            "relu′(v) = 1 if v > 0, else 0",
            _relu,
            _relu_derivative,
        ),
        Activation(
            "identity",
            "identity(v) = v",
            "identity′(v) = 1",
            _identity,
            _identity_derivative,
        ),
        Activation(
            "square",
            "square(v) = v²",
            "square′(v) = 2v",
            _square,
            _square_derivative,
        ),
        Activation(
            "softmax",
            "softmax(v)ⱼ = e^vⱼ / Σₖ e^vₖ",
            "∂softmaxⱼ/∂vᵢ = softmaxⱼ·([i = j] − softmaxᵢ)",
            _softmax,
            None,
        ),
    )
}

ACTIVATION_NAMES: tuple[str, ...] = tuple(ACTIVATIONS)


def get_activation(name: str) -> Activation:
    """Return the activation called ``name``.

    Raises
    ------
    ValueError
        If no activation has that name; the message lists the known ones.
    """
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(
            f"unknown activation {name!r} (known: {', '.join(ACTIVATION_NAMES)})"
        ) from None


def activate(name: str, v: FloatArray) -> FloatArray:
    """Apply the activation ``name`` to weighted sums ``v`` (any shape, neurons last)."""
    return get_activation(name).function(np.asarray(v, dtype=np.float64))


def backpropagate(name: str, v: FloatArray, a: FloatArray, grad_a: FloatArray) -> FloatArray:
    """Carry ∂C/∂a back through the activation to the deltas ∂C/∂v.

    Parameters
    ----------
    name : str
        The layer's activation.
    v, a : ndarray of float, shape (..., n)
        The layer's weighted sums and activations.
    grad_a : ndarray of float, shape (..., n)
        ∂C/∂a, the derivative of the loss with respect to the layer's activations.

    Returns
    -------
    ndarray of float, shape (..., n)
        δ = ∂C/∂v. For elementwise activations δ = ∂C/∂a · f'(v); for softmax
        δⱼ = aⱼ(∂C/∂aⱼ − Σₖ aₖ ∂C/∂aₖ).
    """
    activation = get_activation(name)
    if activation.derivative is not None:
        return grad_a * activation.derivative(v, a)
    return a * (grad_a - np.sum(a * grad_a, axis=-1, keepdims=True))
