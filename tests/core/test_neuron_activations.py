"""One neuron's own activation (issue 14, item 10): the network, the passes, files, exports,
the fast training path and the step sentences."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import numpy as np
import pytest

from nnviz.core.activations import get_activation
from nnviz.core.data import DataSet, TargetCoding
from nnviz.core.export import onnx_model_bytes
from nnviz.core.network import Network
from nnviz.core.presets import load_preset
from nnviz.core.sentences import activation_text, delta_text
from nnviz.core.trace import trace
from nnviz.core.training import Finished, Trainer, TrainingConfig
from nnviz.core.training.fast import BatchedNetwork
from nnviz.core.weights_io import WeightsFileError, load_weights, save_weights


def mixed() -> Network:
    """2-3-2: a relu and a tanh among sigmoid hidden units, a linear output beside a sigmoid."""
    network = Network.initialised((2, 3, 2), ("sigmoid", "sigmoid"), "mse", seed=1, method="xavier")
    return (
        network.with_neuron_activation(1, 0, "relu")
        .with_neuron_activation(1, 2, "tanh")
        .with_neuron_activation(2, 1, "identity")
    )


def by_hand(network: Network, x: np.ndarray) -> np.ndarray:
    """The forward pass neuron by neuron, each with its own activation's function."""
    a = x
    for layer, (w, b) in enumerate(zip(network.weights, network.biases, strict=True), start=1):
        v = a @ w + b
        a = np.array(
            [
                get_activation(network.activation_of(layer, j)).function(v[j : j + 1])[0]
                for j in range(v.size)
            ]
        )
    return a


def test_each_neuron_uses_its_own_activation_and_the_rest_their_layers() -> None:
    network = mixed()
    assert network.layer_activation_names(1) == ("relu", "sigmoid", "tanh")
    assert network.layer_activation_names(2) == ("sigmoid", "identity")
    x = np.array([0.4, -1.3])
    np.testing.assert_allclose(network.predict(x), by_hand(network, x), rtol=1e-12)
    backward = trace(network, x, np.array([1.0, 0.0]))
    np.testing.assert_allclose(backward.forward.output, by_hand(network, x), rtol=1e-12)
    assert network.activation_label(2) == "sigmoid (node 7: identity)"


def test_backprop_with_own_activations_matches_finite_differences() -> None:
    network = mixed()
    x, y = np.array([0.4, -1.3]), np.array([1.0, 0.0])
    backward = trace(network, x, y)
    h = 1e-6
    for layer in (1, 2):
        for k, j in np.ndindex(network.weights[layer - 1].shape):
            w = float(network.weights[layer - 1][k, j])
            up = trace(network.with_weight(layer, k, j, w + h), x, y).loss
            down = trace(network.with_weight(layer, k, j, w - h), x, y).loss
            assert backward.weight_gradients[layer - 1][k, j] == pytest.approx(
                (up - down) / (2 * h), abs=1e-8
            )


def test_softmax_is_a_layers_and_is_refused_for_one_neuron() -> None:
    network = mixed()
    with pytest.raises(ValueError, match="softmax is a layer's activation"):
        network.with_neuron_activation(1, 0, "softmax")
    classifier = Network.zeros((2, 3, 2), ("relu", "softmax"), "cross_entropy")
    with pytest.raises(ValueError, match="couples its neurons"):
        classifier.with_neuron_activation(2, 0, "identity")


def test_the_layers_choice_replaces_its_neurons_own() -> None:
    network = mixed().with_activation(1, "relu")
    assert network.neuron_activations == ((2, 1, "identity"),)
    # An override equal to the layer's is not kept: the network is the plain one.
    assert mixed().with_neuron_activation(1, 0, "sigmoid").neuron_activations[0] == (1, 2, "tanh")


def test_structure_edits_carry_the_overrides_to_the_right_neurons() -> None:
    network = mixed()
    assert network.with_neuron_added(1, 0).layer_activation_names(1) == (
        "sigmoid",
        "relu",
        "sigmoid",
        "tanh",
    )
    assert network.with_neuron_removed(1, 0).layer_activation_names(1) == ("sigmoid", "tanh")
    added = network.with_layer_added(1, 2, "tanh")
    assert added.layer_activation_names(2) == ("relu", "sigmoid", "tanh")
    assert added.layer_activation_names(3) == ("sigmoid", "identity")
    assert network.with_layer_removed(1).neuron_activations == ((1, 1, "identity"),)


def test_a_network_crossing_a_pipe_keeps_its_overrides() -> None:
    network = mixed()
    assert pickle.loads(pickle.dumps(network)) == network
    assert network != network.with_neuron_activation(2, 1, None)


