"""Every loss nnviz knows, one object each (the registry), for one example or a batch.

Each loss is a sum over the output neurons of a per-neuron term, as the lecture computes
its tables (one column per class, then the total):

- ``mse``: C = ½ Σ (y − ŷ)², the lecture's cost ½(y − f̂(x))².
- ``binary_cross_entropy``: C = −Σ [y ln ŷ + (1 − y) ln(1 − ŷ)], the lecture's
  per-class form, summed over the classes (1.822 for its softmax table).
- ``cross_entropy``: C = −Σ y ln ŷ, the categorical form used with softmax.

A :class:`Loss` carries its readable terms and gradient (float64), the batched float32
kernels of the training path, and the pieces of the step list's sentences. Logarithms see
ŷ clipped to [1e-12, 1 − 1e-12] (1e-7 in float32) so that a saturated output gives a large
finite loss instead of inf or nan; the gradient uses the same clipped values.
"""

from __future__ import annotations

from typing import Any, ClassVar

import numpy as np
from numpy.typing import NDArray

from nnviz.core.notation import format_number, parenthesised
from nnviz.core.types import FloatArray

Float32Array = NDArray[np.float32]

PROBABILITY_EPSILON = 1e-12
#: The same clip in float32 (1e-12 would round 1 − ε back to 1).
_EPSILON32 = np.float32(1e-7)

fmt = format_number
par = parenthesised


def _clipped(prediction: FloatArray) -> FloatArray:
    return np.clip(prediction, PROBABILITY_EPSILON, 1.0 - PROBABILITY_EPSILON)


class Loss:
    """A loss as the lecture writes it (see the module docstring)."""

    #: ``"mse"``, ``"binary_cross_entropy"`` or ``"cross_entropy"``.
    name: ClassVar[str]
    #: A readable name, e.g. ``"squared error"``.
    title: ClassVar[str]
    #: The formula a student reads.
    formula: ClassVar[str]
    #: The output activation whose delta simplifies with this loss (softmax with
    #: cross-entropy: δ = ŷ·Σy − y), or None.
    fused_with: ClassVar[str | None] = None

    def __repr__(self) -> str:
        return f"<loss {self.name}>"

    # -- readable (float64) --------------------------------------------------------------------

    def terms(self, p: FloatArray, y: FloatArray) -> FloatArray:
        """The loss contributed by each output neuron (shapes (..., n_out))."""
        raise NotImplementedError

    def gradient(self, p: FloatArray, y: FloatArray) -> FloatArray:
        """∂C/∂ŷ of each output (shapes (..., n_out))."""
        raise NotImplementedError

    # -- batched (float32) ---------------------------------------------------------------------

    def batch_terms(self, output: Float32Array, targets: Float32Array) -> NDArray[Any]:
        """Per-neuron loss terms of a batch, shape (b, n_L)."""
        raise NotImplementedError

    def batch_gradient(
        self, output: Float32Array, targets: Float32Array, out: Float32Array
    ) -> None:
        """Write ∂C/∂ŷ of each example into ``out``, shape (b, n_L)."""
        raise NotImplementedError

    def fused_loss_sum(
        self,
        sums: Float32Array,
        targets: Float32Array,
        row_max: Float32Array,
        row_sum: Float32Array,
    ) -> float:
        """The batch's summed loss from the output's weighted sums, for a loss fused with
        its output activation (:attr:`fused_with`, whose forward kernel left ``row_max``
        and ``row_sum``)."""
        raise NotImplementedError

    def fused_delta(self, output: Float32Array, targets: Float32Array, delta: Float32Array) -> None:
        """δ of the output's weighted sums when fused with its activation, into ``delta``."""
        raise NotImplementedError

    # -- sentences -----------------------------------------------------------------------------

    def term_formula(self, z: str, t: str) -> str:
        """One output's term in symbols, e.g. ``½(y5 − z5)²`` (``z`` output, ``t`` target)."""
        raise NotImplementedError

    def term_numbers(self, p: float, y: float) -> str:
        """The same term with its numbers: ``½(1 − 0)²``."""
        raise NotImplementedError

    def gradient_formula(self, z: str, t: str) -> str:
        """∂C/∂ŷ of one output in symbols: ``(z5 − y5)``."""
        raise NotImplementedError

    def gradient_numbers(self, p: float, y: float) -> str:
        """The same with its numbers: ``(0 − 1)``."""
        raise NotImplementedError


