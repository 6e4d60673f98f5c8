"""Evaluation of a network on a data set: loss and, for classes, accuracy and confusion."""

from __future__ import annotations

from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data import DataSet, TargetCoding
from nnviz.core.losses import get_loss
from nnviz.core.network import Network
from nnviz.core.training.data import BatchLoader, check_fits
from nnviz.core.training.fast import BatchedNetwork
from nnviz.core.training.frozen import frozen_array
from nnviz.core.training.records import Evaluation

#: Examples per forward pass during evaluation: large enough for fast matrix products,
#: small enough to keep memory flat (1,000 × 784 float64 is 6 MB).
EVALUATION_CHUNK = 1000


def confusion_matrix(
    labels: NDArray[np.integer], predicted: NDArray[np.integer], n_classes: int
) -> NDArray[np.int64]:
    """Count (true, predicted) pairs.

    Parameters
    ----------
    labels, predicted : ndarray of int, shape (n,)
        Classes 0 .. n_classes − 1.
    n_classes : int

    Returns
    -------
    ndarray of int64, shape (n_classes, n_classes)
        ``result[true, predicted]``.
    """
    pairs = labels.astype(np.int64) * n_classes + predicted.astype(np.int64)
    counts = np.bincount(pairs, minlength=n_classes * n_classes)
    return counts.reshape(n_classes, n_classes).astype(np.int64)


def evaluate(
    network: Network,
    data: DataSet,
    split: Literal["test", "train"] = "test",
    chunk: int = EVALUATION_CHUNK,
) -> Evaluation:
    """Evaluate ``network`` exactly (float64, the readable losses) on a split of ``data``.

    Parameters
    ----------
    network : Network
    data : DataSet
        Its targets meet the network's outputs through ``data.coding``.
    split : {"test", "train"}
    chunk : int
        Examples per forward pass.

    Returns
    -------
    Evaluation
        Accuracy and confusion matrix only for classes (NaN and an empty matrix for real
        values).

    Raises
    ------
    ValueError
        If the data does not fit the network.
    """
    coding = check_fits(network.input_size, network.output_size, data)
    inputs, targets = (
        (data.test_inputs, data.test_targets)
        if split == "test"
        else (data.train_inputs, data.train_targets)
    )
    cost = get_loss(network.loss)
    n = inputs.shape[0]
    predicted = np.empty(n, dtype=np.int64)
    loss_sum = 0.0
    # A network that diverged overflows here: its loss is reported (∞), not warned about.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for start in range(0, n, chunk):
            stop = min(start + chunk, n)
            output = network.predict(data.network_inputs(inputs[start:stop]))
            loss_sum += float(np.sum(cost.terms(output, coding.encode(targets[start:stop]))))
            if coding.classifies:
                predicted[start:stop] = coding.classes(output)
    return _evaluation(coding, targets, predicted, loss_sum)


def network_outputs(
    network: Network, data: DataSet, inputs: NDArray[Any], chunk: int = EVALUATION_CHUNK
) -> NDArray[np.float64]:
    """The network's outputs for many of ``data``'s examples, chunk by chunk (float64).

    Parameters
    ----------
    network : Network
    data : DataSet
        Says how its features become inputs (pixel / 255, standardisation).
    inputs : ndarray, shape (n, n_features)
        Rows of ``data``'s features.
    chunk : int
        Examples per forward pass (keeps memory flat).

    Returns
    -------
    ndarray of float64, shape (n, n_outputs)
        With a softmax output, each row holds the class probabilities; the class
        :func:`evaluate` counts is ``data.coding(n_outputs).classes`` of it.
    """
    if inputs.shape[1] != network.input_size:
        raise ValueError(
            f"the network takes {network.input_size} inputs, the examples have {inputs.shape[1]}"
        )
    out = np.empty((inputs.shape[0], network.output_size))
    for start in range(0, inputs.shape[0], chunk):
        block = inputs[start : start + chunk]
        out[start : start + chunk] = network.predict(data.network_inputs(block))
    return out


def evaluate_batched(
    batched: BatchedNetwork, loader: BatchLoader, inputs: NDArray[Any], targets: NDArray[Any]
) -> Evaluation:
    """Evaluate the training copy on a split with the fast float32 path.

    Parameters
    ----------
    batched : BatchedNetwork
    loader : BatchLoader
        Its capacity and ``batched``'s set the chunk size; its coding reads the outputs.
    inputs : ndarray, shape (n, n_inputs)
    targets : ndarray
        The split's targets.

    Returns
    -------
    Evaluation
    """
    n = inputs.shape[0]
    coding = loader.coding
    chunk = min(batched.capacity, loader.inputs.shape[0])
    predicted = np.empty(n, dtype=np.int64)
    loss_sum = 0.0
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        x, y, _ = loader.slice(inputs, targets, start, stop)
        output = batched.forward(x)
        loss_sum += batched.batch_loss(y)
        if coding.classifies:
            predicted[start:stop] = coding.classes(output)
    return _evaluation(coding, targets, predicted, loss_sum)


def _evaluation(
    coding: TargetCoding, targets: NDArray[Any], predicted: NDArray[np.int64], loss_sum: float
) -> Evaluation:
    n = int(targets.shape[0])
    if not coding.classifies:
        empty = frozen_array(np.zeros((0, 0), np.int64))
        return Evaluation(loss_sum / n if n else float("nan"), float("nan"), empty, n)
    confusion = confusion_matrix(targets, predicted, coding.n_classes)
    correct = int(np.trace(confusion))
    return Evaluation(
        loss=loss_sum / n if n else float("nan"),
        accuracy=correct / n if n else float("nan"),
        confusion=frozen_array(confusion),
        n_examples=n,
    )
