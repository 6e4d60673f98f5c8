"""Every activation and loss against finite differences."""

from __future__ import annotations

import itertools
import zlib

import numpy as np
import pytest

from nnviz.core.activations import ACTIVATION_NAMES, activate, backpropagate, get_activation
from nnviz.core.losses import LOSS_NAMES, loss_gradient, loss_value
from nnviz.core.network import Network
from nnviz.core.trace import backward_trace, forward_trace, gradient_descent_step, trace

EPS = 1e-6


def _away_from_kinks(rng: np.random.Generator, size: int) -> np.ndarray:
    """Values not within 0.05 of 0, where step and relu have their kink."""
    v = rng.uniform(-2, 2, size)
    return np.where(np.abs(v) < 0.05, v + 0.1 * np.sign(v + 1e-12), v)


@pytest.mark.parametrize("name", [n for n in ACTIVATION_NAMES if n != "softmax"])
def test_elementwise_derivative_matches_finite_differences(name: str) -> None:
    v = _away_from_kinks(np.random.default_rng(1), 50)
    a = activate(name, v)
    numeric = (activate(name, v + EPS) - activate(name, v - EPS)) / (2 * EPS)
    derivative = get_activation(name).derivative
    assert derivative is not None
    np.testing.assert_allclose(derivative(v, a), numeric, atol=1e-6)


def test_step_derivative_is_exactly_zero() -> None:
    v = np.array([-3.0, -1e-9, 0.0, 1e-9, 5.0])
    derivative = get_activation("step").derivative
    assert derivative is not None
    assert np.array_equal(derivative(v, activate("step", v)), np.zeros(5))


def test_softmax_jacobian_matches_finite_differences() -> None:
    rng = np.random.default_rng(2)
    v = rng.normal(size=6)
    upstream = rng.normal(size=6)  # an arbitrary ∂C/∂a
    a = activate("softmax", v)
    delta = backpropagate("softmax", v, a, upstream)
    numeric = np.array(
        [
            (
                upstream @ activate("softmax", v + EPS * e)
                - upstream @ activate("softmax", v - EPS * e)
            )
            / (2 * EPS)
            for e in np.eye(6)
        ]
    )
    np.testing.assert_allclose(delta, numeric, atol=1e-8)


def test_softmax_is_stable_for_large_inputs() -> None:
    a = activate("softmax", np.array([1000.0, 999.0, -1000.0]))
    assert np.all(np.isfinite(a)) and a.sum() == pytest.approx(1.0)
    assert np.all(np.isfinite(activate("sigmoid", np.array([-1000.0, 1000.0]))))


@pytest.mark.parametrize("name", LOSS_NAMES)
def test_loss_gradient_matches_finite_differences(name: str) -> None:
    rng = np.random.default_rng(3)
    prediction = rng.uniform(0.1, 0.9, 5)
    target = rng.uniform(0, 1, 5)
    numeric = np.array(
        [
            (
                loss_value(name, prediction + EPS * e, target)
                - loss_value(name, prediction - EPS * e, target)
            )
            / (2 * EPS)
            for e in np.eye(5)
        ]
    )
    np.testing.assert_allclose(
        loss_gradient(name, prediction, target), numeric, rtol=1e-5, atol=1e-7
    )


def _random_network(rng: np.random.Generator, activations: tuple[str, ...], loss: str) -> Network:
    sizes = tuple(int(n) for n in rng.integers(2, 5, len(activations) + 1))
    return Network(
        sizes,
        tuple(rng.normal(scale=0.6, size=(a, b)) for a, b in itertools.pairwise(sizes)),
        tuple(rng.normal(scale=0.3, size=b) for b in sizes[1:]),
        activations,
        loss,
    )


