"""Exports other tools read: ONNX (checked by onnxruntime), safetensors, npz and JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime
import pytest
from safetensors.numpy import load_file

from nnviz.core.export import ExportError, export_format, export_network, onnx_model_bytes
from nnviz.core.mnist import Dataset, pixels_to_inputs
from nnviz.core.network import Network
from nnviz.core.presets import load_preset
from nnviz.core.weights_io import load_weights


def onnx_predict(path: Path, inputs: np.ndarray) -> np.ndarray:
    session = onnxruntime.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(["output"], {"input": inputs.astype(np.float32)})[0]


def test_onnx_runs_in_onnxruntime_like_nnviz_predicts(tmp_path: Path, mnist: Dataset) -> None:
    network = load_preset("mnist").network
    path = tmp_path / "mnist.onnx"
    assert export_network(path, network, {"title": "MNIST"}) == "onnx"
    inputs = pixels_to_inputs(mnist.test_images[:25])
    expected = network.predict(inputs)
    np.testing.assert_allclose(onnx_predict(path, inputs), expected, rtol=1e-4, atol=1e-6)
    # The batch dimension is dynamic: one example and 25 both run.
    np.testing.assert_allclose(onnx_predict(path, inputs[:1]), expected[:1], rtol=1e-4, atol=1e-6)


@pytest.mark.parametrize(
    "activations",
    [
        ("sigmoid", "tanh", "softmax"),
        ("identity", "square", "sigmoid"),
        ("step", "relu", "identity"),
    ],
)
def test_every_activation_exports_to_onnx(tmp_path: Path, activations: tuple[str, ...]) -> None:
    network = Network.initialised((5, 4, 3, 2), activations, "mse", seed=2, method="xavier")
    path = tmp_path / "net.onnx"
    export_network(path, network)
    inputs = np.random.default_rng(1).uniform(-1, 1, (7, 5))
    np.testing.assert_allclose(
        onnx_predict(path, inputs), network.predict(inputs), rtol=1e-4, atol=1e-5
    )


def test_onnx_model_is_valid_opset_17_with_a_dynamic_batch_and_meta() -> None:
    network = load_preset("xor").network
    model = onnx.load_from_string(onnx_model_bytes(network, {"title": "XOR"}))
    onnx.checker.check_model(model)
    assert [o.version for o in model.opset_import if o.domain in ("", "ai.onnx")] == [17]
    assert {n.op_type for n in model.graph.node} <= {"Gemm", "Sigmoid"}
    batch, width = model.graph.input[0].type.tensor_type.shape.dim
    assert batch.dim_param == "batch" and width.dim_value == 2
    props = {p.key: p.value for p in model.metadata_props}
    meta = json.loads(props["nnviz_meta"])
    assert meta["layer_sizes"] == [2, 2, 1] and meta["title"] == "XOR"
    # Weights are stored (n_in, n_out), so Gemm needs no transB.
    for node in model.graph.node:
        if node.op_type == "Gemm":
            assert all(a.name != "transB" or a.i == 0 for a in node.attribute)


def test_safetensors_read_back_without_torch(tmp_path: Path) -> None:
    network = load_preset("mnist").network
    path = tmp_path / "mnist.safetensors"
    export_network(path, network, {"title": "MNIST"})
    tensors = load_file(str(path))
    assert sorted(tensors) == sorted(
        f"layer{i}/{part}" for i in (1, 2, 3) for part in ("weight", "bias")
    )
    assert tensors["layer1/weight"].shape == (784, 100)
    assert tensors["layer1/weight"].dtype == np.float32
    np.testing.assert_array_equal(tensors["layer2/weight"], network.weights[1].astype(np.float32))
    header_length = int.from_bytes(path.read_bytes()[:8], "little")
    header = json.loads(path.read_bytes()[8 : 8 + header_length])
    assert json.loads(header["__metadata__"]["nnviz_meta"])["activations"] == [
        "relu",
        "relu",
        "softmax",
    ]
    export_network(path, network, dtype="float64")
    np.testing.assert_array_equal(load_file(str(path))["layer1/weight"], network.weights[0])


@pytest.mark.parametrize("suffix", [".npz", ".json"])
def test_npz_and_json_round_trip_exactly(tmp_path: Path, suffix: str) -> None:
    network = load_preset("mnist").network
    path = tmp_path / f"mnist{suffix}"
    export_network(path, network, {"title": "kept"})
    loaded = load_weights(path)
    assert loaded.network == network
    assert loaded.meta["title"] == "kept"


def test_missing_optional_packages_give_one_line_with_the_install_command(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    network = load_preset("xor").network
    monkeypatch.setitem(sys.modules, "onnx", None)
    monkeypatch.setitem(sys.modules, "safetensors", None)
    monkeypatch.setitem(sys.modules, "safetensors.numpy", None)
    for name in ("x.onnx", "x.safetensors"):
        with pytest.raises(ExportError, match=r'pip install "nnviz\[export\]"') as error:
            export_network(tmp_path / name, network)
        assert "\n" not in str(error.value)
    assert list(tmp_path.iterdir()) == []


def test_refusals(tmp_path: Path) -> None:
    network = load_preset("xor").network
    with pytest.raises(ExportError, match=r"not '\.txt'"):
        export_format("weights.txt")
    with pytest.raises(ExportError, match="float32"):
        export_network(tmp_path / "x.onnx", network, dtype="float64")
    with pytest.raises(ExportError, match="unknown dtype"):
        export_network(tmp_path / "x.npz", network, dtype="float16")
    with pytest.raises(OSError):
        export_network(tmp_path / "missing" / "x.onnx", network)
    assert list(tmp_path.iterdir()) == []
