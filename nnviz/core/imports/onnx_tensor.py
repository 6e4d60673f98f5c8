"""An ONNX tensor (an initializer or a tensor attribute) and its conversion to float64.

A :class:`Tensor` keeps its data as a slice of the file until :meth:`Tensor.to_array`
converts it, and that checks the declared shape against the bytes actually there first:
10⁹ elements declared in a small file are refused without allocating them. Data type
numbers are those of ``onnx.proto``'s ``TensorProto.DataType``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.imports.protobuf import packed_varints

#: TensorProto.DataType values and the NumPy dtype each is read as.
FLOAT, INT32, INT64, FLOAT16, DOUBLE, BFLOAT16 = 1, 6, 7, 10, 11, 16
DTYPE_NAMES = {
    1: "float32",
    2: "uint8",
    3: "int8",
    4: "uint16",
    5: "int16",
    6: "int32",
    7: "int64",
    8: "string",
    9: "bool",
    10: "float16",
    11: "float64",
    12: "uint32",
    13: "uint64",
    14: "complex64",
    15: "complex128",
    16: "bfloat16",
}
_NUMPY: dict[int, np.dtype[Any]] = {
    FLOAT: np.dtype("<f4"),
    INT32: np.dtype("<i4"),
    INT64: np.dtype("<i8"),
    FLOAT16: np.dtype("<f2"),
    DOUBLE: np.dtype("<f8"),
    BFLOAT16: np.dtype("<u2"),
}


class OnnxFileError(ValueError):
    """An ONNX file nnviz refuses; ``str()`` is one line saying why."""


@dataclass(frozen=True)
class Tensor:
    """An initializer (or a tensor attribute), its data still a slice of the file."""

    name: str
    dims: tuple[int, ...]
    data_type: int
    raw: memoryview | None = None
    packed: memoryview | None = None
    packed_field: int = 0
    external: bool = False

    @property
    def size(self) -> int:
        """The number of elements its dims declare."""
        return math.prod(self.dims)

    def to_array(self) -> NDArray[np.float64]:
        """Return the tensor as float64 (integers as exact float64 too).

        Raises
        ------
        OnnxFileError
            For external data, an unsupported type, or data that is not the declared size.
        """
        what = f"initializer {self.name!r}"
        if self.external:
            raise OnnxFileError(
                f"{what} keeps its data in an external file; nnviz reads self-contained models"
            )
        dtype = _NUMPY.get(self.data_type)
        if dtype is None:
            kind = DTYPE_NAMES.get(self.data_type, f"type {self.data_type}")
            raise OnnxFileError(f"{what} holds {kind} values; nnviz reads float weights")
        count = self.size
        data: memoryview | list[int]
        source_dtype: np.dtype[Any]
        if self.raw is not None:
            data, source_dtype = self.raw, dtype
        elif self.packed is not None:
            data, source_dtype = self._packed_data(dtype)
        elif count == 0:
            return np.zeros(self.dims)
        else:
            raise OnnxFileError(f"{what} has no data")
        if not isinstance(data, memoryview):
            array = np.asarray(data, dtype=source_dtype)
        else:
            needed = count * source_dtype.itemsize
            if len(data) != needed:
                raise OnnxFileError(
                    f"{what} declares shape {self.dims} ({count:,} values, {needed:,} bytes) "
                    f"but holds {len(data):,} bytes"
                )
            array = np.frombuffer(data, dtype=source_dtype)
        if array.size != count:
            raise OnnxFileError(
                f"{what} declares shape {self.dims} ({count:,} values) but holds {array.size:,}"
            )
        if self.data_type == BFLOAT16:
            array = (array.astype(np.uint32) << 16).view(np.float32)
        # A signalling NaN warns as it is widened; the weights checks refuse it in words.
        with np.errstate(invalid="ignore"):
            return array.astype(np.float64).reshape(self.dims)

    def _packed_data(self, dtype: np.dtype[Any]) -> tuple[memoryview | list[int], np.dtype[Any]]:
        assert self.packed is not None
        if self.data_type == FLOAT and self.packed_field == 4:
            return self.packed, np.dtype("<f4")
        if self.data_type == DOUBLE and self.packed_field == 10:
            return self.packed, np.dtype("<f8")
        if self.packed_field in (5, 7):  # int32_data (also float16/bfloat16 bits), int64_data
            values = packed_varints(self.packed, f"initializer {self.name!r}", self.size)
            target = np.dtype("<i8") if self.data_type in (INT32, INT64) else np.dtype("<u2")
            return [v & 0xFFFF for v in values] if target.kind == "u" else values, target
        raise OnnxFileError(f"initializer {self.name!r} stores its values in the wrong field")
