"""What the app remembers between runs (QSettings): theme, palette, text size, precision,
window, recent files.

These belong to the user, not to a document, so they are not saved in session files. Tests
pass their own QSettings (an INI file in a temporary folder) so the user's real
configuration is never touched.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from nnviz.qt.palette import DEFAULT_PALETTE, PALETTES
from nnviz.qt.theme import DEFAULT_THEME, THEMES

MAX_RECENT = 8
#: The text sizes offered (percent of normal).
TEXT_SIZES = (100, 125, 150, 175, 200, 250)
#: The precisions offered (significant digits).
DIGITS = (3, 4, 5, 6)


class Preferences:
    """Typed access to the app's QSettings.

    Parameters
    ----------
    settings : QSettings, optional
        Where to keep them; by default the user's ``nnviz/nnviz`` settings.
    """

    def __init__(self, settings: QSettings | None = None) -> None:
        self.settings = settings if settings is not None else QSettings("nnviz", "nnviz")

    def _text(self, key: str, default: str) -> str:
        value = self.settings.value(key, default)
        return value if isinstance(value, str) else default

    @property
    def theme(self) -> str:
        """``"light"`` or ``"dark"``."""
        value = self._text("view/theme", DEFAULT_THEME)
        return value if value in THEMES else DEFAULT_THEME

    @theme.setter
    def theme(self, value: str) -> None:
        self.settings.setValue("view/theme", value)

    @property
    def palette(self) -> str:
        """Key of the diverging palette (colour-blind safe by default)."""
        value = self._text("view/palette", DEFAULT_PALETTE)
        return value if value in PALETTES else DEFAULT_PALETTE

    @palette.setter
    def palette(self, value: str) -> None:
        self.settings.setValue("view/palette", value)

    @property
    def text_size(self) -> int:
        """The text size, in percent of normal (100 to 250)."""
        value = self.settings.value("view/text_size", 100)
        try:
            size = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return 100
        return size if size in TEXT_SIZES else 100

    @text_size.setter
    def text_size(self, value: int) -> None:
        self.settings.setValue("view/text_size", int(value))

    @property
    def digits(self) -> int:
        """Significant digits numbers are written with (3 to 6; the lecture's 4)."""
        value = self.settings.value("view/digits", 4)
        try:
            digits = int(value)  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return 4
        return digits if digits in DIGITS else 4

    @digits.setter
    def digits(self, value: int) -> None:
        self.settings.setValue("view/digits", int(value))

    @property
    def weight_labels(self) -> str:
        """Which weights small diagrams write: "every", "selected" or "none"."""
        value = self._text("view/weight_labels", "every")
        return value if value in ("every", "selected", "none") else "every"

    @weight_labels.setter
    def weight_labels(self, value: str) -> None:
        self.settings.setValue("view/weight_labels", value)

    @property
    def screen_size(self) -> tuple[int, int] | None:
        """The available size of the screen the window was last closed on."""
        value = self.settings.value("window/screen")
        if isinstance(value, list) and len(value) == 2:
            try:
                return int(value[0]), int(value[1])
            except (TypeError, ValueError):
                return None
        return None

    @screen_size.setter
    def screen_size(self, value: tuple[int, int]) -> None:
        self.settings.setValue("window/screen", [int(value[0]), int(value[1])])

    @property
    def geometry(self) -> QByteArray | None:
        """The main window's saved size and place."""
        value = self.settings.value("window/geometry")
        return value if isinstance(value, QByteArray) else None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self.settings.setValue("window/geometry", value)

    @property
    def window_state(self) -> QByteArray | None:
        """The main window's saved docks and toolbars."""
        value = self.settings.value("window/state")
        return value if isinstance(value, QByteArray) else None

    @window_state.setter
    def window_state(self, value: QByteArray) -> None:
        self.settings.setValue("window/state", value)

    @property
    def last_folder(self) -> str:
        """Where file dialogs open."""
        return self._text("files/last_folder", str(Path.home()))

    @last_folder.setter
    def last_folder(self, value: str) -> None:
        self.settings.setValue("files/last_folder", value)

    @property
    def recent_files(self) -> list[str]:
        """Recently opened or saved files, newest first."""
        value = self.settings.value("files/recent", [])
        if isinstance(value, str):
            value = [value]
        return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []

    def add_recent(self, path: str) -> None:
        """Put ``path`` first in the recent files."""
        files = [path] + [p for p in self.recent_files if p != path]
        self.settings.setValue("files/recent", files[:MAX_RECENT])

    def sync(self) -> None:
        """Write everything to disk now."""
        self.settings.sync()
