"""The Help menu: the keyboard and mouse shortcuts (written from the action registry), and
About."""

from __future__ import annotations

import html
from functools import partial

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from nnviz.qt.actions import ActionRegistry
from nnviz.qt.dialogs import show_about
from nnviz.qt.shell import Shell

#: What the mouse (and Esc) do on the diagram: Help lists them with the registry's keys.
DIAGRAM_GESTURES = (
    ("Click an edge", "type its weight (Enter applies, Esc cancels)"),
    ("Click an input", "type its value"),
    ("Click a neuron", "its bias, its layer's activation, add or remove"),
    ("Click a layer's activation", "choose another activation"),
    ("Scroll over a number", "nudge it by 0.1 (Shift: 0.01); in large networks hold Alt"),
    ("Drag a number up or down", "nudge it continuously (large networks: Alt+drag)"),
    ("Right-click", "add or remove neurons and layers"),
    ("Drag the background", "pan; scroll the background (or Ctrl+scroll) to zoom"),
)
#: Keys with no action of their own (the diagram handles them).
DIAGRAM_KEYS = (("Esc", "close an editor, clear the selection"),)


def shortcuts_html(rows: list[tuple[str, str]]) -> str:
    """The shortcut list as an HTML table."""
    cells = "".join(
        f"<tr><td style='padding-right:16px'><b>{html.escape(keys)}</b></td>"
        f"<td>{html.escape(what)}</td></tr>"
        for keys, what in rows
    )
    return f"<table cellspacing='4'>{cells}</table>"


def show_shortcuts(parent: QWidget, actions: ActionRegistry) -> None:
    """Show every shortcut the window's actions have, and the mouse gestures."""
    box = QMessageBox(parent)
    box.setWindowTitle("Keyboard and mouse shortcuts")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(shortcuts_html(actions.help_rows()))
    box.exec()


class Help(QObject):
    """Help ▸ Keyboard and mouse shortcuts (F1) and Help ▸ About.

    Parameters
    ----------
    shell : Shell
    """

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell.widget)
        actions = shell.registry
        for keys, what in DIAGRAM_GESTURES:
            actions.add_help(keys, what, "mouse")
        for keys, what in DIAGRAM_KEYS:
            actions.add_help(keys, what, "keys")
        actions.add(
            "help.shortcuts",
            "&Keyboard and mouse shortcuts",
            partial(show_shortcuts, shell.widget, actions),
            menu="Help",
            shortcut="F1",
            help="this list",
        )
        actions.add("help.about", "&About nnviz", partial(show_about, shell.widget), menu="Help")
