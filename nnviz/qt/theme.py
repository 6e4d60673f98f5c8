"""Light and dark themes: the colours of the window and of the diagram."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication


@dataclass(frozen=True)
class Theme:
    """The colours the diagram and the window use (``"#RRGGBB"`` strings).

    Attributes
    ----------
    key : {"light", "dark", "contrast"}
    background : str
        Behind the diagram.
    surface : str
        Node boxes before tinting, label backgrounds.
    text, muted : str
        Main and secondary text.
    neutral : str
        The middle of the diverging palette: zero weights and activations.
    outline : str
        Node outlines and the input image frame.
    error : str
        Messages about refused input.
    window, base, button : str
        Qt palette roles for the rest of the window.
    title : str
        Its name in View ▸ Theme.
    """

    key: str
    background: str
    surface: str
    text: str
    muted: str
    neutral: str
    outline: str
    error: str
    window: str
    base: str
    button: str
    title: str = ""


THEMES: dict[str, Theme] = {
    "light": Theme(
        key="light",
        background="#FBFBF9",
        surface="#FFFFFF",
        text="#1B1F24",
        muted="#5C6670",
        neutral="#C9CED3",
        outline="#4A525A",
        error="#B3261E",
        window="#EFEFEC",
        base="#FFFFFF",
        button="#E6E6E2",
        title="Light",
    ),
    "dark": Theme(
        key="dark",
        background="#1C1F23",
        surface="#2A2F35",
        text="#ECEFF2",
        muted="#A3ADB8",
        neutral="#59616A",
        outline="#B8C0C8",
        error="#FF8A80",
        window="#25292E",
        base="#1C1F23",
        button="#33393F",
        title="Dark",
    ),
    # For a projector: pure black on white, no grey text (washed-out projectors lose it).
    "contrast": Theme(
        key="contrast",
        background="#FFFFFF",
        surface="#FFFFFF",
        text="#000000",
        muted="#1A1A1A",
        neutral="#8C8C8C",
        outline="#000000",
        error="#A00000",
        window="#FFFFFF",
        base="#FFFFFF",
        button="#E0E0E0",
        title="High contrast (projector)",
    ),
}
DEFAULT_THEME = "light"


def get_theme(key: str) -> Theme:
    """Return the theme called ``key``, or the light theme if there is none."""
    return THEMES.get(key, THEMES[DEFAULT_THEME])


def qt_palette(theme: Theme) -> QPalette:
    """Return a Qt palette for the window's widgets in ``theme``."""
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.window,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.button,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.ToolTipBase: theme.surface,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted,
        QPalette.ColorRole.BrightText: theme.error,
        QPalette.ColorRole.Highlight: "#4C8BD0" if theme.key == "dark" else "#2F6FB0",
        QPalette.ColorRole.HighlightedText: "#FFFFFF",
        QPalette.ColorRole.Link: "#8AB8F0" if theme.key == "dark" else "#1F5FA0",
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    disabled = QColor(theme.muted)
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Give the whole application ``theme`` (Fusion style, so both themes look alike).

    Setting a style or palette re-polishes every widget, so nothing is set that is
    already in place.
    """
    style = app.style()
    if style is None or style.name().lower() != "fusion":
        app.setStyle("Fusion")
    palette = qt_palette(theme)
    if app.palette() != palette:
        app.setPalette(palette)
    # Fusion draws a check box's square in the Base colour, outlined a little darker than
    # the Window colour: on the dark theme both nearly vanish. Check boxes get a lighter
    # square and outline of their own.
    boxes = qt_palette(theme)
    if theme.key == "dark":
        boxes.setColor(QPalette.ColorRole.Base, QColor("#3A4149"))
        boxes.setColor(QPalette.ColorRole.Window, QColor("#A3ADB8"))
    app.setPalette(boxes, "QCheckBox")  # type: ignore[arg-type]  # (the stubs say bytes)
