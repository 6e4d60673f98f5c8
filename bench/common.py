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

    from nnviz.qt.main_window import MainWindow
    from nnviz.qt.preferences import Preferences

    settings = QSettings(str(Path(tempfile.mkdtemp()) / "bench.ini"), QSettings.Format.IniFormat)
    window = MainWindow(preferences=Preferences(settings))
    window.resize(1280, 800)
    window.show()
    return window
