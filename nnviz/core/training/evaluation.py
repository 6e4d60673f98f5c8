"""Test-set evaluation: loss, accuracy and the confusion matrix."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from nnviz.core.losses import loss_terms
from nnviz.core.network import Network
from nnviz.core.training.data import BatchLoader, LabelArray
from nnviz.core.training.fast import BatchedNetwork
from nnviz.core.training.records import Evaluation, frozen_array

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
    inputs: NDArray[np.generic],
    labels: NDArray[np.integer],
    chunk: int = EVALUATION_CHUNK,
) -> Evaluation:
    """Evaluate ``network`` exactly (float64, the readable losses) on labelled examples.

    Parameters
    ----------
    network : Network
        Its output size is the number of classes.
    inputs : ndarray, shape (n, n_inputs)
        uint8 pixels (scaled by 1/255) or real numbers.
    labels : ndarray of int, shape (n,)
    chunk : int
        Examples per forward pass.

    Returns
    -------
    Evaluation

    Raises
    ------
    ValueError
        If the inputs do not fit the network, or a label is not one of its outputs.
    """
    n_classes = network.output_size
    flat = _flat(inputs)
    if flat.shape[1] != network.input_size:
        raise ValueError(
            f"the network takes {network.input_size} inputs, the examples have {flat.shape[1]}"
        )
    if labels.size and (labels.min() < 0 or labels.max() >= n_classes):
        raise ValueError(f"a label is outside the network's {n_classes} outputs")
    n = flat.shape[0]
    predicted = np.empty(n, dtype=np.int64)
    loss_sum = 0.0
    # A network that diverged overflows here: its loss is reported (∞), not warned about.
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        for start in range(0, n, chunk):
            block = flat[start : start + chunk]
            x = block.astype(np.float64)
            if block.dtype == np.uint8:
                x /= 255.0  # the inputs convention: pixel / 255
            output = network.predict(x)
            block_labels = labels[start : start + chunk]
            targets = np.zeros_like(output)
            targets[np.arange(len(block_labels)), block_labels] = 1.0
            loss_sum += float(np.sum(loss_terms(network.loss, output, targets)))
            predicted[start : start + chunk] = np.argmax(output, axis=1)
    return _evaluation(labels, predicted, loss_sum, n_classes)


def _flat(inputs: NDArray[np.generic]) -> NDArray[np.generic]:
    """Examples as rows (not reshape(n, -1): with no examples the -1 cannot be worked out)."""
    return inputs.reshape(inputs.shape[0], int(np.prod(inputs.shape[1:], dtype=np.int64)))


def class_probabilities(
    network: Network, inputs: NDArray[np.generic], chunk: int = EVALUATION_CHUNK
) -> NDArray[np.float64]:
    """Return the network's outputs for many examples, computed chunk by chunk (float64).

    Parameters
    ----------
    network : Network
    inputs : ndarray, shape (n, n_inputs) or (n, rows, columns)
        uint8 pixels (scaled by 1/255) or real numbers.
    chunk : int
        Examples per forward pass (keeps memory flat).

    Returns
    -------
    ndarray of float64, shape (n, n_outputs)
        With a softmax output, each row holds the class probabilities; its argmax is the
        prediction :func:`evaluate` counts.
    """
    flat = _flat(inputs)
    if flat.shape[1] != network.input_size:
        raise ValueError(
            f"the network takes {network.input_size} inputs, the examples have {flat.shape[1]}"
        )
    out = np.empty((flat.shape[0], network.output_size))
    for start in range(0, flat.shape[0], chunk):
        x = flat[start : start + chunk].astype(np.float64)
        if flat.dtype == np.uint8:
            x /= 255.0  # the inputs convention: pixel / 255
        out[start : start + chunk] = network.predict(x)
    return out


def evaluate_batched(
    batched: BatchedNetwork,
    loader: BatchLoader,
    inputs: NDArray[np.generic],
    labels: LabelArray,
) -> Evaluation:
    """Evaluate the training copy on labelled examples with the fast float32 path.

    Parameters
    ----------
    batched : BatchedNetwork
    loader : BatchLoader
        Its capacity and ``batched``'s set the chunk size.
    inputs : ndarray, shape (n, n_inputs)
    labels : ndarray of intp, shape (n,)

    Returns
    -------
    Evaluation
    """
    n = inputs.shape[0]
    chunk = min(batched.capacity, loader.inputs.shape[0])
    predicted = np.empty(n, dtype=np.int64)
    loss_sum = 0.0
    for start in range(0, n, chunk):
        stop = min(start + chunk, n)
        x, y = loader.slice(inputs, labels, start, stop)
        output = batched.forward(x)
        block_loss, _ = batched.batch_loss(y)
        loss_sum += block_loss
        predicted[start:stop] = np.argmax(output, axis=1)
    return _evaluation(labels, predicted, loss_sum, batched.layer_sizes[-1])


def _evaluation(
    labels: NDArray[np.integer], predicted: NDArray[np.int64], loss_sum: float, n_classes: int
) -> Evaluation:
    n = int(labels.shape[0])
    confusion = confusion_matrix(labels, predicted, n_classes)
    correct = int(np.trace(confusion))
    return Evaluation(
        loss=loss_sum / n if n else float("nan"),
        accuracy=correct / n if n else float("nan"),
        confusion=frozen_array(confusion),
        n_examples=n,
    )
