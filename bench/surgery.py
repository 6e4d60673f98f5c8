"""Benchmark a surgery's before → after on MNIST's 10,000 test images, and the robustness
curves.

Run from the repository root:

    python bench/surgery.py

It trains the lecture's 784-100-50-10 network for one epoch (weights that answer well),
then times each surgery's before → after (:func:`nnviz.present.training.surgery.
before_after`): "both" scores the network before and after; "after only" is what the
Surgery page does once it knows the score before (the previous surgery's after, or the
score it showed on opening). The median of 7 runs of each (interleaved), one BLAS thread as
in the window, and the issue's target: a surgery's before → after ≤ 0.3 s. The
robustness curves (24 evaluations of 10,000 disturbed images) are timed once. The load
average at the start is printed so a reader can judge the noise.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import one_epoch_mnist  # noqa: E402
from threadpoolctl import threadpool_limits  # noqa: E402

from nnviz.core.surgery import (  # noqa: E402
    Prune,
    ScaleIncoming,
    ShiftBias,
    SwitchOff,
    Temperature,
    WeightNoise,
)
from nnviz.present.training.robustness import robustness_curves  # noqa: E402
from nnviz.present.training.surgery import before_after, score  # noqa: E402

TARGET = 0.3
RUNS = 7


def main() -> int:
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    data, _, trained = one_epoch_mnist()
    with threadpool_limits(limits=1, user_api="blas"):
        surgeries = {
            "switch a neuron off": SwitchOff(2, 7),
            "scale its incoming weights": ScaleIncoming(2, 7, 0.5),
            "shift its bias": ShiftBias(2, 7, 1.0),
            "prune 50 % per layer": Prune(0.5, "layer"),
            "prune 90 % over all layers": Prune(0.9, "global"),
            "weight noise σ 0.05": WeightNoise(0.05, 0),
            "softmax temperature 2": Temperature(2.0),
        }
        known = score(trained, data)
        both: dict[str, list[float]] = {name: [] for name in surgeries}
        after: dict[str, list[float]] = {name: [] for name in surgeries}
        for _ in range(RUNS):
            for name, surgery in surgeries.items():
                started = time.perf_counter()
                before_after(trained, data, surgery)
                both[name].append(time.perf_counter() - started)
                started = time.perf_counter()
                before_after(trained, data, surgery, before=known)
                after[name].append(time.perf_counter() - started)
        print(f"  {'surgery (10,000 test images)':<30} {'both':>9} {'after only':>11}   result")
        for name, surgery in surgeries.items():
            result = before_after(trained, data, surgery, before=known)
            first, second = statistics.median(both[name]), statistics.median(after[name])
            print(f"  {name:<30} {first * 1000:6.1f} ms {second * 1000:8.1f} ms   "
                  f"{result.summary()}")  # fmt: skip
        started = time.perf_counter()
        robustness_curves(trained, data, seed=0)
        curves = time.perf_counter() - started
    worst = max(statistics.median(v) for v in both.values())
    print(f"\n  robustness curves (4 disturbances × 6 levels × 10,000 images): {curves:.2f} s")
    met = worst <= TARGET
    print(f"\ntarget: a surgery's before → after <= {TARGET} s: slowest {worst:.3f} s (both "
          f"scored), {'met' if met else 'MISSED'}")  # fmt: skip
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
