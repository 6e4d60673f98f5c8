"""The real entry point opens the window (offscreen) and quits cleanly in smoke-test mode."""

from __future__ import annotations

import os
import subprocess
import sys


def test_nnviz_opens_its_window() -> None:
    env = dict(os.environ, NNVIZ_SMOKE_TEST="1", QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-m", "nnviz", "xor"],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-1000:]
    assert "window shown at" in result.stdout and "XOR" in result.stdout
    assert "Traceback" not in result.stderr
