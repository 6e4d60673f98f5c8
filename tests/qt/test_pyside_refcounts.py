"""Regression guard for PySide6 6.12.0 on Python 3.11 (see the pin in pyproject.toml).

That release dropped a reference to None on every void Qt call and to True on every signal
emit; after about 5,000 calls the interpreter aborted with "Fatal Python error:
none_dealloc". The loop runs in a child process so that a crash fails this test only.
"""

from __future__ import annotations

import os
import subprocess
import sys

CODE = """
import sys
from PySide6.QtCore import QObject, Signal, QCoreApplication

class Sender(QObject):
    fired = Signal(bool)

app = QCoreApplication([])
sender = Sender()
received = [0]

def count(value):
    received[0] += 1

sender.fired.connect(count)
none_before = sys.getrefcount(None)
true_before = sys.getrefcount(True)
for i in range(20_000):
    sender.setObjectName("x")   # a void call
    sender.fired.emit(True)     # an emit
print(received[0], sys.getrefcount(None) - none_before, sys.getrefcount(True) - true_before)
"""


def test_void_calls_and_emits_keep_refcounts() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    result = subprocess.run(
        [sys.executable, "-c", CODE], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    count, none_drift, true_drift = (int(v) for v in result.stdout.split())
    assert count == 20_000
    # Refcounts of immortal-ish singletons wobble a little; the bug lost 20,000.
    assert abs(none_drift) < 1000 and abs(true_drift) < 1000
