"""File ▸ Open reads models made elsewhere: an ONNX model as PyTorch exports it opens as a
network that is drawn, steps and edits like any other; a safetensors state dict asks for
its activations; a pickled ``.pt`` is refused and nothing changes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from onnx_models import mlp_model, run_onnxruntime
from safetensors.numpy import save_file

from nnviz.qt.main_window import MainWindow


def _files(window: MainWindow):
    assert window.features is not None
    return window.features.files


def test_an_onnx_mlp_from_pytorch_opens_with_the_mnist_views(
    window: MainWindow, tmp_path: Path, warnings: list[tuple[str, str]]
) -> None:
    model, _, _ = mlp_model(
        (784, 100, 50, 10),
        ("relu", "relu", "softmax"),
        flatten="flatten",
        input_shape=["batch", 1, 28, 28],
    )
    path = tmp_path / "homework.onnx"
    path.write_bytes(model.SerializeToString())
    assert _files(window).open_path(path)
    assert warnings == []
    document = window.document
    assert document.network.layer_sizes == (784, 100, 50, 10)
    assert document.description.input_image_shape == (28, 28)
    assert document.description.output_labels == tuple("0123456789")
    assert document.description.title == "homework.onnx (ONNX)"
    # The input is MNIST's first test image; the outputs are onnxruntime's.
    expected = run_onnxruntime(model, document.inputs.reshape(1, 1, 28, 28))[0]
    np.testing.assert_allclose(document.network.predict(document.inputs), expected, atol=1e-6)
    # It steps, and an edit is one undo step.
    assert window.features is not None
    stepper = window.features.stepping.stepper
    stepper.start()
    stepper.step_forward()
    assert stepper.current is not None and stepper.current.text.startswith("layer 1: v = W·x + b")
    before = document.network.weights[0][0, 0]
    document.edits.set_weight(1, 0, 0, "0.5")
    assert document.network.weights[0][0, 0] == 0.5
    window.undo_stack.undo()
    assert document.network.weights[0][0, 0] == before


def _state_dict(path: Path) -> None:
    rng = np.random.default_rng(0)
    save_file(
        {
            "net.0.weight": rng.normal(size=(4, 2)).astype(np.float32),
            "net.0.bias": np.zeros(4, np.float32),
            "net.2.weight": rng.normal(size=(3, 4)).astype(np.float32),
            "net.2.bias": np.zeros(3, np.float32),
        },
        str(path),
    )


def test_a_state_dict_asks_for_its_activations(
    window: MainWindow, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "state.safetensors"
    _state_dict(path)
    asked: list[tuple[str, tuple[int, ...]]] = []

    def answer(self, name: str, sizes: tuple[int, ...]) -> list[str] | None:
        asked.append((name, sizes))
        return ["tanh", "softmax"]

    monkeypatch.setattr("nnviz.qt.files.Files.ask_activations", answer)
    assert _files(window).open_path(path)
    assert asked == [("state.safetensors", (2, 4, 3))]
    assert window.document.network.activations == ("tanh", "softmax")
    assert window.document.network.loss == "cross_entropy"


def test_cancelling_the_activations_or_a_pickle_changes_nothing(
    window: MainWindow,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    warnings: list[tuple[str, str]],
) -> None:
    before = window.document.snapshot()
    path = tmp_path / "state.safetensors"
    _state_dict(path)
    monkeypatch.setattr("nnviz.qt.files.Files.ask_activations", lambda self, n, s: None)
    assert not _files(window).open_path(path)
    assert warnings == []
    pickle = tmp_path / "model.pt"
    pickle.write_bytes(b"\x80\x04 never unpickled")
    assert not _files(window).open_path(pickle)
    assert len(warnings) == 1 and "model.pt: a pickled PyTorch file" in warnings[0][1]
    assert window.document.snapshot() == before


def test_the_activations_dialog_offers_one_choice_per_layer(qtbot) -> None:
    from nnviz.qt.activations_dialog import ActivationsDialog

    dialog = ActivationsDialog("m.safetensors", (784, 100, 50, 10))
    qtbot.addWidget(dialog)
    assert dialog.activations == ["relu", "relu", "softmax"]
    dialog.boxes[1].setCurrentText("tanh")
    assert dialog.activations == ["relu", "tanh", "softmax"]
    assert ActivationsDialog("b.safetensors", (3, 1)).activations == ["sigmoid"]


def test_a_hostile_onnx_file_is_refused_in_the_window(
    window: MainWindow, tmp_path: Path, warnings: list[tuple[str, str]]
) -> None:
    from onnx import TensorProto, helper

    tensor = TensorProto()
    tensor.name, tensor.data_type = "w", TensorProto.FLOAT
    tensor.dims.extend([1000, 1_000_000])
    tensor.raw_data = b"\x00" * 16
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["input", "w"], ["output"])],
        "bomb",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["b", 1000])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["b", 1_000_000])],
        initializer=[tensor],
    )
    path = tmp_path / "bomb.onnx"
    path.write_bytes(helper.make_model(graph).SerializeToString())
    before = window.document.snapshot()
    assert not _files(window).open_path(path)
    assert warnings == [
        (
            "Cannot open the file",
            "bomb.onnx: initializer 'w' declares shape (1000, 1000000) (1,000,000,000 "
            "values), more than nnviz reads (50,000,000)",
        )
    ]
    assert window.document.snapshot() == before and not window.document.modified
