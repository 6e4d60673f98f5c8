"""The window's look: theme, palette and text size, applied to the application and
followed by views.

Appearance belongs to the user, not to a document: it is remembered in the preferences
and shared by every document view of a window. Views follow :attr:`Appearance.changed`.

The text size (100–250 %) scales the application's font (every panel, the step-through's
arithmetic, the plots' axes follow it: widgets with a font of their own listen for
``ApplicationFontChange``) and the diagram (drawn that much larger, see
:meth:`~nnviz.qt.diagram.view.DiagramView.set_text_scale`). Presenting (full screen) the
diagram also fills a large screen.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication

from nnviz.core.notation import set_significant_digits
from nnviz.qt.diagram.style import DiagramStyle
from nnviz.qt.palette import get_palette
from nnviz.qt.preferences import DIGITS, TEXT_SIZES, Preferences
from nnviz.qt.theme import apply_theme, get_theme

#: The application's font before any text size was applied (one per process).
_BASE_FONT: list[QFont] = []


def base_font() -> QFont:
    """The application's own font, at 100 %."""
    if not _BASE_FONT:
        _BASE_FONT.append(QFont(QApplication.font()))
    return QFont(_BASE_FONT[0])


class Appearance(QObject):
    """The current theme, palette and text size (see the module docstring).

    Signals
    -------
    changed(DiagramStyle)
        Another theme, palette or text size was chosen, or presenting began or ended.
    digits_changed(int)
        Numbers are written with another number of significant digits.
    """

    changed = Signal(object)
    digits_changed = Signal(int)

    def __init__(self, preferences: Preferences, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.preferences = preferences
        self.style = DiagramStyle(get_theme(preferences.theme), get_palette(preferences.palette))
        self.text_size = preferences.text_size
        self.presenting = False
        #: The panels are hidden so the diagram has the whole window (View ▸ Diagram only):
        #: features that would show a panel on their own (stepping) leave it hidden.
        self.diagram_only = False
        #: How much larger than a 1920×1080 screen the presenting screen is (logical pixels).
        self.screen_factor = 1.0
        self.digits = preferences.digits
        set_significant_digits(self.digits)

    @property
    def text_scale(self) -> float:
        """The text size as a factor (1.0 = 100 %); presenting, times :attr:`screen_factor`
        (a 4K screen at a device-pixel ratio of 1 doubles it, so it reads as 1080p does)."""
        factor = self.screen_factor if self.presenting else 1.0
        return self.text_size / 100.0 * factor

    def apply(self, theme_key: str | None = None, palette_key: str | None = None) -> None:
        """Switch theme and/or palette everywhere, and remember them."""
        theme = get_theme(theme_key or self.style.theme.key)
        palette = get_palette(palette_key or self.style.palette.key)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
            self._apply_font(app)
        self.style = DiagramStyle(theme, palette)
        self.preferences.theme = theme.key
        self.preferences.palette = palette.key
        self.changed.emit(self.style)

    def set_text_size(self, percent: int, remember: bool = True) -> None:
        """Make every text ``percent`` % of normal (one of ``TEXT_SIZES``), and remember it
        (unless ``remember`` is false: presentation mode's own size is not the window's)."""
        percent = min(TEXT_SIZES, key=lambda size: abs(size - int(percent)))
        if remember:
            self.preferences.text_size = percent
        if percent == self.text_size:
            return
        self.text_size = percent
        self.apply()

    def larger(self) -> None:
        """The next larger text size."""
        bigger = [size for size in TEXT_SIZES if size > self.text_size]
        if bigger:
            self.set_text_size(bigger[0])

    def smaller(self) -> None:
        """The next smaller text size."""
        smaller = [size for size in TEXT_SIZES if size < self.text_size]
        if smaller:
            self.set_text_size(smaller[-1])

    def set_presenting(self, on: bool, screen_factor: float = 1.0) -> None:
        """Presenting: the diagram fills the screen (the window goes full screen), and the
        text is ``screen_factor`` times larger (see :func:`screen_text_factor`)."""
        factor = max(1.0, float(screen_factor)) if on else 1.0
        if (bool(on), factor) != (self.presenting, self.screen_factor):
            self.presenting = bool(on)
            self.screen_factor = factor
            self.apply()  # the application font follows text_scale, then every view

    def set_digits(self, digits: int) -> None:
        """Write numbers with ``digits`` significant digits (one of ``DIGITS``)."""
        if digits not in DIGITS or digits == self.digits:
            return
        self.digits = digits
        self.preferences.digits = digits
        set_significant_digits(digits)
        self.digits_changed.emit(digits)

    def _apply_font(self, app: QApplication) -> None:
        font = base_font()
        if font.pointSizeF() > 0:
            font.setPointSizeF(font.pointSizeF() * self.text_scale)
        elif font.pixelSize() > 0:
            font.setPixelSize(round(font.pixelSize() * self.text_scale))
        if app.font() != font:
            app.setFont(font)


def screen_text_factor(width: int, height: int) -> float:
    """How many times larger text must be on a screen of ``width`` × ``height`` logical
    pixels to take the share of it that it takes of 1920×1080 (never less than 1)."""
    return max(1.0, min(width / 1920.0, height / 1080.0))
