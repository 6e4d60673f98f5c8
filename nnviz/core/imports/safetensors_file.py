"""Read safetensors files without torch, with every size checked before any data is read.

The format: 8 bytes (little-endian u64) giving the header's length N, N bytes of JSON
``{"name": {"dtype": "F32", "shape": [out, in], "data_offsets": [begin, end]}, …,
"__metadata__": {str: str}}``, then the data, each tensor's bytes at its offsets from the
end of the header. :func:`read_header` checks the header against the file's real size
(offsets inside the data, ``end - begin`` equal to the shape's bytes, float dtypes only)
and :func:`read_tensors` then reads exactly those bytes, one tensor at a time.

:func:`sequential_layers` reads an ``nn.Sequential``'s state dict (``0.weight`` of shape
``(out, in)``, ``0.bias``, ``2.weight`` …; any common prefix such as ``net.``) into
nnviz's ``(n_in, n_out)`` weights.
"""

from __future__ import annotations

import json
import math
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from nnviz.core.types import FloatArray

#: Largest header read (the safetensors library's own limit is 100 MB).
MAX_HEADER_BYTES = 100_000_000
MAX_TENSORS = 10_000
MAX_TENSOR_ELEMENTS = 50_000_000
FLOAT_DTYPES: dict[str, np.dtype[Any]] = {
    "F16": np.dtype("<f2"),
    "F32": np.dtype("<f4"),
    "F64": np.dtype("<f8"),
}
#: bfloat16 is read as the upper half of a float32.
BF16 = "BF16"
_KEY = re.compile(r"^(?P<prefix>.*?)(?P<index>\d+)\.(?P<part>weight|bias)$")
#: Keras Dense layers: ``dense/kernel`` (in, out), ``dense/bias``, ``dense_1/kernel`` …
#: (Keras 3's variable paths, or Keras 2's weight names with ``:0``).
_KERAS_KEY = re.compile(r"^(?P<prefix>.*?)(?:_(?P<index>\d+))?[/.](?P<part>kernel|bias)(?::0)?$")


class SafetensorsError(ValueError):
    """A safetensors file nnviz refuses; ``str()`` is one line saying why."""


@dataclass(frozen=True)
class TensorEntry:
    """One tensor of the header: its dtype name, shape and place in the data."""

    name: str
    dtype: str
    shape: tuple[int, ...]
    begin: int
    end: int


@dataclass(frozen=True)
class Header:
    """A checked header: the tensors by name, the metadata, where the data starts."""

    tensors: dict[str, TensorEntry]
    metadata: dict[str, str]
    data_start: int


