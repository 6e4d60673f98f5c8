"""Diverging colour palettes for signed numbers (weights, activations), as NumPy arrays.

Negative values take one hue, positive values the other, and values near zero fade into a
neutral colour given by the theme, so that the palette works on light and dark backgrounds.
The default palette pairs the Okabe–Ito blue and vermillion, which stay distinct under the
common forms of colour blindness; colour is never the only cue (edge width also grows with
|w|, and every number is on the diagram or in its tooltip).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray
from PySide6.QtGui import QColor

RGB = tuple[int, int, int]


def hex_rgb(text: str) -> RGB:
    """Return ``(r, g, b)`` for ``"#RRGGBB"``."""
    value = text.lstrip("#")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


@dataclass(frozen=True)
class DivergingPalette:
    """Two end colours around a neutral middle.

    Attributes
    ----------
    key : str
        Stable name used in settings (``"blue-vermillion"``).
    title : str
        What the View menu shows.
    negative, positive : str
        End colours, ``"#RRGGBB"``.
    accent : str
        The colour of highlights and the selection, chosen apart from both ends.
    colour_blind_safe : bool
        Whether the two ends stay distinct under protanopia, deuteranopia and tritanopia.
    """

    key: str
    title: str
    negative: str
    positive: str
    accent: str
    colour_blind_safe: bool = True

    def colours(
        self, values: NDArray[np.floating], scale: float, neutral: str, floor: float = 0.0
    ) -> NDArray[np.uint8]:
        """Map signed ``values`` to RGB colours.

        Parameters
        ----------
        values : ndarray of float, shape (n,)
            NaN maps to ``neutral``.
        scale : float
            The magnitude that reaches the full end colour (larger values are clipped).
        neutral : str
            The colour of zero.
        floor : float
            Fraction of the end colour given to the smallest non-zero magnitudes, so
            that small values still show their sign.

        Returns
        -------
        ndarray of uint8, shape (n, 3)
        """
        v = np.asarray(values, dtype=np.float64)
        t = np.clip(np.abs(np.nan_to_num(v)) / max(scale, 1e-300), 0.0, 1.0)
        t = np.where(t > 0, floor + (1.0 - floor) * t, 0.0)
        middle = np.array(hex_rgb(neutral), dtype=np.float64)
        ends = np.where(
            (v < 0)[:, None],
            np.array(hex_rgb(self.negative), dtype=np.float64),
            np.array(hex_rgb(self.positive), dtype=np.float64),
        )
        rgb = middle + (ends - middle) * t[:, None]
        return np.clip(np.rint(rgb), 0, 255).astype(np.uint8)

    def qcolour(self, value: float, scale: float, neutral: str, floor: float = 0.0) -> QColor:
        """Return the colour of one value as a QColor."""
        r, g, b = self.colours(np.array([value]), scale, neutral, floor)[0]
        return QColor(int(r), int(g), int(b))


PALETTES: dict[str, DivergingPalette] = {
    p.key: p
    for p in (
        DivergingPalette(
            "blue-vermillion",
            "Blue and vermillion (colour-blind safe)",
            negative="#D55E00",
            positive="#0072B2",
            accent="#009E73",
        ),
        DivergingPalette(
            "purple-green",
            "Purple and green (colour-blind safe)",
            negative="#762A83",
            positive="#1B7837",
            accent="#E69F00",
        ),
        DivergingPalette(
            "red-blue",
            "Red and blue (colour-blind safe)",
            negative="#CA0020",
            positive="#0571B0",
            accent="#E69F00",
        ),
        DivergingPalette(
            "red-green",
            "Red and green (not colour-blind safe)",
            negative="#D7301F",
            positive="#1A9641",
            accent="#4575B4",
            colour_blind_safe=False,
        ),
    )
}
DEFAULT_PALETTE = "blue-vermillion"


def get_palette(key: str) -> DivergingPalette:
    """Return the palette called ``key``, or the default one if there is none."""
    return PALETTES.get(key, PALETTES[DEFAULT_PALETTE])


def luminance(rgb: RGB) -> float:
    """Relative luminance of an sRGB colour (0 black .. 1 white), per WCAG."""
    channels = []
    for c in rgb:
        s = c / 255.0
        channels.append(s / 12.92 if s <= 0.03928 else ((s + 0.055) / 1.055) ** 2.4)
    r, g, b = channels
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def readable_text(background: RGB, dark: str = "#111111", light: str = "#FFFFFF") -> str:
    """Return ``dark`` or ``light``, whichever reads better on ``background``."""
    lum = luminance(background)
    contrast_dark = (lum + 0.05) / (luminance(hex_rgb(dark)) + 0.05)
    contrast_light = (luminance(hex_rgb(light)) + 0.05) / (lum + 0.05)
    return dark if contrast_dark >= contrast_light else light
