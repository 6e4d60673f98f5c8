"""Regression test for PySide6 6.12.0's reference-count bug (hence the pin in pyproject.toml).

On Python 3.11, 6.12.0 drops a reference to None on every void Qt call and one to True on
every signal emit; after about 5,000 calls the process aborts with
``Fatal Python error: none_dealloc``. An upgrade that brings this back must fail here. The
calls run in a child process so that the abort shows up as a failed test, not a dead run.
"""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

pytest.importorskip("PySide6")

CALLS = 20_000

SCRIPT = f"""
import sys
from PySide6 import QtCore

class Emitter(QtCore.QObject):
    fired = QtCore.Signal(int)

def void_calls(obj, n):
    for i in range(n):
        obj.setObjectName("a" if i % 2 else "b")  # a void Qt call: returns None
        obj.blockSignals(False)

def emits(emitter, n):
    for i in range(n):
        emitter.fired.emit(i)

obj = QtCore.QObject()
emitter = Emitter()
received = []
emitter.fired.connect(received.append)
void_calls(obj, 100)  # warm up caches before counting
emits(emitter, 100)
received.clear()
none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
void_calls(obj, {CALLS})
emits(emitter, {CALLS})
none_after, true_after = sys.getrefcount(None), sys.getrefcount(True)
print(len(received), none_after - none_before, true_after - true_before)
"""


def test_void_calls_and_emits_keep_none_and_true_alive() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, f"Qt calls crashed the interpreter: {result.stderr[-500:]}"
    received, none_change, true_change = (int(n) for n in result.stdout.split())
    assert received == CALLS
    # Ordinary interpreter work moves a few references; the bug loses one per call.
    assert abs(none_change) < 100, f"None lost {-none_change} references"
    assert abs(true_change) < 100, f"True lost {-true_change} references"
