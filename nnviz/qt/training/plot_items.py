"""The pieces the live plots are drawn with, each chosen for a cheap repaint.

- :class:`LiveCurve`: a light ``PlotCurveItem`` (pyqtgraph's ``PlotDataItem`` costs 3×
  more per update) that is handed data only when it changed, drawing log10(y) itself on a
  logarithmic plot.
- :class:`LogAxis`: a logarithmic axis labelled at 1, 2 and 5 × 10ⁿ.
- :class:`TimedCanvas`: the canvas, timing its own paints (the repaint budget uses it).
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPaintEvent

from nnviz.present.training.plot_specs import CurveSpec


class LiveCurve:
    """One curve of a plot: a light PlotCurveItem (and points, for epoch markers) that is
    handed new data only when it changed.

    Parameters
    ----------
    plot : pg.PlotItem
    spec : CurveSpec
    log_y : bool
        The plot's y axis is logarithmic: the curve draws log10(y) (the axis labels the
        decades).
    """

    def __init__(self, plot: pg.PlotItem, spec: CurveSpec, log_y: bool) -> None:
        self.spec = spec
        self.log_y = log_y
        colour = pg.mkColor(spec.colour)
        colour.setAlpha(spec.alpha)
        # A curve of width 0 is markers alone (the divergences).
        pen = pg.mkPen(colour, width=spec.width) if spec.width else pg.mkPen(None)
        self.line = pg.PlotCurveItem(pen=pen)
        self.line.setSkipFiniteCheck(False)
        self.points = None
        if spec.symbol is not None:
            marker = spec.symbol == "x"
            self.points = pg.ScatterPlotItem(
                symbol=spec.symbol,
                size=11 if marker else 7,
                brush=pg.mkBrush(spec.colour),
                pen=pg.mkPen(spec.colour, width=1.5) if marker else None,
                hoverable=True,
                tip=_tip,
                hoverSize=13 if marker else 10,
            )
        self.items = [item for item in (self.line, self.points) if item is not None]
        for item in self.items:
            plot.addItem(item)
        self._shown: tuple[int, float, float] | None = None

    def show(self, x: np.ndarray, y: np.ndarray, tips: list[str] | None = None) -> None:
        """Draw ``y`` against ``x`` (if anything changed since the last time); markers
        say ``tips`` when hovered (by default the curve's name, the epoch and the value)."""
        key = (len(y), float(y[-1]) if len(y) else 0.0, float(x[-1]) if len(x) else 0.0)
        if key == self._shown:
            return
        self._shown = key
        values = y
        if self.log_y:
            with np.errstate(divide="ignore", invalid="ignore"):
                y = np.where(y > 0, np.log10(y), np.nan)
        if self.spec.step:
            if len(x) == len(y) + 1:
                self.line.setData(x, y, stepMode="center")
            elif not len(y):
                self.line.setData([], [], stepMode=None)  # cleared (Reset): nothing to show
            return
        self.line.setData(x, y, connect="finite")
        if self.points is not None:
            if tips is None or len(tips) != len(x):
                name, unit = self.spec.name, self.spec.unit
                tips = [
                    f"{name}, epoch {a:.3g}: {b:.4g}{unit}"
                    for a, b in zip(x.tolist(), values.tolist(), strict=True)
                ]
            finite = np.isfinite(y)
            self.points.setData(x[finite], y[finite], data=np.array(tips, dtype=object)[finite])

    def remove(self, plot: pg.PlotItem) -> None:
        """Take the curve off ``plot``."""
        for item in self.items:
            plot.removeItem(item)


def _tip(x: float, y: float, data: object) -> str:
    """A marker's tooltip: the text it was given."""
    return str(data)


class LogAxis(pg.AxisItem):
    """A logarithmic axis labelled at 1, 2 and 5 times the powers of ten (pyqtgraph labels
    every minor tick of a range under two decades, and they overlap)."""

    def logTickValues(
        self, minVal: float, maxVal: float, size: float, stdTicks: list[object]
    ) -> list[tuple[float | None, list[float]]]:
        """Decades, then 2× and 5×, then the other minor ticks."""
        low, high = int(np.floor(minVal)), int(np.ceil(maxVal))
        levels: list[list[float]] = [[], [], []]
        for decade in range(low, high + 1):
            for multiple in range(1, 10):
                value = decade + float(np.log10(multiple))
                if minVal <= value <= maxVal:
                    levels[0 if multiple == 1 else 1 if multiple in (2, 5) else 2].append(value)
        return [(None, values) for values in levels]

    def logTickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        """Plain numbers (100, 50, 0.02, 1e-05), not pyqtgraph's 5·10¹."""
        return [f"{10.0**value:.3g}" for value in values]


def let_title_shrink(label: pg.LabelItem) -> None:
    """Let a plot's title be narrower than its text (it is then clipped), so that a long
    title never widens its column past the page. pyqtgraph's LabelItem makes its text's
    width its minimum each time the text or the size changes."""
    original = label.updateMin

    def update_min() -> None:
        original()
        height = label.minimumHeight()
        label.setMinimumWidth(0)
        label._sizeHint[Qt.SizeHint.MinimumSize] = (0, height)
        label._sizeHint[Qt.SizeHint.PreferredSize] = (0, height)
        label.updateGeometry()

    label.updateMin = update_min
    update_min()


class TimedCanvas(pg.GraphicsLayoutWidget):
    """A pyqtgraph canvas that remembers how long its last paint took."""

    last_paint = 0.0
    paints = 0
    paint_seconds = 0.0

    def paintEvent(self, event: QPaintEvent) -> None:
        """Paint, timed."""
        started = time.perf_counter()
        super().paintEvent(event)
        self.last_paint = time.perf_counter() - started
        self.paints += 1
        self.paint_seconds += self.last_paint
