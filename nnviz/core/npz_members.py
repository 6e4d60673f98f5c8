"""The members of an ``.npz`` archive, read the way safetensors reads: headers first.

An ``.npz`` is a zip of ``.npy`` files. Each member is opened once: its header (magic,
version, dtype, shape, order) is read and checked against what is expected before a byte of
its data is read, and then exactly the data the header declares is read, so a member whose
header lies, or whose zip entry declares more than the expected array needs, is refused
without being decompressed. Used by :mod:`nnviz.core.weights_io`; errors are
:class:`MemberError` (one line, naming the member).
"""

from __future__ import annotations

import json
import math
import os
import struct
import zipfile
import zlib
from collections.abc import Mapping
from typing import IO, Any

import numpy as np
from numpy.typing import NDArray

#: Bytes per item of the float dtypes a member may store (float16, float32, float64).
ALLOWED_ITEMSIZES = (2, 4, 8)
MAX_ITEMSIZE = max(ALLOWED_ITEMSIZES)
#: Room for an .npy header (numpy reads at most 10,000 bytes of it) and its preamble.
NPY_HEADER_BYTES = 10_000 + 16
#: What reading an archive raises when it is corrupt, truncated, or of a kind zipfile cannot
#: read (a newer zip version, an unknown compression method: NotImplementedError; an
#: encrypted member: RuntimeError), found by fuzzing.
CORRUPT = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    ValueError,
    OSError,
    SyntaxError,
    NotImplementedError,
    RuntimeError,
    struct.error,
    OverflowError,
)


class MemberError(ValueError):
    """An archive or member nnviz refuses; ``str()`` is one line naming the member."""


def open_archive(path: str | os.PathLike[str]) -> zipfile.ZipFile:
    """Open ``path`` as a zip archive.

    Raises
    ------
    MemberError
        It is not one (or not one zipfile can read).
    OSError
        The file itself cannot be read.
    """
    try:
        return zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise MemberError("not a readable .npz archive (corrupt or truncated)") from None
    except OSError:
        raise
    except CORRUPT as error:
        raise MemberError(f"not a readable .npz archive ({_first_line(error)})") from None


def archive_members(archive: zipfile.ZipFile) -> dict[str, zipfile.ZipInfo]:
    """The archive's members by key (``layer1/weight`` for ``layer1/weight.npy``).

    Raises
    ------
    MemberError
        An entry that is not ``.npy``, or a key held twice.
    """
    members: dict[str, zipfile.ZipInfo] = {}
    for info in archive.infolist():
        if not info.filename.endswith(".npy"):
            raise MemberError(f"unexpected entry {info.filename!r} in the archive")
        key = info.filename[: -len(".npy")]
        if key in members:
            raise MemberError(f"the archive holds {key!r} twice")
        members[key] = info
    return members


def check_declared_sizes(
    members: Mapping[str, zipfile.ZipInfo], shapes: Mapping[str, tuple[int, ...]]
) -> None:
    """Refuse a member whose zip entry declares more bytes than its float array can need.

    Raises
    ------
    MemberError
        ``'layer1/weight' declares 4,233,600,128 bytes, more than its 784 × 45,000 floats
        need (282,250,016 at most)``.
    """
    for key, shape in shapes.items():
        limit = NPY_HEADER_BYTES + math.prod(shape) * MAX_ITEMSIZE
        if members[key].file_size > limit:
            raise MemberError(
                f"{key!r} declares {members[key].file_size:,} bytes, more than its "
                f"{_shape_text(shape)} floats need ({limit:,} at most)"
            )


