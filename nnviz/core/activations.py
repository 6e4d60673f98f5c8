"""Every activation nnviz knows, one object each (the registry).

Each class below is the whole of one activation (see :class:`~nnviz.core.activation.Activation`
for what that is): the readable function and derivative, the batched float32 kernel of
the training path, its sentences and its ONNX form. To add an activation, add a class here
and put an instance in :data:`ACTIVATIONS`; the trace, the step list, the quiz, training,
the menus and the exports then offer it.

The step function's derivative is 0 everywhere (undefined at 0, where we also use 0). It is
kept exactly zero, never smoothed: the lecture's point is that gradient descent cannot move
the weights of a step network, and the app must show that.
"""

from __future__ import annotations

import numpy as np

from nnviz.core.activation import Activation, BatchWork, Float32Array, OnnxGraph, range_text
from nnviz.core.notation import format_number, parenthesised
from nnviz.core.types import FloatArray

__all__ = [
    "ACTIVATIONS",
    "ACTIVATION_NAMES",
    "Activation",
    "activate",
    "backpropagate",
    "get_activation",
]

#: Softmax numerators are shown as e^v while every v is at most this; beyond, e^(v − max v).
_EXP_SHOWN_UP_TO = 50.0


class Step(Activation):
    name = "step"
    formula = "step(v) = 1 if v ≥ 0, else 0"
    derivative_formula = "step′(v) = 0 everywhere (undefined at 0)"
    gradient_free = True
    sparse = True
    backward_note = " (step′(v) = 0 everywhere, so no error flows back through a step neuron)"

    def function(self, v: FloatArray) -> FloatArray:
        # heaviside(v, 1) is 1 for v ≥ 0, 0 below, and NaN for NaN (v >= 0 would say 0).
        return np.heaviside(v, 1.0).astype(v.dtype, copy=False)

    def derivative(self, v: FloatArray, a: FloatArray) -> FloatArray:
        return np.where(np.isnan(v), np.nan, 0.0).astype(v.dtype, copy=False)

    def forward_batch(self, z: Float32Array, out: Float32Array, work: BatchWork) -> None:
        np.heaviside(z, 1.0, out=out)  # NaN stays NaN (z >= 0 would say 0)

    def backward_batch(
        self, grad: Float32Array, a: Float32Array, z: Float32Array | None, work: BatchWork
    ) -> None:
        grad.fill(0.0)

    def onnx(self, graph: OnnxGraph, z: str, out: str, prefix: str) -> None:
        zero = graph.constant(f"{prefix}/zero", 0.0)
        at_least_zero = f"{prefix}/at_least_zero"
        graph.node("GreaterOrEqual", [z, zero], [at_least_zero], f"{prefix}/{self.name}")
        graph.node("Cast", [at_least_zero], [out], f"{prefix}/{self.name}/cast", to=graph.FLOAT)


class Sigmoid(Activation):
    name = "sigmoid"
    formula = "sigmoid(v) = 1 / (1 + e^−v)"
    derivative_formula = "sigmoid′(v) = sigmoid(v)·(1 − sigmoid(v))"
    hidden_choice = True

    def function(self, v: FloatArray) -> FloatArray:
        # Split by sign so that exp never overflows: for v < 0 use e^v / (1 + e^v).
        out = np.empty_like(v)
        positive = v >= 0
        out[positive] = 1.0 / (1.0 + np.exp(-v[positive]))
        exp_v = np.exp(v[~positive])
        out[~positive] = exp_v / (1.0 + exp_v)
        return out

    def derivative(self, v: FloatArray, a: FloatArray) -> FloatArray:
        return a * (1.0 - a)

    def forward_batch(self, z: Float32Array, out: Float32Array, work: BatchWork) -> None:
        # σ(z) = ½(1 + tanh(z/2)): one ufunc, and it never overflows.
        np.multiply(z, 0.5, out=out)
        np.tanh(out, out=out)
        out += 1.0
        out *= 0.5

    def backward_batch(
        self, grad: Float32Array, a: Float32Array, z: Float32Array | None, work: BatchWork
    ) -> None:
        np.subtract(1.0, a, out=work.scratch)
        work.scratch *= a
        grad *= work.scratch

    def onnx(self, graph: OnnxGraph, z: str, out: str, prefix: str) -> None:
        graph.node("Sigmoid", [z], [out], f"{prefix}/{self.name}")


