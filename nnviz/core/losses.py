"""Loss functions for one example, per output neuron, with their gradients.

Each loss is a sum over the output neurons of a per-neuron term, as the lecture computes
its tables (one column per class, then the total):

- ``mse``: C = ½ Σ (y − ŷ)², the lecture's cost ½(y − f̂(x))².
- ``binary_cross_entropy``: C = −Σ [y ln ŷ + (1 − y) ln(1 − ŷ)], the lecture's
  per-class form, summed over the classes (1.822 for its softmax table).
- ``cross_entropy``: C = −Σ y ln ŷ, the categorical form used with softmax.

Logarithms see ŷ clipped to [1e-12, 1 − 1e-12] so that a saturated output gives a large
finite loss instead of inf or nan; the gradient uses the same clipped values.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.core.types import FloatArray

PROBABILITY_EPSILON = 1e-12


@dataclass(frozen=True)
class Loss:
    """A loss as the lecture writes it.

    Attributes
    ----------
    name : str
        ``"mse"``, ``"binary_cross_entropy"`` or ``"cross_entropy"``.
    title : str
        A readable name, e.g. ``"mean squared error"``.
    formula : str
        The formula a student reads.
    term_formula : str
        The per-output term, with ``{y}`` and ``{p}`` placeholders for its numbers.
    """

    name: str
    title: str
    formula: str
    term_formula: str


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss("mse", "squared error", "C = ½ Σ (y − ŷ)²", "½({y} − {p})²"),
        Loss(
            "binary_cross_entropy",
            "binary cross-entropy, per class",
            "C = −Σ [y ln ŷ + (1 − y) ln(1 − ŷ)]",
            "−[{y}·ln({p}) + (1 − {y})·ln(1 − {p})]",
        ),
        Loss("cross_entropy", "cross-entropy", "C = −Σ y ln ŷ", "−{y}·ln({p})"),
    )
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


def _clipped(prediction: FloatArray) -> FloatArray:
    return np.clip(prediction, PROBABILITY_EPSILON, 1.0 - PROBABILITY_EPSILON)


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
    get_loss(name)
    p = np.asarray(prediction, dtype=np.float64)
    y = np.asarray(target, dtype=np.float64)
    if name == "mse":
        return 0.5 * (y - p) ** 2
    if name == "binary_cross_entropy":
        q = _clipped(p)
        return -(y * np.log(q) + (1.0 - y) * np.log(1.0 - q))
    q = _clipped(p)
    return -(y * np.log(q))


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
    get_loss(name)
    p = np.asarray(prediction, dtype=np.float64)
    y = np.asarray(target, dtype=np.float64)
    if name == "mse":
        return p - y
    # The clipped ŷ keeps the division finite; where the clip is active this is the
    # unclipped loss's slope at the clip edge, which still points the right way.
    q = _clipped(p)
    if name == "binary_cross_entropy":
        return -y / q + (1.0 - y) / (1.0 - q)
    return -y / q
