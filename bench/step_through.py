"""What a step of the step-through costs on the GUI thread, in a 1280×800 window, offscreen.

Measures, as medians over repeats (milliseconds):

- steps: building the document's step list (forward, loss, backward, update);
- step: one step forward or back shown at once (reveal masks, the diagram's content and
  overlay, the panel, and one repaint of the diagram), over every step of the pass;
- frame: one animation frame (travelling values moved and the diagram repainted); for MNIST
  a whole-layer step moves dots along its strongest edges, for the lecture's network the
  terms of a sum; plus, for the lecture's network, a frame of an update step's weight
  gliding from old to new (the diagram's content rebuilt every frame);
- draw: one digit drawn on the pad (the input replaced, the pass traced and restarted,
  everything shown).

An animation frame must stay well under 16 ms to keep 60 frames/s and leave the GUI
responsive; a step under ~50 ms feels immediate. Run from the repository root::

    python bench/step_through.py [--repeats N]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import numpy as np
from common import bench_window, median_ms  # the module beside this script

import nnviz.qt  # noqa: F401  (pins the Qt binding)
from nnviz.qt.application import create_application
from nnviz.qt.stepping.travel import step_moves

FRAME_BUDGET_MS = 16.0
STEP_BUDGET_MS = 50.0


def make_window(preset: str) -> object:
    """A 1280×800 main window on ``preset``, stepping on, animations off."""
    window = bench_window()
    window.features.files.open_preset(preset)
    window.features.stepping.set_animated(False)
    window.features.stepping.stepper.start()
    return window


def measure(preset: str, repeats: int, app: object) -> dict[str, float]:
    """The figures for one preset."""
    window = make_window(preset)
    stepper = window.features.stepping.stepper  # type: ignore[attr-defined]
    presenter = window.features.stepping.presenter  # type: ignore[attr-defined]
    viewport = window.view.viewport()  # type: ignore[attr-defined]
    session = window.document  # type: ignore[attr-defined]
    app.processEvents()  # type: ignore[attr-defined]
    figures: dict[str, float] = {}

    def build() -> None:
        session._steps = None
        _ = session.steps

    figures["steps"] = median_ms(build, repeats)
    stepper.start()
    times = []
    for _ in range(max(1, repeats // 10)):
        stepper.go_to(0)
        for _ in range(len(stepper.steps)):
            start = time.perf_counter()
            stepper.step_forward()
            viewport.repaint()
            times.append((time.perf_counter() - start) * 1000.0)
        for _ in range(len(stepper.steps)):
            start = time.perf_counter()
            stepper.step_back()
            viewport.repaint()
            times.append((time.perf_counter() - start) * 1000.0)
    figures["step"] = statistics.median(times)
    figures["step (slowest)"] = max(times)

    first = stepper.steps[0]
    stepper.go_to(1)
    moves = step_moves(first, window.scene, session.forward, session.backward)  # type: ignore[attr-defined]
    traveller = presenter.traveller
    traveller.set_moves(moves, window.scene.diagram_style)  # type: ignore[attr-defined]
    t = iter(np.linspace(0.0, 1.0, 10_000))

    def frame() -> None:
        traveller.set_progress(float(next(t)))
        viewport.repaint()

    figures[f"frame ({len(moves)} moving)"] = median_ms(frame, repeats)
    traveller.set_moves([], window.scene.diagram_style)  # type: ignore[attr-defined]

    update = next(
        (
            i
            for i, s in enumerate(stepper.steps)
            if s.kind == "weight_update" and s.neuron is not None
        ),
        None,
    )
    if update is not None:
        step = stepper.steps[update]
        stepper.go_to(update)
        values = iter(np.linspace(0.0, 1.0, 10_000))

        def glide() -> None:
            presenter._tween = (step, float(next(values)))
            window.diagram.refresh()  # type: ignore[attr-defined]
            viewport.repaint()

        figures["frame (weight gliding)"] = median_ms(glide, repeats)
        presenter._tween = None

    if session.description.input_image_shape == (28, 28):
        pad = window.features.stepping.panel.digit.pad  # type: ignore[attr-defined]
        rng = np.random.default_rng(0)
        stepper.go_to(6)

        def draw() -> None:
            ink = np.zeros((28, 28))
            row, column = rng.integers(4, 20, size=2)
            ink[row : row + 6, column : column + 3] = 1.0
            pad.set_ink(ink)
            viewport.repaint()

        figures["draw"] = median_ms(draw, max(5, repeats // 4))
    session.mark_saved()  # the drawn digits: no "save changes?" on closing
    window.close()  # type: ignore[attr-defined]
    return figures


def main() -> int:
    """Run the measurements and print them."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()
    app = create_application()
    worst_frame = 0.0
    for preset in ("feedforward", "mnist"):
        figures = measure(preset, args.repeats, app)
        print(preset)
        for name, value in figures.items():
            print(f"  {name:28s} {value:8.2f} ms")
            if name.startswith("frame"):
                worst_frame = max(worst_frame, value)
    ok = worst_frame < FRAME_BUDGET_MS
    print(f"worst animation frame {worst_frame:.2f} ms (budget {FRAME_BUDGET_MS:g} ms): "
          f"{'met' if ok else 'MISSED'}")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
