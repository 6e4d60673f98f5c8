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

    def on(self, background: str) -> DivergingPalette:
        """This palette with its ends lightened (or darkened) as little as needed to keep
        :data:`EDGE_CONTRAST` against ``background`` (:data:`DARK_EDGE_CONTRAST` on a dark
        one: the purple #762A83 has 1.9:1 on the dark theme's #1C1F23)."""
        dark = luminance(hex_rgb(background)) < 0.5
        ratio = DARK_EDGE_CONTRAST if dark else EDGE_CONTRAST
        return DivergingPalette(
            self.key,
            self.title,
            readable_on(self.negative, background, ratio),
            readable_on(self.positive, background, ratio),
            readable_on(self.accent, background, ratio),
            self.colour_blind_safe,
        )

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


def contrast(first: RGB, second: RGB) -> float:
    """The WCAG contrast ratio of two colours (1 the same .. 21 black on white)."""
    a, b = luminance(first), luminance(second)
    return (max(a, b) + 0.05) / (min(a, b) + 0.05)


#: The contrast an edge colour keeps against the diagram's background: WCAG's 3:1 for
#: graphics on a light one; more on a dark one, where thin coloured lines fade sooner.
EDGE_CONTRAST = 3.0
DARK_EDGE_CONTRAST = 4.0


def readable_on(colour: str, background: str, ratio: float = EDGE_CONTRAST) -> str:
    """``colour``, mixed towards white (on a dark background) or black (on a light one)
    just enough to reach ``ratio`` against ``background``."""
    rgb, back = hex_rgb(colour), hex_rgb(background)
    if contrast(rgb, back) >= ratio:
        return colour
    target = (255, 255, 255) if luminance(back) < 0.5 else (0, 0, 0)
    for step in range(1, 21):
        t = step / 20
        mixed = tuple(round(c + (e - c) * t) for c, e in zip(rgb, target, strict=True))
        if contrast(mixed, back) >= ratio:  # type: ignore[arg-type]
            return "#{:02X}{:02X}{:02X}".format(*mixed)
    return "#{:02X}{:02X}{:02X}".format(*target)


def readable_text(background: RGB, dark: str = "#111111", light: str = "#FFFFFF") -> str:
    """Return ``dark`` or ``light``, whichever reads better on ``background``."""
    lum = luminance(background)
    contrast_dark = (lum + 0.05) / (luminance(hex_rgb(dark)) + 0.05)
    contrast_light = (luminance(hex_rgb(light)) + 0.05) / (lum + 0.05)
    return dark if contrast_dark >= contrast_light else light
