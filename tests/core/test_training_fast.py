"""The fast batched path, held to the readable trace and to finite differences."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.data import TargetCoding
from nnviz.core.mnist import Dataset, one_hot, pixels_to_inputs
from nnviz.core.network import Network
from nnviz.core.presets import load_preset
from nnviz.core.trace import trace
from nnviz.core.training.fast import BatchedNetwork

COMBINATIONS = [
    (("relu", "relu", "softmax"), "cross_entropy"),
    (("sigmoid", "tanh", "softmax"), "binary_cross_entropy"),
    (("tanh", "sigmoid", "sigmoid"), "binary_cross_entropy"),
    (("square", "identity", "sigmoid"), "mse"),
    (("tanh", "softmax", "softmax"), "cross_entropy"),
    (("step", "relu", "identity"), "mse"),
    (("relu", "tanh", "softmax"), "mse"),
]


def targets(labels: np.ndarray, n: int) -> np.ndarray:
    """The one-hot target vectors of ``labels``, as the batch loader makes them (float32)."""
    return TargetCoding("one_hot", n).encode(
        np.asarray(labels), np.empty((len(labels), n), np.float32)
    )


def readable_mean_gradients(
    network: Network, inputs: np.ndarray, labels: np.ndarray
) -> tuple[float, list[np.ndarray], list[np.ndarray]]:
    """Average the readable trace's per-example loss and gradients over a batch."""
    n = len(labels)
    weight_gradients = [np.zeros_like(w) for w in network.weights]
    bias_gradients = [np.zeros_like(b) for b in network.biases]
    loss = 0.0
    for x, label in zip(inputs, labels, strict=True):
        backward = trace(network, x, one_hot(int(label), network.output_size))
        loss += backward.loss / n
        for i in range(len(network.weights)):
            weight_gradients[i] += backward.weight_gradients[i] / n
            bias_gradients[i] += backward.bias_gradients[i] / n
    return loss, weight_gradients, bias_gradients


@pytest.mark.parametrize(("activations", "loss"), COMBINATIONS)
def test_batch_gradients_are_the_mean_of_the_readable_ones(
    activations: tuple[str, ...], loss: str
) -> None:
    rng = np.random.default_rng(7)
    network = Network.initialised((6, 5, 4, 3), activations, loss, seed=3, method="xavier")
    inputs = rng.uniform(-1, 1, (9, 6))
    labels = rng.integers(0, 3, 9)
    batched = BatchedNetwork(network, capacity=16)
    x = inputs.astype(np.float32)
    output = batched.forward(x)
    correct = TargetCoding("one_hot", 3).correct(output, labels)
    fast_loss = batched.backward(x, targets(labels, 3))

    expected_loss, weight_gradients, bias_gradients = readable_mean_gradients(
        network, inputs, labels
    )
    assert fast_loss == pytest.approx(expected_loss, rel=1e-5)
    for fast, slow in zip(batched.weight_gradients, weight_gradients, strict=True):
        np.testing.assert_allclose(fast, slow, rtol=1e-4, atol=1e-6)
    for fast, slow in zip(batched.bias_gradients, bias_gradients, strict=True):
        np.testing.assert_allclose(fast, slow, rtol=1e-4, atol=1e-6)
    predictions = network.predict(inputs).argmax(axis=1)
    assert correct == int(np.sum(predictions == labels))


def test_mnist_network_on_real_images_matches_the_readable_trace(mnist: Dataset) -> None:
    network = load_preset("mnist").network
    images, labels = mnist.train_images[:16], mnist.train_labels[:16]
    inputs = pixels_to_inputs(images)
    batched = BatchedNetwork(network, capacity=64)
    x = inputs.astype(np.float32)
    output = batched.forward(x)
    np.testing.assert_allclose(output, network.predict(inputs), rtol=1e-4, atol=1e-6)
    loss = batched.backward(x, targets(labels.astype(np.intp), 10))
    expected_loss, weight_gradients, bias_gradients = readable_mean_gradients(
        network, inputs, labels
    )
    assert loss == pytest.approx(expected_loss, rel=1e-5)
    for fast, slow in zip(batched.weight_gradients, weight_gradients, strict=True):
        np.testing.assert_allclose(fast, slow, rtol=1e-3, atol=1e-6)
    for fast, slow in zip(batched.bias_gradients, bias_gradients, strict=True):
        np.testing.assert_allclose(fast, slow, rtol=1e-3, atol=1e-6)


