"""Hostile ONNX and safetensors files, and pickled PyTorch files: each refused in one line
naming the file, with bounded memory and nothing changed.

The ONNX cases: truncated, a cycle, a dynamic weight, mismatched shapes, 10⁹ values
declared in a small file, a length that runs past the end, an unknown opset, an operator
nnviz cannot show, external data. The safetensors cases: a missing layer, a stray key, a
non-float dtype, a header that lies about sizes, missing or wrong activations.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from pathlib import Path

import numpy as np
import onnx
import pytest
from hostile_helpers import MIB, files_in, peak_memory
from onnx import TensorProto, helper, numpy_helper

from nnviz.core.imports import NeedsActivations
from nnviz.core.weights_import import load_any_weights
from nnviz.core.weights_io import WeightsFileError

pytestmark = pytest.mark.hostile

ALLOWED_PEAK = 16 * MIB


def _model(nodes, inits, inputs=None, opset: int = 17, n_in: int = 3) -> bytes:
    graph = helper.make_graph(
        nodes,
        "g",
        inputs or [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["b", n_in])],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["b", 2])],
        initializer=inits,
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    model.ir_version = 8
    return model.SerializeToString()


def _w(name: str, shape: tuple[int, ...]) -> TensorProto:
    return numpy_helper.from_array(np.ones(shape, np.float32), name)


def _good() -> bytes:
    return _model(
        [
            helper.make_node("Gemm", ["input", "w", "b"], ["z"], name="fc"),
            helper.make_node("Softmax", ["z"], ["output"], name="sm"),
        ],
        [_w("w", (3, 2)), _w("b", (2,))],
    )


def _huge_initializer(dims: list[int]) -> bytes:
    tensor = TensorProto()
    tensor.name, tensor.data_type = "w", TensorProto.FLOAT
    tensor.dims.extend(dims)
    tensor.raw_data = b"\x00" * 64
    return _model(
        [helper.make_node("MatMul", ["input", "w"], ["output"], name="mm")], [tensor, _w("b", (2,))]
    )


def _external() -> bytes:
    tensor = _w("w", (3, 2))
    tensor.ClearField("raw_data")
    tensor.data_location = TensorProto.EXTERNAL
    entry = tensor.external_data.add()
    entry.key, entry.value = "location", "weights.bin"
    return _model([helper.make_node("MatMul", ["input", "w"], ["output"], name="mm")], [tensor])


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        out.append((n & 0x7F) | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


ONNX_CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "empty": (lambda: b"", "no graph"),
    "garbage": (lambda: b"\xff\xff\xff\xff garbage", "not a readable ONNX model"),
    "truncated half": (lambda: _good()[: len(_good()) // 2], "truncated"),
    "truncated last byte": (lambda: _good()[:-1], "not a readable ONNX model"),
    "a length past the end": (
        lambda: b"\x08\x08\x3a" + _varint(4 << 30) + b"\x00" * 32,
        "declares 4,294,967,296 bytes but only 32 follow",
    ),
    "a cycle": (
        lambda: _model(
            [
                helper.make_node("Gemm", ["input", "w", "b"], ["z"], name="fc"),
                helper.make_node("Add", ["z", "loop"], ["y"], name="add"),
                helper.make_node("Relu", ["y"], ["loop"], name="relu"),
                helper.make_node("Identity", ["loop"], ["output"], name="out"),
            ],
            [_w("w", (3, 2)), _w("b", (2,))],
        ),
        "the graph has a cycle (through 'Add' at node 1 ('add'))",
    ),
    "a cycle after a node outside it": (
        lambda: _model(
            [
                helper.make_node("Identity", ["loop"], ["output"], name="out"),
                helper.make_node("Gemm", ["input", "w", "b"], ["z"], name="fc"),
                helper.make_node("Add", ["z", "loop"], ["y"], name="add"),
                helper.make_node("Relu", ["y"], ["loop"], name="relu"),
            ],
            [_w("w", (3, 2)), _w("b", (2,))],
        ),
        "the graph has a cycle (through 'Relu' at node 3 ('relu'))",
    ),
    "a reshape to a float shape": (
        lambda: _model(
            [
                helper.make_node("Reshape", ["input", "s"], ["f"], name="r"),
                helper.make_node("MatMul", ["f", "w"], ["output"], name="mm"),
            ],
            [numpy_helper.from_array(np.array([np.nan, 3], np.float32), "s"), _w("w", (3, 2))],
        ),
        "'Reshape' at node 0 ('r'): its target shape is not whole numbers",
    ),
    "a dynamic weight": (
        lambda: _model(
            [helper.make_node("Gemm", ["input", "W", "b"], ["output"], name="fc")],
            [_w("b", (2,))],
            inputs=[
                helper.make_tensor_value_info("input", TensorProto.FLOAT, ["b", 3]),
                helper.make_tensor_value_info("W", TensorProto.FLOAT, [3, 2]),
            ],
        ),
        "takes its weights from 'W', which is not an initializer",
    ),
    "mismatched shapes": (
        lambda: _model(
            [
                helper.make_node("Gemm", ["input", "w1", "b1"], ["h"], name="fc1"),
                helper.make_node("Gemm", ["h", "w2", "b2"], ["output"], name="fc2"),
            ],
            [_w("w1", (3, 4)), _w("b1", (4,)), _w("w2", (5, 2)), _w("b2", (2,))],
        ),
        "'Gemm' at node 1 ('fc2'): its weights have shape (5, 2)",
    ),
    "a bias of the wrong size": (
        lambda: _model(
            [helper.make_node("Gemm", ["input", "w", "b"], ["output"], name="fc")],
            [_w("w", (3, 2)), _w("b", (7,))],
        ),
        "its bias has shape (7,), the layer has 2 neurons",
    ),
    "10^9 values declared in a small file": (
        lambda: _huge_initializer([1000, 1_000_000]),
        "declares shape (1000, 1000000) (1,000,000,000 values), more than nnviz reads",
    ),
    "10^7 values declared, 16 there": (
        lambda: _huge_initializer([3, 3_000_000]),
        "declares shape (3, 3000000) (9,000,000 values, 36,000,000 bytes) but holds 64 bytes",
    ),
    "opset 99": (lambda: _model([], [], opset=99), "opset 99 is newer than 23"),
    "opset 9": (lambda: _model([], [], opset=9), "opset 9 is older than 13"),
    "a Conv": (
        lambda: _model(
            [
                helper.make_node("Identity", ["input"], ["a"], name="i0"),
                helper.make_node("Identity", ["a"], ["b"], name="i1"),
                helper.make_node("Identity", ["b"], ["c"], name="i2"),
                helper.make_node("Conv", ["c", "w"], ["output"], name="conv1"),
            ],
            [_w("w", (2, 3, 1, 1))],
        ),
        "'Conv' at node 3 ('conv1'): nnviz shows fully connected networks",
    ),
    "a custom-domain operator": (
        lambda: _model([helper.make_node("Relu", ["input"], ["output"], domain="com.x")], []),
        "(domain 'com.x')",
    ),
    "external data": (_external, "keeps its data in an external file"),
    "integer weights": (
        lambda: _model(
            [helper.make_node("MatMul", ["input", "w"], ["output"], name="mm")],
            [numpy_helper.from_array(np.ones((3, 2), np.int8), "w")],
        ),
        "holds int8 values; nnviz reads float weights",
    ),
    "two activations in a row": (
        lambda: _model(
            [
                helper.make_node("Gemm", ["input", "w", "b"], ["z"], name="fc"),
                helper.make_node("Relu", ["z"], ["a"], name="r"),
                helper.make_node("Sigmoid", ["a"], ["output"], name="s"),
            ],
            [_w("w", (3, 2)), _w("b", (2,))],
        ),
        "'Sigmoid' at node 2 ('s') follows another activation",
    ),
    "a branch": (
        lambda: _model(
            [
                helper.make_node("Gemm", ["input", "w", "b"], ["z"], name="fc"),
                helper.make_node("Relu", ["input"], ["r"], name="side"),
                helper.make_node("Sigmoid", ["z"], ["output"], name="s"),
            ],
            [_w("w", (3, 2)), _w("b", (2,))],
        ),
        "does not continue the chain",
    ),
}


def _refused(path: Path, match: str, **options: object) -> str:
    before = files_in(path.parent)
    with peak_memory() as peak, pytest.raises(WeightsFileError) as caught:
        load_any_weights(path, **options)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "\n" not in message and message.startswith(f"{path.name}: "), message
    assert match in message, message
    assert files_in(path.parent) == before
    assert peak.worst < ALLOWED_PEAK, f"{path.name}: {peak}"
    return message


@pytest.mark.parametrize("case", list(ONNX_CASES))
def test_a_hostile_onnx_file_is_refused_in_one_line(tmp_path: Path, case: str) -> None:
    build, match = ONNX_CASES[case]
    path = tmp_path / "model.onnx"
    path.write_bytes(build())
    _refused(path, match)


def test_every_cut_of_a_good_model_is_refused_or_read(tmp_path: Path) -> None:
    data = _good()
    path = tmp_path / "cut.onnx"
    for end in range(len(data)):
        path.write_bytes(data[:end])
        try:
            load_any_weights(path)
        except WeightsFileError as error:
            assert "\n" not in str(error) and str(error).startswith("cut.onnx: ")
    path.write_bytes(data)
    assert load_any_weights(path).network.layer_sizes == (3, 2)


# -- safetensors --------------------------------------------------------------------------


def _safetensors(tensors: dict[str, tuple[str, list[int], bytes]], lie: int = 0) -> bytes:
    header: dict[str, object] = {}
    data = b""
    for name, (dtype, shape, raw) in tensors.items():
        header[name] = {
            "dtype": dtype,
            "shape": shape,
            "data_offsets": [len(data), len(data) + len(raw)],
        }
        data += raw
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text) + lie) + text + data


def _f32(*shape: int) -> tuple[str, list[int], bytes]:
    return "F32", list(shape), np.ones(shape, np.float32).tobytes()


STATE_DICT = {"0.weight": _f32(4, 3), "0.bias": _f32(4), "2.weight": _f32(2, 4), "2.bias": _f32(2)}


def _lying_offsets(shape: list[int], end: int) -> bytes:
    text = json.dumps(
        {"0.weight": {"dtype": "F32", "shape": shape, "data_offsets": [0, end]}}
    ).encode()
    return struct.pack("<Q", len(text)) + text + b"\x00" * 16


SAFETENSORS_CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "a missing layer": (
        lambda: _safetensors(
            {
                **{k: v for k, v in STATE_DICT.items() if not k.startswith("2")},
                "4.weight": _f32(2, 5),
                "4.bias": _f32(2),
            }
        ),
        "'4.weight' takes 5 inputs but '0.weight' gives 4 outputs: a layer is missing",
    ),
    "a missing bias": (
        lambda: _safetensors({k: v for k, v in STATE_DICT.items() if k != "2.bias"}),
        "missing key '2.bias'",
    ),
    "a Keras kernel without its bias": (
        lambda: _safetensors(
            {"dense/kernel": _f32(3, 4), "dense/bias": _f32(4), "dense_1/kernel:0": _f32(4, 2)}
        ),
        "missing key 'dense_1/bias:0'",
    ),
    "a stray key": (
        lambda: _safetensors({**STATE_DICT, "1.running_mean": _f32(4)}),
        "unexpected key '1.running_mean'",
    ),
    "a non-float dtype": (
        lambda: _safetensors({**STATE_DICT, "0.weight": ("I64", [4, 3], b"\x00" * 96)}),
        "'0.weight' holds I64 values; nnviz reads float weights",
    ),
    "a header longer than the file": (
        lambda: _safetensors(STATE_DICT, lie=10**12),
        "its header declares 1,000,000,000,",
    ),
    "offsets past the data": (
        lambda: _lying_offsets([1000, 1000], 4_000_000),
        "lies at bytes 0 to 4,000,000 of data that is 16 bytes",
    ),
    "10^9 values declared": (
        lambda: _lying_offsets([100_000, 10_000], 4 * 10**9),
        "'0.weight' declares 1,000,000,000 values, more than nnviz reads",
    ),
    "offsets that disagree with the shape": (
        lambda: _safetensors({**STATE_DICT, "0.weight": ("F32", [4, 3], b"\x00" * 40)}),
        "declares shape (4, 3) (48 bytes of F32) but spans 40 bytes",
    ),
    "a header that is not JSON": (
        lambda: struct.pack("<Q", 4) + b"\xff{[x",
        "its header is not JSON",
    ),
    "shorter than 8 bytes": (lambda: b"\x01\x02", "shorter than its 8-byte header size"),
}


@pytest.mark.parametrize("case", list(SAFETENSORS_CASES))
def test_a_hostile_safetensors_file_is_refused_in_one_line(tmp_path: Path, case: str) -> None:
    build, match = SAFETENSORS_CASES[case]
    path = tmp_path / "model.safetensors"
    path.write_bytes(build())
    _refused(path, match, activations=["relu", "softmax"])


def test_activations_must_be_given_and_fit(tmp_path: Path) -> None:
    path = tmp_path / "sd.safetensors"
    path.write_bytes(_safetensors(STATE_DICT))
    message = _refused(path, "a 3-4-2 network whose activations the file does not say")
    assert "--activations relu softmax" in message
    with pytest.raises(NeedsActivations) as caught:
        load_any_weights(path)
    assert caught.value.layer_sizes == (3, 4, 2)
    _refused(path, "needs 2 activations, not 3", activations=["relu", "relu", "softmax"])
    _refused(path, "unknown activation 'gelu'", activations=["gelu", "softmax"])


@pytest.mark.parametrize("suffix", [".pt", ".pth", ".ckpt"])
def test_a_pickled_pytorch_file_is_never_opened(tmp_path: Path, suffix: str) -> None:
    path = tmp_path / f"model{suffix}"
    path.write_bytes(b"\x80\x04\x95 a pickle that would run code")
    message = _refused(path, "a pickled PyTorch file, and unpickling can run any code")
    assert "save_file(model.state_dict(), 'model.safetensors')" in message


def test_onnx_written_by_the_onnx_package_checker_is_what_nnviz_reads(tmp_path: Path) -> None:
    # The cases above are real ONNX: the good model passes onnx's own checker.
    onnx.checker.check_model(onnx.load_from_string(_good()))


def test_a_signalling_nan_weight_is_refused_in_words(tmp_path: Path) -> None:
    nan = np.frombuffer(b"\x01\x00\x80\x7f", dtype="<f4")  # a signalling NaN
    weights = np.ones((3, 2), np.float32)
    weights.ravel()[0] = nan[0]
    path = tmp_path / "nan.onnx"
    path.write_bytes(
        _model(
            [helper.make_node("MatMul", ["input", "w"], ["output"], name="mm")],
            [numpy_helper.from_array(weights, "w")],
        )
    )
    _refused(path, "'layer1/weight' contains a value that is not a finite number")
