"""Maps in [-1, 1] as images, in the diagram's palette (blue positive, vermillion negative)."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PySide6.QtGui import QImage

from nnviz.qt.palette import DivergingPalette

#: Entries of the colour table a map is looked up in.
LEVELS = 256


def colour_table(palette: DivergingPalette, neutral: str) -> NDArray[np.uint8]:
    """RGB of ``LEVELS`` values from -1 to 1, shape (LEVELS, 3)."""
    return palette.colours(np.linspace(-1.0, 1.0, LEVELS), 1.0, neutral)


def map_image(values: NDArray[np.floating], table: NDArray[np.uint8]) -> QImage:
    """A 2-D map (rows from the bottom up) as an RGB image (rows from the top down)."""
    return map_images(values[None], table)[0]


def map_images(values: NDArray[np.floating], table: NDArray[np.uint8]) -> list[QImage]:
    """Maps of shape (n, rows, columns) as images, looked up in one pass."""
    scaled = (values + 1.0) * ((LEVELS - 1) / 2.0)
    np.clip(scaled, 0, LEVELS - 1, out=scaled)
    rgb = np.ascontiguousarray(table[scaled.astype(np.intp)[:, ::-1]])
    height, width = rgb.shape[1:3]
    return [
        QImage(plane.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
        for plane in rgb
    ]
