"""The real entry point opens the window (offscreen) and quits cleanly in smoke-test mode."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def test_nnviz_opens_its_window() -> None:
    env = dict(os.environ, NNVIZ_SMOKE_TEST="1", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "nnviz", "xor"],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-1000:]
    assert "window shown at" in result.stdout and "XOR" in result.stdout
    assert "Traceback" not in result.stderr


@pytest.mark.hostile
def test_a_refused_file_in_smoke_test_mode_ends_with_its_message(tmp_path: Path) -> None:
    # 0.1 waited forever on the error dialog (nobody answers it in a smoke test).
    hostile = tmp_path / "hostile.npz"
    hostile.write_bytes(b"PK\x03\x04 not an archive")
    env = dict(os.environ, NNVIZ_SMOKE_TEST="1", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "nnviz", str(hostile)],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr[-1000:]
    assert "window shown at" in result.stdout
    assert "nnviz: Cannot open the file: hostile.npz: not a readable .npz archive" in (
        result.stderr
    )
    assert "Traceback" not in result.stderr
