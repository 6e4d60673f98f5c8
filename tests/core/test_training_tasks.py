"""The trainer trains whatever the registries offer, for any number of outputs: squared
error with identity on real values, binary cross-entropy with one sigmoid output for two
classes, cross-entropy with softmax for any number of classes."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz.core.data import DataSet, Standardisation
from nnviz.core.network import Network
from nnviz.core.trace import trace
from nnviz.core.training import (
    BatchRecord,
    EpochRecord,
    Finished,
    Trainer,
    TrainingConfig,
    evaluate,
    network_outputs,
)
from nnviz.core.training.data import BatchLoader
from nnviz.core.training.fast import BatchedNetwork

RECIPE = {"batch_size": 16, "weight_decay": 0.0, "schedule": "constant"}


def _run(network: Network, data: DataSet, **config: object) -> list[object]:
    return list(Trainer(network, data, TrainingConfig(**{**RECIPE, **config})).run())  # type: ignore[arg-type]


def _epochs(records: list[object]) -> list[EpochRecord]:
    return [r for r in records if isinstance(r, EpochRecord)]


def test_squared_error_with_identity_fits_real_values() -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (200, 1))
    y = 3.0 * x[:, 0] - 0.5 + rng.normal(0, 0.05, 200)
    data = DataSet.regression(x[:160], y[:160], x[160:], y[160:], name="a line")
    network = Network.zeros((1, 1), ("identity",), "mse")
    epochs = _epochs(_run(network, data, epochs=30, learning_rate=0.1, momentum=0.5))
    assert epochs[-1].test.loss < 0.01 < epochs[0].test.loss
    assert math.isnan(epochs[-1].test.accuracy) and epochs[-1].test.confusion.size == 0
    assert math.isnan(epochs[-1].train_accuracy)
    w, b = float(epochs[-1].network.weights[0][0, 0]), float(epochs[-1].network.biases[0][0])
    assert w == pytest.approx(3.0, abs=0.1) and b == pytest.approx(-0.5, abs=0.1)
    exact = evaluate(epochs[-1].network, data)
    assert exact.loss == pytest.approx(epochs[-1].test.loss, rel=1e-3)


def _two_blobs(n: int = 200) -> DataSet:
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 2, n)
    x = rng.normal(0, 0.6, (n, 2)) + np.where(labels[:, None] == 1, 1.5, -1.5)
    return DataSet.classification(x[:150], labels[:150], x[150:], labels[150:], 2)


def test_binary_cross_entropy_with_one_sigmoid_output_separates_two_classes() -> None:
    data = _two_blobs()
    network = Network.initialised((2, 4, 1), ("tanh", "sigmoid"), "binary_cross_entropy", seed=2)
    records = _run(network, data, epochs=10, learning_rate=0.5)
    last = _epochs(records)[-1]
    assert last.test.accuracy > 0.95 and last.test.confusion.shape == (2, 2)
    batches = [r for r in records if isinstance(r, BatchRecord)]
    assert all(0.0 <= b.accuracy <= 1.0 for b in batches)
    assert isinstance(records[-1], Finished) and records[-1].reason == "completed"


@pytest.mark.parametrize("classes", [3, 5])
def test_cross_entropy_with_softmax_for_any_number_of_classes(classes: int) -> None:
    rng = np.random.default_rng(classes)
    centres = rng.normal(0, 3, (classes, 4))
    labels = rng.integers(0, classes, 300)
    x = centres[labels] + rng.normal(0, 0.5, (300, 4))
    data = DataSet.classification(
        x[:240], labels[:240], x[240:], labels[240:], classes, standardisation=None
    )
    network = Network.initialised((4, 8, classes), ("relu", "softmax"), "cross_entropy", seed=3)
    last = _epochs(_run(network, data, epochs=8, learning_rate=0.1))[-1]
    assert last.test.accuracy > 0.9 and last.test.confusion.shape == (classes, classes)


def test_squared_error_on_one_hot_classes_trains_too() -> None:
    data = _two_blobs()
    network = Network.initialised((2, 4, 2), ("sigmoid", "sigmoid"), "mse", seed=4)
    last = _epochs(_run(network, data, epochs=20, learning_rate=1.0))[-1]
    assert last.test.accuracy > 0.9


def test_a_single_sigmoid_output_has_the_readable_paths_gradients() -> None:
    data = _two_blobs(40)
    network = Network.initialised((2, 3, 1), ("tanh", "sigmoid"), "binary_cross_entropy", seed=5)
    coding = data.coding(1)
    loader = BatchLoader(data, coding, 8)
    x, y, labels = loader.gather(data.train_inputs, data.train_targets, np.arange(8))
    batched = BatchedNetwork(network, 8)
    batched.forward(x)
    loss = batched.backward(x, y)
    expected = 0.0
    gradients = [np.zeros_like(w) for w in network.weights]
    for row, label in zip(data.train_inputs[:8], data.train_targets[:8], strict=True):
        backward = trace(network, row, [float(label)])
        expected += backward.loss / 8
        for i, g in enumerate(backward.weight_gradients):
            gradients[i] += g / 8
    assert loss == pytest.approx(expected, rel=1e-5)
    for fast, slow in zip(batched.weight_gradients, gradients, strict=True):
        np.testing.assert_allclose(fast, slow, rtol=1e-4, atol=1e-6)
    assert labels is not None and coding.correct(batched.output(8), labels) >= 0


def test_a_standardised_data_set_is_standardised_on_every_path() -> None:
    rng = np.random.default_rng(6)
    raw = np.column_stack([rng.normal(1000, 200, 100), rng.normal(0, 0.01, 100)])
    labels = (raw[:, 0] > 1000).astype(int)
    scaling = Standardisation.fitted(raw[:80])
    data = DataSet.classification(
        raw[:80], labels[:80], raw[80:], labels[80:], 2, standardisation=scaling
    )
    network = Network.initialised((2, 2), ("softmax",), "cross_entropy", seed=7)
    last = _epochs(_run(network, data, epochs=10, learning_rate=0.5))[-1]
    assert last.test.accuracy > 0.9
    outputs = network_outputs(last.network, data, data.test_inputs)
    expected = last.network.predict(scaling.apply(data.test_inputs.astype(np.float64)))
    np.testing.assert_allclose(outputs, expected)
