"""Fonts and colours shared by the diagram's items."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QFont

from nnviz.qt.palette import DEFAULT_PALETTE, DivergingPalette, get_palette
from nnviz.qt.theme import DEFAULT_THEME, Theme, get_theme

#: Pixel sizes of the diagram's text (scene units are pixels at 100 % zoom).
VALUE_PX = 14
SUM_PX = 12
BIAS_PX = 11
EDGE_LABEL_PX = 12
HEADER_PX = 13
SUBTITLE_PX = 12
NOTE_PX = 12


@dataclass(frozen=True)
class DiagramStyle:
    """The theme and palette the diagram is painted in."""

    theme: Theme
    palette: DivergingPalette

    def __post_init__(self) -> None:
        # Edge colours keep their contrast on the theme's background (dark: lighter ends).
        object.__setattr__(self, "palette", self.palette.on(self.theme.background))

    @classmethod
    def default(cls) -> DiagramStyle:
        """The light theme and the colour-blind-safe default palette."""
        return cls(get_theme(DEFAULT_THEME), get_palette(DEFAULT_PALETTE))

    def colour(self, name: str, alpha: int = 255) -> QColor:
        """A theme colour by attribute name (``"text"``, ``"muted"`` ...) as a QColor."""
        colour = QColor(getattr(self.theme, name))
        colour.setAlpha(alpha)
        return colour

    @property
    def accent(self) -> QColor:
        """The highlight and selection colour."""
        return QColor(self.palette.accent)


def font(pixels: int, bold: bool = False) -> QFont:
    """A sans-serif font of ``pixels`` pixels."""
    result = QFont()
    result.setStyleHint(QFont.StyleHint.SansSerif)
    result.setPixelSize(pixels)
    result.setBold(bold)
    return result
