"""How much a file or a run may take, checked before anything large is allocated.

A file a user hands to nnviz is read the way safetensors reads: its headers say how much
data follows, that is checked against what the document declares it needs (a network's
parameters, a data set's images), and only then is any data read. The helpers here do the
counting for every reader (weights and session files, IDX data sets, tables):

- :func:`json_counts` counts, at C speed and without parsing, how many values, lists and
  objects a JSON text can hold, so a layer declared 2 wide with a list of ten million
  numbers is refused before ``json.loads`` builds ten million Python floats;
- :func:`find_json_object` parses one small object (a weights file's ``meta``) out of a
  large text;
- :func:`delimited_values_bound` does the same for delimited tables (CSV), counting the
  cells a text can hold;
- :func:`deflate_output_bound` is the most a deflate (zip, gzip) stream of a given size can
  decompress to, so an IDX header declaring 10⁹ images in a 1 KB file is refused at once;
- :func:`check_memory` and :func:`memory_error_text` turn sizes that cannot be met into one
  line that says what was too large and how much it needed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class TooLargeError(ValueError):
    """Something would need more memory than nnviz agrees to (or can) give it; ``str()`` is
    one line naming what and how much."""


def format_bytes(count: float) -> str:
    """``"512 bytes"``, ``"3.2 MB"``, ``"4.0 GB"`` (powers of 1,000, as file managers show)."""
    if count < 1000:
        return f"{int(count)} bytes"
    for unit in ("kB", "MB", "GB", "TB", "PB"):
        count /= 1000.0
        if count < 1000 or unit == "PB":
            return f"{count:.1f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


# -- JSON -----------------------------------------------------------------------------------

# A JSON string, possessive so that matching a long one keeps no backtracking state.
_JSON_STRING = re.compile(rb'"(?:[^"\\]++|\\.)*+"', re.DOTALL)
#: Texts with at most this many quote marks are counted without a stripped copy.
_FEW_QUOTES = 20_000


@dataclass(frozen=True)
class JsonCounts:
    """Upper bounds on what a JSON text holds (strings' contents not counted).

    Attributes
    ----------
    values : int
        Numbers, strings, literals, lists and objects (keys included).
    lists : int
        ``[`` outside strings.
    objects : int
        ``{`` outside strings.
    """

    values: int
    lists: int
    objects: int


def json_counts(data: bytes) -> JsonCounts:
    """Count, without parsing, how many values ``data`` (JSON text) can hold at most.

    Every value is the first in its list or object or follows a comma, and every object
    member has a colon, so ``1 + commas + colons + lists + objects`` bounds the number of
    values; strings are removed first so that their commas do not count. Runs at the speed
    of ``bytes.count`` (about a gigabyte a second).

    Parameters
    ----------
    data : bytes
        JSON text (UTF-8).

    Returns
    -------
    JsonCounts
    """
    marks = (b",", b":", b"[", b"{")
    if data.count(b'"') <= _FEW_QUOTES:
        # Few strings (a weights file): count everything, then take away what is inside
        # them, without copying the text.
        counts = [data.count(mark) for mark in marks]
        for match in _JSON_STRING.finditer(data):
            start, end = match.span()
            for i, mark in enumerate(marks):
                counts[i] -= data.count(mark, start, end)
    else:
        bare = _JSON_STRING.sub(b'""', data)
        counts = [bare.count(mark) for mark in marks]
    commas, colons, lists, objects = counts
    return JsonCounts(1 + commas + colons + lists + objects, lists, objects)


def find_json_object(data: bytes, key: str, max_bytes: int) -> dict[str, Any] | None:
    """Parse the first object stored under ``key`` in ``data``, reading at most ``max_bytes``.

    Used to read a weights file's ``meta`` (what the file declares) before its arrays, so
    that the arrays can be bounded by it.

    Parameters
    ----------
    data : bytes
        JSON text.
    key : str
        A plain key (letters, digits, ``_``).
    max_bytes : int
        The object must end within this many bytes of its start.

    Returns
    -------
    dict or None
        The object, or None if there is no such key followed by an object that can be read
        within ``max_bytes``.
    """
    pattern = re.compile(rb'"' + re.escape(key.encode()) + rb'"\s*:\s*\{')
    match = pattern.search(data)
    if match is None:
        return None
    start = match.end() - 1
    window = data[start : start + max_bytes].decode("utf-8", errors="replace")
    try:
        value, _ = json.JSONDecoder().raw_decode(window)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


# -- tables -------------------------------------------------------------------------------------


def delimited_values_bound(data: bytes, delimiter: bytes = b",") -> int:
    """The most cells a delimited text (CSV) can hold: delimiters plus lines, plus one.

    A table loader checks ``rows × columns`` against its budget with this before parsing:
    every cell ends with a delimiter or a line end. Quoted fields can only make the true
    count smaller.
    """
    if len(delimiter) != 1:
        raise ValueError("the delimiter must be one byte")
    return data.count(delimiter) + data.count(b"\n") + 1


# -- compressed streams -------------------------------------------------------------------------

#: Deflate (zip, gzip) never expands a stream by more than about 1,032 to 1.
DEFLATE_MAX_RATIO = 1032


def deflate_output_bound(compressed_bytes: int) -> int:
    """The most bytes a deflate stream of ``compressed_bytes`` can decompress to.

    Deflate's longest match is 258 bytes and the shortest code for one is 2 bits: about
    1,032 output bytes per input byte (plus a little for stored headers).
    """
    return DEFLATE_MAX_RATIO * compressed_bytes + 1024


# -- memory ---------------------------------------------------------------------------------------


def available_memory() -> int | None:
    """Bytes of memory available to a new allocation now (Linux's MemAvailable), or None."""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        return None
    return None


def check_memory(needed: int, what: str, limit: int | None = None) -> None:
    """Refuse ``what`` if it would need more than ``limit`` bytes (or than is available).

    Parameters
    ----------
    needed : int
        Bytes it would allocate.
    what : str
        What it is, for the message: ``"training a 784-60000-10 network"``.
    limit : int, optional
        A hard limit; by default the memory available now (no check where unknown).

    Raises
    ------
    TooLargeError
        ``{what} would need about 75.2 GB of memory; 21.3 GB is available``.
    """
    available = available_memory() if limit is None else limit
    if available is not None and needed > available:
        where = "is available" if limit is None else "is the most nnviz allows"
        raise TooLargeError(
            f"{what} would need about {format_bytes(needed)} of memory; "
            f"{format_bytes(available)} {where}"
        )


def memory_error_text(error: MemoryError, what: str | None = None) -> str:
    """One line for a MemoryError: what was too large and how much it needed.

    NumPy's errors carry the shape and dtype of the array it could not allocate; others
    say nothing more than that memory ran out.

    Parameters
    ----------
    error : MemoryError
    what : str, optional
        What was being done, e.g. ``"loading the training data"``.
    """
    shape = getattr(error, "shape", None)
    dtype = getattr(error, "dtype", None)
    doing = f" while {what}" if what else ""
    if shape is not None and dtype is not None:
        size = int(getattr(dtype, "itemsize", 1))
        for n in shape:
            size *= int(n)
        dims = " × ".join(f"{int(n):,}" for n in shape)
        return (
            f"not enough memory{doing}: an array of {dims} {dtype} values would need "
            f"{format_bytes(size)}"
        )
    detail = str(error).strip().splitlines()
    reason = f" ({detail[0]})" if detail and detail[0] else ""
    return f"not enough memory{doing}{reason}"