class Tanh(Activation):
    name = "tanh"
    formula = "tanh(v) = (e^v − e^−v) / (e^v + e^−v)"
    derivative_formula = "tanh′(v) = 1 − tanh(v)²"
    hidden_choice = True

    def function(self, v: FloatArray) -> FloatArray:
        return np.tanh(v)

    def derivative(self, v: FloatArray, a: FloatArray) -> FloatArray:
        return 1.0 - a * a

    def forward_batch(self, z: Float32Array, out: Float32Array, work: BatchWork) -> None:
        np.tanh(z, out=out)

    def backward_batch(
        self, grad: Float32Array, a: Float32Array, z: Float32Array | None, work: BatchWork
    ) -> None:
        np.multiply(a, a, out=work.scratch)
        np.subtract(1.0, work.scratch, out=work.scratch)
        grad *= work.scratch

    def onnx(self, graph: OnnxGraph, z: str, out: str, prefix: str) -> None:
        graph.node("Tanh", [z], [out], f"{prefix}/{self.name}")


class Relu(Activation):
    name = "relu"
    formula = "relu(v) = max(0, v)"
    derivative_formula = "relu′(v) = 1 if v > 0, else 0"
    sparse = True
    hidden_choice = True
    initialisation = "he"

    def function(self, v: FloatArray) -> FloatArray:
        return np.maximum(v, 0.0)

    def derivative(self, v: FloatArray, a: FloatArray) -> FloatArray:
        # ReLU'(0) is taken as 0, the usual convention; NaN stays NaN.
        return np.where(np.isnan(v), np.nan, v > 0).astype(v.dtype, copy=False)

    def forward_batch(self, z: Float32Array, out: Float32Array, work: BatchWork) -> None:
        np.maximum(z, 0.0, out=out)

    def backward_batch(
        self, grad: Float32Array, a: Float32Array, z: Float32Array | None, work: BatchWork
    ) -> None:
        # relu'(z) = 1 where z > 0, i.e. where a > 0 (relu'(0) = 0, as in the readable path).
        np.greater(a, 0.0, out=work.mask)
        np.multiply(grad, work.mask, out=grad)

    def stall_text(self, sums_text: str) -> str | None:
        return (
            f"Every gradient is 0 because relu′(v) = 0 at every output ({sums_text}: v ≤ 0). "
            "A ReLU neuron whose weighted sum is not positive passes no error back (a "
            '"dead" neuron); change a weight or bias so that v > 0, or use sigmoid.'
        )

    def onnx(self, graph: OnnxGraph, z: str, out: str, prefix: str) -> None:
        graph.node("Relu", [z], [out], f"{prefix}/{self.name}")


class LeakyRelu(Activation):
    name = "leaky_relu"
    formula = "leaky_relu(v) = v if v > 0, else 0.01·v"
    derivative_formula = "leaky_relu′(v) = 1 if v > 0, else 0.01"
    sparse = True
    hidden_choice = True
    initialisation = "he"
    #: The slope for v ≤ 0: a neuron whose sum is negative still passes some error back.
    SLOPE = 0.01

    def function(self, v: FloatArray) -> FloatArray:
        return np.where(v > 0, v, self.SLOPE * v)

    def derivative(self, v: FloatArray, a: FloatArray) -> FloatArray:
        # Like relu′(0), leaky_relu′(0) takes the value of the side v ≤ 0.
        return np.where(v > 0, 1.0, self.SLOPE).astype(v.dtype, copy=False)

    def forward_batch(self, z: Float32Array, out: Float32Array, work: BatchWork) -> None:
        np.multiply(z, self.SLOPE, out=work.scratch)
        np.maximum(z, work.scratch, out=out)

    def backward_batch(
        self, grad: Float32Array, a: Float32Array, z: Float32Array | None, work: BatchWork
    ) -> None:
        # a > 0 exactly where v > 0; the factor is 1 there and the slope elsewhere.
        np.greater(a, 0.0, out=work.mask)
        np.multiply(work.mask, 1.0 - self.SLOPE, out=work.scratch)
        work.scratch += self.SLOPE
        grad *= work.scratch

    def onnx(self, graph: OnnxGraph, z: str, out: str, prefix: str) -> None:
        graph.node("LeakyRelu", [z], [out], f"{prefix}/{self.name}", alpha=self.SLOPE)


class Identity(Activation):
    name = "identity"
    formula = "identity(v) = v"
    derivative_formula = "identity′(v) = 1"

    def function(self, v: FloatArray) -> FloatArray:
        return v.copy()

    def derivative(self, v: FloatArray, a: FloatArray) -> FloatArray:
        return np.ones_like(v)

    def forward_batch(self, z: Float32Array, out: Float32Array, work: BatchWork) -> None:
        if out is not z:
            np.copyto(out, z)

    def backward_batch(
        self, grad: Float32Array, a: Float32Array, z: Float32Array | None, work: BatchWork
    ) -> None:
        pass

    def onnx(self, graph: OnnxGraph, z: str, out: str, prefix: str) -> None:
        graph.node("Identity", [z], [out], f"{prefix}/{self.name}")


