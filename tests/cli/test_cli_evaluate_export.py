"""``nnviz evaluate`` and ``nnviz export``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import onnxruntime
import pytest
from safetensors.numpy import load_file

from nnviz.cli import run
from nnviz.core.data import DataSet
from nnviz.core.mnist import load_dataset, pixels_to_inputs
from nnviz.core.training import evaluate
from nnviz.core.weights_io import load_weights, save_weights


@pytest.fixture(scope="module")
def trained(tiny_mnist: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("trained") / "digits.npz"
    assert run(["train", "--data", str(tiny_mnist), "--epochs", "2", "--out", str(out)]) == 0
    return out


def test_evaluate_prints_accuracy_loss_and_the_confusion_matrix(
    trained: Path, tiny_mnist: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    capsys.readouterr()
    assert run(["evaluate", str(trained), "--data", str(tiny_mnist)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"{trained}: 784-100-50-10 (relu, relu, softmax)"
    assert lines[1].startswith("test accuracy ") and "of 200" in lines[1]
    assert lines[2].startswith("per class: 0 ")
    assert lines[4].split() == ["true\\pred", *map(str, range(10))]
    assert len(lines) == 5 + 10

    assert run(["evaluate", str(trained), "--data", str(tiny_mnist), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    data = load_dataset(tiny_mnist)
    exact = evaluate(load_weights(trained).network, DataSet.from_mnist(data))
    assert result["accuracy"] == exact.accuracy
    assert result["loss"] == pytest.approx(exact.loss)
    assert result["confusion"] == exact.confusion.tolist()
    assert sum(map(sum, result["confusion"])) == result["n_examples"] == 200
    confusion = np.array(result["confusion"])
    per_class = [
        c / t if t else None for c, t in zip(confusion.diagonal(), confusion.sum(1), strict=True)
    ]
    assert result["per_class_accuracy"] == per_class
    assert result["accuracy"] == load_weights(trained).meta["training"]["test_accuracy"]


def test_evaluate_refusals_are_one_line(
    tmp_path: Path, tiny_mnist: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for source, message in (
        ("xor", "takes 2 inputs, the test images have 784 pixels"),
        (str(tmp_path / "missing.npz"), "no such file"),
    ):
        assert run(["evaluate", source, "--data", str(tiny_mnist)]) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err


def test_export_every_format_and_check_onnx_with_onnxruntime(
    trained: Path, tiny_mnist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    network = load_weights(trained).network
    for suffix in (".onnx", ".safetensors", ".json", ".npz"):
        out = tmp_path / f"digits{suffix}"
        assert run(["export", str(trained), "--to", str(out)]) == 0
        assert f"wrote {out}" in capsys.readouterr().out
    inputs = pixels_to_inputs(load_dataset(tiny_mnist).test_images[:50])
    session = onnxruntime.InferenceSession(str(tmp_path / "digits.onnx"))
    onnx_output = session.run(None, {"input": inputs.astype(np.float32)})[0]
    np.testing.assert_allclose(onnx_output, network.predict(inputs), rtol=1e-4, atol=1e-6)
    tensors = load_file(str(tmp_path / "digits.safetensors"))
    np.testing.assert_array_equal(tensors["layer3/bias"], network.biases[2].astype(np.float32))
    for suffix in (".json", ".npz"):
        copy = load_weights(tmp_path / f"digits{suffix}")
        assert copy.network == network
        assert copy.meta["training"]["epochs"] == 2  # the meta travels with the weights


def test_export_refusals_are_one_line(
    trained: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run(["export", str(trained), "--to", str(tmp_path / "x.pt")]) == 1
    assert "exports end in .onnx, .safetensors, .npz, .json" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "onnx", None)
    assert run(["export", str(trained), "--to", str(tmp_path / "x.onnx")]) == 1
    err = capsys.readouterr().err
    assert err == (
        "nnviz: error: exporting to ONNX needs the 'onnx' package: install the export extra: "
        'pip install "nnviz[export]"\n'
    )
    assert not (tmp_path / "x.onnx").exists()


@pytest.mark.hostile
def test_a_loss_that_overflows_is_written_as_infinity(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # An MSE network whose outputs overflow: 0.1 printed "loss inf" and invalid JSON.
    from nnviz.core.network import Network

    network = Network(
        (784, 10), (np.full((784, 10), 1e306),), (np.zeros(10),), ("identity",), "mse"
    )
    path = tmp_path / "huge.npz"
    save_weights(path, network)
    assert run(["evaluate", str(path)]) == 0
    out = capsys.readouterr().out
    assert "mean mse loss ∞" in out or "mean mse loss NaN" in out
    assert run(["evaluate", str(path), "--json"]) == 0

    def refuse(constant: str) -> None:
        raise AssertionError(f"{constant} is not JSON")

    document = json.loads(capsys.readouterr().out, parse_constant=refuse)
    assert document["loss"] in ("Infinity", "NaN")