@pytest.mark.parametrize("suffix", [".npz", ".json"])
def test_weights_files_keep_the_overrides_and_plain_files_stay_version_1(
    tmp_path: Path, suffix: str
) -> None:
    network = mixed()
    save_weights(tmp_path / f"mixed{suffix}", network)
    loaded = load_weights(tmp_path / f"mixed{suffix}")
    assert loaded.network == network
    assert loaded.meta["version"] == 2
    assert loaded.meta["neuron_activations"] == [[1, 0, "relu"], [1, 2, "tanh"], [2, 1, "identity"]]
    plain = network.with_activation(1, "sigmoid").with_activation(2, "sigmoid")
    save_weights(tmp_path / f"plain{suffix}", plain)
    reread = load_weights(tmp_path / f"plain{suffix}")
    assert reread.meta["version"] == 1 and "neuron_activations" not in reread.meta


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ([[1, 0, "softmax"]], "softmax is a layer's"),
        ([[3, 0, "relu"]], "layer 3 has no activation"),
        ([[1, 7, "relu"]], "layer 1 has no neuron 7"),
        ([[1, 0, "relu"], [1, 0, "tanh"]], "two activations"),
        ("relu", "must be a list"),
        ([[1, 0]], "is \\(layer, neuron, name\\)"),
        ([[True, 0, "relu"]], "whole numbers"),
    ],
)
def test_a_wrong_override_in_a_file_is_refused_in_one_line(
    tmp_path: Path, value: object, message: str
) -> None:
    path = tmp_path / "bad.json"
    save_weights(path, mixed())
    document = json.loads(path.read_text())
    document["meta"]["neuron_activations"] = value
    path.write_text(json.dumps(document))
    with pytest.raises(WeightsFileError, match=message) as error:
        load_weights(path)
    assert "\n" not in str(error.value)


@pytest.mark.parametrize("whole_layer", [False, True])
def test_onnx_export_computes_each_neuron_with_its_own_activation(whole_layer: bool) -> None:
    onnxruntime = pytest.importorskip("onnxruntime")
    network = mixed()
    if whole_layer:  # every neuron of the output layer has the same activation of its own
        network = network.with_neuron_activation(2, 0, "identity")
    session = onnxruntime.InferenceSession(onnx_model_bytes(network))
    x = np.random.default_rng(0).normal(size=(7, 2)).astype(np.float32)
    (output,) = session.run(None, {"input": x})
    np.testing.assert_allclose(output, network.predict(x), rtol=1e-5, atol=1e-6)


def test_the_fast_path_matches_the_readable_gradients_with_own_activations() -> None:
    rng = np.random.default_rng(3)
    network = (
        Network.initialised((4, 5, 3), ("tanh", "sigmoid"), "mse", seed=2, method="xavier")
        .with_neuron_activation(1, 1, "square")
        .with_neuron_activation(1, 3, "relu")
        .with_neuron_activation(2, 0, "identity")
    )
    inputs = rng.uniform(-1, 1, (8, 4))
    labels = rng.integers(0, 3, 8)
    coded = TargetCoding("one_hot", 3).encode(labels, np.empty((8, 3), np.float32))
    batched = BatchedNetwork(network, capacity=8)
    x = inputs.astype(np.float32)
    np.testing.assert_allclose(batched.forward(x), network.predict(inputs), rtol=1e-5, atol=1e-6)
    loss = batched.backward(x, coded)
    weight_gradients = [np.zeros_like(w) for w in network.weights]
    expected_loss = 0.0
    for example, target in zip(inputs, coded, strict=True):
        backward = trace(network, example, target.astype(np.float64))
        expected_loss += backward.loss / 8
        for i, g in enumerate(backward.weight_gradients):
            weight_gradients[i] += g / 8
    assert loss == pytest.approx(expected_loss, rel=1e-5)
    for fast, slow in zip(batched.weight_gradients, weight_gradients, strict=True):
        np.testing.assert_allclose(fast, slow, rtol=1e-4, atol=1e-6)
    assert batched.to_network().neuron_activations == network.neuron_activations


def test_training_a_network_with_own_activations_keeps_them() -> None:
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, (64, 2))
    y = np.stack([x[:, 0] * x[:, 1] > 0, x[:, 0] > 0], axis=1).astype(np.float64)
    data = DataSet.regression(x[:48], y[:48], x[48:], y[48:])
    network = mixed()
    records = list(Trainer(network, data, TrainingConfig(epochs=2, batch_size=16)).run())
    finished = records[-1]
    assert isinstance(finished, Finished)
    assert finished.network.neuron_activations == network.neuron_activations


def test_the_step_sentences_name_the_neurons_own_activation() -> None:
    network = load_preset("feedforward").network
    changed = network.with_neuron_activation(1, 1, "relu")
    layer = 1
    backward = trace(changed, np.array([1.0, 2.0]), np.array([1.0]))
    number = changed.node_number(layer, 1)
    assert activation_text(backward.forward, layer, 1).startswith(f"z{number} = relu(")
    assert f"relu′(v{number})" in delta_text(backward, layer, 1)
    assert f"relu′(v{number - 1})" not in delta_text(backward, layer, 0)
