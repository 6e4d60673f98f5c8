"""Saves keep what the user set: permissions, symbolic links, durability, no litter.

Every case is a hostile situation a save can meet (a private file, a link, a loop of links,
a full disk, a write that fails, a process killed mid-save); each asserts that the file the
user had is whole and that no temporary file is left.
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path
from typing import BinaryIO

import pytest

from nnviz.core import fileio

pytestmark = pytest.mark.hostile


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_replacing_a_private_file_keeps_it_private(tmp_path: Path) -> None:
    path = tmp_path / "secret.npz"
    path.write_bytes(b"old")
    path.chmod(0o600)
    fileio.atomic_write_text(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_text() == "new"


def test_replacing_keeps_unusual_permissions_too(tmp_path: Path) -> None:
    path = tmp_path / "shared.json"
    path.write_bytes(b"old")
    path.chmod(0o664)
    fileio.atomic_write_text(path, "new")
    assert stat.S_IMODE(path.stat().st_mode) == 0o664


def test_a_new_file_gets_what_a_plain_open_would_give(tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.write_bytes(b"")
    fileio.atomic_write_text(tmp_path / "new.json", "{}")
    assert (tmp_path / "new.json").stat().st_mode == plain.stat().st_mode


def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    real = tmp_path / "kept" / "weights.npz"
    real.parent.mkdir()
    real.write_bytes(b"old")
    real.chmod(0o640)
    link = tmp_path / "link.npz"
    link.symlink_to(real)
    written = fileio.atomic_write_text(link, "new")
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert real.read_text() == "new" and written == real
    assert stat.S_IMODE(real.stat().st_mode) == 0o640
    assert _names(real.parent) == ["weights.npz"] and _names(tmp_path) == ["kept", "link.npz"]


def test_a_link_to_a_file_not_there_yet_creates_it(tmp_path: Path) -> None:
    link = tmp_path / "link.json"
    link.symlink_to(tmp_path / "target.json")
    fileio.atomic_write_text(link, "{}")
    assert link.is_symlink() and (tmp_path / "target.json").read_text() == "{}"


def test_a_loop_of_links_is_refused_and_left_alone(tmp_path: Path) -> None:
    first, second = tmp_path / "a.npz", tmp_path / "b.npz"
    first.symlink_to(second)
    second.symlink_to(first)
    with pytest.raises(OSError, match="a.npz") as caught:
        fileio.atomic_write_text(first, "new")
    assert caught.value.errno == errno.ELOOP
    assert fileio.describe_os_error(caught.value) == "it is a loop of symbolic links"
    assert first.is_symlink() and second.is_symlink()
    assert _names(tmp_path) == ["a.npz", "b.npz"]


def test_the_data_then_the_folder_are_fsynced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    synced: list[str] = []
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        synced.append("folder" if stat.S_ISDIR(os.fstat(fd).st_mode) else "data")
        real_fsync(fd)

    replaced: list[str] = []
    real_replace = os.replace

    def replace(source: str, target: str) -> None:
        replaced.append("renamed")
        synced.append("renamed")
        real_replace(source, target)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    fileio.atomic_write_text(tmp_path / "w.json", "{}")
    assert synced == ["data", "renamed", "folder"]


def _failing_write(handle: BinaryIO) -> None:
    handle.write(b"half a file")
    raise RuntimeError("the writer failed")


def _full_disk(handle: BinaryIO) -> None:
    handle.write(b"half a file")
    # What a real ENOSPC from the write looks like: it names the temporary file.
    raise OSError(errno.ENOSPC, "No space left on device", handle.name)  # type: ignore[attr-defined]


def _interrupted(handle: BinaryIO) -> None:
    handle.write(b"half a file")
    raise KeyboardInterrupt


@pytest.mark.parametrize(
    ("write", "error"),
    [(_failing_write, RuntimeError), (_full_disk, OSError), (_interrupted, KeyboardInterrupt)],
)
def test_every_failed_write_leaves_the_file_and_no_temporary(
    tmp_path: Path, write: object, error: type[BaseException]
) -> None:
    path = tmp_path / "w.npz"
    path.write_bytes(b"the user's weights")
    with pytest.raises(error) as caught:
        fileio.atomic_write(path, write)  # type: ignore[arg-type]
    assert path.read_bytes() == b"the user's weights"
    assert _names(tmp_path) == ["w.npz"]
    assert ".part" not in str(caught.value)


@pytest.mark.parametrize("step", ["chmod", "replace", "mkstemp"])
def test_a_failing_step_names_the_users_file_not_the_temporary_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, step: str
) -> None:
    path = tmp_path / "w.npz"
    path.write_bytes(b"the user's weights")

    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EACCES, "Permission denied", str(args[0] if args else kwargs["dir"]))

    target = fileio.tempfile if step == "mkstemp" else os
    monkeypatch.setattr(target, step, fail)
    with pytest.raises(PermissionError) as caught:
        fileio.atomic_write_text(path, "new")
    assert caught.value.filename == str(path)
    assert ".part" not in str(caught.value) and "w.npz" in str(caught.value)
    assert path.read_bytes() == b"the user's weights"
    assert _names(tmp_path) == ["w.npz"]


def test_stale_temporaries_of_killed_saves_are_removed_on_the_next_save(tmp_path: Path) -> None:
    path = tmp_path / "w.npz"
    path.write_bytes(b"old")
    dead = tmp_path / f".w.npz.{_dead_pid()}-abc123.part"
    alive = tmp_path / f".w.npz.{os.getppid()}-def456.part"  # another nnviz saving now
    old_style = tmp_path / ".w.npz.k2j3h4.part"  # from nnviz 0.1 (no process id)
    recent_old_style = tmp_path / ".w.npz.zz9yy8.part"
    other = tmp_path / f".other.npz.{_dead_pid()}-abc.part"  # another file's
    for part in (dead, alive, old_style, recent_old_style, other):
        part.write_bytes(b"\0" * 1000)
    an_hour_ago = time.time() - 3600
    os.utime(old_style, (an_hour_ago, an_hour_ago))
    assert sorted(fileio.stale_parts(path)) == sorted([dead, old_style])
    fileio.atomic_write_text(path, "new")
    assert not dead.exists() and not old_style.exists()
    assert alive.exists() and recent_old_style.exists() and other.exists()
    assert path.read_text() == "new"


def test_a_save_killed_at_any_moment_leaves_old_or_new_and_the_next_save_cleans_up(
    tmp_path: Path,
) -> None:
    # A child saves 8 MB files in a loop; it is killed with SIGKILL mid-save, many times.
    path = tmp_path / "w.npz"
    script = textwrap.dedent(
        f"""
        import sys
        from nnviz.core.fileio import atomic_write
        print("ready", flush=True)
        for i in range(1000):
            data = bytes([i % 256]) * 8_000_000
            atomic_write({str(path)!r}, lambda handle: handle.write(data))
        """
    )
    leftovers = 0
    for kill in range(8):
        child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
        assert child.stdout is not None and child.stdout.readline() == b"ready\n"
        time.sleep(0.05 + 0.03 * kill)
        child.send_signal(signal.SIGKILL)
        child.wait()
        if path.exists():
            data = path.read_bytes()
            assert data == b"x" or (len(data) == 8_000_000 and data == data[:1] * len(data))
        leftovers += len([p for p in tmp_path.iterdir() if p.name.endswith(".part")])
        fileio.atomic_write_text(path, "x")
        assert _names(tmp_path) == ["w.npz"]  # the killed save's temporary is gone
    assert leftovers >= 1  # some kill did land mid-save


def test_reading_is_bounded_whatever_the_file_is(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="more than the 1,000 bytes"):
        fileio.read_bytes("/dev/zero", 1000)
    big = tmp_path / "big.json"
    big.write_bytes(b" " * 2000)
    with pytest.raises(ValueError, match="2,000 bytes, more than nnviz reads"):
        fileio.read_bytes(big, 1000)
    assert fileio.read_bytes(big, 2000) == b" " * 2000
    with pytest.raises(IsADirectoryError):
        fileio.read_bytes(tmp_path, 1000)
