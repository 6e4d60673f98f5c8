"""A bounded reader of the protobuf wire format, for the few ONNX messages nnviz reads.

Why not the ``onnx`` package: its parser builds every message of the file at once, and
what a message *declares* (an initializer's ``dims``, a count of nodes) is only checked
later, if ever. Here a message is a list of ``(field number, value)`` pairs read from a
``memoryview`` of the file: a length-delimited value is a zero-copy slice, and a length
that runs past the end of its enclosing message is refused at once, so nothing declared
can make nnviz allocate more than the file holds. Callers cap how many fields of a kind
they accept (:func:`fields`' ``limit``).

The wire format: each field is a varint key ``(number << 3) | wire_type``, then a varint
(type 0), 8 bytes (1), a varint length and that many bytes (2), or 4 bytes (5). Groups
(types 3 and 4) are obsolete and refused.
"""

from __future__ import annotations

import struct
from collections.abc import Iterator

VARINT, FIXED64, LENGTH, FIXED32 = 0, 1, 2, 5
_MAX_VARINT_BYTES = 10

Value = int | memoryview


class ProtobufError(ValueError):
    """The bytes are not a well-formed protobuf message (truncated, lengths that lie)."""


def read_varint(data: memoryview, position: int) -> tuple[int, int]:
    """Return the varint at ``position`` and the position after it.

    Raises
    ------
    ProtobufError
        If it runs past the end or is longer than 10 bytes.
    """
    result = 0
    shift = 0
    end = len(data)
    for offset in range(_MAX_VARINT_BYTES):
        if position + offset >= end:
            raise ProtobufError("the file ends inside a number (truncated)")
        byte = data[position + offset]
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, position + offset + 1
        shift += 7
    raise ProtobufError("a number is longer than protobuf allows (corrupt)")


def fields(data: memoryview, limit: int = 1_000_000) -> Iterator[tuple[int, Value]]:
    """Yield the ``(field number, value)`` pairs of one message, in file order.

    A varint or fixed-width value is an ``int`` (fixed ones unsigned, little-endian); a
    length-delimited one is a ``memoryview`` slice of ``data`` (nothing copied).

    Parameters
    ----------
    data : memoryview
        The message's bytes.
    limit : int
        Most fields accepted (a bound on what a caller keeps per message).

    Raises
    ------
    ProtobufError
        For a truncated message, a length past its end, a group, an unknown wire type,
        or more than ``limit`` fields.
    """
    position = 0
    end = len(data)
    count = 0
    while position < end:
        key, position = read_varint(data, position)
        number, wire = key >> 3, key & 7
        if number == 0:
            raise ProtobufError("a field numbered 0 (corrupt)")
        count += 1
        if count > limit:
            raise ProtobufError(f"more than {limit:,} entries in one message")
        if wire == VARINT:
            value, position = read_varint(data, position)
            yield number, value
        elif wire == LENGTH:
            length, position = read_varint(data, position)
            if length > end - position:
                raise ProtobufError(
                    f"an entry declares {length:,} bytes but only {end - position:,} follow "
                    "(truncated, or sizes that lie)"
                )
            yield number, data[position : position + length]
            position += length
        elif wire in (FIXED64, FIXED32):
            width = 8 if wire == FIXED64 else 4
            if width > end - position:
                raise ProtobufError("the file ends inside a number (truncated)")
            raw = bytes(data[position : position + width])
            yield number, int.from_bytes(raw, "little")
            position += width
        else:
            raise ProtobufError(f"wire type {wire} is not used by ONNX (corrupt)")


def as_bytes(value: Value, what: str) -> memoryview:
    """Return a length-delimited value, or refuse a field of the wrong wire type."""
    if not isinstance(value, memoryview):
        raise ProtobufError(f"{what} has the wrong wire type (corrupt)")
    return value


def as_int(value: Value, what: str) -> int:
    """Return a varint value, or refuse a field of the wrong wire type."""
    if isinstance(value, memoryview):
        raise ProtobufError(f"{what} has the wrong wire type (corrupt)")
    return value


def as_text(value: Value, what: str, limit: int = 4096) -> str:
    """Return a string field (UTF-8, at most ``limit`` bytes)."""
    raw = as_bytes(value, what)
    if len(raw) > limit:
        raise ProtobufError(f"{what} is {len(raw):,} bytes long, more than nnviz reads")
    try:
        return bytes(raw).decode("utf-8")
    except UnicodeDecodeError:
        raise ProtobufError(f"{what} is not UTF-8 text (corrupt)") from None


def signed64(value: int) -> int:
    """Reinterpret a varint as the int64 protobuf encodes (negative numbers wrap)."""
    value &= (1 << 64) - 1
    return value - (1 << 64) if value >= 1 << 63 else value


def packed_varints(value: Value, what: str, limit: int) -> list[int]:
    """Return a repeated int64 field: packed bytes, or one unpacked varint."""
    if not isinstance(value, memoryview):
        return [signed64(value)]
    numbers: list[int] = []
    position = 0
    while position < len(value):
        if len(numbers) >= limit:
            raise ProtobufError(f"{what} has more than {limit:,} entries")
        number, position = read_varint(value, position)
        numbers.append(signed64(number))
    return numbers


def fixed32_float(value: int) -> float:
    """Return the float a fixed32 field's bits encode."""
    return float(struct.unpack("<f", value.to_bytes(4, "little"))[0])
