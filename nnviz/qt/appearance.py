"""The window's look: theme and palette, applied to the application and followed by views.

Appearance belongs to the user, not to a document: it is remembered in the preferences
and shared by every document view of a window. Views follow :attr:`Appearance.changed`.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from nnviz.qt.diagram.style import DiagramStyle
from nnviz.qt.palette import get_palette
from nnviz.qt.preferences import Preferences
from nnviz.qt.theme import apply_theme, get_theme


class Appearance(QObject):
    """The current theme and palette (see the module docstring).

    Signals
    -------
    changed(DiagramStyle)
        Another theme or palette was chosen.
    """

    changed = Signal(object)

    def __init__(self, preferences: Preferences, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.preferences = preferences
        self.style = DiagramStyle(get_theme(preferences.theme), get_palette(preferences.palette))

    def apply(self, theme_key: str | None = None, palette_key: str | None = None) -> None:
        """Switch theme and/or palette everywhere, and remember them."""
        theme = get_theme(theme_key or self.style.theme.key)
        palette = get_palette(palette_key or self.style.palette.key)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.style = DiagramStyle(theme, palette)
        self.preferences.theme = theme.key
        self.preferences.palette = palette.key
        self.changed.emit(self.style)
