"""``nnviz trace``, ``evaluate`` and ``export`` on models made elsewhere: ONNX as PyTorch
writes it, and safetensors state dicts given their activations."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from onnx_models import mlp_model, run_onnxruntime
from safetensors.numpy import save_file

from nnviz.cli import run
from nnviz.core.weights_io import load_weights


@pytest.fixture(scope="module")
def trained(tiny_mnist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("trained") / "digits.npz"
    assert run(["train", "--data", str(tiny_mnist), "--epochs", "2", "--out", str(out)]) == 0
    return out


def _as_pytorch_onnx(trained: Path, path: Path):
    network = load_weights(trained).network
    model, _, _ = mlp_model(
        network.layer_sizes,
        network.activations,
        flatten="flatten",
        input_shape=["batch", 1, 28, 28],
        given=(network.weights, network.biases),
    )
    path.write_bytes(model.SerializeToString())
    return model


def _json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> dict:
    capsys.readouterr()
    assert run(argv) == 0
    return json.loads(capsys.readouterr().out)


def test_evaluate_an_onnx_model_gives_the_accuracy_of_the_network_it_was_made_from(
    trained: Path, tiny_mnist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "from_pytorch.onnx"
    _as_pytorch_onnx(trained, path)
    original = _json(capsys, ["evaluate", str(trained), "--data", str(tiny_mnist), "--json"])
    opened = _json(capsys, ["evaluate", str(path), "--data", str(tiny_mnist), "--json"])
    assert opened["loss_function"] == "cross_entropy"
    # float32 weights: at most one of 200 predictions may tip the other way.
    assert abs(opened["correct"] - original["correct"]) <= 1
    assert opened["loss"] == pytest.approx(original["loss"], abs=1e-5)


def test_trace_an_onnx_model_prints_what_onnxruntime_computes(
    trained: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "from_pytorch.onnx"
    model = _as_pytorch_onnx(trained, path)
    pixels = np.random.default_rng(0).uniform(0, 1, 784).round(3)
    traced = _json(capsys, ["trace", str(path), "--input", *map(str, pixels), "--json"])
    expected = run_onnxruntime(model, pixels.reshape(1, 1, 28, 28))[0]
    np.testing.assert_allclose(traced["output"], expected, rtol=1e-5, atol=1e-6)
    # Without --input an MNIST-shaped model starts on the first test image, a 7.
    capsys.readouterr()
    assert run(["trace", str(path), "--target", *(["0"] * 7 + ["1"] + ["0"] * 2)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("from_pytorch.onnx (ONNX): 784-100-50-10")
    assert "loss (cross_entropy) C = " in out


def test_export_an_onnx_model_to_nnviz_and_back(
    trained: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "from_pytorch.onnx"
    model = _as_pytorch_onnx(trained, path)
    assert run(["export", str(path), "--to", str(tmp_path / "w.npz")]) == 0
    exported = load_weights(tmp_path / "w.npz")
    assert exported.meta["output_labels"] == list("0123456789")
    assert run(["export", str(tmp_path / "w.npz"), "--to", str(tmp_path / "again.onnx")]) == 0
    images = np.random.default_rng(1).uniform(0, 1, (8, 784))
    import onnx

    again = onnx.load(str(tmp_path / "again.onnx"))
    np.testing.assert_allclose(
        run_onnxruntime(again, images),
        run_onnxruntime(model, images.reshape(8, 1, 28, 28)),
        rtol=1e-5,
        atol=1e-7,
    )


def _state_dict(path: Path) -> tuple[list[np.ndarray], list[np.ndarray]]:
    rng = np.random.default_rng(2)
    weights = [
        rng.normal(size=(5, 3)).astype(np.float32),
        rng.normal(size=(2, 5)).astype(np.float32),
    ]
    biases = [rng.normal(size=5).astype(np.float32), rng.normal(size=2).astype(np.float32)]
    save_file(
        {"0.weight": weights[0], "0.bias": biases[0], "2.weight": weights[1], "2.bias": biases[1]},
        str(path),
    )
    return weights, biases


def test_trace_a_safetensors_state_dict_with_its_activations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sd.safetensors"
    weights, biases = _state_dict(path)
    x = np.array([0.5, -1.0, 2.0])
    traced = _json(
        capsys,
        [
            "trace",
            str(path),
            "--activations",
            "tanh",
            "softmax",
            "--input",
            "0.5",
            "-1",
            "2",
            "--json",
        ],
    )
    hidden = np.tanh(x @ weights[0].T.astype(np.float64) + biases[0])
    z = hidden @ weights[1].T.astype(np.float64) + biases[1]
    expected = np.exp(z - z.max()) / np.exp(z - z.max()).sum()
    np.testing.assert_allclose(traced["output"], expected, rtol=1e-12)
    assert traced["activation_functions"] == ["tanh", "softmax"]
    capsys.readouterr()
    assert run(["trace", str(path)]) == 1
    error = capsys.readouterr().err
    assert error.count("\n") == 1
    assert "sd.safetensors: a 3-5-2 network whose activations the file does not say" in error
    assert "--activations relu softmax" in error


def test_export_a_state_dict_to_onnx_runs_in_onnxruntime(tmp_path: Path) -> None:
    import onnx

    path = tmp_path / "sd.safetensors"
    weights, biases = _state_dict(path)
    out = tmp_path / "sd.onnx"
    assert run(["export", str(path), "--activations", "relu", "sigmoid", "--to", str(out)]) == 0
    x = np.random.default_rng(3).normal(size=(6, 3))
    hidden = np.maximum(x @ weights[0].T + biases[0], 0)
    expected = 1 / (1 + np.exp(-(hidden @ weights[1].T + biases[1])))
    np.testing.assert_allclose(run_onnxruntime(onnx.load(str(out)), x), expected, rtol=1e-5)


def test_a_pickled_pytorch_file_is_refused_saying_how_to_save_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "model.pt"
    path.write_bytes(b"\x80\x04 not opened")
    for command in ("trace", "evaluate", "export"):
        extra = ["--to", str(tmp_path / "x.npz")] if command == "export" else []
        capsys.readouterr()
        assert run([command, str(path), *extra]) == 1
        error = capsys.readouterr().err
        assert error.count("\n") == 1 and "model.pt: a pickled PyTorch file" in error
        assert "save_file(model.state_dict(), 'model.safetensors')" in error
    assert sorted(p.name for p in tmp_path.iterdir()) == ["model.pt"]


def test_snapshot_of_a_state_dict_takes_its_activations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "sd.safetensors"
    _state_dict(path)
    picture = tmp_path / "sd.png"
    assert run(["snapshot", str(path), str(picture), "--activations", "relu", "softmax"]) == 0
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    capsys.readouterr()
    assert run(["snapshot", str(path), str(tmp_path / "none.png")]) == 1
    assert "--activations relu softmax" in capsys.readouterr().err
    assert not (tmp_path / "none.png").exists()
