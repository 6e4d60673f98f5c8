"""The Inside page: a trained network taken apart.

- **Map**: any layer's activations for 2,000 test images on their two principal
  components (PCA, NumPy), one colour per class; hovering a point shows its image and
  what the network answers, clicking puts it on the diagram. While training runs the map
  follows the weights (at most once a second), so the classes can be watched untangling;
  the separation figure says how far they have.
- **Weights**: each layer's weight histogram now, over the same histogram at
  initialisation (the weights training began from).

The numbers come from :mod:`nnviz.present.training.analysis`; the test images are read
once per process, as the Evaluation page reads them.
"""

from __future__ import annotations

import time

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QTimer
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSplitter, QVBoxLayout, QWidget

from nnviz.core.data import DataSet, load
from nnviz.present.diagram.content import content_from_document
from nnviz.present.diagram.texts import layer_title
from nnviz.present.training.analysis import (
    ActivationMap,
    WeightHistogram,
    activation_map,
    layer_activations,
    weight_histograms,
)
from nnviz.qt.binding import follow
from nnviz.qt.training.background import LatestJob
from nnviz.qt.training.seen_image import SeenImage
from nnviz.session import Document

#: Test images on the map.
MAP_POINTS = 2_000
#: While training, the page follows the weights at most this often (milliseconds).
FOLLOW_MS = 1_000
#: One colour per class (Okabe–Ito's eight and two more, distinct in print and on screen).
CLASS_COLOURS = (
    "#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00",
    "#56B4E9", "#F0E442", "#000000", "#999999", "#882255",
)  # fmt: skip


