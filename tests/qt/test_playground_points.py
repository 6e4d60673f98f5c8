"""Editing the playground's points with the mouse: a drag moves a training point (one undo
step), a click that does not move adds one, a right-click removes one; the cursor says
which points can be dragged."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nnviz.core.data.toys import TableSource
from nnviz.qt.main_window import MainWindow
from nnviz.qt.playground.feature import Playground
from nnviz.qt.playground.plots import DataPlot
from tests.qt.training_fixtures import shut


def _playground(window: MainWindow) -> Playground:
    assert window.features is not None and window.features.playground is not None
    return window.features.playground


def _pixel(plot: DataPlot, x: float, y: float) -> QPoint:
    """Where the view point (x, y) is on the plot's viewport."""
    scene = plot.getPlotItem().vb.mapViewToScene(pg.Point(x, y))
    return plot.mapFromScene(scene)


def _mouse(
    plot: DataPlot,
    kind: QEvent.Type,
    at: QPoint,
    button: Qt.MouseButton,
    buttons: Qt.MouseButton,
) -> None:
    event = QMouseEvent(
        kind,
        QPointF(at),
        QPointF(plot.viewport().mapToGlobal(at)),
        button,
        buttons,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(plot.viewport(), event)


def _drag(plot: DataPlot, start: QPoint, end: QPoint) -> None:
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    _mouse(plot, QEvent.Type.MouseButtonPress, start, left, left)
    for step in range(1, 6):
        at = start + (end - start) * step / 5
        _mouse(plot, QEvent.Type.MouseMove, at, none, left)
    _mouse(plot, QEvent.Type.MouseButtonRelease, end, left, none)


def _click(plot: DataPlot, at: QPoint, button: Qt.MouseButton) -> None:
    _mouse(plot, QEvent.Type.MouseButtonPress, at, button, button)
    _mouse(plot, QEvent.Type.MouseButtonRelease, at, button, Qt.MouseButton.NoButton)


def _shown_plot(window: MainWindow, qtbot: QtBot) -> DataPlot:
    playground = _playground(window)
    playground.panel.kind.setCurrentText("gaussians")
    playground.panel.samples.setValue(40)
    assert playground.use_settings()
    plot = playground.panel.plot
    qtbot.waitUntil(lambda: plot.isVisible() and plot.width() > 200)
    return plot


def test_dragging_a_point_moves_it_in_one_undo_step(
    make_window: Callable[[str], MainWindow], qtbot: QtBot
) -> None:
    window = make_window("feedforward")
    plot = _shown_plot(window, qtbot)
    table = plot.table
    assert table is not None
    n = table.train_inputs.shape[0]
    steps = window.undo_stack.count()
    # The point nearest the middle of the view: away from the edges, so the drag stays in.
    (x0, x1), (y0, y1) = plot.getPlotItem().vb.viewRange()
    middle = np.array([(x0 + x1) / 2, (y0 + y1) / 2])
    index = int(np.argmin(np.hypot(*(table.train_inputs - middle).T)))
    x, y = table.train_inputs[index]
    target = (x + (x1 - x0) / 5, y - (y1 - y0) / 6)
    start, end = _pixel(plot, x, y), _pixel(plot, *target)
    _drag(plot, start, end)
    data = window.document.data
    assert isinstance(data, TableSource) and data.train_inputs.shape[0] == n
    moved = data.train_inputs[index]
    pixel = abs(plot.getPlotItem().vb.viewPixelSize()[0]) * 2
    np.testing.assert_allclose(moved, target, atol=pixel)
    # Every other point, and every class, is where it was.
    keep = np.arange(n) != index
    np.testing.assert_array_equal(data.train_inputs[keep], table.train_inputs[keep])
    np.testing.assert_array_equal(data.train_targets, table.train_targets)
    assert window.undo_stack.count() == steps + 1
    assert window.undo_stack.undoText() == "move a point"
    window.undo_stack.undo()
    assert window.document.data is not None
    assert window.document.data.load().n_train == n
    restored = plot.table
    assert restored is not None
    np.testing.assert_array_equal(restored.train_inputs[index], (x, y))
    shut(window)


def test_a_drag_away_from_the_points_pans_and_edits_nothing(
    make_window: Callable[[str], MainWindow], qtbot: QtBot
) -> None:
    window = make_window("feedforward")
    plot = _shown_plot(window, qtbot)
    data, steps = window.document.data, window.undo_stack.count()
    (x0, x1), (y0, y1) = plot.getPlotItem().vb.viewRange()
    table = plot.table
    assert table is not None
    # The view's corner nearest to no point.
    corners = [(x0 + (x1 - x0) * a, y0 + (y1 - y0) * b) for a in (0.05, 0.95) for b in (0.05, 0.95)]
    far = max(corners, key=lambda c: np.min(np.hypot(*(table.train_inputs - c).T)))
    start = _pixel(plot, *far)
    _drag(plot, start, start + QPoint(40, 0))
    assert window.document.data is data and window.undo_stack.count() == steps
    assert plot.getPlotItem().vb.viewRange()[0][0] != x0  # it panned
    shut(window)


def test_a_click_still_adds_and_a_right_click_still_removes(
    make_window: Callable[[str], MainWindow], qtbot: QtBot
) -> None:
    window = make_window("feedforward")
    plot = _shown_plot(window, qtbot)
    table = plot.table
    assert table is not None
    n = table.train_inputs.shape[0]
    x, y = table.train_inputs[0]
    _click(plot, _pixel(plot, x, y), Qt.MouseButton.RightButton)
    after = window.document.data
    assert isinstance(after, TableSource) and after.train_inputs.shape[0] == n - 1
    # A press and release on a point, without moving, adds a point there (not a move).
    x, y = after.train_inputs[0]
    _click(plot, _pixel(plot, x, y), Qt.MouseButton.LeftButton)
    added = window.document.data
    assert isinstance(added, TableSource) and added.train_inputs.shape[0] == n
    assert window.undo_stack.undoText() == "add a point"
    shut(window)


def test_the_cursor_is_a_hand_over_a_point(
    make_window: Callable[[str], MainWindow], qtbot: QtBot
) -> None:
    window = make_window("feedforward")
    plot = _shown_plot(window, qtbot)
    table = plot.table
    assert table is not None
    view = plot.getPlotItem().vb
    x, y = table.train_inputs[0]
    _mouse(
        plot,
        QEvent.Type.MouseMove,
        _pixel(plot, x, y),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.NoButton,
    )
    qtbot.waitUntil(lambda: view.cursor().shape() == Qt.CursorShape.OpenHandCursor)
    shut(window)


def test_at_a_slow_pace_the_batch_just_trained_is_ringed(
    make_window: Callable[[str], MainWindow], qtbot: QtBot
) -> None:
    window = make_window("feedforward")
    playground = _playground(window)
    playground.panel.kind.setCurrentText("moons")
    playground.panel.samples.setValue(200)
    assert playground.use_settings()
    plot = playground.panel.plot
    model = window.document.training
    model.set_config(epochs=50, batch_size=10)
    model.set_pace(5)
    controller = window.features.training.controller  # type: ignore[union-attr]
    assert controller.start()
    qtbot.waitUntil(lambda: plot.batch_rows is not None, timeout=20_000)
    first = plot.batch_rows
    assert first is not None and first.shape == (10,)
    table = plot.table
    assert table is not None
    x, y = plot.batch_points.getData()
    np.testing.assert_array_equal(np.stack([x, y], axis=1), table.train_inputs[first])
    # The next batch replaces it (another ten of the 160 training points).
    qtbot.waitUntil(
        lambda: plot.batch_rows is not None and not np.array_equal(plot.batch_rows, first),
        timeout=20_000,
    )
    # At full speed nothing is ringed.
    model.set_pace(None)
    assert plot.batch_rows is None and len(plot.batch_points.getData()[0]) == 0
    controller.stop()
    qtbot.waitUntil(lambda: not model.active, timeout=20_000)
    assert plot.batch_rows is None
    shut(window)