class Square(Activation):
    name = "square"
    formula = "square(v) = v²"
    derivative_formula = "square′(v) = 2v"
    needs_sums = True

    def function(self, v: FloatArray) -> FloatArray:
        return v * v

    def derivative(self, v: FloatArray, a: FloatArray) -> FloatArray:
        return 2.0 * v

    def forward_batch(self, z: Float32Array, out: Float32Array, work: BatchWork) -> None:
        np.multiply(z, z, out=out)

    def backward_batch(
        self, grad: Float32Array, a: Float32Array, z: Float32Array | None, work: BatchWork
    ) -> None:
        assert z is not None
        np.multiply(z, 2.0, out=work.scratch)
        grad *= work.scratch

    def onnx(self, graph: OnnxGraph, z: str, out: str, prefix: str) -> None:
        graph.node("Mul", [z, z], [out], f"{prefix}/{self.name}")


class Softmax(Activation):
    name = "softmax"
    formula = "softmax(v)ⱼ = e^vⱼ / Σₖ e^vₖ"
    derivative_formula = "∂softmaxⱼ/∂vᵢ = softmaxⱼ·([i = j] − softmaxᵢ)"
    elementwise = False

    def function(self, v: FloatArray) -> FloatArray:
        # Subtracting the row maximum changes nothing mathematically and keeps exp finite.
        shifted = v - np.max(v, axis=-1, keepdims=True)
        exp_v = np.exp(shifted)
        return exp_v / np.sum(exp_v, axis=-1, keepdims=True)

    def derivative(self, v: FloatArray, a: FloatArray) -> FloatArray:
        return a * (1.0 - a)

    def backpropagate(self, v: FloatArray, a: FloatArray, grad_a: FloatArray) -> FloatArray:
        # The full Jacobian: δⱼ = aⱼ (gⱼ − Σₖ aₖ gₖ).
        return a * (grad_a - np.sum(a * grad_a, axis=-1, keepdims=True))

    def forward_batch(self, z: Float32Array, out: Float32Array, work: BatchWork) -> None:
        np.max(z, axis=1, keepdims=True, out=work.row_max)
        np.subtract(z, work.row_max, out=out)
        np.exp(out, out=out)
        np.sum(out, axis=1, keepdims=True, out=work.row_sum)
        out /= work.row_sum

    def backward_batch(
        self, grad: Float32Array, a: Float32Array, z: Float32Array | None, work: BatchWork
    ) -> None:
        np.multiply(a, grad, out=work.scratch)
        grad -= np.sum(work.scratch, axis=1, keepdims=True)
        grad *= a

    def formula_of(self, v_name: str) -> str:
        return f"e^{v_name} / Σₖ e^vₖ"

    def value_text(
        self, z_name: str, v_name: str, sums: FloatArray, neuron: int, value: float
    ) -> str:
        fmt = format_number
        top = float(np.max(sums))
        if top <= _EXP_SHOWN_UP_TO:
            numerator = float(np.exp(sums[neuron]))
            denominator = float(np.sum(np.exp(sums)))
            return (
                f"{z_name} = softmax: {self.formula_of(v_name)} = "
                f"e^{parenthesised(sums[neuron])} / {fmt(denominator)} = {fmt(numerator)} / "
                f"{fmt(denominator)} = {fmt(value)}"
            )
        numerator = float(np.exp(sums[neuron] - top))
        denominator = float(np.sum(np.exp(sums - top)))
        return (
            f"{z_name} = softmax: e^({v_name} − max v) / Σₖ e^(vₖ − max v) = "
            f"{fmt(numerator)} / {fmt(denominator)} = {fmt(value)}"
        )

    def layer_text(self, layer: int, a: FloatArray) -> str:
        best = int(np.argmax(a))
        return (
            f"layer {layer}: z = softmax(v), probabilities {range_text(a)}; "
            f"the most likely output is {best} ({format_number(float(a[best]))})"
        )

    def onnx(self, graph: OnnxGraph, z: str, out: str, prefix: str) -> None:
        graph.node("Softmax", [z], [out], f"{prefix}/{self.name}", axis=-1)


#: The activations by name, in the order menus list them.
ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (Step(), Sigmoid(), Tanh(), Relu(), LeakyRelu(), Identity(), Square(), Softmax())
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
    """Carry ∂C/∂a back through the activation ``name`` to the deltas ∂C/∂v.

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
    return get_activation(name).backpropagate(v, a, grad_a)
