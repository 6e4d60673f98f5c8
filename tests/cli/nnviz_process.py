"""Start ``python -m nnviz`` as a child that Ctrl+C (SIGINT) reaches, for the interrupt tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# A process started in the background by a shell without job control (a CI runner, nohup,
# `cmd &` in a script) ignores SIGINT, and its children inherit that: Python then never
# raises KeyboardInterrupt and "Ctrl+C" tests wait forever. The child puts Python's own
# handler back before nnviz starts, as an interactive terminal would have it.
_START = (
    "import runpy, signal, sys; signal.signal(signal.SIGINT, signal.default_int_handler); "
    "sys.argv[0] = 'nnviz'; runpy.run_module('nnviz', run_name='__main__')"
)


def interruptible_nnviz(*args: str) -> subprocess.Popen[str]:
    """Run ``nnviz ARGS`` with pipes for its output, ready for ``send_signal(SIGINT)``."""
    return subprocess.Popen(
        [sys.executable, "-c", _START, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
