"""Read back every format nnviz exports: npz, JSON, and (with the export extra) ONNX and
safetensors.

The npz and JSON forms are nnviz's own weights files (:func:`~nnviz.core.weights_io.load_weights`).
A ``.safetensors`` or ``.onnx`` file is read back when nnviz wrote it: both carry the
weights under the weights-file keys (``layer1/weight`` …) and nnviz's ``meta`` JSON under
``nnviz_meta``, which says the activations and the loss; the arrays then pass the very
checks a weights file does. Anything else is refused with one line naming the file.
"""

from __future__ import annotations

import importlib.util
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.core.fileio import describe_os_error
from nnviz.core.weights_io import (
    MAX_JSON_BYTES,
    WeightsFile,
    WeightsFileError,
    load_weights,
    parse_weights_document,
)

IMPORT_SUFFIXES = (".npz", ".json", ".safetensors", ".onnx")
_INSTALL_HINT = 'install the export extra: pip install "nnviz[export]"'


def extra_installed() -> bool:
    """Whether ONNX and safetensors can be written and read (the ``export`` extra)."""
    return all(importlib.util.find_spec(name) is not None for name in ("onnx", "safetensors"))


def load_any_weights(path: str | os.PathLike[str]) -> WeightsFile:
    """Read a weights file in any format nnviz exports (by its suffix).

    Raises
    ------
    WeightsFileError
        One line naming the file and the problem (unknown suffix, missing package,
        not written by nnviz, corrupt, or refused by the weights-file checks).
    """
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix in (".npz", ".json"):
        return load_weights(source)
    if suffix not in IMPORT_SUFFIXES:
        raise WeightsFileError(
            f"{source.name}: nnviz reads weights from {', '.join(IMPORT_SUFFIXES)} files"
        )
    try:
        size = source.stat().st_size
        if size > MAX_JSON_BYTES:
            raise WeightsFileError(f"the file is {size:,} bytes, more than nnviz reads")
        meta, arrays = _read_safetensors(source) if suffix == ".safetensors" else _read_onnx(source)
        return parse_weights_document({"meta": meta, **arrays})
    except WeightsFileError as error:
        raise WeightsFileError(f"{source.name}: {error}") from None
    except OSError as error:
        raise WeightsFileError(
            f"{source.name}: cannot be read ({describe_os_error(error)})"
        ) from None


def _meta(text: str | None) -> dict[str, Any]:
    if text is None:
        raise WeightsFileError(
            "it was not written by nnviz (no 'nnviz_meta'), so its activations are unknown"
        )
    try:
        meta = json.loads(text)
    except (ValueError, RecursionError):
        raise WeightsFileError("its 'nnviz_meta' is not valid JSON") from None
    if not isinstance(meta, dict):
        raise WeightsFileError("its 'nnviz_meta' is not a JSON object")
    return meta


def _read_safetensors(source: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        from safetensors import SafetensorError, safe_open
    except ImportError:
        raise WeightsFileError(
            f"reading safetensors needs the 'safetensors' package: {_INSTALL_HINT}"
        ) from None
    try:
        with safe_open(str(source), framework="np") as handle:
            metadata = handle.metadata() or {}
            arrays = {key: np.array(handle.get_tensor(key)) for key in handle.keys()}  # noqa: SIM118
    except (SafetensorError, ValueError) as error:
        raise WeightsFileError(
            f"not a readable safetensors file ({str(error).splitlines()[0]})"
        ) from None
    return _meta(metadata.get("nnviz_meta")), arrays


def _read_onnx(source: Path) -> tuple[dict[str, Any], dict[str, Any]]:
    try:
        import onnx
        from onnx import numpy_helper
    except ImportError:
        raise WeightsFileError(f"reading ONNX needs the 'onnx' package: {_INSTALL_HINT}") from None
    try:
        model = onnx.load_model(str(source), load_external_data=False)
    except Exception as error:  # protobuf raises its own DecodeError
        reason = str(error).splitlines()[0] if str(error) else type(error).__name__
        raise WeightsFileError(f"not a readable ONNX model ({reason})") from None
    props = {prop.key: prop.value for prop in model.metadata_props}
    meta = _meta(props.get("nnviz_meta"))
    arrays = {}
    for tensor in model.graph.initializer:
        name = tensor.name
        if name.endswith(("/weight", "/bias")):
            arrays[name] = numpy_helper.to_array(tensor)
    return meta, arrays
