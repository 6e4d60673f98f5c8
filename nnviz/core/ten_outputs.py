"""Why a digit classifier has ten outputs, not one: the lecture's slide 7, computed.

One output neuron that predicts the digit, fitted by squared error against the label,
says that predicting 4 for a 5 is nearly right and predicting 0 is five times as wrong as
predicting 4. Digits are unordered classes: ten softmax outputs, one probability per
class, with cross-entropy against the one-hot label, make every wrong digit equally
wrong. Every number here comes from nnviz's own loss and activation objects
(:mod:`nnviz.core.losses`, :mod:`nnviz.core.activations`).

The slide's "MSE" is the squared error (y − ŷ)² of one output; nnviz's squared error is
½(y − ŷ)² (the ½ makes its derivative ŷ − y), so the slide's figures are twice it. The
slide prints its figures cut short (10.0489 as 10.04, 4.5369 as 4.536); these are exact.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnviz.core.activations import activate
from nnviz.core.losses import get_loss

#: The label of the lecture's example.
LABEL = 5
#: The slide's real-valued outputs of one output neuron, for the digit 5.
LECTURE_OUTPUTS = (0.79, 1.83, 2.54, 2.99, 3.45, 4.89, 5.32, 6.22, 7.13, 8.72)
#: The softmax inputs of the lecture's table (classes 0 to 9; label 5).
SOFTMAX_INPUTS = (4.1, 2.2, 2.9, -1.8, 2.5, 4.2, 3.3, -2.5, -1.5, 1.1)
#: How sure the ten-output network of :attr:`TenOutputs.sure_losses` is of its digit.
SURE = 0.9


@dataclass(frozen=True)
class TenOutputs:
    """The slide's numbers, one output beside ten (see the module docstring).

    Attributes
    ----------
    label : int
    digit_losses : ndarray of float64, shape (10,)
        The slide's squared error (y − k)² of one output predicting digit k exactly.
    outputs : ndarray of float64, shape (10,)
        The slide's real-valued outputs.
    output_losses : ndarray of float64, shape (10,)
        Their squared errors (y − ŷ)².
    sure_losses : ndarray of float64, shape (10,)
        Cross-entropy −ln ŷ_label of ten softmax outputs that put :data:`SURE` on digit k
        and share the rest equally: the same for every wrong k.
    softmax_inputs, probabilities, one_hot : ndarray of float64, shape (10,)
        The lecture's softmax table: weighted sums, softmax outputs, the one-hot label.
    cross_entropy : float
        −ln ŷ_label of that table (nnviz's ``cross_entropy``; 1.083).
    per_class_cross_entropy : float
        The lecture's per-class form summed over the ten classes (nnviz's
        ``binary_cross_entropy``; 1.822).
    """

    label: int
    digit_losses: NDArray[np.float64]
    outputs: NDArray[np.float64]
    output_losses: NDArray[np.float64]
    sure_losses: NDArray[np.float64]
    softmax_inputs: NDArray[np.float64]
    probabilities: NDArray[np.float64]
    one_hot: NDArray[np.float64]
    cross_entropy: float
    per_class_cross_entropy: float


def squared_errors(predictions: NDArray[np.float64], label: int) -> NDArray[np.float64]:
    """The slide's squared error (y − ŷ)² of one output, for each prediction.

    Parameters
    ----------
    predictions : ndarray of float64, shape (n,)
        One output's value ŷ for each of n cases.
    label : int
        The target y.

    Returns
    -------
    ndarray of float64, shape (n,)
        Twice nnviz's ``mse`` term ½(y − ŷ)².
    """
    column = np.asarray(predictions, dtype=np.float64)[:, None]
    target = np.full_like(column, float(label))
    return np.asarray(2.0 * get_loss("mse").terms(column, target)[:, 0], dtype=np.float64)


def ten_outputs(label: int = LABEL) -> TenOutputs:
    """The slide's numbers for ``label`` (0 to 9; the lecture's is 5).

    Raises
    ------
    ValueError
        If ``label`` is not a digit.
    """
    if isinstance(label, bool) or not isinstance(label, int | np.integer) or not 0 <= label <= 9:
        raise ValueError(f"the label is a digit 0 to 9, not {label!r}")
    label = int(label)
    digits = np.arange(10, dtype=np.float64)
    outputs = np.array(LECTURE_OUTPUTS, dtype=np.float64)
    one_hot = np.eye(10)[label]
    cross_entropy = get_loss("cross_entropy")
    # Row k: a softmax output SURE of digit k, the rest shared by the nine others.
    sure = np.full((10, 10), (1.0 - SURE) / 9)
    np.fill_diagonal(sure, SURE)
    sure_losses = cross_entropy.terms(sure, np.tile(one_hot, (10, 1))).sum(axis=1)
    inputs = np.array(SOFTMAX_INPUTS, dtype=np.float64)
    probabilities = np.asarray(activate("softmax", inputs), dtype=np.float64)
    return TenOutputs(
        label=label,
        digit_losses=squared_errors(digits, label),
        outputs=outputs,
        output_losses=squared_errors(outputs, label),
        sure_losses=sure_losses,
        softmax_inputs=inputs,
        probabilities=probabilities,
        one_hot=one_hot,
        cross_entropy=float(cross_entropy.terms(probabilities, one_hot).sum()),
        per_class_cross_entropy=float(
            get_loss("binary_cross_entropy").terms(probabilities, one_hot).sum()
        ),
    )
