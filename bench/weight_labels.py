"""Up to what size every weight of a network stays written on its edge, at 1280×800.

For networks of growing size (sigmoid layers, random weights rounded to two decimals,
as a teacher types them), opens each in a 1280×800 window (offscreen, the Network and
Step panels docked as on a first start), fits the diagram and prints how many of its
weights are written on the diagram and how many are left to the edge's tooltip (no room),
and checks that no two labels and no label and node overlap. Also at a 1920×1080 window,
and at 1280×800 with the text at 150 %.

Run from the repository root::

    python bench/weight_labels.py
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import itertools

import numpy as np

SIZES = [(2, 2, 1), (2, 3, 2), (3, 3, 2), (2, 4, 2), (3, 4, 2), (3, 4, 3), (3, 3, 3, 2),
         (3, 4, 4, 2), (4, 4, 4, 2), (4, 5, 5, 3), (4, 6, 6, 3)]  # fmt: skip


def network(sizes: tuple[int, ...], seed: int) -> object:
    from nnviz.core.network import Network

    rng = np.random.default_rng(seed)
    pairs = itertools.pairwise(sizes)
    weights = tuple(np.round(rng.normal(0, 1, (a, b)), 2) for a, b in pairs)
    biases = tuple(np.round(rng.normal(0, 0.5, b), 2) for b in sizes[1:])
    return Network(sizes, weights, biases, ("sigmoid",) * (len(sizes) - 1), "mse")


def main() -> int:
    from common import bench_window
    from PySide6.QtWidgets import QApplication

    from nnviz.present.diagram.label_layout import overlaps

    window = bench_window()
    app = QApplication.instance()
    assert app is not None
    print(f"{'network':>12}  {'weights':>7}  {'1280×800':>9}  {'1920×1080':>9}  {'1280 @150%':>10}")
    for sizes in SIZES:
        cells = []
        edges = sum(a * b for a, b in itertools.pairwise(sizes))
        for width, height, text in ((1280, 800, 100), (1920, 1080, 100), (1280, 800, 150)):
            window.appearance.set_text_size(text, remember=False)
            window.resize(width, height)
            window.edits.set_network(network(sizes, 0), "bench")
            for _ in range(3):
                app.processEvents()
            window.view.fit()
            scene = window.scene
            rects = [(r.x(), r.y(), r.width(), r.height()) for r in scene.label_rects().values()]
            boxes = [(r.x(), r.y(), r.width(), r.height()) for r in scene.box_rects().values()]
            clashes = [p for p in overlaps(rects + boxes) if p[0] < len(rects)]
            assert not clashes, f"{sizes}: labels overlap {clashes}"
            written = len(rects)
            cells.append(f"{written}/{edges}" + (" all" if written == edges else ""))
        name = "-".join(map(str, sizes))
        print(f"{name:>12}  {edges:>7}  {cells[0]:>9}  {cells[1]:>9}  {cells[2]:>10}")
    window.appearance.set_text_size(100, remember=False)
    return 0


if __name__ == "__main__":
    sys.exit(main())
