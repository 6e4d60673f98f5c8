"""A strip of a few test images as the Robustness page disturbs them, so a student sees
what "rotation 30°" or "thickness +2" does to a digit."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QLabel, QSizePolicy

from nnviz.present.training.robustness import KEYS, disturbed

#: Images in the strip, and screen pixels per image pixel.
COUNT = 6
ZOOM = 2


class DisturbedPreview(QLabel):
    """The first :data:`COUNT` test images, disturbed, side by side (ink dark)."""

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("disturbedPreview")
        self.setToolTip("The first test images, disturbed like this (examples of the draw)")
        # A narrow page crops the strip rather than growing the window for it.
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setMinimumHeight(28 * ZOOM)
        self.shown: NDArray[np.uint8] | None = None

    def show_disturbed(
        self, images: NDArray[Any], shape: tuple[int, int], key: str, level: float, seed: int
    ) -> None:
        """Show ``images`` (rows of uint8 pixels) disturbed by ``key`` at ``level``."""
        rows, columns = shape
        batch = np.asarray(images[:COUNT]).reshape(-1, rows, columns)
        rng = np.random.default_rng([seed, KEYS.index(key), 99])
        seen = disturbed(batch, key, level, rng)
        if seen.dtype != np.uint8:
            seen = np.rint(np.clip(seen, 0, 1) * 255).astype(np.uint8)
        # One row: the images with a one-pixel paper gap between them.
        strip = np.zeros((rows, len(seen) * (columns + 1) - 1), np.uint8)
        for i, image in enumerate(seen):
            strip[:, i * (columns + 1) : i * (columns + 1) + columns] = image
        grey = np.ascontiguousarray(255 - strip)
        height, width = grey.shape
        picture = QImage(grey.data, width, height, width, QImage.Format.Format_Grayscale8)
        self.setPixmap(
            QPixmap.fromImage(picture.copy()).scaled(
                width * ZOOM,
                height * ZOOM,
                Qt.AspectRatioMode.IgnoreAspectRatio,
                Qt.TransformationMode.FastTransformation,
            )
        )
        self.shown = grey
