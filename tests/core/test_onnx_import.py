"""ONNX models made elsewhere open as nnviz networks that compute what onnxruntime does."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from onnx_models import mlp_model, run_onnxruntime

from nnviz.core.data import DataSet
from nnviz.core.export import export_network
from nnviz.core.network import Network
from nnviz.core.notation import format_number
from nnviz.core.presets import load_network_source
from nnviz.core.steps import build_steps
from nnviz.core.training import EpochRecord, Trainer, TrainingConfig, evaluate
from nnviz.core.weights_import import load_any_weights


def _save(model, path: Path) -> Path:
    path.write_bytes(model.SerializeToString())
    return path


@pytest.mark.parametrize("style", ["torch", "gemm", "matmul"])
@pytest.mark.parametrize(
    "activations",
    [
        ("relu", "relu", "softmax"),
        ("sigmoid", "tanh", None),
        ("leaky_relu", "identity", "sigmoid"),
        (None, "tanh", "relu"),
    ],
)
def test_an_mlp_computes_what_onnxruntime_computes(
    tmp_path: Path, style: str, activations: tuple[str | None, ...]
) -> None:
    model, weights, biases = mlp_model((6, 5, 4, 3), activations, style=style)
    loaded = load_any_weights(_save(model, tmp_path / "m.onnx")).network
    assert loaded.activations == tuple(a or "identity" for a in activations)
    for got, expected in zip(loaded.weights, weights, strict=True):
        np.testing.assert_array_equal(got, expected)  # float32 values, exactly
    for got, expected in zip(loaded.biases, biases, strict=True):
        np.testing.assert_array_equal(got, expected)
    inputs = np.random.default_rng(3).uniform(-2, 2, (40, 6))
    np.testing.assert_allclose(
        loaded.predict(inputs), run_onnxruntime(model, inputs), rtol=1e-5, atol=1e-6
    )


@pytest.mark.parametrize("opset", [13, 14, 17, 18, 20, 21])
def test_pytorchs_mnist_mlp_opens_steps_and_matches_onnxruntime(tmp_path: Path, opset: int) -> None:
    # What torch.onnx.export writes for nn.Sequential(nn.Flatten(), nn.Linear(784, 100),
    # nn.ReLU(), nn.Linear(100, 50), nn.ReLU(), nn.Linear(50, 10), nn.Softmax(dim=1)).
    model, _, _ = mlp_model(
        (784, 100, 50, 10),
        ("relu", "relu", "softmax"),
        flatten="flatten",
        input_shape=["batch", 1, 28, 28],
        opset=opset,
    )
    path = _save(model, tmp_path / "mnist_mlp.onnx")
    preset = load_network_source(path)
    network = preset.network
    assert network.layer_sizes == (784, 100, 50, 10)
    assert network.loss == "cross_entropy"
    assert preset.input_image_shape == (28, 28)
    assert preset.output_labels == tuple("0123456789")
    images = np.random.default_rng(0).uniform(0, 1, (16, 1, 28, 28))
    np.testing.assert_allclose(
        network.predict(images.reshape(16, 784)),
        run_onnxruntime(model, images),
        rtol=1e-5,
        atol=1e-6,
    )
    # It steps through with the lecture's arithmetic, like any nnviz network.
    target = np.eye(10)[3]
    steps = build_steps(network, images[0].ravel(), target, learning_rate=0.1)
    assert {step.phase for step in steps} >= {"forward", "loss", "backward", "update"}
    assert steps[0].text.startswith("layer 1: v = W·x + b")
    v = images[0].ravel() @ network.weights[0] + network.biases[0]
    assert f"ranges from {format_number(v.min())} to {format_number(v.max())}" in steps[0].text


def test_a_leading_reshape_and_a_bias_free_matmul_are_read(tmp_path: Path) -> None:
    model, _, _ = mlp_model((12, 4, 2), ("tanh", None), flatten="reshape", input_shape=["b", 3, 4])
    loaded = load_any_weights(_save(model, tmp_path / "r.onnx"))
    inputs = np.random.default_rng(2).normal(size=(5, 3, 4))
    np.testing.assert_allclose(
        loaded.network.predict(inputs.reshape(5, 12)), run_onnxruntime(model, inputs), atol=1e-6
    )
    assert loaded.meta["input_image_shape"] == [3, 4]


def test_nnvizs_own_export_reopens_with_the_same_numbers(tmp_path: Path) -> None:
    network = Network.initialised((4, 6, 3), ("leaky_relu", "softmax"), "cross_entropy", seed=5)
    path = tmp_path / "own.onnx"
    export_network(path, network, {"title": "mine"})
    reopened = load_any_weights(path)
    assert reopened.meta["title"] == "mine"
    assert reopened.network.activations == network.activations
    inputs = np.random.default_rng(1).normal(size=(9, 4))
    np.testing.assert_allclose(reopened.network.predict(inputs), network.predict(inputs), atol=1e-6)


def test_an_opened_model_trains(tmp_path: Path) -> None:
    model, _, _ = mlp_model((2, 8, 2), ("tanh", "softmax"), seed=4)
    network = load_any_weights(_save(model, tmp_path / "t.onnx")).network
    rng = np.random.default_rng(1)
    labels = rng.integers(0, 2, 200)
    x = rng.normal(0, 0.6, (200, 2)) + np.where(labels[:, None] == 1, 1.5, -1.5)
    data = DataSet.classification(x[:150], labels[:150], x[150:], labels[150:], 2)
    config = TrainingConfig(epochs=5, learning_rate=0.1, batch_size=16)
    epochs = [r for r in Trainer(network, data, config).run() if isinstance(r, EpochRecord)]
    assert epochs[-1].test.loss < 0.5 * evaluate(network, data).loss
    assert epochs[-1].test.accuracy > 0.95


def test_keras_dense_kernels_in_safetensors_are_read_as_they_are(tmp_path: Path) -> None:
    from safetensors.numpy import save_file

    rng = np.random.default_rng(0)
    kernels = [rng.normal(size=(3, 5)), rng.normal(size=(5, 2))]  # Keras: (in, out)
    biases = [rng.normal(size=5), rng.normal(size=2)]
    path = tmp_path / "keras.safetensors"
    save_file(
        {
            "sequential/dense/kernel": kernels[0].astype(np.float32),
            "sequential/dense/bias": biases[0].astype(np.float32),
            "sequential/dense_1/kernel": kernels[1].astype(np.float32),
            "sequential/dense_1/bias": biases[1].astype(np.float32),
        },
        str(path),
    )
    network = load_any_weights(path, ["tanh", "sigmoid"]).network
    assert network.layer_sizes == (3, 5, 2)
    np.testing.assert_allclose(network.weights[1], kernels[1].astype(np.float32))


def test_a_state_dict_reads_in_any_common_naming(tmp_path: Path) -> None:
    from safetensors.numpy import save_file

    rng = np.random.default_rng(1)
    w1, w2 = rng.normal(size=(4, 3)), rng.normal(size=(2, 4))  # PyTorch: (out, in)
    for names in (("0", "2"), ("net.0", "net.2"), ("fc1", "fc2"), ("layers.1", "layers.10")):
        path = tmp_path / f"{names[0]}.safetensors"
        save_file(
            {
                f"{names[0]}.weight": w1.astype(np.float32),
                f"{names[0]}.bias": np.zeros(4, np.float32),
                f"{names[1]}.weight": w2.astype(np.float32),
                f"{names[1]}.bias": np.zeros(2, np.float32),
            },
            str(path),
        )
        network = load_any_weights(path, ["relu", "identity"]).network
        np.testing.assert_allclose(network.weights[0], w1.T.astype(np.float32))
        assert network.loss == "mse"
