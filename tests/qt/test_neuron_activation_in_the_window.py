"""One neuron's own activation from the window (issue 14, item 10): the right-click menu,
the neuron editor, the diagram's texts, the step sentences, undo."""

from __future__ import annotations

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from nnviz.present.diagram.content import Hit, content_from_document
from nnviz.present.diagram.texts import layer_subtitle
from nnviz.qt.context_menu import build_context_menu
from nnviz.qt.main_window import MainWindow


def submenu(menu: QMenu, title: str) -> QMenu:
    for action in menu.actions():
        if action.menu() is not None and action.text() == title:
            return action.menu()  # type: ignore[return-value]
    raise AssertionError(f"no submenu {title!r} in {[a.text() for a in menu.actions()]}")


def action(menu: QMenu, text: str) -> QAction:
    for item in menu.actions():
        if item.text() == text:
            return item
    raise AssertionError(f"no action {text!r} in {[a.text() for a in menu.actions()]}")


def test_right_click_gives_one_neuron_its_own_activation_undoably(
    qtbot: QtBot, window: MainWindow
) -> None:
    document = window.document
    menu = build_context_menu(window.diagram, Hit("node", 1, 1), window.view)
    own = submenu(menu, "Activation of z4")
    texts = [a.text() for a in own.actions() if not a.isSeparator()]
    assert texts[0] == "the layer's (step)" and own.actions()[0].isChecked()
    assert "relu" in texts and "softmax" not in texts and "step" not in texts
    action(own, "relu").trigger()
    qtbot.waitUntil(lambda: document.network.activation_of(1, 1) == "relu")
    assert document.network.activations == ("step", "step")  # the layer keeps its own
    assert document.modified
    # z4 = relu(v4) with v4 = w14·x1 + w24·x2 = 1·1 + 4·2 = 9 (the lecture's feedforward).
    assert window.scene.node_text(1, 1)[1] == "z4 = 9 (relu)"
    assert window.scene.node_text(1, 0)[1] == "z3 = 0"
    assert layer_subtitle(content_from_document(document), 1) == "step, z4: relu"
    sentences = [step.text for step in document.steps]
    assert "z4 = relu(9) = 9" in sentences
    window.undo_stack.undo()
    assert document.network.activation_of(1, 1) == "step"
    assert window.scene.node_text(1, 1)[1] == "z4 = 1"


def test_the_neuron_editor_offers_the_neurons_own_activation(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.diagram.edit_neuron(2, 0)
    editor = window.diagram.neuron_editor
    box = editor.own_activation
    assert box.currentData() == "" and box.isEnabled()
    box.setCurrentIndex(box.findData("identity"))
    box.activated.emit(box.currentIndex())
    qtbot.waitUntil(lambda: window.document.network.activation_of(2, 0) == "identity")
    assert window.undo_stack.undoText() == "use identity in node 5"


def test_a_softmax_layer_offers_no_neuron_of_its_own(qtbot: QtBot, window: MainWindow) -> None:
    window.edits.set_activation(2, "softmax")
    menu = build_context_menu(window.diagram, Hit("node", 2, 0), window.view)
    own = submenu(menu, "Activation of z5")
    assert [a.isEnabled() for a in own.actions()] == [False]
    window.diagram.edit_neuron(2, 0)
    assert not window.diagram.neuron_editor.own_activation.isEnabled()


def test_choosing_the_layers_activation_in_the_editor_replaces_the_neurons_own(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.edits.set_neuron_activation(1, 1, "relu")
    window.diagram.edit_neuron(1, 1)
    editor = window.diagram.neuron_editor
    assert editor.own_activation.currentData() == "relu"
    editor.activation.setCurrentIndex(editor.activation.findData("tanh"))
    editor.activation.activated.emit(editor.activation.currentIndex())
    assert window.document.network.layer_activation_names(1) == ("tanh", "tanh")
    assert editor.own_activation.currentText() == "the layer's (tanh)"
