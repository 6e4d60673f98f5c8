"""Help ▸ Activation functions: each activation and its derivative plotted (pyqtgraph),
with what the curves teach (why step has no gradient, why sigmoid saturates, why ReLU
dies). The data is :func:`nnviz.present.activation_gallery.activation_curves`."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QGridLayout, QLabel, QVBoxLayout, QWidget

from nnviz.present.activation_gallery import activation_curves
from nnviz.qt.diagram.style import DiagramStyle


class ActivationGallery(QDialog):
    """A grid of plots, one per activation: f(v) solid, f′(v) dashed."""

    def __init__(self, style: DiagramStyle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Activation functions and their derivatives")
        grid = QGridLayout(self)
        theme = style.theme
        self.plots: dict[str, pg.PlotWidget] = {}
        for index, curve in enumerate(activation_curves()):
            box = QWidget()
            layout = QVBoxLayout(box)
            layout.setContentsMargins(4, 4, 4, 4)
            title = QLabel(f"<b>{curve.name}</b>: {curve.formula}<br>{curve.derivative_formula}")
            title.setWordWrap(True)
            plot = pg.PlotWidget(background=theme.base)
            plot.setMinimumSize(260, 170)
            plot.showGrid(x=True, y=True, alpha=0.25)
            plot.addLegend(offset=(4, 4), labelTextColor=theme.text)
            plot.plot(
                curve.v, curve.value, pen=pg.mkPen(style.palette.positive, width=2), name="f(v)"
            )
            plot.plot(
                curve.v,
                curve.slope,
                pen=pg.mkPen(style.palette.negative, width=2, style=Qt.PenStyle.DashLine),
                name="f′(v)",
            )
            low = max(float(min(curve.value.min(), curve.slope.min())), -3.0)
            high = min(float(max(curve.value.max(), curve.slope.max())), 6.0)
            plot.setYRange(low - 0.15, high + 0.15, padding=0)
            plot.setXRange(float(curve.v[0]), float(curve.v[-1]), padding=0)
            plot.setMouseEnabled(x=False, y=False)
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setTextPen(theme.text)
            lesson = QLabel(curve.lesson)
            lesson.setWordWrap(True)
            layout.addWidget(title)
            layout.addWidget(plot, 1)
            layout.addWidget(lesson)
            grid.addWidget(box, index // 4, index % 4)
            self.plots[curve.name] = plot
