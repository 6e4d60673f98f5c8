"""View ▸ Compare in the window: a copy or a file beside the first network, the input
linked, stepping in lockstep, differences marked on both diagrams, each its own undo, and
the pair kept in the session file."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from tempfile import mkdtemp

from onnx_models import mlp_model
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsView
from pytestqt.qtbot import QtBot

from nnviz.app import build_window
from nnviz.qt.compare import Compare
from nnviz.qt.document_area import stacked_fits_better
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences


def _compare(window: MainWindow) -> Compare:
    assert window.features is not None and window.features.compare is not None
    return window.features.compare


def test_a_copy_beside_the_first_marks_what_changes(window: MainWindow) -> None:
    compare = _compare(window)
    assert not window.registry.action("view.compare_close").isEnabled()
    window.registry.action("view.compare_copy").trigger()
    first, second = window.workspace.documents
    assert window.document is second and second.description.title.endswith("(copy)")
    assert compare.last is not None and compare.last.none
    left, right = (compare.marks_of(v) for v in window.area.views)
    assert left[0].marked_count() == 0
    second.edits.set_activation(1, "relu")
    assert compare.last is not None and compare.last.activation_layers == (1,)
    assert left[0].marked_count() > 0 and right[0].marked_count() == left[0].marked_count()
    second.edits.set_weight(2, 0, 0, "3")
    assert right[1].marked_count() == 1  # the one edge whose weight differs
    assert "layer 1: step vs relu" in window.statusBar().currentMessage()
    # Each keeps its own undo.
    window.workspace.activate(first)
    assert window.undo_stack.count() == 0
    window.workspace.activate(second)
    window.undo_stack.undo()
    assert right[1].marked_count() == 0
    window.registry.action("view.compare_highlight").trigger()  # marks off
    assert left[0].marked_count() == 0
    window.registry.action("view.compare_close").trigger()
    assert window.workspace.documents == (first,)


def test_input_and_steps_move_together(window: MainWindow) -> None:
    assert window.features is not None
    window.features.stepping.set_animated(False)
    window.registry.action("view.compare_copy").trigger()
    first, second = window.workspace.documents
    first.edits.set_input(1, "2")
    assert second.inputs[1] == 2.0
    window.registry.action("step.forward").trigger()  # in the active (second) document
    window.registry.action("step.forward").trigger()
    assert (first.stepper.cursor, second.stepper.cursor) == (2, 2)
    left, right = (v.scene for v in window.area.views)
    assert left.node_text(1, 0)[:2] == right.node_text(1, 0)[:2]
    window.registry.action("view.compare_lockstep").trigger()  # off
    window.registry.action("step.forward").trigger()
    assert (first.stepper.cursor, second.stepper.cursor) == (2, 3)


def test_compare_with_an_onnx_model(window: MainWindow, tmp_path: Path) -> None:
    model, _, _ = mlp_model((2, 2, 1), ("sigmoid", "sigmoid"))
    path = tmp_path / "other.onnx"
    path.write_bytes(model.SerializeToString())
    assert _compare(window).compare_with_path(path)
    first, second = window.workspace.documents
    assert second.description.title == "other.onnx (ONNX)"
    assert (second.inputs == first.inputs).all()  # linked: the same input


def test_the_session_keeps_both_and_reopens_the_comparison(
    window: MainWindow, tmp_path: Path, qtbot: QtBot, preferences: Preferences
) -> None:
    assert window.features is not None
    window.registry.action("view.compare_copy").trigger()
    first, second = window.workspace.documents
    second.edits.set_activation(1, "tanh")
    window.workspace.activate(first)
    path = tmp_path / "pair.nnviz"
    assert window.features.files.save_to(path)
    assert not second.modified
    payload = json.loads(path.read_text())
    assert payload["compare"]["document"]["network"]["meta"]["activations"][0] == "tanh"
    assert payload["network"]["meta"]["activations"][0] == "step"
    again = build_window(None, preferences, Path(mkdtemp()))
    qtbot.addWidget(again)
    assert again.features is not None
    assert again.features.files.open_path(path)
    documents = again.workspace.documents
    assert len(documents) == 2
    assert documents[1].network.activations[0] == "tanh"
    assert not any(d.modified for d in documents)
    assert again.document is documents[0]


def test_a_session_whose_comparison_is_broken_is_refused_whole(
    window: MainWindow, tmp_path: Path, warnings: list[tuple[str, str]]
) -> None:
    assert window.features is not None
    window.registry.action("view.compare_copy").trigger()
    window.workspace.activate(window.workspace.documents[0])
    path = tmp_path / "pair.nnviz"
    assert window.features.files.save_to(path)
    payload = json.loads(path.read_text())
    payload["compare"]["document"]["inputs"] = ["x"]
    payload["network"]["meta"]["title"] = "changed"
    path.write_text(json.dumps(payload))
    window.registry.action("view.compare_close").trigger()
    before = window.document.snapshot()
    assert not window.features.files.open_path(path)
    assert (
        warnings
        and "pair.nnviz: compare.document: 'inputs' must be a list of numbers" in warnings[-1][1]
    )
    assert window.document.snapshot() == before and len(window.workspace.documents) == 1


def test_two_diagrams_share_the_area_the_way_that_writes_every_weight(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.registry.action("view.compare_copy").trigger()
    edges = 6  # the feedforward example's weights
    # At 1280×800 side by side each diagram was 430 px wide and left w13 and w24 unwritten.
    qtbot.waitUntil(lambda: window.area.orientation() == Qt.Orientation.Vertical)
    for view in window.area.views:
        view.view.fit()
        assert len(view.scene.label_rects()) == edges
    window.resize(1920, 1080)
    qtbot.waitUntil(lambda: window.area.orientation() == Qt.Orientation.Horizontal)
    for view in window.area.views:
        qtbot.waitUntil(lambda v=view: v.view.viewport().width() > 600)
        view.view.fit()
        assert len(view.scene.label_rects()) == edges


def test_one_above_the_other_only_where_it_leaves_more_room() -> None:
    assert stacked_fits_better(870, 680, 2)  # a 1280×800 window's diagram area
    assert not stacked_fits_better(1500, 950, 2)  # 1920×1080
    assert not stacked_fits_better(1200, 700, 2)


def test_stacked_diagrams_show_their_own_boxes_not_the_old_layout(
    window: MainWindow, qtbot: QtBot
) -> None:
    window.registry.action("view.compare_copy").trigger()
    qtbot.waitUntil(lambda: window.area.orientation() == Qt.Orientation.Vertical)

    def laid_out(view: object) -> bool:
        diagram = view.view  # type: ignore[attr-defined]
        inside = diagram.viewport().rect()
        return all(
            inside.contains(diagram.mapFromScene(rect.bottomRight()))
            for rect in view.scene.box_rects().values()  # type: ignore[attr-defined]
        )

    qtbot.waitUntil(lambda: all(laid_out(v) for v in window.area.views))

    def colour_inside_x2(view: object) -> tuple[int, int, int]:
        diagram = view.view  # type: ignore[attr-defined]
        rect = view.scene.box_rects()[(0, 1)]  # type: ignore[attr-defined]
        point = diagram.mapFromScene(rect.center())
        point.setX(diagram.mapFromScene(rect.topLeft()).x() + 8)
        picture = diagram.grab().toImage()
        colour = picture.pixelColor(point)
        return colour.red(), colour.green(), colour.blue()

    # The first diagram was laid out tall before the second came: its cached items kept the
    # old x1 box where x2 is now. Both show the same network, so the same colour.
    top, bottom = window.area.views
    qtbot.waitUntil(lambda: colour_inside_x2(top) == colour_inside_x2(bottom))


def test_a_diagram_squeezed_by_a_new_dock_draws_only_its_new_layout(
    qtbot: QtBot, make_window: Callable[[str], MainWindow]
) -> None:
    window = make_window("softmax")  # ten outputs: their edges reach far down
    view = window.view
    qtbot.waitUntil(lambda: view.fitted)
    view.viewport().grab()  # paint once, filling the items' caches at this size
    window.resize(window.width(), window.height() // 2)
    scene = window.scene
    inside = view.viewport().rect()
    qtbot.waitUntil(
        lambda: all(
            inside.contains(view.mapFromScene(rect.bottomRight()))
            for rect in scene.box_rects().values()
        )
    )
    # A fresh view of the same scene, at the same place, has no cache to go stale.
    fresh = QGraphicsView(scene)
    fresh.setFrameShape(view.frameShape())
    fresh.setRenderHints(view.renderHints())
    fresh.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    fresh.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    fresh.resize(view.size())
    fresh.setSceneRect(view.sceneRect())
    fresh.setTransform(view.transform())
    fresh.horizontalScrollBar().setValue(view.horizontalScrollBar().value())
    fresh.verticalScrollBar().setValue(view.verticalScrollBar().value())
    mine, theirs = view.viewport().grab().toImage(), fresh.viewport().grab().toImage()
    legend = view.legend.geometry()
    differing = sum(
        mine.pixelColor(x, y) != theirs.pixelColor(x, y)
        for y in range(0, min(mine.height(), theirs.height()), 4)
        for x in range(0, min(mine.width(), theirs.width()), 4)
        if not legend.contains(x, y)
    )
    assert differing < 40  # a stale edge or box is hundreds of pixels
