"""A window shows two documents side by side: each has its own diagram, undo, step-through
and training; panels, menus and the title follow the active one."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nnviz.core.presets import load_preset
from nnviz.qt.main_window import MainWindow
from nnviz.session import Document


def two(make_window: Callable[[str], MainWindow]) -> tuple[MainWindow, Document, Document]:
    window = make_window("feedforward")
    first = window.document
    second = Document(load_preset("xor"))
    window.workspace.add(second)
    return window, first, second


def test_the_second_document_gets_its_own_diagram_beside_the_first(make_window) -> None:
    window, first, second = two(make_window)
    views = window.area.views
    assert [v.document for v in views] == [first, second]
    assert views[0].scene is not views[1].scene
    assert views[0].scene.content is not None and views[1].scene.content is not None
    assert views[0].scene.content.layer_sizes == (2, 2, 1)
    assert views[1].scene.content.activation_names == ("sigmoid", "sigmoid")
    assert window.document is second and window.scene is views[1].scene
    assert window.windowTitle().startswith("XOR")


def test_edits_undo_and_panels_follow_the_active_document(make_window, qtbot: QtBot) -> None:
    window, first, second = two(make_window)
    assert window.features is not None
    second.edits.set_weight(1, 0, 0, "7")
    window.workspace.activate(first)
    assert window.undo_stack.count() == 0  # the first document's own history
    first.edits.set_bias(1, 0, "0.5")
    assert window.features.network_panel.document is first
    assert window.features.stepping.panel.document is first
    window.registry.action("edit.undo").trigger()
    assert float(first.network.biases[0][0]) == 0.0
    assert float(second.network.weights[0][0, 0]) == 7.0  # untouched by the first's undo
    # Clicking into the other diagram makes it the active one again.
    view = window.area.views[1].view
    qtbot.mouseClick(
        view.viewport(), Qt.MouseButton.LeftButton, pos=view.viewport().rect().topLeft()
    )
    assert window.document is second and window.features.network_panel.document is second
    window.registry.action("edit.undo").trigger()
    assert float(second.network.weights[0][0, 0]) == float(
        load_preset("xor").network.weights[0][0, 0]
    )


def test_each_document_steps_on_its_own(make_window) -> None:
    window, first, second = two(make_window)
    assert window.features is not None
    stepping = window.features.stepping
    stepping.set_animated(False)
    window.registry.action("step.forward").trigger()  # the active (second) document
    assert second.stepper.active and second.stepper.cursor == 1
    assert not first.stepper.active
    window.workspace.activate(first)
    window.registry.action("step.forward").trigger()
    window.registry.action("step.forward").trigger()
    assert (first.stepper.cursor, second.stepper.cursor) == (2, 1)
    # Each diagram shows its own document's revealed values.
    first_scene, second_scene = (v.scene for v in window.area.views)
    assert first_scene.node_text(1, 0)[:2] == ["v3 = −4", "z3 = 0"]  # sum, then activation
    assert second_scene.node_text(1, 0)[:2] == ["v3 = 10", "z3"]  # the sum only


def test_taking_a_document_away_keeps_the_other_working(make_window) -> None:
    window, first, second = two(make_window)
    window.workspace.remove(second)
    assert window.area.views == [window.area.view_of(first)]
    assert window.document is first
    first.edits.set_weight(1, 0, 0, "3")
    assert window.scene.edge_text(1, 0, 0) == "w13 = 3"
    # The document taken away no longer records onto a stack of the window.
    second.edits.set_weight(1, 0, 0, "5")
    assert float(second.network.weights[0][0, 0]) == 5.0
    assert window.undo_stack.count() == 1
    np.testing.assert_array_equal(first.inputs, [1, 2])
