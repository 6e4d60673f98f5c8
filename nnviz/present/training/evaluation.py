"""What the Evaluation page shows of a network on its data set's test split, as plain data:
every example's outputs and class, the confusion matrix, and which examples to show."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.core.training import confusion_matrix, evaluate, network_outputs

#: A gallery shows at most this many examples (the most telling first).
MAX_SHOWN = 240


@dataclass(frozen=True)
class TestResult:
    """The document's network on its test set.

    Attributes
    ----------
    network : Network
    data : DataSet
        The data set (only its test split is used).
    probabilities : ndarray of float64, shape (n_test, n_outputs)
        The outputs for every test example.
    predicted : ndarray of intp, shape (n_test,)
        The class each is given (empty for real-valued targets).
    confusion : ndarray of int64, shape (K, K)
        (Empty for real-valued targets.)
    loss : float
        The mean test loss.
    """

    network: Network
    data: DataSet
    probabilities: NDArray[np.float64]
    predicted: NDArray[np.intp]
    confusion: NDArray[np.int64]
    loss: float

    @property
    def images(self) -> NDArray[Any]:
        """The test examples' features."""
        return self.data.test_inputs

    @property
    def labels(self) -> NDArray[Any]:
        """The test examples' targets (classes, or rows of values)."""
        return self.data.test_targets

    @property
    def scores(self) -> NDArray[np.float64]:
        """Each test example's score for each class, shape (n_test, K): the outputs, or for
        one output of two classes (1 − ŷ, ŷ)."""
        outputs = self.probabilities
        if outputs.shape[1] == 1 and self.confusion.shape == (2, 2):
            return np.column_stack([1.0 - outputs[:, 0], outputs[:, 0]])
        return outputs

    @property
    def accuracy(self) -> float:
        """Share of the test examples answered right (NaN for real values)."""
        if not self.confusion.size:
            return float("nan")
        return float(np.trace(self.confusion)) / max(int(self.confusion.sum()), 1)


def evaluate_test_set(network: Network, data: DataSet) -> TestResult:
    """Run the test split of ``data`` through ``network`` (off the GUI thread)."""
    coding = data.coding(network.output_size)
    outputs = network_outputs(network, data, data.test_inputs)
    loss = evaluate(network, data).loss
    if not coding.classifies:
        empty = np.zeros(0, np.intp)
        return TestResult(network, data, outputs, empty, np.zeros((0, 0), np.int64), loss)
    predicted = coding.classes(outputs)
    confusion = confusion_matrix(data.test_targets, predicted, coding.n_classes)
    return TestResult(network, data, outputs, predicted, confusion, loss)


def mistakes(result: TestResult) -> NDArray[np.intp]:
    """The test examples answered wrong, the most confidently wrong first."""
    wrong = np.flatnonzero(result.predicted != result.labels)
    confidence = result.scores[wrong, result.predicted[wrong]]
    return wrong[np.argsort(-confidence, kind="stable")]


def examples_of(result: TestResult, true: int, predicted: int) -> NDArray[np.intp]:
    """The test examples of class ``true`` answered ``predicted``, the surest first."""
    chosen = np.flatnonzero((result.labels == true) & (result.predicted == predicted))
    sure = result.scores[chosen, predicted]
    return chosen[np.argsort(-sure, kind="stable")]
