"""The Training page: live pyqtgraph plots of the run, repainted at most 30 times a second.

Nine plots in one pyqtgraph canvas: the loss per batch (raw and smoothed) and per epoch
(train and test), the accuracy, each hidden layer's mean activation and share of dead
ReLUs over time, a histogram of its current activations, each layer's weight and
gradient norms, and the learning rate.

Painting is the expensive part (it holds the GUI thread, and the GIL), so it is decoupled
from the data and kept cheap, each choice measured (bench/gui_training.py):

- records only grow the history's arrays; a 33 ms timer, running only while the page is
  on screen, hands the plots new data when the history's version has moved;
- one row of plots is updated per frame, in turn (the loss and accuracy every other
  frame), so that each paint covers a third of the page: a shorter block of the GUI
  thread, the thing a responsive window cannot afford;
- painting gets at most 15% of the GUI thread (``PAINT_BUDGET``): each frame waits about
  six times as long as the last one took, and never less than 33 ms (on this machine the
  page repaints 20-28 times a second);
- every curve is thinned to two points per pixel of its plot (:mod:`.decimation`);
- the time axis is fixed for a whole run (to where the run will end), so the axes are not
  redrawn as the curves grow; and the plots have no grid lines: pyqtgraph draws a grid
  inside its axis pictures, which made a repaint of the page 2× to 14× slower;
- the legends are coloured words in the titles, not items drawn over the curves.

Right-click a plot to save it alone as PNG or its full data as CSV; the buttons above
save all of them (:mod:`.plot_export`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QAction, QFont, QFontMetricsF, QHideEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.fileio import atomic_write_bytes, describe_os_error
from nnviz.present.training.decimation import envelope, thinned
from nnviz.present.training.plot_export import Series, history_csv, series_csv
from nnviz.present.training.plot_specs import PLOTS, CurveSpec, PlotSpec, layer_curves
from nnviz.qt.binding import follow
from nnviz.qt.export import ExportError, png_bytes
from nnviz.qt.training.plot_items import LiveCurve, LogAxis, TimedCanvas, let_title_shrink
from nnviz.session.training import STARTING, TrainingModel

#: The plots repaint at most this often (milliseconds): 30 times a second.
REPAINT_MS = 33
#: ... and spend at most this share of the GUI thread's time on it (a slow display or a
#: busy machine repaints less often rather than starving the rest of the window).
PAINT_BUDGET = 0.15
#: Points per curve handed to a plot, per pixel of its width (min and max of a bucket).
POINTS_PER_PIXEL = 2
#: The rows of plots updated in turn, one per frame: the loss and accuracy every other
#: frame, the layers' plots every fourth.
ROW_TURNS = (
    ("loss", "accuracy"),
    ("mean", "dead", "histogram"),
    ("loss", "accuracy"),
    ("weights", "gradients", "rate"),
)


class TrainingPlots(QWidget):
    """The Training page (see the module docstring).

    Parameters
    ----------
    model : TrainingModel
    """

    def __init__(self, model: TrainingModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("trainingPlots")
        self.model = model
        self.history = model.history
        self.repaints = 0
        self.repaint_seconds = 0.0
        self._drawn: dict[str, int] = {}
        self._turn = 0
        self._layers: tuple[str, ...] = ()
        self._x_end = 0.0
        self._y_ranges: dict[str, tuple[float, float]] = {}
        self._user_ranged: set[str] = set()
        self._marked = False
        self._validated = False
        self._title_widths: dict[str, float] = {}
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        bar = QHBoxLayout()
        hint = QLabel("Right-click a plot to save it alone; drag to pan, wheel to zoom.")
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        hint.setMinimumWidth(80)
        self.png_button = QPushButton("Save PNG…")
        self.png_button.setToolTip("Save all the plots as one PNG picture")
        self.png_button.clicked.connect(lambda _=False: self.export_png_dialog())
        self.csv_button = QPushButton("Save CSV…")
        self.csv_button.setToolTip(
            "Save every batch's figures (and each layer's statistics and each epoch's test "
            "results) as one CSV table, at full resolution"
        )
        self.csv_button.clicked.connect(lambda _=False: self.export_csv_dialog())
        bar.addWidget(hint, 1)
        bar.addWidget(self.png_button)
        bar.addWidget(self.csv_button)
        layout.addLayout(bar)
        self.canvas = TimedCanvas()
        self.canvas.setObjectName("trainingCanvas")
        self.canvas.scene().contextMenu = []  # our own export actions replace pyqtgraph's
        layout.addWidget(self.canvas, 1)
        self.plots: dict[str, pg.PlotItem] = {}
        self.specs: dict[str, PlotSpec] = {}
        self._curves: dict[str, list[LiveCurve]] = {}
        self._curve_specs: dict[str, list[CurveSpec]] = {}
        for spec in PLOTS:
            self._add_plot(spec)
        for column in range(3):
            self.canvas.ci.layout.setColumnStretchFactor(column, 1)
        self._timer = QTimer(self, interval=REPAINT_MS, singleShot=True)
        self._timer.timeout.connect(self._tick)
        self._frame_cost = 0.0
        follow(self, model.status_changed, self._status_changed)
        self._apply_palette()

    # -- building -----------------------------------------------------------------------------

    def _add_plot(self, spec: PlotSpec) -> None:
        axes = {"left": LogAxis("left")} if spec.log_y else None
        plot = self.canvas.addPlot(row=spec.row, col=spec.column, colspan=spec.span, axisItems=axes)
        plot.getAxis("left").setLogMode(spec.log_y)
        let_title_shrink(plot.titleLabel)
        plot.hideButtons()
        view = plot.getViewBox()
        view.disableAutoRange()
        view.sigRangeChangedManually.connect(lambda *_, k=spec.key: self._user_ranged.add(k))
        plot.getAxis("bottom").setLabel(spec.x_label)
        self._size_axes(plot, spec)
        if spec.log_y:
            plot.getAxis("left").setStyle(maxTextLevel=1)
            view.setYRange(-3, 0.5, padding=0)  # 0.001 to 3 until there is data
        self.plots[spec.key] = plot
        self.specs[spec.key] = spec
        self._curves[spec.key] = []
        self._curve_specs[spec.key] = []
        menu = plot.getViewBox().menu
        menu.addSeparator()
        # The actions belong to the page, not to pyqtgraph's menu: that menu has no parent
        # and outlives the page, and its actions' slots would keep the page alive.
        png = QAction("Save this plot as PNG…", self)
        png.triggered.connect(lambda _=False, k=spec.key: self.export_plot_dialog(k, ".png"))
        data = QAction("Save this plot’s data as CSV…", self)
        data.triggered.connect(lambda _=False, k=spec.key: self.export_plot_dialog(k, ".csv"))
        menu.addAction(png)
        menu.addAction(data)

    def _set_curves(self, key: str, specs: list[CurveSpec]) -> None:
        plot = self.plots[key]
        for curve in self._curves[key]:
            curve.remove(plot)
        self._curves[key] = [LiveCurve(plot, spec, self.specs[key].log_y) for spec in specs]
        self._curve_specs[key] = specs
        self._show_title(key)

    def _show_title(self, key: str) -> None:
        spec = self.specs[key]
        shown = [
            c
            for c in self._curve_specs[key]
            if c.name and (c.tips is None or self._marked) and (not c.validation or self._validated)
        ]
        keys = " ".join(
            f"<span style='color:{c.colour}'>{'●' if c.symbol else '━'}&nbsp;{c.name}</span>"
            for c in shown
        )
        colour = QApplication.palette().text().color().name()
        plot = self.plots[key]
        size = max(self.font().pointSizeF() * 0.95, 6)  # follows the text size
        # A title wider than its plot is cut off at both ends (the error plot's legend at
        # 1280 × 800 once it has a validation curve): it shrinks to fit, down to 6 pt.
        width = plot.width()
        self._title_widths[key] = width
        if width > 50:
            font = QFont(self.font())
            font.setPointSizeF(size)
            plain = f"{spec.title}  " + " ".join(f"● {c.name}" for c in shown)
            # The label's rich text runs wider than the plain text measures (seen: 10 %).
            needed = QFontMetricsF(font).horizontalAdvance(plain) * 1.15 + 24
            if needed > width:
                size = max(size * width / needed, 6)
        plot.setTitle(
            f"<span style='color:{colour}'>{spec.title}</span>&nbsp;&nbsp;{keys}",
            size=f"{size:.1f}pt",
        )

    def _follow_layers(self) -> None:
        """Give the per-layer plots one curve per layer of the network being trained."""
        names = self.history.activations
        self._layers = names
        for spec in PLOTS:
            if spec.per_layer:
                self._set_curves(spec.key, layer_curves(spec, names))
            elif not self._curves[spec.key]:
                self._set_curves(spec.key, list(spec.curves))

    # -- repainting ---------------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Repaint on the timer while on screen."""
        super().showEvent(event)
        self._tick()

    def _tick(self) -> None:
        self.repaint_plots()
        if self.isVisible():
            # The next frame waits long enough to keep painting within its budget.
            cost = self._frame_cost + self.canvas.last_paint
            wait = max(REPAINT_MS, cost * (1 / PAINT_BUDGET - 1) * 1000)
            self._timer.start(int(wait))

    def hideEvent(self, event: QHideEvent) -> None:
        """Nothing to repaint off screen."""
        super().hideEvent(event)
        self._timer.stop()

    def _status_changed(self, status: str) -> None:
        if status == STARTING:
            # Fix the time axis for the run: where it starts plus its epochs.
            start = float(np.ceil(self.history.epochs_done - 1e-9))
            self._x_end = start + self.model.config.epochs
            self._user_ranged.clear()
            self._y_ranges.clear()
            self._drawn.clear()

    def series(self, key: str) -> list[Series]:
        """The curves of plot ``key`` at full resolution: (name, x, y) each."""
        spec = self.specs[key]
        return [
            (curve.name or spec.title, *curve.data(self.history))
            for curve in self._curve_specs[key]
        ]

    @property
    def up_to_date(self) -> bool:
        """Whether every plot shows the history as it is."""
        version = self.history.version
        return all(self._drawn.get(key) == version for key in self.plots)

    def repaint_plots(self, everything: bool = False) -> None:
        """Hand plots their (thinned) data if the history moved since they last had it.

        One row of plots per call, taken in turn (the loss and accuracy every other time),
        so that each paint covers a third of the page; ``everything`` updates them all.
        """
        history = self.history
        if self.up_to_date or not self.isVisible():
            return
        started = time.perf_counter()
        self._frame_cost = 0.0
        if history.activations != self._layers or not self._curves["loss"]:
            self._follow_layers()
        if history.empty and not self.model.active:
            # Reset: the axes forget the last run too (the next Start fixes them anew).
            self._x_end = 0.0
            self._y_ranges.clear()
            self._user_ranged.clear()
        stale = [k for k in self.plots if self._drawn.get(k) != history.version]
        if not everything:
            for _ in range(len(ROW_TURNS)):
                row = ROW_TURNS[self._turn % len(ROW_TURNS)]
                self._turn += 1
                chosen = [k for k in row if k in stale]
                if chosen:
                    stale = chosen
                    break
        x_end = max(self._x_end, float(np.ceil(history.epochs_done - 1e-9)), 1.0)
        for key in stale:
            self._draw_plot(key, x_end)
            self._drawn[key] = history.version
        self.repaints += 1
        self._frame_cost = time.perf_counter() - started
        self.repaint_seconds += self._frame_cost

    def _draw_plot(self, key: str, x_end: float) -> None:
        spec, history = self.specs[key], self.history
        marked = len(history.series("divergence", "x")) > 0
        if marked != self._marked:
            # The divergence marks are in the loss plot's legend only once there are any.
            self._marked = marked
            self._show_title("loss")
        if abs(self.plots[key].width() - self._title_widths.get(key, 0.0)) > 1:
            self._show_title(key)
        validated = bool(np.any(np.isfinite(history.series("epoch", "validation_loss"))))
        if validated != self._validated:
            self._validated = validated
            self._show_title("loss")
            self._show_title("accuracy")
        low, high = np.inf, -np.inf
        x_low, x_high = np.inf, -np.inf
        points = max(int(self.plots[key].getViewBox().width()) * POINTS_PER_PIXEL, 50)
        for curve, curve_spec in zip(self._curves[key], self._curve_specs[key], strict=True):
            x, y = curve_spec.data(history)
            if curve_spec.envelope:
                x, y = envelope(x, y, points)
            elif not curve_spec.step:
                x, y = thinned(x, y, points)
            tips = curve_spec.tips(history) if curve_spec.tips is not None else None
            curve.show(x, y, tips)
            shown = np.log10(y[y > 0]) if spec.log_y else y[np.isfinite(y)]
            if shown.size:
                low, high = min(low, float(shown.min())), max(high, float(shown.max()))
            if x.size:
                x_low, x_high = min(x_low, float(x[0])), max(x_high, float(x[-1]))
        if key in self._user_ranged:
            return
        if spec.over_time:
            x_low, x_high = 0.0, x_end
        if np.isfinite(x_low) and x_high > x_low:
            self._set_range(key, "x", x_low, x_high)
        if np.isfinite(low):
            if spec.decades is not None:
                low = max(low, high - spec.decades)
            if spec.min_decades is not None:
                # At least a decade: a log axis over 0.095 … 0.1 has no tick to read.
                low = min(low, high - spec.min_decades)
            self._set_range(key, "y", low, high)

    def _set_range(self, key: str, axis: str, low: float, high: float) -> None:
        """Move an axis only when the data leaves it or fills too little of it: an axis that
        changes is redrawn (its text, its ticks); one that stays is a cached picture."""
        name = f"{key}.{axis}"
        span = max(high - low, abs(high) * 1e-3, 1e-9)
        old = self._y_ranges.get(name)
        if old is not None and old[0] <= low and high <= old[1] and span >= 0.6 * (old[1] - old[0]):
            return
        margin = (0.01 if axis == "x" else 0.08) * span
        new = (low - margin, high + margin)
        self._y_ranges[name] = new
        view = self.plots[key].getViewBox()
        if axis == "x":
            view.setXRange(*new, padding=0)
        else:
            view.setYRange(*new, padding=0)

    # -- looks --------------------------------------------------------------------------------

    def _size_axes(self, plot: pg.PlotItem, spec: PlotSpec) -> None:
        for axis in ("left", "bottom"):
            plot.getAxis(axis).setStyle(tickFont=self.font(), tickTextOffset=3)
        # Fixed axis sizes: an axis whose labels get wider would otherwise re-lay out the
        # whole page, and repaint all of it.
        plot.getAxis("left").setWidth(self.fontMetrics().horizontalAdvance("0.0001") + 12)
        plot.getAxis("bottom").setHeight(
            self.fontMetrics().lineSpacing() * (2 if spec.x_label else 1) + 10
        )
        label = plot.getAxis("bottom").label
        label.setFont(self.font())

    def changeEvent(self, event: QEvent) -> None:
        """Follow the light or dark theme, and the text size."""
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._apply_palette()
        if event.type() == QEvent.Type.FontChange:
            for key, plot in self.plots.items():
                self._size_axes(plot, self.specs[key])
                self._show_title(key)

    def _apply_palette(self) -> None:
        palette = QApplication.palette()
        text = palette.text().color()
        self.canvas.setBackground(palette.base().color())
        for key, plot in self.plots.items():
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setPen(pg.mkPen(text))
                plot.getAxis(axis).setTextPen(pg.mkPen(text))
            self._show_title(key)

    # -- exports ------------------------------------------------------------------------------

    def export_png(self, path: str | Path) -> None:
        """Save all the plots as one PNG picture, atomically. Raises OSError (or
        ExportError) if it cannot be written; an existing file is then left whole."""
        self.repaint_plots(everything=True)
        atomic_write_bytes(path, png_bytes(self.canvas.grab().toImage()))

    def export_csv(self, path: str | Path) -> None:
        """Save the whole history as one CSV table (full resolution)."""
        history_csv(path, self.history)

    def export_plot(self, key: str, path: str | Path) -> None:
        """Save one plot: PNG, or (``.csv``) its curves at full resolution."""
        if Path(path).suffix.lower() == ".csv":
            series_csv(path, self.series(key))
            return
        from pyqtgraph.exporters import ImageExporter

        exporter = ImageExporter(self.plots[key])
        exporter.parameters()["width"] = 1200
        atomic_write_bytes(path, png_bytes(exporter.export(toBytes=True)))

    def export_png_dialog(self) -> None:
        """Ask for a file and save all the plots as PNG."""
        self._save("Save the plots as PNG", "training.png", self.export_png)

    def export_csv_dialog(self) -> None:
        """Ask for a file and save the history as CSV."""
        self._save("Save the training data as CSV", "training.csv", self.export_csv)

    def export_plot_dialog(self, key: str, suffix: str) -> None:
        """Ask for a file and save one plot (PNG) or its data (CSV)."""
        title = self.specs[key].title.lower()
        self._save(
            f"Save the {title} plot", f"training-{key}{suffix}", lambda p: self.export_plot(key, p)
        )

    def _save(self, title: str, name: str, save: Callable[[str], None]) -> None:
        suffix = Path(name).suffix
        kind = suffix[1:].upper()
        chosen, _ = QFileDialog.getSaveFileName(self, title, name, f"{kind} (*{suffix})")
        if not chosen:
            return
        if not chosen.lower().endswith(suffix):
            chosen += suffix
        try:
            save(chosen)
        except (OSError, ExportError) as error:
            QMessageBox.warning(self, "Cannot save", _saving_error(chosen, error))


def _saving_error(path: str, error: Exception) -> str:
    """One line naming the user's file (never a temporary one)."""
    if isinstance(error, OSError):
        return f"{Path(path).name}: {describe_os_error(error)}"
    return f"{Path(path).name}: {error}"
