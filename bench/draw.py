"""How fast the diagram draws the MNIST network (784-100-50-10) at 1200×800, offscreen.

Measures, each as a median over repeats (milliseconds, and per second):

- open: preset loaded, traced and laid out, and the first frame painted;
- full redraw: every item repainted with the edge cache thrown away (what a zoom costs);
- cached repaint: the window repainted with the edge layer cached (what a pan costs);
- weight update: a new set of weights (as live training delivers them) shown and painted;
- edit: one weight changed through the document (trace recomputed) and painted.

Targets (issue 4): ≥ 30 full redraws/s and ≥ 10 weight updates/s; MNIST opens in < 1 s.
Run from the repository root::

    python bench/draw.py [--top-k K] [--repeats N]

Exits non-zero if a target is missed; the last line sums the figures up.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from common import bench_window, median_ms  # the module beside this script

import nnviz.qt  # noqa: F401  (pins the Qt binding)
from nnviz.core.presets import load_preset
from nnviz.present.diagram.content import content_from_document
from nnviz.qt.application import create_application
from nnviz.qt.diagram.scene import DiagramScene
from nnviz.qt.diagram.view import DiagramView
from nnviz.session import Document

WIDTH, HEIGHT = 1200, 800


def open_in_window(app: object) -> float:
    """Milliseconds from choosing MNIST in a 1280×800 main window to its first frame."""
    window = bench_window()
    app.processEvents()  # type: ignore[attr-defined]
    start = time.perf_counter()
    window.features.files.open_preset("mnist")
    window.view.viewport().repaint()
    elapsed = (time.perf_counter() - start) * 1000.0
    window.close()
    return elapsed


def main() -> int:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--top-k", type=int, default=None, help="edges per layer (default: the app's)"
    )
    parser.add_argument("--repeats", type=int, default=30)
    args = parser.parse_args()
    app = create_application()

    # -- open ---------------------------------------------------------------------------
    start = time.perf_counter()
    session = Document(load_preset("mnist"))
    if args.top_k is not None:
        session.set_view(top_k=args.top_k)
    scene = DiagramScene()
    view = DiagramView(scene)
    view.resize(WIDTH, HEIGHT)
    view.show()
    app.processEvents()
    scene.set_view_settings(session.view)
    view.fit()
    scene.set_content(content_from_document(session))
    view.viewport().repaint()
    open_ms = (time.perf_counter() - start) * 1000.0
    size = view.viewport().size()

    def full_redraw() -> None:
        for item in scene.items():
            item.update()  # throws the device cache of the cached layers away
        view.viewport().repaint()

    def cached_repaint() -> None:
        view.viewport().repaint()

    rng = np.random.default_rng(0)
    weight_sets = [
        [w + rng.standard_normal(w.shape) * 0.01 for w in session.network.weights] for _ in range(8)
    ]
    counter = iter(range(10**9))

    def weight_update() -> None:
        weights = weight_sets[next(counter) % len(weight_sets)]
        scene.set_weights(weights)
        view.viewport().repaint()

    edits = iter(range(10**9))

    def edit() -> None:
        value = 0.5 if next(edits) % 2 else -0.5
        session.edits.set_weight(1, 400, 10, value)
        scene.set_content(content_from_document(session))
        view.viewport().repaint()

    window_open_ms = open_in_window(app)
    results = {
        "full redraw": median_ms(full_redraw, args.repeats),
        "cached repaint": median_ms(cached_repaint, args.repeats),
        "weight update": median_ms(weight_update, args.repeats),
        "edit (trace + draw)": median_ms(edit, args.repeats),
    }
    print(f"MNIST 784-100-50-10, viewport {size.width()}x{size.height()}, offscreen raster")
    print(f"edges drawn: {scene.drawn_edge_count:,} (top {session.view.top_k:,} per layer)")
    print(f"{'open (load, trace, lay out, first frame)':42s} {open_ms:8.1f} ms")
    print(f"{'open in the main window (File > mnist)':42s} {window_open_ms:8.1f} ms")
    for name, ms in results.items():
        print(f"{name:42s} {ms:8.1f} ms  {1000.0 / ms:8.1f} /s")
    redraws = 1000.0 / results["full redraw"]
    updates = 1000.0 / results["weight update"]
    open_ms = max(open_ms, window_open_ms)
    ok = redraws >= 30 and updates >= 10 and open_ms < 1000
    print(
        f"summary: {redraws:.0f} full redraws/s (target 30), {updates:.0f} weight updates/s "
        f"(target 10), MNIST open {open_ms:.0f} ms (target 1000): {'met' if ok else 'MISSED'}"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
