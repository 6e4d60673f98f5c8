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


def one_epoch_mnist() -> tuple[Any, Any, Any]:
    """MNIST, the lecture's 784-100-50-10 network as initialised (seed 0), and the same
    network after one epoch of the default recipe (one BLAS thread, as in the window):
    weights that answer well, for benchmarks of what is done with a trained network."""
    from threadpoolctl import threadpool_limits

    from nnviz.core.data import DataSet
    from nnviz.core.mnist import load_dataset
    from nnviz.core.network import Network
    from nnviz.core.training import EpochRecord, Trainer, TrainingConfig

    data = DataSet.from_mnist(load_dataset())
    initial = Network.initialised(
        (784, 100, 50, 10), ("relu", "relu", "softmax"), "cross_entropy", seed=0
    )
    trained = initial
    with threadpool_limits(limits=1, user_api="blas"):
        for record in Trainer(initial, data, TrainingConfig(epochs=1)).run():
            if isinstance(record, EpochRecord):
                trained = record.network
    return data, initial, trained


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