def read_header(path: str | os.PathLike[str]) -> Header:
    """Read and check a safetensors file's header (no tensor data is read).

    Raises
    ------
    SafetensorsError
        For a file too short, a header longer than the file, invalid JSON, an entry
        that is not a tensor, a dtype that is not a float, offsets outside the data or
        sizes that disagree with the shape.
    OSError
        If the file cannot be read.
    """
    with Path(path).open("rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        prefix = handle.read(8)
        if len(prefix) < 8:
            raise SafetensorsError("not a safetensors file (shorter than its 8-byte header size)")
        length = int.from_bytes(prefix, "little")
        if length > min(MAX_HEADER_BYTES, size - 8):
            raise SafetensorsError(
                f"its header declares {length:,} bytes but the file holds {size - 8:,} after "
                "the size (truncated, or sizes that lie)"
            )
        text = handle.read(length)
    try:
        header = json.loads(text.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise SafetensorsError("not a safetensors file (its header is not JSON)") from None
    if not isinstance(header, dict):
        raise SafetensorsError("not a safetensors file (its header is not a JSON object)")
    metadata = header.pop("__metadata__", None) or {}
    if not isinstance(metadata, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in metadata.items()
    ):
        raise SafetensorsError("its '__metadata__' must map text to text")
    if len(header) > MAX_TENSORS:
        raise SafetensorsError(f"it holds more than {MAX_TENSORS:,} tensors")
    data_size = size - 8 - length
    tensors = {name: _entry(name, value, data_size) for name, value in header.items()}
    return Header(tensors, metadata, 8 + length)


def _entry(name: str, value: Any, data_size: int) -> TensorEntry:
    if not isinstance(value, dict):
        raise SafetensorsError(f"{name!r} is not a tensor entry")
    dtype, shape, offsets = value.get("dtype"), value.get("shape"), value.get("data_offsets")
    if not isinstance(dtype, str):
        raise SafetensorsError(f"{name!r} has no dtype")
    if dtype not in FLOAT_DTYPES and dtype != BF16:
        raise SafetensorsError(f"{name!r} holds {dtype} values; nnviz reads float weights")
    if not isinstance(shape, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape
    ):
        raise SafetensorsError(f"{name!r} has no valid shape")
    if (
        not isinstance(offsets, list)
        or len(offsets) != 2
        or not all(isinstance(n, int) and not isinstance(n, bool) for n in offsets)
    ):
        raise SafetensorsError(f"{name!r} has no valid data offsets")
    begin, end = offsets
    count = math.prod(shape)
    if count > MAX_TENSOR_ELEMENTS:
        raise SafetensorsError(
            f"{name!r} declares {count:,} values, more than nnviz reads ({MAX_TENSOR_ELEMENTS:,})"
        )
    itemsize = 2 if dtype == BF16 else FLOAT_DTYPES[dtype].itemsize
    if not 0 <= begin <= end <= data_size:
        raise SafetensorsError(
            f"{name!r} lies at bytes {begin:,} to {end:,} of data that is {data_size:,} bytes "
            "long (truncated, or sizes that lie)"
        )
    if end - begin != count * itemsize:
        raise SafetensorsError(
            f"{name!r} declares shape {tuple(shape)} ({count * itemsize:,} bytes of {dtype}) "
            f"but spans {end - begin:,} bytes"
        )
    return TensorEntry(name, dtype, tuple(shape), begin, end)


def read_tensors(path: str | os.PathLike[str], header: Header) -> dict[str, FloatArray]:
    """Read every tensor of a checked header as float64.

    Raises
    ------
    SafetensorsError
        If the file changed under nnviz (shorter than its header said).
    """
    arrays: dict[str, FloatArray] = {}
    with Path(path).open("rb") as handle:
        for entry in header.tensors.values():
            handle.seek(header.data_start + entry.begin)
            data = handle.read(entry.end - entry.begin)
            if len(data) != entry.end - entry.begin:
                raise SafetensorsError(f"{entry.name!r} is cut short (the file is truncated)")
            if entry.dtype == BF16:
                bits = np.frombuffer(data, dtype="<u2").astype(np.uint32) << 16
                values = bits.view(np.float32)
            else:
                values = np.frombuffer(data, dtype=FLOAT_DTYPES[entry.dtype])
            with np.errstate(invalid="ignore"):  # a signalling NaN; refused later, in words
                arrays[entry.name] = values.astype(np.float64).reshape(entry.shape)
    return arrays


@dataclass(frozen=True)
class SequentialLayout:
    """The Linear layers of a state dict, in order: their keys and nnviz sizes."""

    weight_keys: tuple[str, ...]
    bias_keys: tuple[str, ...]
    layer_sizes: tuple[int, ...]
    #: Whether the weights are stored (out, in) (PyTorch), else (in, out) (Keras).
    transposed: bool = True


def sequential_layout(header: Header) -> SequentialLayout:
    """Find an ``nn.Sequential``'s Linear layers in a header's keys and check they chain
    (or a Keras model's Dense layers, when the keys name kernels).

    Raises
    ------
    SafetensorsError
        For a key that is not a layer's weight or bias, a weight without its bias (or the
        reverse), a weight that is not 2-D, or a layer whose inputs do not match the
        outputs of the one before (a layer is missing).
    """
    keras = any(_KERAS_KEY.match(name) and "kernel" in name for name in header.tensors)
    pattern, weight_part = (_KERAS_KEY, "kernel") if keras else (_KEY, "weight")
    layers: dict[int, dict[str, str]] = {}
    prefixes = set()
    for name in header.tensors:
        match = pattern.match(name)
        if match is None:
            expected = (
                "Keras Dense layers: dense/kernel, dense/bias, dense_1/kernel …"
                if keras
                else "an nn.Sequential of nn.Linear layers: 0.weight, 0.bias, 2.weight …"
            )
            raise SafetensorsError(f"unexpected key {name!r} (nnviz reads {expected})")
        prefixes.add(match["prefix"])
        part = "weight" if match["part"] == weight_part else "bias"
        layers.setdefault(int(match["index"] or 0), {})[part] = name
    if not layers:
        raise SafetensorsError("it holds no layers (no 0.weight, 0.bias …)")
    if len(prefixes) > 1:
        first, second = sorted(prefixes)[:2]
        raise SafetensorsError(f"its keys start with both {first!r} and {second!r}")
    weight_keys: list[str] = []
    bias_keys: list[str] = []
    sizes: list[int] = []
    for index in sorted(layers):
        parts = layers[index]
        for part in ("weight", "bias"):
            if part not in parts:
                other = parts["bias" if part == "weight" else "weight"]
                found = "bias" if part == "weight" else ("kernel" if keras else "weight")
                wanted = weight_part if part == "weight" else "bias"
                missing = re.sub(rf"{found}(?=(:0)?$)", wanted, other)
                raise SafetensorsError(
                    f"missing key {missing!r} (a layer needs a weight and a bias)"
                )
        weight = header.tensors[parts["weight"]]
        bias = header.tensors[parts["bias"]]
        if len(weight.shape) != 2:
            kind = "a Dense kernel is (in, out)" if keras else "an nn.Linear weight is (out, in)"
            raise SafetensorsError(f"{weight.name!r} has shape {weight.shape}; {kind}")
        n_in, n_out = weight.shape if keras else weight.shape[::-1]
        if not sizes:
            sizes.append(n_in)
        elif n_in != sizes[-1]:
            raise SafetensorsError(
                f"{weight.name!r} takes {n_in} inputs but {weight_keys[-1]!r} gives "
                f"{sizes[-1]} outputs: a layer is missing or the shapes do not match"
            )
        if bias.shape != (n_out,):
            raise SafetensorsError(
                f"{bias.name!r} has shape {bias.shape}, its layer has {n_out} outputs"
            )
        sizes.append(n_out)
        weight_keys.append(weight.name)
        bias_keys.append(bias.name)
    return SequentialLayout(tuple(weight_keys), tuple(bias_keys), tuple(sizes), not keras)
