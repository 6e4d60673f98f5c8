"""Building hostile files in a few kilobytes, and measuring what loading them costs.

A memory bomb is a small file whose headers promise (and whose compressed data may even
hold) gigabytes. :func:`deflated_zeros` makes a deflate stream of any number of zero bytes
in about a millisecond: the compressed block of one mebibyte of zeros, fully flushed
(byte-aligned, no back-references), is repeated, so 4 GiB of zeros take 4 MB and no time.
:func:`zip_archive` and :func:`gzip_file` wrap such streams in the containers the loaders
read, with whatever sizes a test wants them to declare.

:func:`peak_memory` measures a call two ways: tracemalloc's peak (every Python object and
every NumPy array is traced; the old loaders' ``handle.read()`` of a 4 GiB member is a
4 GiB bytes object, and their ``read_array`` a 4 GiB array) and, on Linux, the growth of
the process's peak resident memory (VmHWM, reset through /proc/self/clear_refs), which
also sees allocations made outside Python's allocators.
"""

from __future__ import annotations

import contextlib
import gc
import io
import json
import struct
import tracemalloc
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import numpy as np

MIB = 1 << 20


@dataclass
class Peak:
    """What a measured call allocated at its peak (bytes)."""

    traced: int = 0
    resident: int | None = None

    @property
    def worst(self) -> int:
        return max(self.traced, self.resident or 0)

    def __str__(self) -> str:
        resident = "n/a" if self.resident is None else f"{self.resident / MIB:.1f} MiB"
        return f"traced peak {self.traced / MIB:.2f} MiB, resident growth {resident}"


def _vm_hwm() -> int | None:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def _reset_vm_hwm() -> bool:
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        return False
    return True


@contextlib.contextmanager
def peak_memory(resident: bool = True) -> Iterator[Peak]:
    """Measure the peak memory of the block (see the module docstring).

    ``resident=False`` measures tracemalloc's peak alone, without a garbage collection
    first (the fuzz tests measure thousands of small loads).
    """
    peak = Peak()
    if resident:
        gc.collect()
    resident_before = _vm_hwm() if resident and _reset_vm_hwm() else None
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start()
    tracemalloc.reset_peak()
    start, _ = tracemalloc.get_traced_memory()
    try:
        yield peak
    finally:
        _, top = tracemalloc.get_traced_memory()
        peak.traced = max(top - start, 0)
        if not was_tracing:
            tracemalloc.stop()
        after = _vm_hwm() if resident_before is not None else None
        if resident_before is not None and after is not None:
            peak.resident = max(after - resident_before, 0)


# -- deflate streams ---------------------------------------------------------------------------


