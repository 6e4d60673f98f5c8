"""Benchmark the Inside page's numbers: a PCA map of 10,000 test images' activations, the
2,000-image map the page draws, and the weight histograms.

Run from the repository root:

    python bench/analysis.py

It prints the median of 7 runs of each (interleaved), for the lecture's 784-100-50-10
MNIST network trained by ``nnviz train`` for one epoch (weights that separate the classes),
with one BLAS thread as in the window, and the issue's target: PCA of 10,000 test images
≤ 0.5 s. The load average at the start is printed so a reader can judge the noise.
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

from nnviz.present.training.analysis import (  # noqa: E402
    activation_map,
    weight_histograms,
)

PCA_TARGET = 0.5
RUNS = 7


def main() -> int:
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    data, initial, trained = one_epoch_mnist()
    cases = {
        "PCA map, 10,000 test images, hidden layer 2": lambda: activation_map(trained, data, 2),
        "PCA map, 10,000 test images, inputs (784)": lambda: activation_map(trained, data, 0),
        "PCA map, 2,000 test images (the page)": lambda: activation_map(trained, data, 2, 2000),
        "weight histograms now and at initialisation": lambda: weight_histograms(trained, initial),
    }
    times: dict[str, list[float]] = {name: [] for name in cases}
    with threadpool_limits(limits=1, user_api="blas"):
        for _ in range(RUNS):
            for name, case in cases.items():
                started = time.perf_counter()
                case()
                times[name].append(time.perf_counter() - started)
    for name, values in times.items():
        print(f"  {name:<48} {statistics.median(values) * 1000:7.1f} ms (median of {RUNS})")
    pca = statistics.median(times["PCA map, 10,000 test images, hidden layer 2"])
    met = pca <= PCA_TARGET
    print(f"\ntarget: PCA of 10,000 test images <= {PCA_TARGET} s: {pca:.3f} s, "
          f"{'met' if met else 'MISSED'}")  # fmt: skip
    return 0 if met else 1


if __name__ == "__main__":
    raise SystemExit(main())
