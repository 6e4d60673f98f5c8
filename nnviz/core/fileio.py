"""Atomic writes: a crash or a full disk never leaves half a file behind."""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO


def _umask() -> int:
    # os.umask can only be read by setting it; set it back at once.
    mask = os.umask(0)
    os.umask(mask)
    return mask


def atomic_write(path: str | os.PathLike[str], write: Callable[[BinaryIO], None]) -> None:
    """Write a file through ``write`` so that it appears whole or not at all.

    The bytes go to a temporary file in the same folder, are flushed to disk, and the
    temporary file is then renamed over ``path`` (an atomic step on POSIX and Windows).
    If ``write`` raises, the temporary file is removed and ``path`` is left as it was.

    Parameters
    ----------
    path : str or os.PathLike
        The file to create or replace.
    write : callable
        Called once with a binary file object open for writing.

    Raises
    ------
    OSError
        If the folder cannot be written; anything ``write`` raises is passed on.
    """
    target = Path(path)
    fd, temporary = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp creates the file private (0600); give it the permissions a plain open()
        # would have, so that saving never silently makes a user's file unreadable to others.
        os.chmod(temporary, 0o666 & ~_umask())
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def atomic_write_text(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` (UTF-8) to ``path`` atomically; see :func:`atomic_write`."""
    data = text.encode("utf-8")

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    atomic_write(path, write)


def read_json(path: str | os.PathLike[str], max_bytes: int) -> Any:
    """Read a JSON file of at most ``max_bytes``, for files users hand to nnviz.

    Parameters
    ----------
    path : str or os.PathLike
    max_bytes : int
        Larger files are refused before being read.

    Returns
    -------
    object
        The parsed JSON.

    Raises
    ------
    ValueError
        One line: the file is too large, not UTF-8, or not valid JSON (including JSON
        nested deeper than the parser allows).
    OSError
        If the file cannot be read.
    """
    source = Path(path)
    size = source.stat().st_size
    if size > max_bytes:
        raise ValueError(f"the file is {size:,} bytes, more than nnviz reads for this kind")
    try:
        return json.loads(source.read_bytes().decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        lines = str(error).strip().splitlines()
        raise ValueError(
            f"not valid JSON ({lines[0] if lines else type(error).__name__})"
        ) from None
