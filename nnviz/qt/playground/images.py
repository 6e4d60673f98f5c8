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
    index = np.clip(np.rint((values + 1.0) * (LEVELS - 1) / 2.0), 0, LEVELS - 1).astype(np.intp)
    rgb = np.ascontiguousarray(table[index[::-1]])
    height, width = rgb.shape[:2]
    return QImage(rgb.data, width, height, 3 * width, QImage.Format.Format_RGB888).copy()
