"""What several benchmarks share: a median timer and a 1280×800 main window of their own.

Imported by the scripts beside it (``python bench/draw.py`` puts bench/ on sys.path).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def median_ms(action: Callable[[], object], repeats: int) -> float:
    """Median wall time of ``action`` in milliseconds (after one warm-up run)."""
    action()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        action()
        times.append((time.perf_counter() - start) * 1000.0)
    return statistics.median(times)


def bench_window() -> Any:
    """A shown 1280×800 main window whose settings live in a temporary folder, so a
    benchmark neither reads nor changes the user's own."""
    from PySide6.QtCore import QSettings

    from nnviz.app import build_window
    from nnviz.qt.preferences import Preferences

    folder = Path(tempfile.mkdtemp())
    settings = QSettings(str(folder / "bench.ini"), QSettings.Format.IniFormat)
    window = build_window(preferences=Preferences(settings), checkpoint_dir=folder / "training")
    window.resize(1280, 800)
    window.show()
    return window


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (nearest rank) of ``values``."""
    ordered = sorted(values)
    rank = max(0, min(len(ordered) - 1, round(q / 100 * len(ordered) + 0.5) - 1))
    return ordered[rank]


class GuiTimer:
    """A 16 ms precise timer on the GUI thread that records the intervals it really got
    (seconds): how long the event loop kept it waiting."""

    def __init__(self, interval_ms: int = 16) -> None:
        from PySide6.QtCore import Qt, QTimer

        self.intervals: list[float] = []
        self._last = 0.0
        self._timer = QTimer(interval=interval_ms)
        self._timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._timer.timeout.connect(self._tick)

    def _tick(self) -> None:
        now = time.perf_counter()
        if self._last:
            self.intervals.append(now - self._last)
        self._last = now

    def start(self) -> None:
        """Start recording."""
        self._timer.start()

    def stop(self) -> None:
        """Stop recording (the intervals stay)."""
        self._timer.stop()
