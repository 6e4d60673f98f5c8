"""The drawing pad turns mouse strokes into a 28×28 digit; the bars show probabilities."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt

from nnviz.qt.drawing_pad import DrawingPad, ProbabilityBars


def test_a_stroke_announces_a_centred_digit(qtbot) -> None:  # type: ignore[no-untyped-def]
    pad = DrawingPad()
    qtbot.addWidget(pad)
    pad.resize(200, 200)
    pad.show()
    digits: list[np.ndarray] = []
    pad.digit_changed.connect(digits.append)
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(150, 20))
    for y in range(20, 120, 5):
        qtbot.mouseMove(pad, QPoint(150, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(150, 120))
    assert digits, "no digit announced"
    digit = digits[-1]
    assert digit.shape == (28, 28) and digit.max() > 0.5
    columns = np.flatnonzero(digit.max(axis=0) > 0.05)
    assert 10 <= columns.mean() <= 17  # drawn at the right edge, centred in the image
    pad.clear()
    assert not digits[-1].any()


def test_right_button_erases(qtbot) -> None:  # type: ignore[no-untyped-def]
    pad = DrawingPad()
    qtbot.addWidget(pad)
    pad.resize(200, 200)
    pad.set_ink(np.ones((10, 10)))
    assert pad.ink().mean() > 0.99
    qtbot.mousePress(pad, Qt.MouseButton.RightButton, pos=QPoint(100, 100))
    qtbot.mouseRelease(pad, Qt.MouseButton.RightButton, pos=QPoint(100, 100))
    assert pad.ink()[140, 140] == 0


def test_bars_show_probabilities(qtbot) -> None:  # type: ignore[no-untyped-def]
    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    p = np.full(10, 0.05)
    p[3] = 0.55
    bars.set_probabilities(p, true_class=7)
    np.testing.assert_array_equal(bars.probabilities(), p)
    assert "3: 0.5500" in bars.toolTip()


def test_bars_follow_the_theme(qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication

    from nnviz.qt.theme import apply_theme, get_theme

    app = QApplication.instance()
    bars = ProbabilityBars()
    qtbot.addWidget(bars)
    try:
        for key in ("dark", "light"):
            apply_theme(app, get_theme(key))  # type: ignore[arg-type]
            QApplication.processEvents()
            assert bars.backgroundBrush().color() == app.palette().base().color()  # type: ignore[union-attr]
    finally:
        apply_theme(app, get_theme("light"))  # type: ignore[arg-type]
