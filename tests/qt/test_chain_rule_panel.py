"""The Chain rule panel: opened from the diagram's menu and the Step menu, stepped with its
keys, following the document's edits."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from nnviz.qt.chain_rule import ChainRule
from nnviz.qt.context_menu import build_context_menu
from nnviz.qt.diagram.scene import Hit
from nnviz.qt.main_window import MainWindow


def _feature(window: MainWindow) -> ChainRule:
    assert window.features is not None and window.features.chain_rule is not None
    return window.features.chain_rule


def _menu_entry(window: MainWindow, hit: Hit) -> Callable[[], None] | None:
    controller = window.area.active_view.diagram
    menu = build_context_menu(controller, hit, window.view)
    for action in menu.actions():
        if action.text() == "Show the chain rule…":
            return action.trigger
    return None


def test_right_click_a_neuron_shows_its_chain_rule(window: MainWindow, qtbot: QtBot) -> None:
    feature = _feature(window)
    assert not feature.dock.isVisible()
    assert _menu_entry(window, Hit("node", 0, 0)) is None  # an input has no operations
    trigger = _menu_entry(window, Hit("node", 2, 0))
    assert trigger is not None
    trigger()
    qtbot.waitUntil(feature.dock.isVisible)
    panel = feature.panel
    assert panel.neuron == (2, 0)
    assert "Chain rule for node 5" in panel.title.text()
    assert panel.scene.lines["v"][1] == "v5 = −1"
    assert panel.scene.lines["C"][2] == "∂C/∂C ="


def test_the_step_menu_shows_the_selected_neuron(window: MainWindow, qtbot: QtBot) -> None:
    feature = _feature(window)
    action = window.registry.action("step.chain_rule")
    assert action in _step_menu(window).actions()
    action.trigger()
    assert not feature.dock.isVisible()  # nothing selected: a message, nothing else
    window.document.set_view(selected=(1, 1))
    action.trigger()
    qtbot.waitUntil(feature.dock.isVisible)
    assert feature.panel.neuron == (1, 1)
    assert feature.panel.scene.lines["up"][2] == "∂C/∂z4 ="
    # selecting another neuron in the diagram shows that one
    window.document.set_view(selected=(1, 0))
    qtbot.waitUntil(lambda: feature.panel.neuron == (1, 0))


def test_the_keys_step_the_backward_pass(window: MainWindow, qtbot: QtBot) -> None:
    feature = _feature(window)
    feature.show_neuron(2, 0)
    qtbot.waitUntil(feature.dock.isVisible)
    panel = feature.panel
    assert not feature.moves["back"].isEnabled()
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: panel.walk is not None and panel.walk.position == 1)
    assert panel.scene.lines["C"][2] == "∂C/∂C = 1"
    assert panel.scene.lines["z"][2] == "∂C/∂z5 ="
    qtbot.keyClick(window.view, Qt.Key.Key_End, Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: not feature.moves["forward"].isEnabled())
    assert panel.scene.lines["z"][2] == "∂C/∂z5 = −1"
    assert panel.caption.text().startswith("Step 10 of 10: ")
    feature.moves["back"].trigger()
    assert panel.walk is not None and panel.walk.position == 9
    feature.moves["start"].trigger()
    assert panel.scene.lines["z"][2] == "∂C/∂z5 ="


def test_the_panel_follows_an_edit_and_its_undo(window: MainWindow, qtbot: QtBot) -> None:
    feature = _feature(window)
    feature.show_neuron(2, 0)
    feature.moves["end"].trigger()
    panel = feature.panel
    assert panel.scene.lines["w0"][1] == "w35 = 2"
    window.document.edits.set_weight(2, 0, 0, 3.0)
    qtbot.waitUntil(lambda: panel.scene.lines["w0"][1] == "w35 = 3")
    assert panel.walk is not None and panel.walk.position == panel.walk.n_steps
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: panel.scene.lines["w0"][1] == "w35 = 2")
    # a removed neuron is said to be gone, and nothing breaks
    feature.show_neuron(1, 1)
    window.document.edits.remove_neuron(1, 1)
    qtbot.waitUntil(lambda: panel.neuron is None)
    assert "no longer in the network" in panel.title.text()


def test_an_mnist_output_neuron_says_what_was_folded(
    make_window: Callable[[str], MainWindow], qtbot: QtBot
) -> None:
    window = make_window("mnist")
    feature = _feature(window)
    feature.show_neuron(3, 7)
    qtbot.waitUntil(feature.dock.isVisible)
    panel = feature.panel
    assert panel.scene.lines["more"][1].startswith("sum = ")
    assert "50 incoming terms" in panel.notes.text()
    assert "depends on every v" in panel.notes.text()


def _step_menu(window: MainWindow) -> QMenu:
    for action in window.menuBar().actions():
        if action.text().replace("&", "") == "Step":
            menu = action.menu()
            assert isinstance(menu, QMenu)
            return menu
    raise AssertionError("no Step menu")


def test_the_panel_follows_the_theme_and_the_precision(
    make_window: Callable[[str], MainWindow], qtbot: QtBot
) -> None:
    window = make_window("xor")
    feature = _feature(window)
    feature.show_neuron(2, 0)
    feature.moves["end"].trigger()
    panel = feature.panel
    window.appearance.apply(theme_key="dark")
    dark = window.appearance.style.theme.base
    qtbot.waitUntil(lambda: panel.scene.backgroundBrush().color().name() == dark.lower())
    assert panel.walk is not None and panel.walk.position == panel.walk.n_steps
    before = panel.scene.lines["v"][2]
    assert window.features is not None
    window.features.presentation.set_digits(6)
    try:
        qtbot.waitUntil(lambda: panel.scene.lines["v"][2] != before)
        assert panel.walk.position == panel.walk.n_steps
    finally:
        window.features.presentation.set_digits(4)
