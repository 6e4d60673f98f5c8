"""The Robustness page: how the trained network copes with disturbed test images, and what
rejecting unsure answers buys.

- **Disturbed images**: test accuracy against added noise, rotation, shift or stroke
  thickness (a chooser), the chosen level marked; under it each class's accuracy at that
  level beside its accuracy on the images as they are.
- **Reject when unsure**: a confidence threshold (slider); the coverage/accuracy trade-off
  curve with the current threshold's point marked, and what it means in words.

The numbers are :mod:`nnviz.present.training.robustness`'s (``nnviz evaluate
--robustness`` prints the same), computed off the GUI thread when the page is shown and
the network has changed.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.data import DataSet, load
from nnviz.present.training.evaluation import evaluate_test_set
from nnviz.present.training.robustness import (
    DISTURBANCES,
    RobustnessCurve,
    Tradeoff,
    confidence_tradeoff,
    robustness_curves,
    robustness_refusal,
)
from nnviz.qt.binding import follow
from nnviz.qt.training.background import LatestJob
from nnviz.qt.training.disturbed_preview import DisturbedPreview
from nnviz.qt.training.widgets import analysis_plot, colour_key, named
from nnviz.session import Document

#: While the network changes (training), the page recomputes at most this often (ms).
FOLLOW_MS = 3_000
#: The seed of the disturbances (the CLI's default ``--robustness-seed``).
SEED = 0
CLEAN_COLOUR = "#999999"
CURVE_COLOUR = "#0072B2"
MARK_COLOUR = "#D55E00"


class RobustnessPage(QWidget):
    """The Robustness page of one document (see the module docstring).

    Attributes
    ----------
    curves : list of RobustnessCurve
        The last computed curves (empty before).
    tradeoff : Tradeoff or None
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("robustnessPage")
        self.document = document
        self.data: DataSet | None = None
        self.curves: list[RobustnessCurve] = []
        self.tradeoff: Tradeoff | None = None
        self.seconds = 0.0
        self._dirty = True
        self._token = 0
        self._last = 0.0
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.refresh)
        # While the curves are computed, the status says how far (the worker counts the
        # levels it has started; this reads the count).
        self._progress = [0]
        self._total = 1
        self._ticker = QTimer(self, interval=500)
        self._ticker.timeout.connect(self._tick)
        self.curves_job = LatestJob(self)
        self.curves_job.done.connect(self._curves_computed)
        self.curves_job.failed.connect(lambda e: self._unavailable(f"Nothing to measure: {e}"))
        self.tradeoff_job = LatestJob(self)
        self.tradeoff_job.done.connect(self._tradeoff_computed)
        self.tradeoff_job.failed.connect(lambda e: self._unavailable(f"Nothing to measure: {e}"))

        self.status = QLabel("Computed when shown.")
        self.status.setObjectName("robustnessStatus")
        self.status.setWordWrap(True)
        self.status.setContentsMargins(6, 4, 6, 0)
        self.chooser = named(QComboBox(), "disturbance")
        for disturbance in DISTURBANCES:
            self.chooser.addItem(disturbance.title, disturbance.key)
        self.chooser.setToolTip("Which disturbance of the test images the plot shows")
        # Long item texts must not set the page's (and the window's) minimum width.
        self.chooser.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.chooser.setMinimumContentsLength(12)
        self.chooser.currentIndexChanged.connect(lambda _: self._draw_curve())
        self.level = named(QComboBox(), "disturbanceLevel")
        self.level.setToolTip("The level whose per-class accuracy the bars show")
        self.level.currentIndexChanged.connect(lambda _: self._draw_level())
        self.curve_plot = analysis_plot(self, "robustnessCurve", "test accuracy %", "")
        self.curve = self.curve_plot.plot([], [], pen=pg.mkPen(CURVE_COLOUR, width=2), symbol="o",
                                          symbolBrush=CURVE_COLOUR, symbolSize=7)  # fmt: skip
        self.curve_mark = pg.ScatterPlotItem(size=13, brush=MARK_COLOUR, pen=None)
        self.curve_plot.addItem(self.curve_mark)
        self.class_plot = analysis_plot(self, "robustnessPerClass", "accuracy %", "class")
        self.clean_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=CLEAN_COLOUR)
        self.level_bars = pg.BarGraphItem(x=[], height=[], width=0.38, brush=CURVE_COLOUR)
        self.class_plot.addItem(self.clean_bars)
        self.class_plot.addItem(self.level_bars)

        self.threshold = named(QSlider(Qt.Orientation.Horizontal), "confidenceThreshold")
        self.threshold.setRange(0, 100)
        self.threshold.setValue(90)
        self.threshold.setToolTip("Answer only when the top class's probability is at least this")
        self.threshold.valueChanged.connect(lambda _: self._draw_threshold())
        self.threshold_text = named(QLabel(), "thresholdText")
        self.threshold_text.setWordWrap(True)
        self.tradeoff_plot = analysis_plot(
            self, "tradeoffCurve", "accuracy on the answered %", "coverage: share answered %"
        )
        self.tradeoff_curve = self.tradeoff_plot.plot([], [], pen=pg.mkPen(CURVE_COLOUR, width=2))
        self.tradeoff_mark = pg.ScatterPlotItem(size=13, brush=MARK_COLOUR, pen=None)
        self.tradeoff_plot.addItem(self.tradeoff_mark)

        for plot in (self.curve_plot, self.class_plot):
            plot.setYRange(0, 100, padding=0.02)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 6, 6)
        heading = QLabel("<b>Test accuracy as the test images are disturbed</b>")
        heading.setWordWrap(True)
        left_layout.addWidget(heading)
        left_layout.addWidget(self.chooser)
        left_layout.addWidget(self.curve_plot, 3)
        row = QHBoxLayout()
        row.addWidget(QLabel("Per class at"))
        row.addWidget(self.level, 1)
        left_layout.addLayout(row)
        left_layout.addWidget(
            colour_key((CLEAN_COLOUR, "as they are"), (CURVE_COLOUR, "disturbed"))
        )
        self.preview = DisturbedPreview()
        left_layout.addWidget(self.preview)
        left_layout.addWidget(self.class_plot, 2)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 6, 6, 6)
        title = QLabel("<b>Reject when unsure</b>: answer only above a confidence")
        title.setWordWrap(True)
        right_layout.addWidget(title)
        right_layout.addWidget(self.threshold)
        right_layout.addWidget(self.threshold_text)
        right_layout.addWidget(self.tradeoff_plot, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 440])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.status)
        layout.addWidget(splitter, 1)
        # Nothing to plot (no data set, not images): the reason alone, not empty axes.
        self.body = splitter
        self.empty = QLabel()
        self.empty.setObjectName("robustnessUnavailable")
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.hide()
        layout.addWidget(self.empty, 1)
        follow(self, document.network_changed, self._network_changed)
        follow(self, document.training.status_changed, self._status_changed)
        follow(self, document.data_changed, self._data_changed)
        follow(self, document.opened, self._data_changed)

    # -- when to compute ------------------------------------------------------------------

    def showEvent(self, event: QShowEvent) -> None:
        """Compute what changed while the page was away."""
        super().showEvent(event)
        if self._dirty:
            self._network_changed()

    def _network_changed(self, *_: object) -> None:
        self._dirty = True
        if self.document.training.active:
            # 24 passes over 10,000 disturbed images take seconds of the GUI process's
            # time: not while training needs it. The curves come when the run ends.
            self.stop()
            self._say("Training: the curves are computed again when the run stops.")
            return
        if self.isVisible() and not self._timer.isActive():
            wait = FOLLOW_MS - (time.perf_counter() - self._last) * 1000
            self._timer.start(int(max(wait, 50)))

    def _status_changed(self, *_: object) -> None:
        if self._dirty and not self.document.training.active:
            self._network_changed()

    def _data_changed(self, *_: object) -> None:
        self.data = None
        self._network_changed()

    @property
    def busy(self) -> bool:
        """Whether anything is being computed."""
        return self.curves_job.busy or self.tradeoff_job.busy

    def _tick(self) -> None:
        if not self.curves_job.busy:
            self._ticker.stop()
            return
        done = min(self._progress[0], self._total)
        self._say(
            f"Computing the test set's accuracy on disturbed images … {done} of "
            f"{self._total} levels"
        )

    def _say(self, text: str) -> None:
        self.status.setText(text)

    def _unavailable(self, text: str) -> None:
        self._say(text)
        self.body.hide()
        self.empty.setText(
            f"{text}.\n\nThe curves disturb a network's test images: open MNIST (or a network "
            "trained on images with its data set) to see them."
        )
        self.empty.show()

    def _available(self) -> None:
        self.empty.hide()
        self.body.show()

    def stop(self) -> None:
        """Make a running computation stop at its next level (the window is closing)."""
        self._token += 1

    def refresh(self) -> None:
        """Recompute the curves and the trade-off for the document's network (off the GUI
        thread; a newer request makes a running one stop early)."""
        self._dirty = False
        self._last = time.perf_counter()
        self._token += 1
        token = self._token
        network = self.document.network
        source = self.document.data
        cached = self.data

        def data() -> DataSet:
            if source is None:
                raise ValueError("this network has no data set")
            found = cached if cached is not None else load(source, "test")
            refusal = robustness_refusal(network, found)
            if refusal:
                raise ValueError(refusal)
            return found

        def tradeoff() -> tuple[int, DataSet, Tradeoff]:
            found = data()
            result = evaluate_test_set(network, found)
            return token, found, confidence_tradeoff(result.scores, result.labels)

        done = self._progress = [0]
        total = sum(len(d.levels) for d in DISTURBANCES)

        def going() -> bool:
            done[0] += 1
            return token == self._token

        def curves() -> tuple[int, list[RobustnessCurve], float]:
            started = time.perf_counter()
            found = robustness_curves(network, data(), SEED, cancelled=lambda: not going())
            return token, found, time.perf_counter() - started

        self._total = total
        self._say("Computing the test set's accuracy on disturbed images …")
        self._ticker.start()
        self.tradeoff_job.submit(tradeoff)
        self.curves_job.submit(curves)

    # -- drawing --------------------------------------------------------------------------

    def _tradeoff_computed(self, value: object) -> None:
        assert isinstance(value, tuple)
        token, data, tradeoff = value
        if token != self._token:
            return
        self.data = data
        self.tradeoff = tradeoff
        self._available()
        answered = tradeoff.coverage > 0
        self.tradeoff_curve.setData(
            tradeoff.coverage[answered] * 100, tradeoff.accuracy[answered] * 100
        )
        self._draw_threshold()

    def _curves_computed(self, value: object) -> None:
        assert isinstance(value, tuple)
        token, curves, seconds = value
        if token != self._token or len(curves) < len(DISTURBANCES):
            return
        self.curves = curves
        self.seconds = seconds
        self.status.setText(
            f"{len(self.data.test_targets) if self.data is not None else 0:,} test images, each "
            f"disturbance seeded ({SEED}), computed in {seconds:.1f} s; "
            "nnviz evaluate FILE --robustness prints the same numbers."
        )
        self._draw_curve()

    def _curve(self) -> RobustnessCurve | None:
        key = self.chooser.currentData()
        return next((c for c in self.curves if c.disturbance.key == key), None)

    def _draw_curve(self) -> None:
        curve = self._curve()
        if curve is None:
            return
        levels = np.array(curve.disturbance.levels)
        self.curve.setData(levels, curve.accuracy * 100)
        self.curve_plot.getPlotItem().setLabel("bottom", curve.disturbance.title)
        self.curve_plot.setYRange(0, 100, padding=0.02)
        texts = [f"{level:g}" for level in levels]
        if [self.level.itemText(i) for i in range(self.level.count())] != texts:
            self.level.blockSignals(True)
            self.level.clear()
            self.level.addItems(texts)
            # The level in the middle: where the network starts to struggle.
            self.level.setCurrentIndex(len(texts) // 2)
            self.level.blockSignals(False)
        self._draw_level()

    def _draw_level(self) -> None:
        curve = self._curve()
        index = self.level.currentIndex()
        if curve is None or index < 0:
            return
        levels = curve.disturbance.levels
        self.curve_mark.setData([levels[index]], [curve.accuracy[index] * 100])
        clean = curve.per_class[levels.index(0.0)] * 100
        disturbed = curve.per_class[index] * 100
        x = np.arange(len(clean), dtype=np.float64)
        self.clean_bars.setOpts(x=x - 0.2, height=np.nan_to_num(clean))
        self.level_bars.setOpts(x=x + 0.2, height=np.nan_to_num(disturbed))
        names = (self.data.class_names if self.data is not None else None) or tuple(
            str(k) for k in range(len(clean))
        )
        self.class_plot.getPlotItem().getAxis("bottom").setTicks([list(enumerate(names))])
        self.class_plot.setYRange(0, 100, padding=0.02)
        self.class_plot.setXRange(-0.7, len(clean) - 0.3, padding=0)
        if self.data is not None and self.data.image_shape is not None:
            self.preview.show_disturbed(
                self.data.test_inputs, self.data.image_shape, curve.disturbance.key,
                levels[index], SEED,
            )  # fmt: skip

    def _draw_threshold(self) -> None:
        tradeoff = self.tradeoff
        threshold = self.threshold.value() / 100.0
        if tradeoff is None:
            self.threshold_text.setText(f"threshold {threshold:.0%}")
            return
        coverage, accuracy = tradeoff.at(threshold)
        everything = tradeoff.at(0.0)[1]
        if coverage > 0:
            self.tradeoff_mark.setData([coverage * 100], [accuracy * 100])
            self.threshold_text.setText(
                f"Threshold <b>{threshold:.0%}</b>: answers <b>{coverage:.1%}</b> of the test "
                f"images and gets <b>{accuracy:.2%}</b> of those right (all answered: "
                f"{everything:.2%}); rejects {1 - coverage:.1%} as unsure."
            )
        else:
            self.tradeoff_mark.setData([], [])
            self.threshold_text.setText(
                f"Threshold <b>{threshold:.0%}</b>: no test image is answered that surely."
            )
