"""Networks made elsewhere, read without their frameworks: ONNX and safetensors.

- :func:`read_onnx`: a fully connected ONNX graph (:mod:`~nnviz.core.imports.onnx_graph`),
  parsed with bounded memory (:mod:`~nnviz.core.imports.onnx_model`); nnviz's own exports
  (which carry ``nnviz_meta``) keep their activations, loss and texts.
- :func:`read_safetensors`: an ``nn.Sequential`` state dict, given its activations
  (:class:`NeedsActivations` says how many when they are not given), or nnviz's own export.
- A pickled PyTorch file (``.pt``, ``.pth``, ``.ckpt``, ``.bin``) is never opened:
  :func:`refuse_pickle` says why and how to save with safetensors instead.

Every function returns a :class:`~nnviz.core.weights_io.WeightsFile` whose network passed
the same checks as a weights file's, or raises :class:`WeightsFileError` (one line, the
file not yet named: :func:`nnviz.core.weights_import.load_any_weights` names it).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.core.activations import ACTIVATION_NAMES
from nnviz.core.fileio import read_bytes
from nnviz.core.imports.onnx_graph import read_layers
from nnviz.core.imports.onnx_model import parse_model
from nnviz.core.imports.onnx_tensor import OnnxFileError
from nnviz.core.imports.safetensors_file import (
    SafetensorsError,
    read_header,
    read_tensors,
    sequential_layout,
)
from nnviz.core.network import Network
from nnviz.core.weights_io import WeightsFile, WeightsFileError, parse_weights_document

#: Largest ONNX file read: a 50-million-parameter network in float64 with room to spare.
MAX_ONNX_BYTES = 1 << 30
_OWN_KEY = re.compile(r"^layer\d+/(weight|bias)$")
PICKLE_SUFFIXES = (".pt", ".pth", ".ckpt", ".bin", ".pkl")
MNIST_IMAGE = (28, 28)
DIGITS = [str(d) for d in range(10)]
SAVE_WITH_SAFETENSORS = (
    "from safetensors.torch import save_file; save_file(model.state_dict(), 'model.safetensors')"
)


class NeedsActivations(WeightsFileError):
    """A safetensors state dict read without its activations (they are not in it).

    ``layer_sizes`` is the network's shape, so a dialog can offer one choice per layer.
    """

    def __init__(self, message: str, layer_sizes: tuple[int, ...]) -> None:
        super().__init__(message)
        self.layer_sizes = layer_sizes


def refuse_pickle(path: str | os.PathLike[str]) -> WeightsFileError:
    """The refusal of a pickled PyTorch file, saying why and what to do instead."""
    return WeightsFileError(
        f"{Path(path).name}: a pickled PyTorch file, and unpickling can run any code, so "
        f"nnviz never opens one; save the weights with safetensors instead: "
        f"{SAVE_WITH_SAFETENSORS}"
    )


def default_loss(activations: Sequence[str], n_outputs: int) -> str:
    """The loss a network made elsewhere is trained with in nnviz (it names none): cross-
    entropy after softmax, binary cross-entropy after one sigmoid, else squared error."""
    if activations[-1] == "softmax":
        return "cross_entropy"
    if activations[-1] == "sigmoid" and n_outputs == 1:
        return "binary_cross_entropy"
    return "mse"


def foreign_meta(
    name: str, network: Network, kind: str, input_shape: tuple[int, ...] | None
) -> dict[str, Any]:
    """The ``meta`` of a network read from another tool's file: a title, a description,
    and MNIST's image shape and digit labels when the shapes say MNIST."""
    shape = "-".join(map(str, network.layer_sizes))
    meta: dict[str, Any] = {
        "title": f"{name} ({kind})",
        "description": (
            f"A {shape} network read from {name}, made outside nnviz: "
            f"{', '.join(network.activations)}; trained here with {network.loss}."
        ),
        "imported_from": kind,
    }
    image = None
    if input_shape is not None:
        spatial = tuple(n for n in input_shape if n != 1)
        if len(spatial) == 2 and spatial[0] * spatial[1] == network.input_size:
            image = spatial
    if image is None and network.input_size == MNIST_IMAGE[0] * MNIST_IMAGE[1]:
        image = MNIST_IMAGE
    if image is not None:
        meta["input_image_shape"] = list(image)
        if image == MNIST_IMAGE and network.output_size == len(DIGITS):
            # MNIST's shapes: digit labels, and the first test image (a 7) as the input.
            meta["output_labels"] = DIGITS
            meta["input_from"] = {"dataset": "mnist", "split": "test", "index": 0}
    return meta


