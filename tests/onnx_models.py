"""ONNX models built with the ``onnx`` helper API, as other tools write them (no torch).

``mlp_model`` writes what ``torch.onnx.export`` writes for an ``nn.Sequential`` of
``nn.Flatten``, ``nn.Linear`` and activations (``Gemm`` with ``transB=1`` and weights
``(out, in)``), or the ``MatMul`` + ``Add`` form other exporters use, or ``Gemm`` without
``transB``. It returns the model and the weights in nnviz's ``(n_in, n_out)`` layout.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import onnx
import onnxruntime
from onnx import TensorProto, helper, numpy_helper

OPS = {
    "relu": "Relu",
    "leaky_relu": "LeakyRelu",
    "sigmoid": "Sigmoid",
    "tanh": "Tanh",
    "softmax": "Softmax",
    "identity": "Identity",
}


def mlp_model(
    sizes: Sequence[int],
    activations: Sequence[str | None],
    style: str = "torch",
    flatten: str | None = None,
    input_shape: Sequence[int | str] | None = None,
    opset: int = 17,
    seed: int = 0,
    given: tuple[Sequence[np.ndarray], Sequence[np.ndarray]] | None = None,
) -> tuple[onnx.ModelProto, list[np.ndarray], list[np.ndarray]]:
    """Return an MLP as ONNX, and its weights (n_in, n_out) and biases.

    Parameters
    ----------
    style : {"torch", "gemm", "matmul"}
        ``Gemm`` with ``transB=1`` (PyTorch), ``Gemm`` with (n_in, n_out) weights, or
        ``MatMul`` then ``Add``.
    flatten : {None, "flatten", "reshape"}
        A leading ``Flatten`` or ``Reshape`` to (batch, n).
    activations : an activation name per layer, or None for no activation node.
    given : (weights (n_in, n_out), biases), optional
        The values to write (rounded to float32); random ones by default.
    """
    rng = np.random.default_rng(seed)
    nodes: list[onnx.NodeProto] = []
    inits: list[onnx.TensorProto] = []
    current = "input"
    if flatten == "flatten":
        nodes.append(helper.make_node("Flatten", [current], ["flat"], name="/0/Flatten", axis=1))
        current = "flat"
    elif flatten == "reshape":
        inits.append(numpy_helper.from_array(np.array([-1, sizes[0]], np.int64), "shape"))
        nodes.append(helper.make_node("Reshape", [current, "shape"], ["flat"], name="/Reshape"))
        current = "flat"
    weights, biases = [], []
    for i, (n_in, n_out) in enumerate(itertools.pairwise(sizes)):
        if given is None:
            w = rng.normal(0, 1 / np.sqrt(n_in), (n_in, n_out)).astype(np.float32)
            b = rng.normal(0, 0.1, n_out).astype(np.float32)
        else:
            w, b = given[0][i].astype(np.float32), given[1][i].astype(np.float32)
        weights.append(w.astype(np.float64))
        biases.append(b.astype(np.float64))
        z = f"z{i}"
        if style == "torch":
            inits += [
                numpy_helper.from_array(np.ascontiguousarray(w.T), f"{2 * i}.weight"),
                numpy_helper.from_array(b, f"{2 * i}.bias"),
            ]
            nodes.append(
                helper.make_node(
                    "Gemm",
                    [current, f"{2 * i}.weight", f"{2 * i}.bias"],
                    [z],
                    name=f"/{2 * i}/Gemm",
                    alpha=1.0,
                    beta=1.0,
                    transB=1,
                )
            )
        elif style == "gemm":
            inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
            nodes.append(helper.make_node("Gemm", [current, f"w{i}", f"b{i}"], [z], name=f"g{i}"))
        else:
            inits += [numpy_helper.from_array(w, f"w{i}"), numpy_helper.from_array(b, f"b{i}")]
            nodes.append(helper.make_node("MatMul", [current, f"w{i}"], [f"m{i}"], name=f"mm{i}"))
            nodes.append(helper.make_node("Add", [f"m{i}", f"b{i}"], [z], name=f"add{i}"))
        current = z
        name = activations[i]
        if name is not None:
            out = f"a{i}"
            nodes.append(helper.make_node(OPS[name], [current], [out], name=f"act{i}"))
            current = out
    nodes.append(helper.make_node("Identity", [current], ["output"], name="out"))
    shape = list(input_shape) if input_shape is not None else ["batch", sizes[0]]
    graph = helper.make_graph(
        nodes,
        "mlp",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, shape)],
        [helper.make_tensor_value_info("output", TensorProto.FLOAT, ["batch", sizes[-1]])],
        initializer=inits,
    )
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", opset)], producer_name="pytorch"
    )
    model.ir_version = 8
    return model, weights, biases


def run_onnxruntime(model: onnx.ModelProto, inputs: np.ndarray) -> np.ndarray:
    """The model's output for ``inputs`` as onnxruntime computes it."""
    session = onnxruntime.InferenceSession(
        model.SerializeToString(), providers=["CPUExecutionProvider"]
    )
    return np.asarray(session.run(["output"], {"input": inputs.astype(np.float32)})[0])
