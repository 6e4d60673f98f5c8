"""The playground's speed: headless training of the spiral, and the window while it trains.

Run from the repository root (offscreen when there is no display; under
``xvfb-run -a -s "-screen 0 1280x800x24"`` it paints into a real X server):

    python bench/playground.py              # about a minute
    python bench/playground.py --rounds 5

Figures (issue 12's targets in brackets):

- **headless**: ``nnviz train --data spiral --hidden 8 8 --activation tanh`` (the default
  recipe, 2 × 500 points, noise 0.1) as a child process: its wall time from launch to exit
  and its final test accuracy [≥ 95 % in ≤ 3 s]; and its steps per second between the ends
  of epochs 1 and N (read from its per-epoch times, so start-up does not count);
- **window**: the same data with a 2-8-8-1 network (tanh, a sigmoid output: 17 maps)
  trained from the Playground at full speed with the Diagram page and the Playground panel
  on screen: how often the boundary and the neuron maps (64 × 64 cells each) were
  recomputed and repainted [≥ 20 a second], the intervals of a 16 ms GUI timer [p99 ≤ 50
  ms], the time one refresh takes, and the run's steps per second, the same way as
  headless [≥ 80 % of headless].

Rounds interleave headless and window runs; each figure is a median over the rounds.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

BATCHES_PER_EPOCH = 25  # 800 training points in batches of 32


def headless() -> dict[str, float]:
    command = [sys.executable, "-m", "nnviz", "train", "--data", "spiral"]
    command += ["--hidden", "8", "8", "--activation", "tanh"]
    started = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    times = [float(t) for t in re.findall(r"^epoch .*\[([\d.]+) s\]$", result.stdout, re.M)]
    accuracy = float(re.findall(r"^test accuracy ([\d.]+)%", result.stdout, re.M)[-1])
    steps = (len(times) - 1) * BATCHES_PER_EPOCH / (times[-1] - times[0])
    return {"wall": wall, "accuracy": accuracy, "steps": steps}


class WindowBench:
    def __init__(self) -> None:
        from common import bench_window

        import nnviz.qt  # noqa: F401  (pins the binding)
        from nnviz.qt.application import create_application

        self.app = create_application()
        self.window = bench_window()
        self.playground = self.window.features.playground
        self.panel = self.playground.panel
        self.panel.kind.setCurrentText("spiral")
        self.playground.use_settings()
        self.controller = self.window.features.training.controller

    def _wait(self, condition: object, timeout: float) -> None:
        deadline = time.perf_counter() + timeout
        while not condition() and time.perf_counter() < deadline:  # type: ignore[operator]
            self.app.processEvents()
            time.sleep(0.001)

    def run(self, epochs: int) -> dict[str, float]:
        from common import GuiTimer, percentile

        from nnviz.core.network import Network

        document, model = self.window.document, self.window.document.training
        self.controller.reset()
        network = Network.initialised(
            (2, 8, 8, 1), ("tanh", "tanh", "sigmoid"), "binary_cross_entropy", method="xavier"
        )
        document.edits.set_network(network, "bench network")
        model.set_config(epochs=epochs)
        self.window.pages.setCurrentIndex(0)
        self._wait(lambda: self.panel.node_maps.map_count == 17, 10)
        elapsed: list[float] = []
        model.epoch_ended.connect(lambda record: elapsed.append(record.elapsed))
        timer = GuiTimer()
        intervals = timer.intervals
        repaints = self.panel.repaints
        self.panel.repaint_seconds.clear()
        self.controller.start()
        self._wait(lambda: model.status == "running", 30)
        started = time.perf_counter()
        timer.start()
        self._wait(lambda: not model.active, 600)
        timer.stop()
        wall = time.perf_counter() - started
        model.epoch_ended.disconnect()
        steps = (len(elapsed) - 1) * BATCHES_PER_EPOCH / (elapsed[-1] - elapsed[0])
        return {
            "repaints": (self.panel.repaints - repaints) / wall,
            "refresh_ms": 1000 * statistics.median(self.panel.repaint_seconds or [0.0]),
            "p99": 1000 * percentile(intervals, 99),
            "max": 1000 * max(intervals),
            "steps": steps,
            "maps": float(self.panel.node_maps.map_count),
        }

    def close(self) -> None:
        # Nothing to save: without this the close would wait on "Save the changes?".
        for document in self.window.workspace.documents:
            document.mark_saved()
        self.window.features.training.shutdown()
        self.window.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=300, help="window runs' epochs")
    args = parser.parse_args()
    print(f"load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    bench = WindowBench()
    heads, wins = [], []
    for i in range(args.rounds):
        heads.append(headless())
        wins.append(bench.run(args.epochs))
        print(f"round {i + 1}: headless {heads[-1]}  window {wins[-1]}", flush=True)
    bench.close()
    heads.append(headless())

    def med(rows: list[dict[str, float]], key: str) -> float:
        return statistics.median(row[key] for row in rows)

    ratio = med(wins, "steps") / med(heads, "steps")
    print(
        f"headless: wall {med(heads, 'wall'):.2f} s (target ≤ 3), test accuracy "
        f"{med(heads, 'accuracy'):.1f} % (≥ 95), {med(heads, 'steps'):,.0f} steps/s"
    )
    print(
        f"window: {med(wins, 'maps'):.0f} maps of 64×64 + the boundary, "
        f"{med(wins, 'repaints'):.1f} refreshes/s (≥ 20), one refresh "
        f"{med(wins, 'refresh_ms'):.1f} ms, GUI timer p99 {med(wins, 'p99'):.1f} ms (≤ 50), "
        f"max {med(wins, 'max'):.1f} ms, {med(wins, 'steps'):,.0f} steps/s = {ratio:.0%} of "
        "headless (≥ 80 %)"
    )
    met = (
        med(heads, "wall") <= 3
        and med(heads, "accuracy") >= 95
        and med(wins, "repaints") >= 20
        and med(wins, "p99") <= 50
        and ratio >= 0.8
    )
    print("all targets met" if met else "a target was missed")
    return 0 if met else 1


if __name__ == "__main__":
    sys.exit(main())
