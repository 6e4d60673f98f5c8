"""Files users keep: atomic writes that keep what the user set, and bounded reads.

Every file nnviz writes goes through :func:`atomic_write`, which promises what a careful
editor promises: a failed save never touches the file you had.

- The bytes go to a temporary ``.NAME.<pid>-<random>.part`` file in the target's folder;
  the data is fsynced, the temporary file renamed over the target (atomic on POSIX and
  Windows), and then the folder is fsynced, so the new name survives a power cut.
- Replacing a file keeps its permission bits (a 0600 file stays private) and, where the
  system allows, its owner and group; a new file gets what a plain ``open()`` would give.
- A symbolic link is written through: the file it points to is replaced, the link stays.
- Every failure path (an exception in the writer, a full disk, Ctrl-C) removes the
  temporary file, and errors name the user's file, never the temporary one.
- A ``.NAME.*.part`` left behind by a process that was killed mid-save is removed the next
  time that file is saved (it is never read as data: nothing reads ``.part`` files).

Reading what users hand to nnviz is bounded: :func:`read_bytes` refuses a file larger than
the caller allows before reading it (and never reads more than that, whatever the file
system says), and :func:`read_json` parses at most that much JSON.
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import re
import stat
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, BinaryIO

#: The suffix of temporary files; their names start with ``.NAME.``.
PART_SUFFIX = ".part"
#: A temporary file whose writer is alive is left alone unless it is older than this (s):
#: no save takes an hour, so the process id was reused.
STALE_PART_SECONDS = 3600.0
#: A temporary file without a process id in its name (written by nnviz 0.1) is removed
#: once it is this old (s).
STALE_UNNAMED_PART_SECONDS = 60.0

#: Files that are not regular (FIFOs, devices) are read in chunks of this many bytes.
READ_CHUNK = 1 << 20

_PID_PART = re.compile(r"^(\d+)-")


def _umask() -> int:
    """The process's umask, read without changing it where the system allows.

    Setting and resetting it (the portable way) is a race with other threads creating
    files at that moment (they would get mode 0666), so Linux's /proc is read first.
    """
    with contextlib.suppress(OSError, ValueError):
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def named_os_error(error: OSError, path: str | os.PathLike[str]) -> OSError:
    """Return ``error`` as an OSError of the same kind that names ``path`` (the user's file).

    ``OSError(errno, strerror, filename)`` picks the subclass from the errno
    (FileNotFoundError, PermissionError …), so callers can still tell them apart.
    """
    if error.errno is None:
        return OSError(f"{os.fspath(path)}: {error}")
    return OSError(error.errno, error.strerror or os.strerror(error.errno), os.fspath(path))


def describe_os_error(error: OSError) -> str:
    """The reason of an OSError in a few words: ``"Permission denied"``, ``"is a folder"``."""
    if error.errno == errno.ELOOP:
        return "it is a loop of symbolic links"
    if error.errno == errno.EISDIR:
        return "it is a folder"
    if error.errno == errno.ENOENT:
        return "no such file"
    if error.errno == errno.ENOSPC:
        return "the disk is full"
    return error.strerror or str(error)


def _write_target(requested: Path) -> Path:
    """The file a write to ``requested`` replaces: symbolic links are followed."""
    try:
        return Path(os.path.realpath(requested, strict=True))
    except FileNotFoundError:
        # Nothing there yet, or a link to a file that does not exist yet (it is created).
        return Path(os.path.realpath(requested))
    except OSError as error:  # ELOOP: a loop of links; never replace the link itself
        raise named_os_error(error, requested) from None


def _part_prefix(target: Path) -> str:
    """``.NAME.``: how the temporary files of ``target`` begin (long names shortened, so
    that the temporary name still fits the file system's 255 bytes)."""
    name = target.name
    while len(name.encode("utf-8", "surrogateescape")) > 200:
        name = name[:-1]
    return f".{name}."


def _pid_alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists (another user's), or this system cannot tell: keep it
    return True


def stale_parts(target: str | os.PathLike[str]) -> list[Path]:
    """Temporary files of earlier saves of ``target`` whose writer is gone.

    Parameters
    ----------
    target : path
        The file (symbolic links already followed).

    Returns
    -------
    list of Path
        ``.NAME.<pid>-*.part`` files whose process no longer runs (or that are more than
        an hour old), and ``.NAME.*.part`` files without a process id more than a minute
        old.
    """
    path = Path(target)
    prefix = _part_prefix(path)
    found = []
    now = time.time()
    try:
        entries = list(os.scandir(path.parent))
    except OSError:
        return []
    for entry in entries:
        name = entry.name
        if not (name.startswith(prefix) and name.endswith(PART_SUFFIX)):
            continue
        middle = name[len(prefix) : -len(PART_SUFFIX)]
        try:
            age = now - entry.stat(follow_symlinks=False).st_mtime
        except OSError:
            continue
        match = _PID_PART.match(middle)
        if match is None:
            stale = age > STALE_UNNAMED_PART_SECONDS
        else:
            stale = age > STALE_PART_SECONDS or not _pid_alive(int(match.group(1)))
        if stale:
            found.append(Path(entry.path))
    return found


def _new_file_mode(target: Path) -> tuple[int, int | None, int | None]:
    """Permission bits (and owner, group) the written file gets."""
    try:
        info = os.stat(target)
    except FileNotFoundError:
        return 0o666 & ~_umask(), None, None
    return stat.S_IMODE(info.st_mode), info.st_uid, info.st_gid


def _fsync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable (a no-op where folders cannot be opened)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: str | os.PathLike[str], write: Callable[[BinaryIO], None]) -> Path:
    """Write a file through ``write`` so that it appears whole or not at all.

    See the module docstring for what is kept (permissions, owner, symbolic links) and
    what is cleaned up (the temporary file, stale ones of earlier killed saves).

    Parameters
    ----------
    path : str or os.PathLike
        The file to create or replace (a symbolic link is written through).
    write : callable
        Called once with a binary file object open for writing.

    Returns
    -------
    Path
        The file written (``path`` with symbolic links followed).

    Raises
    ------
    OSError
        If the folder cannot be written, the disk is full, or ``path`` is a loop of
        symbolic links; it names ``path``, never the temporary file. Anything ``write``
        raises is passed on. In every case ``path`` is left as it was.
    """
    requested = Path(path)
    target = _write_target(requested)
    for stale in stale_parts(target):
        with contextlib.suppress(OSError):
            stale.unlink()
    mode, owner, group = _new_file_mode(target)
    try:
        fd, temporary = tempfile.mkstemp(
            prefix=f"{_part_prefix(target)}{os.getpid()}-", suffix=PART_SUFFIX, dir=target.parent
        )
    except OSError as error:
        raise named_os_error(error, requested) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            write(handle)
            handle.flush()
            os.fsync(handle.fileno())
            if owner is not None and group is not None:
                # Keep the owner and group where allowed (root saving a user's file, a
                # file of a shared group); an ordinary user simply cannot, and that is fine.
                with contextlib.suppress(OSError, AttributeError):
                    os.fchown(handle.fileno(), owner, group)
        # mkstemp made the file private (0600) while it was being written; now give it
        # the target's permissions (or a plain open()'s).
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        if isinstance(error, OSError):
            raise named_os_error(error, requested) from None
        raise
    _fsync_folder(target.parent)
    return target


def atomic_write_text(path: str | os.PathLike[str], text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically; see :func:`atomic_write`."""
    data = text.encode("utf-8")

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    return atomic_write(path, write)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` atomically; see :func:`atomic_write`."""

    def write(handle: BinaryIO) -> None:
        handle.write(data)

    return atomic_write(path, write)


def read_bytes(path: str | os.PathLike[str], max_bytes: int) -> bytes:
    """Read a whole file of at most ``max_bytes``, for files users hand to nnviz.

    The size is checked before reading; a regular file is read in one allocation of its
    own size (never of ``max_bytes``), and anything else (a FIFO, a device, a file that
    grows while it is read) in chunks, never past ``max_bytes + 1``.

    Raises
    ------
    ValueError
        One line, if the file is larger.
    OSError
        If the file cannot be read (a folder, a loop of links, no permission …).
    """
    source = Path(path)
    with source.open("rb") as handle:
        info = os.fstat(handle.fileno())
        regular = stat.S_ISREG(info.st_mode)
        if regular and info.st_size > max_bytes:
            raise ValueError(
                f"the file is {info.st_size:,} bytes, more than nnviz reads for this kind "
                f"({max_bytes:,})"
            )
        first = handle.read(info.st_size + 1) if regular else b""
        if regular and len(first) <= info.st_size:
            return first  # the whole file, in one allocation of its size
        data = bytearray(first)
        while len(data) <= max_bytes:
            chunk = handle.read(min(READ_CHUNK, max_bytes + 1 - len(data)))
            if not chunk:
                break
            data += chunk
    if len(data) > max_bytes:
        raise ValueError(f"the file holds more than the {max_bytes:,} bytes nnviz reads for it")
    return bytes(data)


def parse_json(data: bytes) -> Any:
    """Parse UTF-8 JSON, refusing in one line what is not (RecursionError included).

    Raises
    ------
    ValueError
        ``not valid JSON (…)`` with the parser's first line.
    """
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        lines = str(error).strip().splitlines()
        raise ValueError(
            f"not valid JSON ({lines[0] if lines else type(error).__name__})"
        ) from None


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
    return parse_json(read_bytes(path, max_bytes))
