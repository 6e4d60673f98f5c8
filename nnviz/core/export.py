"""Export a network for other tools: ONNX, safetensors, and nnviz's own npz and JSON.

- ``.onnx``: one ``Gemm`` per layer (weights stored (n_in, n_out), so no ``transB``) and
  its activation, as each activation writes itself (:meth:`Activation.onnx`: ``Relu``,
  ``Sigmoid``, ``Tanh``, ``Softmax``, ``Identity``; square as ``Mul``; step as
  ``GreaterOrEqual`` then ``Cast``), opset 17, float32, input ``input`` of shape
  (batch, n_0) with a dynamic batch dimension, output ``output`` (batch, n_L).
  nnviz's ``meta`` JSON is kept in the model's metadata under ``nnviz_meta``.
- ``.safetensors``: the arrays under the weights-file keys (``layer1/weight`` …), readable
  with ``safetensors.numpy`` (no torch needed); ``meta`` JSON in the header metadata under
  ``nnviz_meta``.
- ``.npz`` and ``.json``: nnviz's public weights format (:mod:`nnviz.core.weights_io`).

ONNX and safetensors need the optional packages of ``pip install "nnviz[export]"``; without
them :class:`ExportError` says so in one line. Every file is written atomically.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, BinaryIO

import numpy as np

from nnviz import __version__
from nnviz.core.activations import get_activation
from nnviz.core.fileio import atomic_write
from nnviz.core.network import Network
from nnviz.core.neuron_activations import column_groups
from nnviz.core.weights_io import network_arrays, network_meta, save_weights

ONNX_OPSET = 17
#: ONNX IR version 8 goes with opset 17; onnxruntime releases read it.
ONNX_IR_VERSION = 8
EXPORT_SUFFIXES = (".onnx", ".safetensors", ".npz", ".json")
_INSTALL_HINT = 'install the export extra: pip install "nnviz[export]"'


class ExportError(ValueError):
    """An export nnviz cannot do; ``str()`` is one line saying why and what to do."""


def export_format(path: str | os.PathLike[str]) -> str:
    """Return the format of ``path`` by its suffix: ``onnx``, ``safetensors``, ``npz``, ``json``.

    Raises
    ------
    ExportError
        If the suffix is none of those.
    """
    suffix = Path(path).suffix.lower()
    if suffix not in EXPORT_SUFFIXES:
        raise ExportError(
            f"{Path(path).name}: exports end in {', '.join(EXPORT_SUFFIXES)}, "
            f"not {suffix or 'nothing'!r}"
        )
    return suffix[1:]


def export_network(
    path: str | os.PathLike[str],
    network: Network,
    meta: dict[str, Any] | None = None,
    dtype: str | None = None,
) -> str:
    """Write ``network`` to ``path`` in the format its suffix names, atomically.

    Parameters
    ----------
    path : str or os.PathLike
        Ends in ``.onnx``, ``.safetensors``, ``.npz`` or ``.json``.
    network : Network
    meta : dict, optional
        Extra ``meta`` fields to keep (title, training recipe …).
    dtype : {"float32", "float64"}, optional
        Stored precision. Default: float32 for ONNX (its only choice here) and
        safetensors, float64 for npz. JSON always writes exact decimal numbers.

    Returns
    -------
    str
        The format written.

    Raises
    ------
    ExportError
        For an unknown suffix or dtype, float64 ONNX, or a missing optional package.
    OSError
        If the file cannot be written (an existing file is left untouched).
    """
    kind = export_format(path)
    if dtype not in (None, "float32", "float64"):
        raise ExportError(f"unknown dtype {dtype!r} (float32 or float64)")
    extra = {key: value for key, value in (meta or {}).items()}
    if kind == "onnx":
        if dtype == "float64":
            raise ExportError("ONNX export is float32 (what ONNX runtimes expect)")
        data = onnx_model_bytes(network, extra)
        _write_bytes(path, data)
    elif kind == "safetensors":
        data = safetensors_bytes(network, extra, np.float64 if dtype == "float64" else np.float32)
        _write_bytes(path, data)
    else:
        save_weights(path, network, extra, dtype=np.float32 if dtype == "float32" else np.float64)
    return kind


def onnx_model_bytes(network: Network, meta: dict[str, Any] | None = None) -> bytes:
    """Return ``network`` as a serialised ONNX model (see the module docstring).

    Raises
    ------
    ExportError
        If the ``onnx`` package is not installed.
    """
    try:
        import onnx
        from onnx import TensorProto, helper, numpy_helper
    except ImportError:
        raise ExportError(f"exporting to ONNX needs the 'onnx' package: {_INSTALL_HINT}") from None

    graph_parts = _OnnxGraph(helper, numpy_helper, TensorProto.FLOAT)
    current = "input"
    n_layers = len(network.weights)
    for i, (w, b, name) in enumerate(
        zip(network.weights, network.biases, network.activations, strict=True), start=1
    ):
        weight, bias = f"layer{i}/weight", f"layer{i}/bias"
        graph_parts.initializers.append(numpy_helper.from_array(w.astype(np.float32), weight))
        graph_parts.initializers.append(numpy_helper.from_array(b.astype(np.float32), bias))
        z = f"layer{i}/weighted_sum"
        graph_parts.node("Gemm", [current, weight, bias], [z], f"layer{i}/gemm")
        out = "output" if i == n_layers else f"layer{i}/activation"
        if network.is_mixed(i):
            _mixed_onnx(graph_parts, numpy_helper, network.layer_activation_names(i), z, out, i)
        else:
            get_activation(name).onnx(graph_parts, z, out, f"layer{i}")
        current = out
    nodes, initializers = graph_parts.nodes, graph_parts.initializers
    graph = helper.make_graph(
        nodes,
        "nnviz",
        [helper.make_tensor_value_info("input", TensorProto.FLOAT, ["batch", network.input_size])],
        [
            helper.make_tensor_value_info(
                "output", TensorProto.FLOAT, ["batch", network.output_size]
            )
        ],
        initializer=initializers,
    )
    model = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid("", ONNX_OPSET)],
        producer_name="nnviz",
        producer_version=__version__,
        ir_version=ONNX_IR_VERSION,
        doc_string=(
            f"{'-'.join(map(str, network.layer_sizes))} network exported by nnviz; "
            "each layer is f(x @ W + b). MNIST networks take pixel / 255, flattened row by row."
        ),
    )
    helper.set_model_props(model, {"nnviz_meta": json.dumps(network_meta(network, meta))})
    onnx.checker.check_model(model)
    return bytes(model.SerializeToString())


class _OnnxGraph:
    """The nodes and initializers of a graph being built (what an activation writes into;
    see :class:`nnviz.core.activation.OnnxGraph`)."""

    def __init__(self, helper: Any, numpy_helper: Any, float_type: int) -> None:
        self._helper = helper
        self._numpy_helper = numpy_helper
        self.FLOAT = float_type
        self.nodes: list[Any] = []
        self.initializers: list[Any] = []

    def node(
        self, op: str, inputs: list[str], outputs: list[str], name: str, **attributes: object
    ) -> None:
        self.nodes.append(self._helper.make_node(op, inputs, outputs, name=name, **attributes))

    def constant(self, name: str, value: float) -> str:
        self.initializers.append(
            self._numpy_helper.from_array(np.array(value, dtype=np.float32), name)
        )
        return name


def _mixed_onnx(
    graph: _OnnxGraph, numpy_helper: Any, names: tuple[str, ...], z: str, out: str, layer: int
) -> None:
    """A layer whose neurons have their own activations: each group's activation of the
    whole layer, merged column by column with ``Where`` and a constant boolean mask."""
    groups = column_groups(names)
    if len(groups) == 1:  # every neuron overrides the layer's with the same activation
        groups[0][0].onnx(graph, z, out, f"layer{layer}")
        return
    merged = ""
    for g, (activation, cols) in enumerate(groups):
        prefix = f"layer{layer}/group{g}"
        part = f"{prefix}/{activation.name}"
        activation.onnx(graph, z, part, prefix)
        if not merged:
            merged = part
            continue
        mask = np.zeros(len(names), dtype=np.bool_)
        mask[cols] = True
        graph.initializers.append(numpy_helper.from_array(mask, f"{prefix}/mask"))
        target = out if g == len(groups) - 1 else f"{prefix}/merged"
        graph.node("Where", [f"{prefix}/mask", part, merged], [target], f"{prefix}/where")
        merged = target


def safetensors_bytes(
    network: Network, meta: dict[str, Any] | None = None, dtype: type = np.float32
) -> bytes:
    """Return ``network`` in the safetensors format (see the module docstring).

    Raises
    ------
    ExportError
        If the ``safetensors`` package is not installed.
    """
    try:
        from safetensors.numpy import save
    except ImportError:
        raise ExportError(
            f"exporting to safetensors needs the 'safetensors' package: {_INSTALL_HINT}"
        ) from None
    arrays = {key: np.ascontiguousarray(a) for key, a in network_arrays(network, dtype).items()}
    return bytes(save(arrays, metadata={"nnviz_meta": json.dumps(network_meta(network, meta))}))


def _write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    def write(handle: BinaryIO) -> None:
        handle.write(data)

    atomic_write(path, write)