@pytest.mark.parametrize(
    ("activations", "loss"),
    [
        (("tanh", "softmax"), "cross_entropy"),
        (("sigmoid", "sigmoid"), "binary_cross_entropy"),
        (("tanh", "identity"), "mse"),
    ],
)
def test_batch_gradients_match_finite_differences(activations: tuple[str, ...], loss: str) -> None:
    rng = np.random.default_rng(11)
    network = Network.initialised((4, 5, 3), activations, loss, seed=5, method="xavier")
    x = rng.uniform(-1, 1, (6, 4)).astype(np.float32)
    labels = rng.integers(0, 3, 6)
    batched = BatchedNetwork(network, capacity=6)
    batched.forward(x)
    batched.backward(x, targets(labels, 3))
    analytic = batched.gradients.copy()

    def mean_loss(parameters: np.ndarray) -> float:
        probe = BatchedNetwork(network, capacity=6)
        probe.parameters[...] = parameters
        probe.forward(x)
        return probe.batch_loss(targets(labels, 3)) / len(labels)

    base = batched.parameters.astype(np.float64)
    h = 1e-2  # float32: a larger step keeps rounding noise well below the slope
    numeric = np.empty_like(base)
    for k in range(base.size):
        plus, minus = base.copy(), base.copy()
        plus[k] += h
        minus[k] -= h
        numeric[k] = (mean_loss(plus) - mean_loss(minus)) / (2 * h)
    np.testing.assert_allclose(analytic, numeric, rtol=2e-2, atol=2e-4)


def test_fused_cross_entropy_stays_exact_when_softmax_underflows() -> None:
    # Logits 0 and −200: ŷ for the right class underflows to 0 in float32, so ln ŷ would be
    # −inf; the fused loss must be the exact 200 (log-sum-exp), and the delta finite.
    network = Network(
        (1, 2), (np.array([[0.0, -200.0]]),), (np.zeros(2),), ("softmax",), "cross_entropy"
    )
    batched = BatchedNetwork(network, capacity=1)
    x = np.ones((1, 1), np.float32)
    output = batched.forward(x)
    correct = TargetCoding("one_hot", 2).correct(output, np.array([1]))
    loss = batched.backward(x, targets(np.array([1]), 2))
    assert loss == pytest.approx(200.0, rel=1e-6)
    assert correct == 0
    assert np.all(np.isfinite(batched.gradients))
    np.testing.assert_allclose(batched.bias_gradients[0], [1.0, -1.0], atol=1e-6)


def test_parameters_round_trip_through_a_network() -> None:
    network = Network.initialised((5, 4, 2), ("relu", "softmax"), "cross_entropy", seed=1)
    batched = BatchedNetwork(network, capacity=4)
    assert batched.n_weights == 5 * 4 + 4 * 2
    assert batched.parameters.size == network.n_parameters
    copy = batched.to_network()
    for a, b in zip(copy.weights, network.weights, strict=True):
        np.testing.assert_allclose(a, b, rtol=1e-7)
    # The views really are the flat vector: weights first, then biases.
    batched.parameters[:] = np.arange(batched.parameters.size)
    assert batched.weights[0][0, 1] == 1.0
    assert batched.biases[0][0] == batched.n_weights
    with pytest.raises(ValueError, match="cannot replace"):
        batched.set_network(Network.initialised((5, 3, 2), ("relu", "softmax"), seed=0))


def test_a_partial_last_batch_uses_only_its_rows() -> None:
    network = Network.initialised((3, 4, 2), ("relu", "softmax"), "cross_entropy", seed=2)
    rng = np.random.default_rng(0)
    x = rng.uniform(size=(3, 3)).astype(np.float32)
    labels = np.array([0, 1, 1])
    big = BatchedNetwork(network, capacity=64)
    exact = BatchedNetwork(network, capacity=3)
    for batched in (big, exact):
        batched.forward(x)
    assert big.backward(x, targets(labels, 2)) == pytest.approx(
        exact.backward(x, targets(labels, 2))
    )
    np.testing.assert_array_equal(big.gradients, exact.gradients)
