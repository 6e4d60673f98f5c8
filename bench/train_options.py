"""Benchmark the training options: what a validation split, dropout and augmentation cost.

Run from the repository root (about a minute; ``nice -n 5`` on a shared machine):

    python bench/train_options.py            # 3 rounds
    python bench/train_options.py --rounds 5

Each option trains the lecture's 784-100-50-10 network for 300 batches of 64 MNIST images
(one BLAS thread, the default), in rounds that alternate with the plain recipe, so that
whatever else the machine does falls on both alike; the fastest round of each is kept.
It prints seconds per 300 batches, the ratio to the plain recipe and the epoch (938
batches) that ratio makes of a 0.37 s plain epoch (a quiet machine's, README). The
validation split's cost is its evaluation after the epoch (10,000 images), not counted
here: one forward pass, about a sixth of an epoch's training.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nnviz.core.data import DataSet  # noqa: E402
from nnviz.core.mnist import load_dataset  # noqa: E402
from nnviz.core.network import Network  # noqa: E402
from nnviz.core.training import BatchRecord, Started, Trainer, TrainingConfig  # noqa: E402

BATCHES = 300
QUIET_EPOCH = 0.37
OPTIONS: dict[str, dict[str, Any]] = {
    "plain": {},
    "dropout 0.2": {"dropout": 0.2},
    "noise σ 0.1": {"augment_noise": 0.1},
    "shift ±2 px": {"augment_shift": 2.0},
    "rotation ±10°, shift ±2 px": {"augment_rotation": 10.0, "augment_shift": 2.0},
    "all of them": {
        "dropout": 0.2,
        "augment_rotation": 10.0,
        "augment_shift": 2.0,
        "augment_noise": 0.1,
    },
}


def seconds(data: DataSet, options: dict[str, Any]) -> float:
    """Training time of one epoch of ``data`` (BATCHES batches) with ``options``."""
    network = Network.initialised(
        (784, 100, 50, 10), ("relu", "relu", "softmax"), "cross_entropy", seed=0
    )
    config = TrainingConfig(epochs=1, blas_threads=1, **options)
    start = last = 0.0
    for record in Trainer(network, data, config).run():
        if isinstance(record, Started):
            start = time.perf_counter()
        elif isinstance(record, BatchRecord):
            last = time.perf_counter()
    return last - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    full = DataSet.from_mnist(load_dataset())
    data = full.limited(BATCHES * 64)
    best = {name: float("inf") for name in OPTIONS}
    for _ in range(args.rounds):
        for name, options in OPTIONS.items():
            best[name] = min(best[name], seconds(data, options))
    plain = best["plain"]
    print(f"\n{BATCHES} batches of 64, 1 BLAS thread, fastest of {args.rounds} rounds:")
    for name, value in best.items():
        ratio = value / plain
        print(
            f"  {name:28} {value:5.2f} s  {ratio:5.2f}x plain  "
            f"(≈ {QUIET_EPOCH * ratio:.2f} s a quiet epoch)"
        )
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
