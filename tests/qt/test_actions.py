"""One registry of actions: it builds the menus, owns the shortcuts and writes Help."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMainWindow, QMenuBar

from nnviz.qt.actions import ActionRegistry, ShortcutClash
from nnviz.qt.help import shortcuts_html
from nnviz.qt.main_window import MainWindow


def test_a_second_action_cannot_claim_a_key(qapp: object) -> None:
    registry = ActionRegistry(QMainWindow())
    registry.add("one.save", "&Save", menu="File", shortcut="Ctrl+S")
    with pytest.raises(ShortcutClash, match="two.store claims Ctrl\\+S, which is one.save's"):
        registry.add("two.store", "&Store", menu="File", shortcut="Ctrl+S")
    # A standard key is every sequence it stands for.
    registry.add("one.open", "&Open", menu="File", shortcut=QKeySequence.StandardKey.Open)
    with pytest.raises(ShortcutClash):
        registry.add("two.open", "Open &again", shortcut="Ctrl+O")
    with pytest.raises(ValueError, match="already called"):
        registry.add("one.save", "Save twice")
    assert registry.owner_of("Ctrl+S") == "one.save"


def test_menus_come_in_order_with_sections_and_help_lists_the_keys(qapp: object) -> None:
    window = QMainWindow()
    registry = ActionRegistry(window)
    registry.add("help.about", "&About", menu="Help")
    registry.add("file.quit", "&Quit", menu="File", section="quit", shortcut="Ctrl+Q")
    registry.add("file.new", "&New", menu="File", section="new", shortcut="Ctrl+N", help="new")
    registry.add("file.close", "&Close", menu="File", section="new", after="file.new")
    registry.add_help("Click", "select", "mouse")
    bar = QMenuBar()
    registry.build_menus(bar)
    assert [a.text() for a in bar.actions()] == ["&File", "&Help"]
    file_menu = registry.menus["File"]
    texts = [a.text() if not a.isSeparator() else "—" for a in file_menu.actions()]
    assert texts == ["&Quit", "—", "&New", "&Close"]
    assert registry.help_rows() == [("Ctrl+N", "new"), ("Click", "select")]


def test_the_window_lists_every_shortcut_it_has_and_no_key_twice(window: MainWindow) -> None:
    registry = window.registry
    keys = {}
    for action in window.findChildren(type(registry.action("file.save"))):
        for sequence in action.shortcuts():
            key = sequence.toString()
            assert key not in keys, f"{key} is {keys[key]} and {action.text()}"
            keys[key] = action.text()
    rows = dict(registry.help_rows())
    for expected in ("Ctrl+Z", "F5", "F6", "F10", "F11", "Right", "Space", "Ctrl+U", "F1"):
        assert any(expected in row for row in rows), expected
    assert rows["Click an edge"].startswith("type its weight")
    assert "F5" in shortcuts_html(registry.help_rows())
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Train", "Step", "Help"]
