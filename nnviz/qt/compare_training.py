"""The Compare training page: both networks' training runs overlaid on the same plots.

Shown while two networks are compared (View ▸ Compare). Train ▸ both (the page's button,
or View ▸ Train both with the same seed) starts the two documents' own training runs, each
in its own training process, with the first's seed given to the second so that only what
the user changed differs (sigmoid vs ReLU, two learning rates, weight decay on or off).
Two plots, each with one curve per network in the two sides' colours: the test accuracy
(or the test loss, for a regression) after every epoch, and the smoothed batch loss
against epochs. The curves are fed from each document's training history and repainted at
most 10 times a second, only while the page is on screen.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QHideEvent, QShowEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nnviz.present.compare import run_label
from nnviz.present.training.decimation import thinned
from nnviz.session import Document
from nnviz.session.comparison import Comparison

#: The sides' colours: the palette's blue and orange (colour-blind safe).
SIDE_COLOURS = ("#0072b2", "#e69f00")
REPAINT_MS = 100


class CompareTrainingPage(QWidget):
    """The page (see the module docstring); ``train_both`` starts both runs."""

    def __init__(self, comparison: Comparison, train_both: Callable[[], object]) -> None:
        super().__init__()
        self.comparison = comparison
        self._versions: tuple[int, int] | None = None
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        button = QPushButton("Train both with the same seed")
        button.clicked.connect(train_both)
        self.train_button = button
        top = QHBoxLayout()
        top.addWidget(self.intro, 1)
        top.addWidget(button)
        self.canvas = pg.GraphicsLayoutWidget()
        self.canvas.setBackground("w")
        self.accuracy_plot = self.canvas.addPlot(row=0, col=0)
        self.loss_plot = self.canvas.addPlot(row=1, col=0)
        self.accuracy_plot.setLabel("bottom", "epoch")
        self.loss_plot.setLabel("bottom", "epoch")
        self.accuracy_curves = [self._curve(self.accuracy_plot, i, symbol="o") for i in (0, 1)]
        self.loss_curves = [self._curve(self.loss_plot, i) for i in (0, 1)]
        self.legend = QLabel()
        self.legend.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.legend)
        layout.addWidget(self.canvas, 1)
        self._timer = QTimer(self)
        self._timer.setInterval(REPAINT_MS)
        self._timer.timeout.connect(self.refresh)

    @staticmethod
    def _curve(plot: pg.PlotItem, side: int, symbol: str | None = None) -> pg.PlotDataItem:
        pen = pg.mkPen(SIDE_COLOURS[side], width=2, style=pg.QtCore.Qt.PenStyle.SolidLine)
        if symbol is None:
            return plot.plot(pen=pen)
        return plot.plot(pen=pen, symbol=symbol, symbolBrush=SIDE_COLOURS[side], symbolSize=6)

    def showEvent(self, event: QShowEvent) -> None:
        """Repaint while shown."""
        super().showEvent(event)
        self._versions = None
        self.refresh()
        self._timer.start()

    def hideEvent(self, event: QHideEvent) -> None:
        """Not on screen: no repaints."""
        self._timer.stop()
        super().hideEvent(event)

    def curve_data(self, side: int) -> tuple[np.ndarray, np.ndarray]:
        """The epoch curve of one side, as drawn (x, y)."""
        x, y = self.accuracy_curves[side].getData()
        return (np.zeros(0), np.zeros(0)) if x is None else (x, y)

    def refresh(self) -> None:
        """Feed the curves what the two histories hold now (if they moved)."""
        pair = self.comparison.pair
        if pair is None:
            for curve in (*self.accuracy_curves, *self.loss_curves):
                curve.setData([], [])
            self.intro.setText("Compare two networks (View ▸ Compare) to train them side by side.")
            self.legend.setText("")
            return
        versions = (pair[0].training.history.version, pair[1].training.history.version)
        if versions == self._versions:
            return
        self._versions = versions
        self.intro.setText(
            "Both networks train on their own data with their own recipe (Training panel); "
            "the button gives the second the first's seed and starts both."
        )
        regression = any(self._regression(d) for d in pair)
        self.accuracy_plot.setTitle("test loss per epoch" if regression else "test accuracy")
        self.loss_plot.setTitle("batch loss (smoothed)")
        labels = []
        for side, document in enumerate(pair):
            history = document.training.history
            x = history.series("epoch", "x")
            y = history.series("epoch", "test_loss" if regression else "test_accuracy")
            self.accuracy_curves[side].setData(x, y)
            bx, by = thinned(
                history.series("batch", "x"), history.series("batch", "loss_smoothed"), 2000
            )
            self.loss_curves[side].setData(bx, by)
            config = document.training.config
            text = run_label(
                document.description.title,
                document.network.activations,
                config.learning_rate,
                config.weight_decay,
                config.seed,
            )
            labels.append(f'<span style="color:{SIDE_COLOURS[side]}">■ {text}</span>')
        self.legend.setText("<br>".join(labels))

    @staticmethod
    def _regression(document: Document) -> bool:
        facts = document.training.data
        return facts is not None and facts.n_classes == 0