class InsidePage(QWidget):
    """The Inside page of one document (see the module docstring)."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("insidePage")
        self.document = document
        self.data: DataSet | None = None
        self.map_seconds = 0.0
        self._indices = np.zeros(0, np.intp)
        self._weight_items: list[tuple[pg.PlotItem, pg.BarGraphItem, pg.PlotCurveItem]] = []
        self.weights_histograms: list[WeightHistogram] = []
        self._dirty = True
        self._last = 0.0
        self._timer = QTimer(self, singleShot=True)
        self._timer.timeout.connect(self.refresh)
        self.job = LatestJob(self)
        self.job.done.connect(self._computed)

        self.layer_box = QComboBox()
        self.layer_box.setObjectName("mapLayer")
        self.layer_box.setToolTip("The layer whose activations the map shows")
        self.layer_box.currentIndexChanged.connect(lambda _: self.refresh())
        self.summary = QLabel()
        self.summary.setObjectName("mapSummary")
        self.summary.setWordWrap(True)
        self.job.failed.connect(lambda error: self.summary.setText(f"No map: {error}"))
        self.map = pg.PlotWidget(background=self.palette().base().color())
        self.map.setObjectName("activationMap")
        self.map.setMenuEnabled(False)
        self.map.hideButtons()
        self.map.getPlotItem().setLabel("bottom", "first principal component")
        self.map.getPlotItem().setLabel("left", "second")
        # One scatter item per class, each with one brush: a brush per point made every
        # redraw of the map 30 ms slower in the GUI thread.
        self.scatters: list[pg.ScatterPlotItem] = []
        #: The points on the map, shape (n, 2), in test-image order (None before one).
        self.map_points: np.ndarray | None = None
        self._text_pen = pg.mkPen(self.palette().text().color())
        for axis in ("left", "bottom"):
            self.map.getPlotItem().getAxis(axis).setPen(self._text_pen)
            self.map.getPlotItem().getAxis(axis).setTextPen(self._text_pen)
        self.legend = QLabel()
        self.legend.setObjectName("mapLegend")
        self.legend.setWordWrap(True)
        self.seen = SeenImage()
        self.seen.caption.setText("Hover over a point: its image")
        self.hover_text = QLabel()
        self.hover_text.setWordWrap(True)

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(6, 6, 6, 6)
        top = QHBoxLayout()
        top.addWidget(QLabel("Map of the"))
        top.addWidget(self.layer_box)
        top.addStretch(1)
        left_layout.addLayout(top)
        left_layout.addWidget(self.summary)
        body = QHBoxLayout()
        body.addWidget(self.map, 1)
        side = QVBoxLayout()
        side.addWidget(self.seen)
        side.addWidget(self.hover_text)
        side.addStretch(1)
        body.addLayout(side)
        left_layout.addLayout(body, 1)
        left_layout.addWidget(self.legend)
        self._map_pane = left_layout

        self.weights = pg.GraphicsLayoutWidget()
        self.weights.setBackground(self.palette().base().color())
        self.weights.setObjectName("weightHistograms")
        self.weights_title = QLabel(
            "<b>Weights now</b> (bars) <b>and at initialisation</b> (line), per layer"
        )
        self.weights_title.setWordWrap(True)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 6, 6, 6)
        right_layout.addWidget(self.weights_title)
        right_layout.addWidget(self.weights, 1)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([620, 380])
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        follow(self, document.network_changed, self._network_changed)
        follow(self, document.data_changed, self._data_changed)
        follow(self, document.opened, self._data_changed)

    # -- when to redraw -----------------------------------------------------------------------

    def add_below_map(self, section: QWidget) -> None:
        """Put ``section`` under the PCA map, in the map's pane (the t-SNE map goes there)."""
        self._map_pane.addWidget(section)

    def showEvent(self, event: QShowEvent) -> None:
        """Draw what changed while the page was away."""
        super().showEvent(event)
        layers = len(self.document.network.weights)
        if len(self._weight_items) != layers:
            # Made now rather than when the first result arrives, which during training
            # held the GUI thread 100-230 ms (pyqtgraph builds each plot's menus).
            self._build_weight_plots(layers)
        if self._dirty:
            self.refresh()

    def _network_changed(self, *_: object) -> None:
        self._dirty = True
        if self.isVisible() and not self._timer.isActive():
            wait = FOLLOW_MS - (time.perf_counter() - self._last) * 1000
            self._timer.start(int(max(wait, 30)))

    def _data_changed(self, *_: object) -> None:
        self.data = None
        self._network_changed()

    def _layers(self) -> None:
        network = self.document.network
        names = [self._layer_name(layer) for layer in range(len(network.layer_sizes))]
        if [self.layer_box.itemText(i) for i in range(self.layer_box.count())] == names:
            return
        self.layer_box.blockSignals(True)
        self.layer_box.clear()
        self.layer_box.addItems(names)
        # The last hidden layer: where the classes have come most apart before the output.
        self.layer_box.setCurrentIndex(max(len(names) - 2, 0))
        self.layer_box.blockSignals(False)

    def _layer_name(self, layer: int) -> str:
        network = self.document.network
        if layer == 0:
            return "inputs (pixels)"
        title = layer_title(content_from_document(self.document), layer)
        return f"{title} ({network.activations[layer - 1]}, {network.layer_sizes[layer]})"

    # -- drawing ------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Recompute the map and the histograms for the document's network (off the GUI
        thread: the results are drawn when they arrive, the newest request winning)."""
        self._dirty = False
        self._last = time.perf_counter()
        network = self.document.network
        source = self.document.data
        origin = self.document.training.origin
        self._layers()
        layer = max(self.layer_box.currentIndex(), 0)
        cached = self.data

        def compute() -> tuple[list[WeightHistogram], DataSet | None, ActivationMap | str, float]:
            histograms = weight_histograms(network, origin)
            if source is None:
                return histograms, None, "this network has no data set to map", 0.0
            try:
                data = cached if cached is not None else load(source, "test")
                if data.n_inputs != network.input_size or data.n_test == 0:
                    raise ValueError("the network does not take this data set's examples")
                started = time.perf_counter()
                found = activation_map(network, data, layer, MAP_POINTS)
                return histograms, data, found, time.perf_counter() - started
            except ValueError as error:
                return histograms, None, str(error), 0.0

        self.job.submit(compute)

    @property
    def busy(self) -> bool:
        """Whether a map is being computed."""
        return self.job.busy

    def _computed(self, result: object) -> None:
        assert isinstance(result, tuple)
        histograms: list[WeightHistogram] = result[0]
        data: DataSet | None = result[1]
        found: ActivationMap | str = result[2]
        seconds: float = result[3]
        self._draw_weights(histograms)
        if data is None or isinstance(found, str):
            self.summary.setText(f"No map: {found}.")
            self._clear_map()
            return
        self.data = data
        self.map_seconds = seconds
        labels = np.asarray(data.test_targets[: len(found.points)])
        classes = labels.ndim == 1
        self._indices = np.arange(len(found.points))
        groups = np.unique(labels) if classes else np.zeros(1, int)
        while len(self.scatters) < len(groups):
            item = pg.ScatterPlotItem(size=6, pen=None, hoverable=True, tip=None)
            item.sigHovered.connect(self._hovered)
            item.sigClicked.connect(self._clicked)
            self.map.addItem(item)
            self.scatters.append(item)
        for item, group in zip(self.scatters, groups, strict=False):
            chosen = self._indices[labels == group] if classes else self._indices
            colour = CLASS_COLOURS[int(group) % len(CLASS_COLOURS)] if classes else "#0072B2"
            item.setData(pos=found.points[chosen], data=chosen, brush=pg.mkBrush(colour + "B0"))
        for item in self.scatters[len(groups) :]:
            item.clear()
        self.map_points = found.points
        first, second = found.explained
        text = (
            f"{len(found.points):,} test images; the two directions along which their "
            f"activations vary most ({first:.0%} and {second:.0%} of the variance)."
        )
        if classes:
            text += f" Classes apart: {found.separation:.0%} of the spread lies between them."
            names = data.class_names or tuple(str(k) for k in range(data.n_classes))
            self.legend.setText(
                "  ".join(
                    f"<span style='color:{CLASS_COLOURS[k % len(CLASS_COLOURS)]}'>●</span> {name}"
                    for k, name in enumerate(names)
                )
            )
        self.summary.setText(text)

    def _clear_map(self) -> None:
        for item in self.scatters:
            item.clear()
        self.map_points = None

    def _draw_weights(self, histograms: list[WeightHistogram]) -> None:
        if histograms and histograms[0].initial is None:
            self.weights_title.setText(
                "<b>Weights now</b>, per layer (the weights training began from are drawn "
                "once this network has been trained here)"
            )
        else:
            self.weights_title.setText(
                "<b>Weights now</b> (bars) <b>and at initialisation</b> (line), per layer"
            )
        if len(self._weight_items) != len(histograms):
            self._build_weight_plots(len(histograms))
        for histogram, (plot, bars, line) in zip(histograms, self._weight_items, strict=True):
            plot.setTitle(histogram.summary(), size="9pt", color=self.palette().text().color())
            centres = (histogram.edges[:-1] + histogram.edges[1:]) / 2
            width = float(histogram.edges[1] - histogram.edges[0])
            bars.setOpts(x=centres, height=histogram.now, width=width)
            if histogram.initial is not None:
                line.setData(histogram.edges, histogram.initial, stepMode="center")
            else:
                line.setData([], [], stepMode=None)
        self.weights_histograms = histograms

    def _build_weight_plots(self, count: int) -> None:
        """One plot per layer, made once (a repaint only hands them new heights)."""
        self.weights.clear()
        self._weight_items = []
        for row in range(count):
            plot = self.weights.addPlot(row=row, col=0)
            plot.hideButtons()
            plot.setMenuEnabled(False)
            bars = pg.BarGraphItem(x=[0.0], height=[0.0], width=1.0, brush="#0072B2A0", pen=None)
            line = pg.PlotCurveItem(pen=pg.mkPen("#D55E00", width=1.5))
            plot.addItem(bars)
            plot.addItem(line)
            plot.getAxis("left").setWidth(40)
            for axis in ("left", "bottom"):
                plot.getAxis(axis).setPen(self._text_pen)
                plot.getAxis(axis).setTextPen(self._text_pen)
            self._weight_items.append((plot, bars, line))

    # -- pointing -----------------------------------------------------------------------------

    def _hovered(self, _item: object, points: object, *_: object) -> None:
        found = list(points) if points is not None else []  # type: ignore[call-overload]
        if not found or self.data is None:
            return
        self.show_point(int(found[0].data()))

    def show_point(self, index: int) -> None:
        """Show test image ``index``, its label and the network's answer beside the map."""
        data = self.data
        if data is None:
            return
        if data.image_shape is not None:
            rows, columns = data.image_shape
            pixels = np.asarray(data.test_inputs[index], np.float64)
            if data.test_inputs.dtype == np.uint8:
                pixels = pixels / 255.0
            self.seen.set_inputs(pixels, (rows, columns))
        network = self.document.network
        last = len(network.layer_sizes) - 1
        outputs = layer_activations(network, data, data.test_inputs[index : index + 1], last)
        label = data.test_targets[index]
        coding = data.coding(self.document.network.output_size)
        answer = int(coding.classes(outputs.astype(np.float64))[0]) if coding.classifies else None
        names = data.class_names or tuple(str(k) for k in range(max(data.n_classes, 1)))
        text = f"test image {index:,}"
        if coding.classifies and answer is not None:
            text += f": a {names[int(label)]}, answered {names[answer]}"
        self.hover_text.setText(text + ". Click to put it on the diagram.")

    def _clicked(self, _item: object, points: object, *_: object) -> None:
        found = list(points) if points is not None else []  # type: ignore[call-overload]
        if found:
            self.put_on_diagram(int(found[0].data()))

    def put_on_diagram(self, index: int) -> None:
        """Make test image ``index`` (and its target) the document's example."""
        data = self.data
        if data is None:
            return
        inputs = data.network_inputs(data.test_inputs[index : index + 1])[0]
        coding = data.coding(self.document.network.output_size)
        target = coding.encode(data.test_targets[index : index + 1])[0]
        self.document.edits.set_example(inputs, target, f"show test image {index:,}")
