"""leaky_relu, added in one place (core/activations.py), works everywhere an activation does:
the readable trace and its step list, training's fast path, the exports (checked by
onnxruntime) and the command line."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest

from nnviz.cli import build_parser
from nnviz.core.activations import ACTIVATION_NAMES, activate, get_activation
from nnviz.core.data import DataSet
from nnviz.core.export import export_network
from nnviz.core.network import Network
from nnviz.core.steps import build_steps
from nnviz.core.trace import trace
from nnviz.core.training import EpochRecord, Trainer, TrainingConfig
from nnviz.core.training.fast import BatchedNetwork
from nnviz.core.weights_import import load_any_weights

SLOPE = 0.01


def leaky_network() -> Network:
    """The lecture's 2-2-1 feedforward shape with leaky_relu everywhere: w13 = 2, w23 = −3
    make v3 = −4 for x = (1, 2)."""
    network = Network.zeros((2, 2, 1), ("leaky_relu", "leaky_relu"), "mse")
    for layer, source, target, w in ((1, 0, 0, 2.0), (1, 1, 0, -3.0), (1, 0, 1, 1.0),
                                     (1, 1, 1, 1.0), (2, 0, 0, 1.0), (2, 1, 0, -1.0)):  # fmt: skip
        network = network.with_weight(layer, source, target, w)
    return network


def test_it_is_registered_with_its_function_derivative_and_formulas() -> None:
    assert "leaky_relu" in ACTIVATION_NAMES
    leaky = get_activation("leaky_relu")
    v = np.array([-4.0, -0.5, 0.0, 0.5, 3.0])
    np.testing.assert_allclose(activate("leaky_relu", v), [-0.04, -0.005, 0.0, 0.5, 3.0])
    np.testing.assert_allclose(leaky.derivative(v, activate("leaky_relu", v)), [SLOPE] * 3 + [1, 1])
    assert leaky.formula == "leaky_relu(v) = v if v > 0, else 0.01·v"
    assert leaky.hidden_choice and leaky.initialisation == "he" and leaky.elementwise


def test_the_trace_and_the_step_list_say_it_as_the_lecture_would() -> None:
    network = leaky_network()
    backward = trace(network, [1.0, 2.0], [1.0])
    assert backward.forward.activations[1][0] == pytest.approx(-0.04)
    steps = build_steps(network, np.array([1.0, 2.0]), np.array([1.0]), learning_rate=0.1)
    texts = [s.text for s in steps]
    assert "z3 = leaky_relu(−4) = −0.04" in texts
    delta = next(s for s in steps if s.kind == "delta" and s.quantity == "δ3")
    assert "leaky_relu′(v3)" in delta.text and delta.formula.endswith("·leaky_relu′(v3)")
    # Unlike ReLU, a negative sum still passes error back: δ3 is not 0.
    assert backward.deltas[0][0] != 0.0


def test_the_fast_path_matches_the_readable_one() -> None:
    rng = np.random.default_rng(0)
    network = Network.initialised((4, 5, 3), ("leaky_relu", "softmax"), "cross_entropy", seed=1)
    x = rng.uniform(-1, 1, (6, 4))
    labels = rng.integers(0, 3, 6)
    targets = np.eye(3, dtype=np.float32)[labels]
    batched = BatchedNetwork(network, 6)
    output = batched.forward(x.astype(np.float32))
    np.testing.assert_allclose(output, network.predict(x), rtol=1e-5, atol=1e-6)
    loss = batched.backward(x.astype(np.float32), targets)
    expected_loss = 0.0
    gradients = [np.zeros_like(w) for w in network.weights]
    for row, label in zip(x, labels, strict=True):
        backward = trace(network, row, np.eye(3)[label])
        expected_loss += backward.loss / 6
        for i, g in enumerate(backward.weight_gradients):
            gradients[i] += g / 6
    assert loss == pytest.approx(expected_loss, rel=1e-5)
    for fast, slow in zip(batched.weight_gradients, gradients, strict=True):
        np.testing.assert_allclose(fast, slow, rtol=1e-4, atol=1e-6)


def test_it_trains() -> None:
    rng = np.random.default_rng(2)
    labels = rng.integers(0, 2, 200)
    x = rng.normal(0, 0.6, (200, 2)) + np.where(labels[:, None] == 1, 1.2, -1.2)
    data = DataSet.classification(x[:160], labels[:160], x[160:], labels[160:], 2)
    network = Network.initialised((2, 8, 2), ("leaky_relu", "softmax"), "cross_entropy", seed=3)
    config = TrainingConfig(epochs=5, batch_size=16, weight_decay=0.0)
    epochs = [r for r in Trainer(network, data, config).run() if isinstance(r, EpochRecord)]
    assert epochs[-1].test.accuracy > 0.95


def test_onnx_export_runs_in_onnxruntime_like_nnviz_and_reads_back(tmp_path: Path) -> None:
    network = Network.initialised(
        (5, 4, 3), ("leaky_relu", "leaky_relu"), "mse", seed=4, method="xavier"
    )
    path = tmp_path / "leaky.onnx"
    export_network(path, network)
    inputs = np.random.default_rng(5).uniform(-2, 2, (9, 5)).astype(np.float32)
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    (ours,) = session.run(["output"], {"input": inputs})
    np.testing.assert_allclose(ours, network.predict(inputs), rtol=1e-5, atol=1e-6)
    nodes = onnx.load(str(path)).graph.node
    assert [n.op_type for n in nodes].count("LeakyRelu") == 2
    assert all(
        a.f == pytest.approx(SLOPE) for n in nodes if n.op_type == "LeakyRelu" for a in n.attribute
    )
    assert load_any_weights(path).network.activations == ("leaky_relu", "leaky_relu")


def test_nnviz_train_offers_it_for_hidden_layers() -> None:
    args = build_parser().parse_args(["train", "--activation", "leaky_relu", "--epochs", "1"])
    assert args.activation == "leaky_relu"