def _read_header(handle: IO[bytes], key: str) -> tuple[tuple[int, ...], bool, np.dtype[Any]]:
    """Read an .npy member's header (dtype, shape, order) without reading its data."""
    version = np.lib.format.read_magic(handle)
    if version == (1, 0):
        shape, fortran, dtype = np.lib.format.read_array_header_1_0(handle)
    elif version in ((2, 0), (3, 0)):
        shape, fortran, dtype = np.lib.format.read_array_header_2_0(handle)
    else:
        raise MemberError(f"{key!r} has an unknown .npy version {version}")
    if dtype.hasobject:
        raise MemberError(f"{key!r} is an object array (a pickle); nnviz never loads those")
    return tuple(int(n) for n in shape), bool(fortran), dtype


def _read_data(handle: IO[bytes], key: str, count: int, dtype: np.dtype[Any]) -> bytes:
    """Read exactly ``count`` items of ``dtype`` (and check that nothing follows)."""
    size = count * dtype.itemsize
    data = handle.read(size)
    if len(data) != size:
        raise MemberError(
            f"{key!r} cannot be read: the archive is corrupt or truncated (expected "
            f"{size:,} bytes of data, found {len(data):,})"
        )
    if handle.read(1):
        raise MemberError(f"{key!r} has more data than its header declares")
    return data


def read_meta(archive: zipfile.ZipFile, info: zipfile.ZipInfo, max_bytes: int) -> Any:
    """The ``meta`` member: a 0-d unicode array holding JSON, at most ``max_bytes``, parsed.

    Raises
    ------
    MemberError
        Too large, not a 0-d string, corrupt, or not valid JSON.
    """
    if info.file_size > max_bytes:
        raise MemberError("the 'meta' entry is too large")
    try:
        with archive.open(info) as handle:
            shape, _, dtype = _read_header(handle, "meta")
            if dtype.kind != "U" or shape != ():
                raise MemberError("'meta' must be a 0-d string array holding JSON")
            if dtype.itemsize > max_bytes:
                raise MemberError("the 'meta' entry is too large")
            data = _read_data(handle, "meta", 1, dtype)
    except MemberError:
        raise
    except CORRUPT as error:
        raise MemberError(
            f"'meta' cannot be read: the archive is corrupt or truncated ({_first_line(error)})"
        ) from None
    try:
        text = str(np.frombuffer(data, dtype=dtype)[0])
        return json.loads(text)
    except (ValueError, RecursionError) as error:
        raise MemberError(f"'meta' is not valid JSON ({_first_line(error)})") from None


def read_float_member(
    archive: zipfile.ZipFile, info: zipfile.ZipInfo, key: str, expected_shape: tuple[int, ...]
) -> NDArray[Any]:
    """Read one float member (a weight or bias), checking dtype and shape before its data.

    Returns
    -------
    ndarray of float16, float32 or float64, shape ``expected_shape`` (read-only)

    Checking the header first means a hostile file cannot make nnviz unpickle anything,
    nor allocate more than the declared network needs (a structured dtype of 120 bytes per
    item, with the expected shape, is refused here, before any of its data is read).

    Raises
    ------
    MemberError
        Another dtype, another shape, corrupt or truncated data.
    """
    try:
        with archive.open(info) as handle:
            shape, fortran, dtype = _read_header(handle, key)
            if dtype.kind != "f" or dtype.itemsize not in ALLOWED_ITEMSIZES:
                raise MemberError(
                    f"{key!r} stores {dtype.str} values ({dtype.itemsize} bytes each); "
                    "weights files hold float16, float32 or float64"
                )
            if shape != tuple(expected_shape):
                raise MemberError(f"{key!r} has shape {shape}, expected {tuple(expected_shape)}")
            data = _read_data(handle, key, math.prod(shape), dtype)
    except MemberError:
        raise
    except CORRUPT as error:
        raise MemberError(
            f"{key!r} cannot be read: the archive is corrupt or truncated ({_first_line(error)})"
        ) from None
    return np.frombuffer(data, dtype=dtype).reshape(shape, order="F" if fortran else "C")


def _shape_text(shape: tuple[int, ...]) -> str:
    return " × ".join(f"{n:,}" for n in shape)


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
