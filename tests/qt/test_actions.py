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
    # A standard key is the platform's first binding for it (Ctrl+O).
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
    for expected in ("Ctrl+Z", "F5", "F6", "F10", "F11", "→", "Space", "Ctrl+U", "F1"):
        assert any(expected in row for row in rows), expected
    assert rows["Click an edge"].startswith("type its weight")
    assert "F5" in shortcuts_html(registry.help_rows())
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles == ["File", "Edit", "View", "Train", "Playground", "Step", "Help"]


def test_related_actions_share_one_help_line(qapp: object) -> None:
    registry = ActionRegistry(QMainWindow())
    registry.add("edit.redo", "&Redo", shortcut=["Ctrl+Shift+Z", "Ctrl+Y"], help_with="edit.undo")
    registry.add("edit.undo", "&Undo", shortcut="Ctrl+Z", help="undo / redo", help_section="edit")
    registry.add("step.back", "Back", shortcut="Left", help="step back", help_section="step")
    registry.add("view.out", "Out", shortcut="Ctrl+-", help="zoom out", help_section="view")
    registry.add("file.open", "&Open", shortcut=QKeySequence.StandardKey.Open, help="open")
    assert registry.help_rows() == [
        ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo"),  # the first key of each, in line order
        ("Ctrl+−", "zoom out"),
        ("←", "step back"),
        ("Ctrl+O", "open"),  # a standard key: its first binding only
    ]


#: The Help page before the registry wrote it (a list kept by hand), then the Train menu's
#: keys, which that list had left out.
HELP_PAGE = [
    ("Ctrl+N", "a new network"),
    ("Ctrl+O", "open a session or weights file"),
    ("Ctrl+S / Ctrl+Shift+S", "save the session / save it as"),
    ("Ctrl+Z / Ctrl+Shift+Z", "undo / redo (Ctrl+Y also redoes)"),
    ("Ctrl++ / Ctrl+− / Ctrl+0", "zoom in / zoom out / fit the diagram"),
    ("F12", "presentation mode: full screen, large text, the diagram fills the screen"),
    ("F9", "the diagram alone: hide / show every panel (presenting, it fills the screen)"),
    ("Ctrl+Alt+= / Ctrl+Alt+−", "larger / smaller text (diagram, step-through and plots)"),
    ("Click an edge", "type its weight (Enter applies, Esc cancels)"),
    ("Click an input", "type its value"),
    ("Click a neuron", "its bias, its layer's activation, add or remove"),
    ("Click a layer's activation", "choose another activation"),
    ("Scroll over a number", "nudge it by 0.1 (Shift: 0.01); in large networks hold Alt"),
    ("Drag a number up or down", "nudge it continuously (large networks: Alt+drag)"),
    ("Right-click", "add or remove neurons and layers"),
    ("Drag the background", "pan; scroll the background (or Ctrl+scroll) to zoom"),
    ("→ / ←", "step forward / back through the passes (not while typing a number)"),
    ("Space", "play or pause the step-through"),
    ("Home / End", "go to the start / end of the pass"),
    ("[ / ]", "play slower / faster"),
    ("Ctrl+U", "apply the update: the new weights become the network's"),
    ("Ctrl+Shift+K", "show the selected neuron's chain rule as a graph"),
    (
        "Shift+Right / Shift+Left / Shift+Home / Shift+End",
        "the chain-rule graph's backward pass: next / previous step, start / end",
    ),
    ("Esc", "close an editor, clear the selection"),
    ("F5 / Shift+F5", "start / stop training"),
    ("F6", "pause or resume training"),
    ("F10 / F11", "train one batch / one epoch, then pause"),
    ("F1", "this list"),
]


def test_the_help_page_reads_as_it_did(window: MainWindow) -> None:
    assert window.registry.help_rows() == HELP_PAGE


def test_the_file_menu_is_laid_out_as_it_was(window: MainWindow) -> None:
    menu = window.registry.menus["File"]
    texts = [a.text().replace("&", "") if not a.isSeparator() else "—" for a in menu.actions()]
    assert texts == [
        "New network…", "Open…", "Open a lecture network", "Open recent", "—",
        "Save", "Save as…", "—",
        "Open weights…", "Export weights…", "Import weights into this network…",
        "Export diagram as PNG…", "Export diagram as SVG…", "Export this step as a slide…", "—",
        "Quit",
    ]  # fmt: skip