def _numeric_gradients(network: Network, x: np.ndarray, y: np.ndarray) -> list[np.ndarray]:
    def loss_of(n: Network) -> float:
        return loss_value(n.loss, n.predict(x), y)

    gradients = []
    for layer in range(1, network.n_layers):
        W = network.weights[layer - 1]
        g = np.zeros_like(W)
        for k in range(W.shape[0]):
            for j in range(W.shape[1]):
                up = network.with_weight(layer, k, j, W[k, j] + EPS)
                down = network.with_weight(layer, k, j, W[k, j] - EPS)
                g[k, j] = (loss_of(up) - loss_of(down)) / (2 * EPS)
        gradients.append(g)
        b = network.biases[layer - 1]
        gb = np.zeros_like(b)
        for j in range(b.size):
            up = network.with_bias(layer, j, b[j] + EPS)
            down = network.with_bias(layer, j, b[j] - EPS)
            gb[j] = (loss_of(up) - loss_of(down)) / (2 * EPS)
        gradients.append(gb)
    return gradients


HIDDEN = [n for n in ACTIVATION_NAMES if n != "step"]
OUTPUTS = {"mse": ["identity", "sigmoid", "tanh", "square", "softmax", "relu"],
           "binary_cross_entropy": ["sigmoid", "softmax"],
           "cross_entropy": ["softmax", "sigmoid"]}  # fmt: skip


@pytest.mark.parametrize(
    ("hidden", "output", "loss"),
    [(h, o, loss) for loss, outs in OUTPUTS.items() for o in outs for h in HIDDEN],
)
def test_backward_trace_matches_finite_differences(hidden: str, output: str, loss: str) -> None:
    rng = np.random.default_rng(zlib.crc32(f"{hidden}-{output}-{loss}".encode()))
    network = _random_network(rng, (hidden, hidden, output), loss)
    x = rng.normal(scale=0.5, size=network.input_size)
    if loss == "mse":
        y = rng.normal(size=network.output_size)
    elif output == "softmax":
        y = np.eye(network.output_size)[rng.integers(network.output_size)]
    else:
        y = rng.uniform(0, 1, network.output_size)
    backward = trace(network, x, y)
    analytic = [
        g
        for pair in zip(backward.weight_gradients, backward.bias_gradients, strict=True)
        for g in pair
    ]
    for a, n in zip(analytic, _numeric_gradients(network, x, y), strict=True):
        np.testing.assert_allclose(a, n, rtol=1e-4, atol=1e-6)


def test_step_layers_stop_every_gradient_before_them() -> None:
    rng = np.random.default_rng(4)
    network = _random_network(rng, ("step", "sigmoid"), "mse")
    x = rng.normal(size=network.input_size)
    backward = trace(network, x, np.zeros(network.output_size))
    assert not np.any(backward.weight_gradients[0])  # before the step layer: nothing flows
    assert np.any(backward.weight_gradients[1])  # after it: the sigmoid layer still learns


def test_weight_gradient_is_activation_times_delta() -> None:
    rng = np.random.default_rng(5)
    network = _random_network(rng, ("tanh", "sigmoid"), "mse")
    backward = trace(
        network, rng.normal(size=network.input_size), rng.normal(size=network.output_size)
    )
    for layer in range(1, network.n_layers):
        a = backward.forward.activations[layer - 1]
        np.testing.assert_allclose(
            backward.weight_gradients[layer - 1], np.outer(a, backward.deltas[layer - 1])
        )


def test_forward_terms_sum_to_weighted_sums() -> None:
    rng = np.random.default_rng(6)
    network = _random_network(rng, ("relu", "softmax"), "cross_entropy")
    forward = forward_trace(network, rng.normal(size=network.input_size))
    for layer in range(1, network.n_layers):
        np.testing.assert_allclose(
            forward.terms[layer - 1].sum(axis=0) + network.biases[layer - 1],
            forward.weighted_sums[layer - 1],
        )


def test_gradient_descent_step_lowers_the_loss_and_refuses_bad_rates() -> None:
    rng = np.random.default_rng(7)
    network = _random_network(rng, ("tanh", "sigmoid"), "mse")
    x, y = rng.normal(size=network.input_size), rng.uniform(size=network.output_size)
    backward = trace(network, x, y)
    updated = gradient_descent_step(network, backward, 0.01)
    assert backward_trace(forward_trace(updated, x), y).loss < backward.loss
    np.testing.assert_allclose(
        updated.weights[0], network.weights[0] - 0.01 * backward.weight_gradients[0]
    )
    for bad in (0.0, -1.0, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="learning rate"):
            gradient_descent_step(network, backward, bad)
