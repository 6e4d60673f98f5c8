"""``nnviz train`` never replaces a file you keep with a failed run's result, meets sizes it
cannot meet with one line, and lets no NumPy warning reach the terminal."""

from __future__ import annotations

import os
import re
import signal
import stat
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from nnviz.cli import run
from nnviz.core.weights_io import load_weights

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.hostile


def _kept(tmp_path: Path, name: str = "important.npz") -> tuple[Path, bytes]:
    """A file the user keeps (private, as theirs may be)."""
    path = tmp_path / name
    path.write_bytes(b"the weights the user keeps")
    path.chmod(0o600)
    return path, path.read_bytes()


def _nnviz(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "nnviz", *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )


def test_a_diverged_run_writes_beside_a_kept_file_and_says_where(
    tiny_mnist: Path, tmp_path: Path
) -> None:
    # The case, on a real terminal's streams: exit 1, important.npz untouched.
    kept, before = _kept(tmp_path)
    process = _nnviz("train", "--data", str(tiny_mnist), "--lr", "1e30", "--out", str(kept))
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 1, stderr
    assert kept.read_bytes() == before and stat.S_IMODE(kept.stat().st_mode) == 0o600
    beside = tmp_path / "important.diverged.npz"
    assert load_weights(beside).meta["training"]["status"] == "diverged"
    lines = stderr.strip().splitlines()
    # No RuntimeWarning (overflow in matmul …) before nnviz's own clear message.
    assert len(lines) == 2 and "Warning" not in stderr, stderr
    assert lines[0].startswith("nnviz: error: training diverged at epoch 1")
    assert lines[1] == (
        f"nnviz: {kept} was kept (this run diverged, and a file was already there); saved "
        f"the last good weights (test accuracy {_accuracy(beside)}) beside it, to {beside}"
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["important.diverged.npz", "important.npz"]


def _accuracy(path: Path) -> str:
    return f"{load_weights(path).meta['training']['test_accuracy']:.2%}"


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_a_second_diverged_run_takes_the_next_free_name(
    tiny_mnist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept, before = _kept(tmp_path)
    for _ in range(2):
        assert run(["train", "--data", str(tiny_mnist), "--lr", "1e30", "--out", str(kept)]) == 1
    assert "to " + str(tmp_path / "important.diverged-2.npz") in capsys.readouterr().err
    assert kept.read_bytes() == before
    assert (tmp_path / "important.diverged.npz").exists()


def test_a_link_to_a_kept_file_is_a_kept_file(
    tiny_mnist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept, before = _kept(tmp_path)
    link = tmp_path / "link.npz"
    link.symlink_to(kept)
    assert run(["train", "--data", str(tiny_mnist), "--lr", "1e30", "--out", str(link)]) == 1
    assert link.is_symlink() and kept.read_bytes() == before
    assert (tmp_path / "link.diverged.npz").is_file()


def test_a_diverged_run_writes_out_when_nothing_is_there(
    tiny_mnist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "new.npz"
    assert run(["train", "--data", str(tiny_mnist), "--lr", "1e30", "--out", str(out)]) == 1
    assert load_weights(out).meta["training"]["status"] == "diverged"
    assert [p.name for p in tmp_path.iterdir()] == ["new.npz"]


def test_a_completed_run_replaces_the_file_as_asked_keeping_its_permissions(
    tiny_mnist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    kept, _ = _kept(tmp_path)
    assert run(["train", "--data", str(tiny_mnist), "--epochs", "1", "--out", str(kept)]) == 0
    assert load_weights(kept).meta["training"]["status"] == "completed"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o600
    assert f"saved the weights to {kept}" in capsys.readouterr().out


def test_ctrl_c_writes_beside_a_kept_file(tiny_mnist: Path, tmp_path: Path) -> None:
    kept, before = _kept(tmp_path, "digits.json")
    process = _nnviz("train", "--data", str(tiny_mnist), "--epochs", "100000", "--out", str(kept))
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if re.match(r"epoch +1/", line):
                break
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    finally:
        process.kill()
    assert process.returncode == 130, stderr
    assert kept.read_bytes() == before
    beside = tmp_path / "digits.interrupted.json"
    assert load_weights(beside).meta["training"]["status"] == "interrupted"
    assert f"{kept} was kept (this run interrupted" in stderr and f"to {beside}" in stderr


def test_a_batch_larger_than_the_data_set_is_clamped_and_said(
    tiny_mnist: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "w.npz"
    data = ("--data", str(tiny_mnist))
    code = run(["train", *data, "--epochs", "1", "--batch-size", "10000000", "--out", str(out)])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.err == (
        "nnviz: --batch-size 10,000,000 is more than the 640 training images: using 640 "
        "(one batch per epoch)\n"
    )
    assert load_weights(out).meta["training"]["recipe"]["batch_size"] == 640


def test_a_network_too_large_to_train_is_refused_before_allocating(
    tiny_mnist: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code = run(["train", "--data", str(tiny_mnist), "--hidden", "100000", "100000"])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        "nnviz: error: a 784-100000-100000-10 network has 10,079,600,010 parameters: "
        "training it would need about 484.5 GB of memory (nnviz trains up to 50,000,000 "
        "parameters)\n"
    )


def test_a_network_larger_than_the_memory_there_is_is_refused_with_what_it_needs(
    tiny_mnist: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("nnviz.core.limits.available_memory", lambda: 100_000_000)
    code = run(["train", "--data", str(tiny_mnist), "--hidden", "3000"])
    err = capsys.readouterr().err
    assert code == 1
    assert re.fullmatch(
        r"nnviz: error: a 784-3000-10 network has 2,385,010 parameters: training it "
        r"would need about 1\d\d\.\d MB of memory; 100\.0 MB is available\n",
        err,
    ), err


def test_any_memory_error_is_one_line_naming_what_was_too_large(
    tiny_mnist: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    def load_dataset(directory: object) -> None:
        np.empty((10**7, 10**8), dtype=np.float32)  # 4 PB: NumPy's own MemoryError

    monkeypatch.setattr("nnviz.cli.train.load_dataset", load_dataset)
    code = run(["train", "--data", str(tiny_mnist)])
    err = capsys.readouterr().err
    assert code == 1
    assert err == (
        "nnviz: error: not enough memory while running nnviz train: an array of "
        "10,000,000 × 100,000,000 float32 values would need 4.0 PB\n"
    )