def _network(
    weights: Sequence[np.ndarray], biases: Sequence[np.ndarray], activations: Sequence[str]
) -> Network:
    sizes = (weights[0].shape[0], *(w.shape[1] for w in weights))
    document: dict[str, Any] = {
        "meta": {
            "format": "nnviz",
            "version": 1,
            "layer_sizes": list(sizes),
            "activations": list(activations),
            "loss": default_loss(activations, sizes[-1]),
        }
    }
    for i, (w, b) in enumerate(zip(weights, biases, strict=True), start=1):
        document[f"layer{i}/weight"] = w
        document[f"layer{i}/bias"] = b
    return parse_weights_document(document).network


def _own_export(meta_text: str, arrays: dict[str, np.ndarray]) -> WeightsFile:
    try:
        meta = json.loads(meta_text)
    except (ValueError, RecursionError):
        raise WeightsFileError("its 'nnviz_meta' is not valid JSON") from None
    if not isinstance(meta, dict):
        raise WeightsFileError("its 'nnviz_meta' is not a JSON object")
    return parse_weights_document({"meta": meta, **arrays})


def read_onnx(path: str | os.PathLike[str]) -> WeightsFile:
    """Read an ONNX model as an nnviz network (see the module docstring).

    Raises
    ------
    WeightsFileError
        One line (the file not named).
    OSError
        If the file cannot be read.
    """
    source = Path(path)
    try:
        model = parse_model(read_bytes(source, MAX_ONNX_BYTES))
        meta_text = model.metadata.get("nnviz_meta")
        if meta_text is not None:
            arrays = {
                name: tensor.to_array()
                for name, tensor in model.graph.initializers.items()
                if _OWN_KEY.match(name)
            }
            return _own_export(meta_text, arrays)
        layers = read_layers(model)
        network = _network(layers.weights, layers.biases, layers.activations)
    except OnnxFileError as error:
        raise WeightsFileError(str(error)) from None
    except ValueError as error:
        if isinstance(error, WeightsFileError):
            raise
        raise WeightsFileError(str(error)) from None
    return WeightsFile(network, foreign_meta(source.name, network, "ONNX", layers.input_shape))


def read_safetensors(
    path: str | os.PathLike[str], activations: Sequence[str] | None = None
) -> WeightsFile:
    """Read a safetensors file: nnviz's own export, or an ``nn.Sequential`` state dict
    with ``activations`` (one per Linear layer).

    Raises
    ------
    NeedsActivations
        A state dict given no activations (its ``layer_sizes`` say how many it needs).
    WeightsFileError
        One line (the file not named).
    OSError
        If the file cannot be read.
    """
    source = Path(path)
    try:
        header = read_header(source)
        meta_text = header.metadata.get("nnviz_meta")
        if meta_text is not None and activations is None:
            return _own_export(meta_text, read_tensors(source, header))
        layout = sequential_layout(header)
        n_layers = len(layout.layer_sizes) - 1
        shape = "-".join(map(str, layout.layer_sizes))
        if activations is None:
            raise NeedsActivations(
                f"a {shape} network whose activations the file does not say: give "
                f"{n_layers} (--activations {' '.join(['relu'] * (n_layers - 1) + ['softmax'])})",
                layout.layer_sizes,
            )
        if len(activations) != n_layers:
            raise WeightsFileError(
                f"a {shape} network has {n_layers} layers, so it needs {n_layers} activations, "
                f"not {len(activations)}"
            )
        for name in activations:
            if name not in ACTIVATION_NAMES:
                raise WeightsFileError(
                    f"unknown activation {name!r} (known: {', '.join(ACTIVATION_NAMES)})"
                )
        arrays = read_tensors(source, header)
    except SafetensorsError as error:
        raise WeightsFileError(str(error)) from None
    # PyTorch's (out, in) → nnviz's (n_in, n_out); Keras kernels are (in, out) already.
    weights = [arrays[key].T if layout.transposed else arrays[key] for key in layout.weight_keys]
    biases = [arrays[key] for key in layout.bias_keys]
    network = _network(weights, biases, activations)
    return WeightsFile(network, foreign_meta(source.name, network, "safetensors", None))