class SquaredError(Loss):
    name = "mse"
    title = "squared error"
    formula = "C = ½ Σ (y − ŷ)²"

    def terms(self, p: FloatArray, y: FloatArray) -> FloatArray:
        return 0.5 * (y - p) ** 2

    def gradient(self, p: FloatArray, y: FloatArray) -> FloatArray:
        return p - y

    def batch_terms(self, output: Float32Array, targets: Float32Array) -> NDArray[Any]:
        return 0.5 * np.square(targets - output)

    def batch_gradient(
        self, output: Float32Array, targets: Float32Array, out: Float32Array
    ) -> None:
        np.subtract(output, targets, out=out)

    def term_formula(self, z: str, t: str) -> str:
        return f"½({t} − {z})²"

    def term_numbers(self, p: float, y: float) -> str:
        return f"½({fmt(y)} − {fmt(p)})²"

    def gradient_formula(self, z: str, t: str) -> str:
        return f"({z} − {t})"

    def gradient_numbers(self, p: float, y: float) -> str:
        return f"({fmt(p)} − {fmt(y)})"


class BinaryCrossEntropy(Loss):
    name = "binary_cross_entropy"
    title = "binary cross-entropy, per class"
    formula = "C = −Σ [y ln ŷ + (1 − y) ln(1 − ŷ)]"

    def terms(self, p: FloatArray, y: FloatArray) -> FloatArray:
        q = _clipped(p)
        return -(y * np.log(q) + (1.0 - y) * np.log(1.0 - q))

    def gradient(self, p: FloatArray, y: FloatArray) -> FloatArray:
        # The clipped ŷ keeps the division finite; where the clip is active this is the
        # unclipped loss's slope at the clip edge, which still points the right way.
        q = _clipped(p)
        return -y / q + (1.0 - y) / (1.0 - q)

    def batch_terms(self, output: Float32Array, targets: Float32Array) -> NDArray[Any]:
        q = np.clip(output, _EPSILON32, 1.0 - _EPSILON32)
        return -(targets * np.log(q) + (1.0 - targets) * np.log(1.0 - q))

    def batch_gradient(
        self, output: Float32Array, targets: Float32Array, out: Float32Array
    ) -> None:
        q = np.clip(output, _EPSILON32, 1.0 - _EPSILON32)
        np.copyto(out, -targets / q + (1.0 - targets) / (1.0 - q))

    def term_formula(self, z: str, t: str) -> str:
        return f"−[{t}·ln({z}) + (1 − {t})·ln(1 − {z})]"

    def term_numbers(self, p: float, y: float) -> str:
        return f"−[{par(y)}·ln{par(p)} + (1 − {fmt(y)})·ln(1 − {fmt(p)})]"

    def gradient_formula(self, z: str, t: str) -> str:
        return f"(−{t}/{z} + (1 − {t})/(1 − {z}))"

    def gradient_numbers(self, p: float, y: float) -> str:
        return f"(−{fmt(y)}/{fmt(p)} + (1 − {fmt(y)})/(1 − {fmt(p)}))"


