"""Train ▸ Browse the training set: examples of each class, the average digit of each
class, the pixels' histogram, and the training images as the recipe augments them.

The data set is read off the GUI thread (:class:`~.background.LatestJob`); the numbers
are :mod:`nnviz.present.training.data_summary`'s.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from numpy.typing import NDArray
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.data import DataSet, load
from nnviz.core.training import TrainingConfig
from nnviz.present.training.data_summary import (
    augmented_preview,
    class_examples,
    class_means,
    mosaic,
    pixel_histogram,
)
from nnviz.qt.binding import follow
from nnviz.qt.training.background import LatestJob
from nnviz.session import Document
from nnviz.session.training import TrainingModel

#: Examples shown per class, and augmented images in the preview.
PER_CLASS = 12
PREVIEW = 16
#: Screen pixels per image pixel.
ZOOM = 2


def ink_pixmap(ink: NDArray[np.float64], zoom: int = ZOOM) -> QPixmap:
    """An image of ink in [0, 1] (shape (H, W)) as dark on white paper, ``zoom``× larger."""
    grey = np.ascontiguousarray(255 - np.clip(ink * 255, 0, 255).astype(np.uint8))
    height, width = grey.shape
    image = QImage(grey.data, width, height, width, QImage.Format.Format_Grayscale8).copy()
    return QPixmap.fromImage(image).scaled(
        width * zoom, height * zoom, Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.FastTransformation,
    )  # fmt: skip


class DataBrowser(QDialog):
    """The training set of ``document``'s data, on four tabs.

    Parameters
    ----------
    document : Document
    model : TrainingModel
        Its recipe's augmentation is previewed (and followed as it changes).
    """

    def __init__(
        self, document: Document, model: TrainingModel, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("dataBrowser")
        self.setWindowTitle("The training set")
        self.document, self.model = document, model
        self.data: DataSet | None = None
        self.draw = 0
        self.status = QLabel("Reading the training set…")
        self.status.setWordWrap(True)
        self.tabs = QTabWidget()
        self.examples = QWidget()
        self.means = QWidget()
        self.histogram = pg.PlotWidget(background=None)
        self.histogram.setObjectName("pixelHistogram")
        self.preview = QWidget()
        for widget, title in (
            (self.examples, "Examples per class"),
            (self.means, "Average digit"),
            (self.histogram, "Pixel histogram"),
            (self.preview, "Augmented (as trained)"),
        ):
            if isinstance(widget, pg.PlotWidget):
                self.tabs.addTab(widget, title)
            else:
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(widget)
                self.tabs.addTab(scroll, title)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.tabs, 1)
        self.job = LatestJob(self)
        self.job.done.connect(self._loaded)
        self.job.failed.connect(lambda error: self.status.setText(f"Cannot read it: {error}"))
        follow(self, model.config_changed, self._config_changed)
        source = document.data
        if source is None:
            self.status.setText("This document has no data set to browse.")
        else:
            self.job.submit(lambda: load(source, "all"))
        # Ten rows of examples without scrolling where the screen allows it.
        screen = self.screen().availableGeometry() if self.screen() is not None else None
        height = 720 if screen is None else min(720, screen.height() - 40)
        self.resize(780, height)

    @property
    def ready(self) -> bool:
        """Whether the data set has been read and shown."""
        return self.data is not None

    def show_preview(self) -> None:
        """Bring the augmented images' tab to the front."""
        self.tabs.setCurrentIndex(3)

    def _loaded(self, data: object) -> None:
        assert isinstance(data, DataSet)
        if data.image_shape is None or not data.classifies:
            self.status.setText(f"{data.name} has no images of classes to show.")
            return
        self.data = data
        means, counts = class_means(data)
        self.status.setText(
            f"{data.name}: {data.n_train:,} training images of {data.image_shape[0]} × "
            f"{data.image_shape[1]} pixels, {data.n_classes} classes "
            f"({counts.min():,} to {counts.max():,} images each)."
        )
        self._fill_examples(data)
        self._fill_means(data, means, counts)
        self._fill_histogram(data)
        self._fill_preview()

    def _fill_examples(self, data: DataSet) -> None:
        grid = QGridLayout(self.examples)
        names = data.class_names or ()
        for row, images in enumerate(class_examples(data, PER_CLASS, seed=0)):
            label = QLabel(f"“{names[row]}”")
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            picture = QLabel()
            picture.setPixmap(ink_pixmap(mosaic(images, PER_CLASS)))
            grid.addWidget(label, row, 0)
            grid.addWidget(picture, row, 1)
        grid.setColumnStretch(2, 1)

    def _fill_means(
        self, data: DataSet, means: NDArray[np.float64], counts: NDArray[np.int64]
    ) -> None:
        grid = QGridLayout(self.means)
        names = data.class_names or ()
        note = QLabel(
            "Each class's average training image (darker: more of its images have ink "
            "there), scaled so that its darkest pixel is black."
        )
        note.setWordWrap(True)
        grid.addWidget(note, 0, 0, 1, 5)
        for i, (mean, count) in enumerate(zip(means, counts, strict=True)):
            picture = QLabel()
            picture.setPixmap(ink_pixmap(mean / max(float(mean.max()), 1e-9), zoom=3))
            picture.setObjectName(f"classMean{i}")
            text = QLabel(f"“{names[i]}”  ({int(count):,} images)")
            text.setAlignment(Qt.AlignmentFlag.AlignHCenter)
            box = QVBoxLayout()
            box.addWidget(picture, 0, Qt.AlignmentFlag.AlignHCenter)
            box.addWidget(text)
            grid.addLayout(box, 1 + i // 5, i % 5)
        grid.setRowStretch(3, 1)

    def _fill_histogram(self, data: DataSet) -> None:
        counts, edges = pixel_histogram(data)
        share = counts / max(int(counts.sum()), 1)
        plot = self.histogram.getPlotItem()
        plot.setLogMode(y=True)
        floor = share[share > 0].min() / 10 if np.any(share > 0) else 1e-6
        plot.plot(
            edges, np.maximum(share, floor), stepMode="center", fillLevel=np.log10(floor),
            brush=(0, 114, 178, 120), pen=pg.mkPen("#0072B2", width=1.5),
        )  # fmt: skip
        plot.setLabel("bottom", "pixel value (pixel / 255)")
        plot.setLabel("left", "share of all pixels (log)")
        background = share[0]
        plot.setTitle(
            f"{background:.0%} of the pixels are background (0); the ink is mostly near 1"
        )

    def _fill_preview(self) -> None:
        layout = self.preview.layout()
        if layout is None:
            layout = QVBoxLayout(self.preview)
            self.preview_text = QLabel()
            self.preview_text.setWordWrap(True)
            self.originals = QLabel()
            self.changed = QLabel()
            self.changed.setObjectName("augmentedImages")
            again = QPushButton("Other images")
            again.setObjectName("otherImages")
            again.clicked.connect(self._again)
            row = QHBoxLayout()
            row.addWidget(again)
            row.addStretch(1)
            for widget in (self.preview_text, QLabel("The training images:"), self.originals,
                           QLabel("… as this recipe trains on them:"), self.changed):  # fmt: skip
                layout.addWidget(widget)
            layout.addLayout(row)
            layout.addStretch(1)
        self._show_preview()

    def _show_preview(self) -> None:
        if self.data is None:
            return
        config = self.model.config
        originals, changed = augmented_preview(self.data, config, PREVIEW, self.draw)
        self.preview_originals, self.preview_changed = originals, changed
        self.originals.setPixmap(ink_pixmap(mosaic(originals, PREVIEW // 2), zoom=3))
        self.changed.setPixmap(ink_pixmap(mosaic(changed, PREVIEW // 2), zoom=3))
        self.preview_text.setText(_augmentation_text(config))

    def _again(self) -> None:
        self.draw += 1
        self._show_preview()

    def _config_changed(self, _config: object) -> None:
        if self.data is not None:
            self._show_preview()


def _augmentation_text(config: TrainingConfig) -> str:
    parts = [
        text
        for value, text in (
            (
                config.augment_shift,
                f"moved by up to ±{config.augment_shift:g} whole "
                f"pixel{'' if config.augment_shift == 1 else 's'}",
            ),
            (config.augment_rotation, f"rotated by up to ±{config.augment_rotation:g}°"),
            (config.augment_noise, f"given noise of σ {config.augment_noise:g}"),
        )
        if value
    ]
    if not parts:
        return (
            "The recipe trains on the images as they are: set Rotate, Shift or Noise in the "
            "Training panel's recipe to see what augmentation does."
        )
    return (
        "Every training batch, each image is " + ", ".join(parts) + " (a fresh random draw "
        "each time; the test images are never changed)."
    )
