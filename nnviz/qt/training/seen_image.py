"""The image the network actually sees: its 28 × 28 inputs drawn pixel for pixel (no
smoothing), beside the drawing pad, so a student sees what their stroke became once it
was scaled, centred and blurred the way MNIST's digits were."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

#: Screen pixels per input pixel.
ZOOM = 3


class SeenImage(QWidget):
    """A caption and the inputs as a grey image (ink dark, paper white)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("seenImage")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.caption = QLabel("What the network sees")
        self.caption.setObjectName("hint")
        self.caption.setWordWrap(True)  # never what sets the page's minimum width
        self.picture = QLabel()
        self.picture.setObjectName("seenPicture")
        self.picture.setToolTip(
            "The 28 × 28 inputs the network is given: the drawing scaled to a 20 × 20 box "
            "and centred by its centre of mass, as MNIST's digits were"
        )
        self.picture.setFixedSize(28 * ZOOM + 2, 28 * ZOOM + 2)
        self.picture.setStyleSheet("border: 1px solid palette(mid);")
        layout.addWidget(self.caption)
        layout.addWidget(self.picture, 0, Qt.AlignmentFlag.AlignLeft)
        self.shown: NDArray[np.uint8] | None = None

    def set_inputs(self, inputs: NDArray[np.float64], shape: tuple[int, int]) -> None:
        """Show ``inputs`` (pixel / 255 values, flattened row by row) as a ``shape`` image."""
        if inputs.size != shape[0] * shape[1]:
            self.picture.clear()
            self.shown = None
            return
        grey = 255 - np.clip(np.nan_to_num(inputs) * 255.0, 0, 255).astype(np.uint8)
        grey = np.ascontiguousarray(grey.reshape(shape))
        image = QImage(grey.data, shape[1], shape[0], shape[1], QImage.Format.Format_Grayscale8)
        pixmap = QPixmap.fromImage(image.copy()).scaled(
            shape[1] * ZOOM,
            shape[0] * ZOOM,
            Qt.AspectRatioMode.IgnoreAspectRatio,
            Qt.TransformationMode.FastTransformation,
        )
        self.picture.setPixmap(pixmap)
        self.shown = grey
