"""Editing the diagram through the mouse and keyboard, as a student does."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nnviz.qt.main_window import MainWindow


def viewport_point(window: MainWindow, scene_point: QPointF) -> QPoint:
    return window.view.mapFromScene(scene_point)


def click(qtbot: QtBot, window: MainWindow, scene_point: QPointF) -> None:
    qtbot.mouseClick(
        window.view.viewport(), Qt.MouseButton.LeftButton, pos=viewport_point(window, scene_point)
    )


def type_into_editor(qtbot: QtBot, window: MainWindow, text: str) -> None:
    field = window.diagram.number_editor.field
    field.selectAll()
    qtbot.keyClick(field, Qt.Key.Key_Delete)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def wheel(
    window: MainWindow, scene_point: QPointF, notches: int, modifiers=Qt.KeyboardModifier.NoModifier
) -> None:
    pos = QPointF(viewport_point(window, scene_point))
    event = QWheelEvent(
        pos,
        QPointF(window.view.viewport().mapToGlobal(pos.toPoint())),
        QPoint(0, 0),
        QPoint(0, 120 * notches),
        Qt.MouseButton.NoButton,
        modifiers,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(window.view.viewport(), event)


def w45(window: MainWindow) -> float:
    return float(window.document.network.weights[1][1, 0])


def test_typing_a_weight_on_its_edge_recomputes_at_once_and_undoes(
    qtbot: QtBot, window: MainWindow
) -> None:
    scene = window.scene
    assert scene.edge_text(2, 1, 0) == "w45 = −1"
    assert "z5 = 0" in scene.node_text(2, 0)
    click(qtbot, window, scene.edge_anchor(2, 1, 0))
    editor = window.diagram.number_editor
    assert editor.isVisible()
    assert editor.name.text() == "w45 ="
    assert editor.field.text() == "−1"
    type_into_editor(qtbot, window, "1")
    assert not editor.isVisible()
    assert w45(window) == 1.0
    assert scene.edge_text(2, 1, 0) == "w45 = 1"
    assert scene.node_text(2, 0) == ["v5 = 1", "z5 = 1", "b5 = 0"]
    assert window.document.modified
    assert window.isWindowModified()
    qtbot.keyClick(window.view, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w45(window) == -1.0
    assert "z5 = 0" in scene.node_text(2, 0)
    assert not window.document.modified  # back to the state as opened
    qtbot.keyClick(
        window.view,
        Qt.Key.Key_Z,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert w45(window) == 1.0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "is not a number"),
        ("1e400", "not a finite number"),
        ("", "type a number"),
        ("nan", "not a number"),
    ],
)
def test_text_that_is_not_a_finite_number_is_refused_in_place(
    qtbot: QtBot, window: MainWindow, text: str, message: str
) -> None:
    before = window.document.snapshot()
    click(qtbot, window, window.scene.edge_anchor(2, 1, 0))
    type_into_editor(qtbot, window, text)
    editor = window.diagram.number_editor
    assert editor.isVisible()
    assert message in editor.error
    assert editor.field.text() == text
    assert window.document.snapshot() == before
    assert window.undo_stack.count() == 0
    assert window.scene.edge_text(2, 1, 0) == "w45 = −1"
    qtbot.keyClick(editor.field, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert window.document.snapshot() == before


def test_escape_cancels_a_typed_weight(qtbot: QtBot, window: MainWindow) -> None:
    click(qtbot, window, window.scene.edge_anchor(1, 0, 0))
    field = window.diagram.number_editor.field
    field.selectAll()
    qtbot.keyClicks(field, "7")
    qtbot.keyClick(field, Qt.Key.Key_Escape)
    assert float(window.document.network.weights[0][0, 0]) == 2.0
    assert window.undo_stack.count() == 0


def test_typographic_minus_is_accepted(qtbot: QtBot, window: MainWindow) -> None:
    click(qtbot, window, window.scene.edge_anchor(1, 0, 0))
    field = window.diagram.number_editor.field
    field.setText("−2.5")  # QTest cannot type characters beyond Latin-1
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert float(window.document.network.weights[0][0, 0]) == -2.5
    assert window.scene.edge_text(1, 0, 0) == "w13 = −2.5"


def test_clicking_an_input_types_its_value(qtbot: QtBot, window: MainWindow) -> None:
    click(qtbot, window, window.scene.node_center(0, 1))
    assert window.diagram.number_editor.name.text() == "x2 ="
    type_into_editor(qtbot, window, "0")
    assert window.document.inputs.tolist() == [1.0, 0.0]
    assert window.scene.node_text(0, 1) == ["x2 = 0"]
    # v4 = w14·x1 + w24·x2 = 1 now.
    assert window.scene.node_text(1, 1)[0] == "v4 = 1"


def test_scroll_wheel_nudges_a_weight_in_one_undo_step(qtbot: QtBot, window: MainWindow) -> None:
    anchor = window.scene.edge_anchor(1, 0, 0)
    for _ in range(3):
        wheel(window, anchor, 1)
    assert float(window.document.network.weights[0][0, 0]) == 2.3
    assert window.scene.edge_text(1, 0, 0) == "w13 = 2.3"
    wheel(window, anchor, -1, Qt.KeyboardModifier.ShiftModifier)
    assert float(window.document.network.weights[0][0, 0]) == 2.29
    assert window.undo_stack.count() == 1
    window.undo_stack.undo()
    assert float(window.document.network.weights[0][0, 0]) == 2.0


def test_scrolling_the_background_zooms(qtbot: QtBot, window: MainWindow) -> None:
    wheel(window, QPointF(5, 5), 2)
    assert window.view.zoom > 1.2
    assert window.undo_stack.count() == 0
    window.view.fit()
    assert window.view.zoom == 1.0


def test_dragging_a_weight_up_increases_it(qtbot: QtBot, window: MainWindow) -> None:
    start = viewport_point(window, window.scene.edge_anchor(2, 0, 0))
    viewport = window.view.viewport()
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for dy in range(4, 44, 4):
        qtbot.mouseMove(viewport, start - QPoint(0, dy))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start - QPoint(0, 40))
    assert float(window.document.network.weights[1][0, 0]) == pytest.approx(3.0)
    assert window.undo_stack.count() == 1


def test_dragging_the_background_pans(qtbot: QtBot, window: MainWindow) -> None:
    window.view.zoom_by(2.0)
    before = window.view.mapToScene(QPoint(100, 100))
    viewport = window.view.viewport()
    start = QPoint(40, window.view.viewport().height() - 160)
    assert window.view.hit_at(start) is None
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=start)
    for dx in range(5, 65, 5):
        qtbot.mouseMove(viewport, start + QPoint(dx, 0))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=start + QPoint(60, 0))
    after = window.view.mapToScene(QPoint(100, 100))
    assert after.x() < before.x()
    assert window.undo_stack.count() == 0


def test_clicking_a_neuron_edits_its_bias_and_activation(qtbot: QtBot, window: MainWindow) -> None:
    click(qtbot, window, window.scene.node_center(1, 0))
    editor = window.diagram.neuron_editor
    assert editor.isVisible()
    assert window.document.view.selected == (1, 0)
    field = editor.bias_field
    field.selectAll()
    qtbot.keyClicks(field, "xyz")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert editor.message.isVisibleTo(editor)
    assert float(window.document.network.biases[0][0]) == 0.0
    field.selectAll()
    qtbot.keyClicks(field, "5")
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert float(window.document.network.biases[0][0]) == 5.0
    assert window.scene.node_text(1, 0) == ["v3 = 1", "z3 = 1", "b3 = 5"]

    click(qtbot, window, window.scene.node_center(1, 0))
    box = editor.activation
    box.setCurrentIndex(box.findData("sigmoid"))
    box.activated.emit(box.currentIndex())
    assert window.document.network.activations[0] == "sigmoid"
    assert window.scene.node_text(1, 1)[1] == "z4 = 0.9999"
    assert window.undo_stack.count() == 2


def test_adding_and_removing_neurons_and_layers_undoes_exactly(
    qtbot: QtBot, window: MainWindow
) -> None:
    before = window.document.snapshot()
    click(qtbot, window, window.scene.node_center(0, 1))
    window.diagram.close_editors()
    window.edits.add_neuron(0)
    assert window.document.network.layer_sizes == (3, 2, 1)
    window.edits.set_input(2, "4")
    window.edits.remove_neuron(0, 0)
    assert window.document.inputs.tolist() == [2.0, 4.0]
    window.edits.add_layer(2)
    assert window.document.network.layer_sizes == (2, 2, 2, 1)
    assert window.scene.layout is not None and len(window.scene.layout.layers) == 4
    window.edits.remove_layer(2)
    for _ in range(5):
        window.undo_stack.undo()
    assert window.document.snapshot() == before
    with pytest.raises(ValueError, match="one neuron"):
        window.edits.remove_neuron(2, 0)


def test_neuron_editor_buttons_change_the_structure(qtbot: QtBot, window: MainWindow) -> None:
    click(qtbot, window, window.scene.node_center(1, 1))
    qtbot.mouseClick(window.diagram.neuron_editor.add_button, Qt.MouseButton.LeftButton)
    assert window.document.network.layer_sizes == (2, 3, 1)
    click(qtbot, window, window.scene.node_center(1, 0))
    qtbot.mouseClick(window.diagram.neuron_editor.remove_button, Qt.MouseButton.LeftButton)
    assert window.document.network.layer_sizes == (2, 2, 1)
    # Node 3 went; the old node 4 (w14 = 1, w24 = 4) is node 3 now.
    assert window.scene.edge_text(1, 0, 0) == "w13 = 1"


def test_tooltips_give_exact_values_and_stay_current(qtbot: QtBot, window: MainWindow) -> None:
    hit = window.view.hit_at(viewport_point(window, window.scene.edge_anchor(1, 0, 0)))
    assert hit is not None and hit.kind == "edge" and hit.edge == (1, 0, 0)
    assert "w13 = 2" in window.diagram.tooltip(hit)
    window.edits.set_weight(1, 0, 0, 1 / 3)
    text = window.diagram.tooltip(hit)
    assert "w13 = 0.333333333333" in text
    assert window.scene.edge_text(1, 0, 0) == "w13 = 0.3333"
    node = window.view.hit_at(viewport_point(window, window.scene.node_center(1, 0)))
    assert node is not None
    assert "exactly: v3 = −5.66666666667, z3 = 0" in window.diagram.tooltip(node)


def test_in_large_networks_the_wheel_zooms_and_alt_wheel_nudges(
    qtbot: QtBot, window: MainWindow
) -> None:
    window.features.files.open_preset("mnist")
    point = window.scene.node_center(1, 40)
    bias = float(window.document.network.biases[0][40])
    wheel(window, point, 1)
    assert window.view.zoom > 1.0
    assert window.undo_stack.count() == 0
    point = window.scene.node_center(1, 40)
    wheel(window, point, 1, Qt.KeyboardModifier.AltModifier)
    assert float(window.document.network.biases[0][40]) == pytest.approx(bias + 0.1)


def test_clicking_away_keeps_a_valid_number_and_drops_a_bad_one(
    qtbot: QtBot, window: MainWindow
) -> None:
    click(qtbot, window, window.scene.edge_anchor(1, 1, 1))
    field = window.diagram.number_editor.field
    field.selectAll()
    qtbot.keyClicks(field, "3")
    empty = QPointF(10, window.scene.canvas_rect().height() - 10)
    click(qtbot, window, empty)
    assert float(window.document.network.weights[0][1, 1]) == 3.0
    assert not window.diagram.number_editor.isVisible()
    click(qtbot, window, window.scene.edge_anchor(1, 1, 1))
    field.selectAll()
    qtbot.keyClicks(field, "oops")
    click(qtbot, window, window.scene.node_center(1, 0))
    assert float(window.document.network.weights[0][1, 1]) == 3.0
    assert window.diagram.neuron_editor.isVisible()  # the click opened the neuron's panel