class CrossEntropy(Loss):
    name = "cross_entropy"
    title = "cross-entropy"
    formula = "C = −Σ y ln ŷ"
    fused_with = "softmax"

    def terms(self, p: FloatArray, y: FloatArray) -> FloatArray:
        return -(y * np.log(_clipped(p)))

    def gradient(self, p: FloatArray, y: FloatArray) -> FloatArray:
        return -y / _clipped(p)

    def batch_terms(self, output: Float32Array, targets: Float32Array) -> NDArray[Any]:
        q = np.clip(output, _EPSILON32, 1.0 - _EPSILON32)
        return -(targets * np.log(q))

    def batch_gradient(
        self, output: Float32Array, targets: Float32Array, out: Float32Array
    ) -> None:
        q = np.clip(output, _EPSILON32, 1.0 - _EPSILON32)
        np.copyto(out, -targets / q)

    def fused_loss_sum(
        self,
        sums: Float32Array,
        targets: Float32Array,
        row_max: Float32Array,
        row_sum: Float32Array,
    ) -> float:
        """Σ −y·ln softmax(z) over a batch, from the weighted sums (after softmax's forward).

        Written ln Σₖ e^(zₖ − m) + m for each row, times Σy, minus Σ y·z: exact where
        softmax underflows to 0 in float32 and ln ŷ would be −inf. For a one-hot row it is
        ln Σ e^(z − m) + m − z_label.
        """
        weight = np.sum(targets, axis=1)
        picked = np.sum(targets * sums, axis=1)
        per_example = (np.log(row_sum[:, 0]) + row_max[:, 0]) * weight - picked
        return float(np.sum(per_example, dtype=np.float64))

    def fused_delta(self, output: Float32Array, targets: Float32Array, delta: Float32Array) -> None:
        """δ = ŷ·Σy − y of softmax's weighted sums (ŷ − y for one-hot rows), into ``delta``."""
        weight = np.sum(targets, axis=1, keepdims=True)
        if np.all(weight == 1.0):
            np.subtract(output, targets, out=delta)
        else:
            np.multiply(output, weight, out=delta)
            delta -= targets

    def term_formula(self, z: str, t: str) -> str:
        return f"−{t}·ln({z})"

    def term_numbers(self, p: float, y: float) -> str:
        return f"−{par(y)}·ln{par(p)}"

    def gradient_formula(self, z: str, t: str) -> str:
        return f"(−{t}/{z})"

    def gradient_numbers(self, p: float, y: float) -> str:
        return f"(−{fmt(y)}/{fmt(p)})"


#: The losses by name, in the order menus list them.
LOSSES: dict[str, Loss] = {
    loss.name: loss for loss in (SquaredError(), BinaryCrossEntropy(), CrossEntropy())
}

LOSS_NAMES: tuple[str, ...] = tuple(LOSSES)


def get_loss(name: str) -> Loss:
    """Return the loss called ``name``.

    Raises
    ------
    ValueError
        If no loss has that name; the message lists the known ones.
    """
    try:
        return LOSSES[name]
    except KeyError:
        raise ValueError(f"unknown loss {name!r} (known: {', '.join(LOSS_NAMES)})") from None


def loss_terms(name: str, prediction: FloatArray, target: FloatArray) -> FloatArray:
    """Return the loss contributed by each output neuron.

    Parameters
    ----------
    name : str
        The loss.
    prediction, target : ndarray of float, shape (..., n_out)
        The network's output ŷ and the target y.

    Returns
    -------
    ndarray of float64, shape (..., n_out)
        The per-neuron terms; the loss is their sum over the last axis.
    """
    loss = get_loss(name)
    return loss.terms(
        np.asarray(prediction, dtype=np.float64), np.asarray(target, dtype=np.float64)
    )


def loss_value(name: str, prediction: FloatArray, target: FloatArray) -> float:
    """Return the loss of one example: the sum of :func:`loss_terms`."""
    return float(np.sum(loss_terms(name, prediction, target)))


def loss_gradient(name: str, prediction: FloatArray, target: FloatArray) -> FloatArray:
    """Return ∂C/∂ŷ, the derivative of the loss with respect to each output.

    Parameters
    ----------
    name : str
        The loss.
    prediction, target : ndarray of float, shape (..., n_out)

    Returns
    -------
    ndarray of float64, shape (..., n_out)
    """
    loss = get_loss(name)
    return loss.gradient(
        np.asarray(prediction, dtype=np.float64), np.asarray(target, dtype=np.float64)
    )
