"""Playground ▸ Why ten outputs: the lecture's slide 7 as a page beside the diagram.

Left, one output neuron that predicts the digit, fitted by squared error against the
label 5: the loss of predicting each digit 0…9 exactly (25 16 9 4 1 0 1 4 9 16) beside
the slide's real-valued outputs 0.79 … 8.72 (17.72 … 13.83). Right, ten softmax outputs
with cross-entropy: the loss of a network 90 % sure of each digit (the same for every
wrong digit), and the lecture's softmax table with its loss. The numbers are
:func:`nnviz.core.ten_outputs.ten_outputs`'s (nnviz's own loss objects).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from numpy.typing import NDArray
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QVBoxLayout, QWidget

from nnviz.core.ten_outputs import SURE, TenOutputs, ten_outputs

#: Bar colours: the exact predictions, the slide's outputs, the label's bar.
EXACT, OUTPUTS, LABEL_BAR, WRONG = "#0072B2", "#E69F00", "#009E73", "#D55E00"


def _cells(values: NDArray[np.float64]) -> list[str]:
    return [f"{v:.4f}".rstrip("0").rstrip(".") for v in values]


def _numbers(values: NDArray[np.float64], decimals: int = 4) -> str:
    return "  ".join(f"{v:.{decimals}f}".rstrip("0").rstrip(".") for v in values)


class TenOutputsPage(QWidget):
    """The slide, one output beside ten (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.numbers: TenOutputs = ten_outputs()
        n = self.numbers
        layout = QVBoxLayout(self)
        title = QLabel(
            "<b>Why ten outputs, not one</b> (the lecture's slide 7): the label is "
            f"{n.label}; which predictions does each loss call nearly right?"
        )
        title.setWordWrap(True)
        layout.addWidget(title)
        grid = QGridLayout()
        layout.addLayout(grid, 1)
        self.one_plot = self._plot("One output: squared error (y − ŷ)²")
        digits = np.arange(10)
        self.exact_bars = pg.BarGraphItem(
            x=digits - 0.2, height=n.digit_losses, width=0.38, brush=EXACT
        )
        self.output_bars = pg.BarGraphItem(
            x=digits + 0.2, height=n.output_losses, width=0.38, brush=OUTPUTS
        )
        for bars in (self.exact_bars, self.output_bars):
            self.one_plot.addItem(bars)
        self.legend = self.one_plot.addLegend(offset=(-4, 4))
        self.legend.addItem(self.exact_bars, "ŷ = the digit")
        self.legend.addItem(self.output_bars, "ŷ = the slide's outputs")
        self.one_plot.setLabel("left", f"loss, label {n.label}")
        self.one_plot.setYRange(0, 30, padding=0)
        grid.addWidget(self.one_plot, 0, 0)
        self.ten_plot = self._plot(f"Ten softmax outputs: cross-entropy −ln ŷ{_sub(n.label)}")
        brushes = [LABEL_BAR if k == n.label else WRONG for k in range(10)]
        self.sure_bars = pg.BarGraphItem(x=digits, height=n.sure_losses, width=0.6, brushes=brushes)
        self.ten_plot.addItem(self.sure_bars)
        self.ten_plot.setLabel("left", f"loss, {SURE:.0%} sure of the digit")
        self.ten_plot.setYRange(0, 6, padding=0)
        grid.addWidget(self.ten_plot, 0, 1)
        rows = (
            ("predicted digit", [str(k) for k in range(10)]),
            ("one output ŷ = the digit: loss", _cells(n.digit_losses)),
            ("the slide's output ŷ", _cells(n.outputs)),
            ("its loss", _cells(n.output_losses)),
            (f"ten outputs, {SURE:.0%} sure: loss", _cells(n.sure_losses)),
        )
        self.table = QLabel(
            "<table cellspacing=0 cellpadding=2>"
            + "".join(
                f"<tr><td>{name}&nbsp;&nbsp;</td>"
                + "".join(f"<td align=right>&nbsp;{cell}</td>" for cell in cells)
                + "</tr>"
                for name, cells in rows
            )
            + "</table>"
        )
        self.table.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid.addWidget(self.table, 1, 0, 1, 2)
        self.one_text = QLabel(
            "Predicting 4 costs 1, predicting 0 costs 25: one output treats the digits as "
            "numbers on a line, as if a 4 were nearly a 5. (The slide prints these losses cut "
            "short, 10.04 for 10.0489; nnviz's squared error ½(y − ŷ)² is half of them.)"
        )
        sure_wrong = float(np.delete(n.sure_losses, n.label)[0])
        self.ten_text = QLabel(
            f"Sure of {n.label}: loss {n.sure_losses[n.label]:.4f}; sure of any other digit: "
            f"{sure_wrong:.4f}, the same for 4 as for 0. Digits are unordered classes: ten "
            "outputs, one probability each, against a one-hot label. The lecture's softmax "
            f"table (inputs {_numbers(n.softmax_inputs, 1)}) gives ŷ = "
            f"{_numbers(n.probabilities)}: cross-entropy −ln ŷ{_sub(n.label)} = "
            f"{n.cross_entropy:.3f} (the lecture's per-class sum: "
            f"{n.per_class_cross_entropy:.3f})."
        )
        for text, column in ((self.one_text, 0), (self.ten_text, 1)):
            text.setWordWrap(True)
            text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(text, 2, column)
        grid.setRowStretch(0, 1)
        self._apply_palette()

    def _plot(self, title: str) -> pg.PlotWidget:
        plot = pg.PlotWidget()
        plot.setMenuEnabled(False)
        plot.setMouseEnabled(False, False)
        plot.getPlotItem().hideButtons()
        plot.setTitle(title)
        plot.setLabel("bottom", "predicted digit")
        plot.getAxis("bottom").setTicks([[(k, str(k)) for k in range(10)]])
        plot.setXRange(-0.6, 9.6, padding=0)
        plot.setMinimumSize(240, 200)
        return plot

    def changeEvent(self, event: QEvent) -> None:
        """Follow the light or dark theme."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_palette()

    def _apply_palette(self) -> None:
        palette = QApplication.palette()
        text = palette.text().color()
        for plot in (self.one_plot, self.ten_plot):
            plot.setBackground(palette.base().color())
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setPen(pg.mkPen(text))
                plot.getAxis(axis).setTextPen(pg.mkPen(text))
            plot.getPlotItem().titleLabel.setAttr("color", text)
            plot.getPlotItem().titleLabel.setText(plot.getPlotItem().titleLabel.text)
        self.legend.setLabelTextColor(text)
        self.legend.setBrush(pg.mkBrush(palette.base().color()))


def _sub(digit: int) -> str:
    return "₀₁₂₃₄₅₆₇₈₉"[digit]
