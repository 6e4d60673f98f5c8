"""The Inside page's t-SNE section: on request, a t-SNE map of the layer the PCA map
shows, for :data:`~nnviz.present.training.embedding.TSNE_POINTS` test images, computed off
the GUI thread; coloured by class, hover shows the image, click puts it on the diagram
(through the page's own :meth:`~.InsidePage.show_point` and
:meth:`~.InsidePage.put_on_diagram`)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nnviz.core.data import DataSet, load
from nnviz.present.training.embedding import TSNE_POINTS, Embedding, tsne_map
from nnviz.qt.training.background import LatestJob
from nnviz.qt.training.inside_page import CLASS_COLOURS, InsidePage


class TsneSection(QWidget):
    """A button, a line of text and the t-SNE map, under the PCA map of ``page``."""

    def __init__(self, page: InsidePage) -> None:
        super().__init__(page)
        self.setObjectName("tsneSection")
        self.page = page
        self.embedding: Embedding | None = None
        self.button = QPushButton(f"t-SNE map of {TSNE_POINTS:,} test images")
        self.button.setObjectName("tsneButton")
        self.button.setToolTip(
            "Place each test image near those whose activations in this layer are nearest "
            "(scikit-learn's t-SNE; it takes several seconds, and is not redrawn while "
            "training: press again to follow)"
        )
        self.button.clicked.connect(lambda _=False: self.compute())
        self.status = QLabel("t-SNE shows the clusters a layer has made (PCA, above, shows "
                             "its directions of largest variance).")  # fmt: skip
        self.status.setWordWrap(True)
        self.map = pg.PlotWidget(background=self.palette().base().color())
        self.map.setObjectName("tsneMap")
        self.map.setMenuEnabled(False)
        self.map.hideButtons()
        self.map.getPlotItem().hideAxis("left")
        self.map.getPlotItem().hideAxis("bottom")
        self.map.setVisible(False)
        self.scatters: list[pg.ScatterPlotItem] = []
        self.job = LatestJob(self)
        self.job.done.connect(self._computed)
        self.job.failed.connect(lambda error: self._finished(f"No t-SNE map: {error}"))
        row = QHBoxLayout()
        row.addWidget(self.button)
        row.addWidget(self.status, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.map, 1)

    @property
    def busy(self) -> bool:
        """Whether a map is being computed."""
        return self.job.busy

    def compute(self) -> None:
        """Compute the map of the page's layer for the document's network, off the GUI
        thread."""
        network = self.page.document.network
        source = self.page.document.data
        cached = self.page.data
        layer = max(self.page.layer_box.currentIndex(), 0)
        if source is None and cached is None:
            self.status.setText("This network has no data set to map.")
            return

        def run() -> tuple[DataSet, Embedding]:
            data = cached if cached is not None else load(source, "test")  # type: ignore[arg-type]
            return data, tsne_map(network, data, layer)

        self.button.setEnabled(False)
        self.status.setText(f"Computing the t-SNE map of {self.page.layer_box.currentText()}…")
        self.job.submit(run)

    def _finished(self, text: str) -> None:
        self.button.setEnabled(True)
        self.status.setText(text)

    def _computed(self, result: object) -> None:
        assert isinstance(result, tuple)
        data, embedding = result
        assert isinstance(data, DataSet) and isinstance(embedding, Embedding)
        if self.page.data is None:
            self.page.data = data  # hover and click read the test images from the page
        self.embedding = embedding
        labels = np.asarray(data.test_targets[: len(embedding.points)])
        indices = np.arange(len(embedding.points))
        classes = labels.ndim == 1
        groups = np.unique(labels) if classes else np.zeros(1, int)
        while len(self.scatters) < len(groups):
            item = pg.ScatterPlotItem(size=6, pen=None, hoverable=True, tip=None)
            item.sigHovered.connect(self._hovered)
            item.sigClicked.connect(self._clicked)
            self.map.addItem(item)
            self.scatters.append(item)
        for item, group in zip(self.scatters, groups, strict=False):
            chosen = indices[labels == group] if classes else indices
            colour = CLASS_COLOURS[int(group) % len(CLASS_COLOURS)] if classes else "#0072B2"
            item.setData(pos=embedding.points[chosen], data=chosen, brush=pg.mkBrush(colour + "B0"))
        for item in self.scatters[len(groups) :]:
            item.clear()
        self.map.setVisible(True)
        self._finished(
            f"t-SNE of layer {embedding.layer}'s activations for {len(indices):,} test images "
            f"({embedding.seconds:.1f} s). Near points: similar activations; the distances "
            "between clusters mean little."
        )

    def _hovered(self, _item: object, points: object, *_: object) -> None:
        found = list(points) if points is not None else []  # type: ignore[call-overload]
        if found:
            self.page.show_point(int(found[0].data()))

    def _clicked(self, _item: object, points: object, *_: object) -> None:
        found = list(points) if points is not None else []  # type: ignore[call-overload]
        if found:
            self.page.put_on_diagram(int(found[0].data()))