def deflated_zeros(prefix: bytes, n_zeros: int, chunk: int = MIB) -> bytes:
    """A raw deflate stream of ``prefix`` followed by ``n_zeros`` zero bytes, built at once."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    parts = [compressor.compress(prefix) + compressor.flush(zlib.Z_FULL_FLUSH)]
    repeats, rest = divmod(n_zeros, chunk)
    if repeats:
        zeros = bytes(chunk)
        block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
        again = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
        assert block == again, "a fully flushed block of zeros should repeat exactly"
        parts.append(block * repeats)
    parts.append(compressor.compress(bytes(rest)) + compressor.flush(zlib.Z_FINISH))
    return b"".join(parts)


@dataclass(frozen=True)
class Member:
    """One zip member: its name, raw deflate data, and the sizes its headers declare."""

    name: str
    data: bytes
    file_size: int
    crc: int = 0


def deflated_member(name: str, content: bytes) -> Member:
    """An honest member holding ``content``."""
    compressor = zlib.compressobj(6, zlib.DEFLATED, -15)
    data = compressor.compress(content) + compressor.flush()
    return Member(name, data, len(content), zlib.crc32(content))


def zip_archive(members: list[Member]) -> bytes:
    """A zip archive (deflate, no zip64) of ``members`` exactly as declared."""
    out = io.BytesIO()
    central = io.BytesIO()
    for member in members:
        name = member.name.encode()
        offset = out.tell()
        sizes = (member.crc, len(member.data), member.file_size)
        out.write(struct.pack("<4sHHHHHIIIHH", b"PK\x03\x04", 20, 0, 8, 0, 0x21, *sizes,
                              len(name), 0))  # fmt: skip
        out.write(name)
        out.write(member.data)
        central.write(struct.pack("<4sHHHHHHIIIHHHHHII", b"PK\x01\x02", 20, 20, 0, 8, 0, 0x21,
                                  *sizes, len(name), 0, 0, 0, 0, 0, offset))  # fmt: skip
        central.write(name)
    directory = central.getvalue()
    start = out.tell()
    out.write(directory)
    out.write(struct.pack("<4sHHHHIIH", b"PK\x05\x06", 0, 0, len(members), len(members),
                          len(directory), start, 0))  # fmt: skip
    return out.getvalue()


def gzip_file(deflate: bytes, size: int, crc: int = 0) -> bytes:
    """A gzip file around a raw deflate stream (declaring ``size`` bytes and ``crc``)."""
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    return header + deflate + struct.pack("<II", crc, size & 0xFFFFFFFF)


# -- the files nnviz reads ------------------------------------------------------------------------


def weights_meta(layer_sizes: list[int], **more: object) -> dict[str, object]:
    """A valid ``meta`` for a network of ``layer_sizes`` (sigmoid layers, MSE)."""
    meta: dict[str, object] = {
        "format": "nnviz",
        "version": 1,
        "layer_sizes": layer_sizes,
        "activations": ["sigmoid"] * (len(layer_sizes) - 1),
        "loss": "mse",
    }
    meta.update(more)
    return meta


def npy_header(descr: object, shape: tuple[int, ...]) -> bytes:
    """The header of an .npy file (version 1.0) declaring ``descr`` and ``shape``."""
    buffer = io.BytesIO()
    np.lib.format.write_array_header_1_0(
        buffer, {"descr": descr, "fortran_order": False, "shape": shape}
    )
    return b"\x93NUMPY\x01\x00" + buffer.getvalue()[8:]


def npy(array: np.ndarray) -> bytes:
    """An .npy file of ``array``."""
    buffer = io.BytesIO()
    np.save(buffer, array)
    return buffer.getvalue()


def npz_bomb(
    layer_sizes: list[int],
    descr: object,
    itemsize: int,
    declared_itemsize: int | None = None,
) -> bytes:
    """An .npz whose first weight member has the expected shape but ``descr`` values of
    ``itemsize`` bytes, all zeros, deflated (4 GiB of them fit in 4 MB).

    ``declared_itemsize`` makes the zip headers declare that many bytes per item instead
    (a member that lies about its size).
    """
    meta = np.array(json.dumps(weights_meta(layer_sizes)))
    members = [deflated_member("meta.npy", npy(meta))]
    n_items = layer_sizes[0] * layer_sizes[1]
    header = npy_header(descr, (layer_sizes[0], layer_sizes[1]))
    bomb = deflated_zeros(header, n_items * itemsize)
    declared = len(header) + n_items * (declared_itemsize or itemsize)
    members.append(Member("layer1/weight.npy", bomb, declared))
    members.append(deflated_member("layer1/bias.npy", npy(np.zeros(layer_sizes[1]))))
    for i in range(2, len(layer_sizes)):
        shape = (layer_sizes[i - 1], layer_sizes[i])
        members.append(deflated_member(f"layer{i}/weight.npy", npy(np.zeros(shape))))
        members.append(deflated_member(f"layer{i}/bias.npy", npy(np.zeros(layer_sizes[i]))))
    return zip_archive(members)


def idx_header(dims: tuple[int, ...]) -> bytes:
    """The header of an unsigned-byte IDX file of ``dims``."""
    return struct.pack(">HBB", 0, 0x08, len(dims)) + struct.pack(f">{len(dims)}I", *dims)


def files_in(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` (names relative to it) with its bytes: "nothing changed"
    is this dictionary being equal before and after."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
