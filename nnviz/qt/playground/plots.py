"""The playground's two plots: the data with the output's map, and the cost surface J(w, b).

- :class:`DataPlot`: the input plane coloured by the output (the decision boundary at the
  colour change; for 1-D data the fitted curve), the training points filled, the test
  points as rings. Clicking adds a point (its class the one chosen, or orange with Shift),
  dragging a training point moves it (the cursor is an open hand over one; a drag that
  starts elsewhere pans the plot), right-clicking removes one; each change is reported
  through ``points_edited`` once (the panel makes it one undoable edit). At a slow pace
  the batch just trained is ringed (:meth:`DataPlot.set_batch`).
- :class:`CostPlot`: J(w, b) as a coloured surface with contour lines, and the descent
  path so far, drawn as the weights arrive.
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from numpy.typing import NDArray
from PySide6.QtCore import QPointF, Qt, Signal
from PySide6.QtGui import QColor, QTransform

from nnviz.core.data.toys import TableSource
from nnviz.present.playground.cost import CostSurface
from nnviz.present.playground.maps import NeuronMaps, Plane
from nnviz.qt.palette import DivergingPalette
from nnviz.qt.playground.images import colour_table

#: How near (in screen pixels) a click must be to a point to pick it.
PICK_PIXELS = 8


class PointsViewBox(pg.ViewBox):
    """A view box whose left-button drags move the training point under the press.

    A drag that starts away from every training point pans, as pyqtgraph's does; a press
    and release that does not move is a click (pyqtgraph tells the two apart), so
    clicks still add points.
    """

    def __init__(self) -> None:
        super().__init__()
        self.plot: DataPlot | None = None
        self.setAcceptHoverEvents(True)

    def mouseDragEvent(self, ev: object, axis: int | None = None) -> None:
        plot = self.plot
        if plot is None or not plot.drag(ev, self):
            super().mouseDragEvent(ev, axis)

    def hoverEvent(self, ev: object) -> None:
        plot = self.plot
        if plot is None or ev.isExit() or plot.dragging:  # type: ignore[attr-defined]
            return
        pos = self.mapSceneToView(ev.scenePos())  # type: ignore[attr-defined]
        over = plot.nearest(pos) is not None
        if over:
            self.setCursor(Qt.CursorShape.OpenHandCursor)
        else:
            self.unsetCursor()


class DataPlot(pg.PlotWidget):
    """The data and the output's map (see the module docstring).

    Signals
    -------
    points_edited(object, object, str)
        New training inputs (n, n_raw) and targets, and what was done ("add a point").
    """

    points_edited = Signal(object, object, str)

    def __init__(self) -> None:
        view = PointsViewBox()
        super().__init__(viewBox=view)
        view.plot = self
        self.setMinimumSize(260, 220)
        self.setMenuEnabled(False)
        self.getPlotItem().hideButtons()
        self.image = pg.ImageItem()
        self.addItem(self.image)
        self.curve = pg.PlotDataItem(pen=pg.mkPen("#333333", width=2))
        self.addItem(self.curve)
        self.train_points = pg.ScatterPlotItem(size=7, pxMode=True)
        self.test_points = pg.ScatterPlotItem(size=7, pxMode=True)
        self.addItem(self.train_points)
        self.addItem(self.test_points)
        #: The batch just trained, ringed (at a slow pace only).
        self.batch_points = pg.ScatterPlotItem(
            size=13, pxMode=True, brush=pg.mkBrush(0, 0, 0, 0), pen=pg.mkPen("#111111", width=2)
        )
        self.batch_points.setZValue(5)
        self.addItem(self.batch_points)
        self.batch_rows: NDArray[np.intp] | None = None
        self.table: TableSource | None = None
        self.plane: Plane | None = None
        self.palette: DivergingPalette | None = None
        self.neutral = "#FFFFFF"
        #: The class a click adds (Shift adds the other).
        self.click_class = 0
        #: The training point being dragged, and where it is now (its raw inputs and target).
        self._dragging: int | None = None
        self._dragged: tuple[NDArray[np.float64], NDArray[np.float64]] | None = None
        self.scene().sigMouseClicked.connect(self._clicked)

    def set_palette(self, palette: DivergingPalette, neutral: str, text: str = "#222222") -> None:
        """Paint in the diagram's palette on its background."""
        self.palette, self.neutral = palette, neutral
        self.setBackground(neutral)
        self.batch_points.setPen(pg.mkPen(text, width=2))
        for axis in ("left", "bottom"):
            self.getPlotItem().getAxis(axis).setTextPen(text)
            self.getPlotItem().getAxis(axis).setPen(text)
        if self.table is not None:
            self.set_table(self.table, self.plane)

    def set_table(self, table: TableSource | None, plane: Plane | None) -> None:
        """Show ``table``'s points over ``plane``."""
        self.table, self.plane = table, plane
        self._dragging = self._dragged = None
        self.set_batch(None)
        if table is None or plane is None:
            self.train_points.clear()
            self.test_points.clear()
            self.image.clear()
            self.curve.clear()
            return
        self.train_points.setData(**self._points(table.train_inputs, table.train_targets, True))
        self.test_points.setData(**self._points(table.test_inputs, table.test_targets, False))
        self.setXRange(*plane.x_range, padding=0)
        self.setYRange(*plane.y_range, padding=0)
        x_name = table.input_names[0]
        y_name = table.input_names[1] if plane.n_raw == 2 else "y"
        self.setLabel("bottom", x_name)
        self.setLabel(
            "left", y_name if table.class_names is None or plane.n_raw == 2 else "P(orange)"
        )

    def _points(
        self, raw: NDArray[np.float64], targets: NDArray[np.float64], filled: bool
    ) -> dict[str, object]:
        assert self.table is not None and self.plane is not None
        palette = self.palette
        colours = (
            ("#0072B2", "#D55E00") if palette is None else (palette.positive, palette.negative)
        )
        if self.plane.n_raw == 2:
            x, y = raw[:, 0], raw[:, 1]
        else:
            x = raw[:, 0]
            y = targets[:, 0] if self.table.class_names is None else targets.astype(float)
        if (
            self.table.class_names is not None
            and self.table.class_names
            and len(self.table.class_names) <= 2
        ):
            brushes = [pg.mkBrush(colours[int(t) % 2]) for t in targets]
        elif self.table.class_names is not None:
            cmap = pg.colormap.get("viridis")
            n = len(self.table.class_names)
            brushes = [pg.mkBrush(cmap.map(int(t) / max(n - 1, 1), mode="qcolor")) for t in targets]
        else:
            brushes = [pg.mkBrush("#444444")] * len(x)
        if filled:
            return {"x": x, "y": y, "brush": brushes, "pen": pg.mkPen("#FFFFFF", width=1)}
        pens = [pg.mkPen(b.color(), width=2) for b in brushes]
        return {"x": x, "y": y, "brush": pg.mkBrush(0, 0, 0, 0), "pen": pens, "symbol": "o"}

    def set_output(self, maps: NeuronMaps | None, values: NDArray[np.float64] | None) -> None:
        """Colour the plane by the output (``values`` in [-1, 1]), or draw its curve."""
        if maps is None or values is None or self.palette is None:
            self.image.clear()
            self.curve.clear()
            return
        plane = maps.plane
        if plane.n_raw == 2:
            table = colour_table(self.palette, self.neutral)
            self.image.setImage(values.T, levels=(-1.0, 1.0), lut=table, autoLevels=False)
            width = plane.x_range[1] - plane.x_range[0]
            height = plane.y_range[1] - plane.y_range[0]
            transform = QTransform()
            transform.translate(plane.x_range[0], plane.y_range[0])
            transform.scale(width / plane.resolution, height / plane.resolution)
            self.image.setTransform(transform)
            self.image.setOpacity(0.75)
            self.curve.clear()
        else:
            self.image.clear()
            xs = np.linspace(*plane.x_range, plane.resolution)
            raw = maps.raw[-1][0]
            self.curve.setData(xs, raw)

    # -- editing points ---------------------------------------------------------------------------

    def nearest(self, pos: QPointF) -> int | None:
        """The training point within :data:`PICK_PIXELS` of ``pos`` (view coordinates), or None."""
        table = self.table
        if table is None or self.plane is None:
            return None
        view = self.getPlotItem().vb
        raw = table.train_inputs
        if self.plane.n_raw == 2:
            xy = raw
        else:
            ys = table.train_targets[:, 0] if table.class_names is None else table.train_targets
            xy = np.stack([raw[:, 0], np.asarray(ys, dtype=float)], axis=1)
        if xy.shape[0] == 0:
            return None
        pixel = view.mapViewToScene(pg.Point(0, 0)) - view.mapViewToScene(pg.Point(1, 1))
        sx, sy = abs(pixel.x()) or 1.0, abs(pixel.y()) or 1.0
        distance = np.hypot((xy[:, 0] - pos.x()) * sx, (xy[:, 1] - pos.y()) * sy)
        best = int(np.argmin(distance))
        return best if distance[best] <= PICK_PIXELS else None

    def _clicked(self, event: object) -> None:
        table = self.table
        if table is None or self.plane is None or not hasattr(event, "scenePos"):
            return
        view = self.getPlotItem().vb
        pos = view.mapSceneToView(event.scenePos())
        if not view.sceneBoundingRect().contains(event.scenePos()):
            return
        button = event.button()  # type: ignore[attr-defined]
        if button == Qt.MouseButton.RightButton:
            index = self.nearest(pos)
            if index is not None and table.train_inputs.shape[0] > 1:
                keep = np.arange(table.train_inputs.shape[0]) != index
                self.points_edited.emit(
                    table.train_inputs[keep], table.train_targets[keep], "remove a point"
                )
            return
        if button != Qt.MouseButton.LeftButton:
            return
        point, target = self._new_point(pos, event.modifiers())  # type: ignore[attr-defined]
        self.points_edited.emit(
            np.vstack([table.train_inputs, point]),
            np.concatenate([table.train_targets, target]),
            "add a point",
        )

    @property
    def dragging(self) -> bool:
        """Whether a training point is being dragged."""
        return self._dragging is not None

    def drag(self, ev: object, view: pg.ViewBox) -> bool:
        """Move a training point by a left-button drag; False when the drag is not one
        (it then pans). The move is reported once, when the button is released."""
        table = self.table
        if table is None or self.plane is None:
            return False
        if ev.button() != Qt.MouseButton.LeftButton:  # type: ignore[attr-defined]
            return False
        if ev.isStart():  # type: ignore[attr-defined]
            start = view.mapSceneToView(ev.buttonDownScenePos())  # type: ignore[attr-defined]
            self._dragging = self.nearest(start)
            if self._dragging is None:
                return False
            view.setCursor(Qt.CursorShape.ClosedHandCursor)
        if self._dragging is None:
            return False
        ev.accept()  # type: ignore[attr-defined]
        index = self._dragging
        inputs, targets = self._moved(index, view.mapSceneToView(ev.scenePos()))  # type: ignore[attr-defined]
        self._dragged = inputs, targets
        self.train_points.setData(**self._points(inputs, targets, True))
        if ev.isFinish():  # type: ignore[attr-defined]
            self._dragging = self._dragged = None
            view.setCursor(Qt.CursorShape.OpenHandCursor)
            if not np.array_equal(inputs, table.train_inputs) or not np.array_equal(
                targets, table.train_targets
            ):
                self.points_edited.emit(inputs, targets, "move a point")
        return True

    def _moved(self, index: int, pos: QPointF) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        """The training inputs and targets with point ``index`` at ``pos`` (in 1-D the
        height is the target of a regression; a class stays the class it was)."""
        assert self.table is not None and self.plane is not None
        inputs = np.array(self.table.train_inputs, dtype=np.float64)
        targets = np.array(self.table.train_targets)
        inputs[index, 0] = pos.x()
        if self.plane.n_raw == 2:
            inputs[index, 1] = pos.y()
        elif self.table.class_names is None:
            targets[index, 0] = pos.y()
        return inputs, targets

    def set_batch(self, rows: NDArray[np.intp] | None) -> None:
        """Ring the training points ``rows`` (the batch just trained; None: none)."""
        table, plane = self.table, self.plane
        self.batch_rows = None
        if rows is None or table is None or plane is None or rows.size == 0:
            self.batch_points.clear()
            return
        n = table.train_inputs.shape[0]
        rows = rows[(rows >= 0) & (rows < n)]
        self.batch_rows = rows
        raw = table.train_inputs[rows]
        if plane.n_raw == 2:
            x, y = raw[:, 0], raw[:, 1]
        else:
            x = raw[:, 0]
            targets = table.train_targets[rows]
            y = targets[:, 0] if table.class_names is None else targets.astype(float)
        self.batch_points.setData(x=x, y=y)

    def _new_point(
        self, pos: QPointF, modifiers: object
    ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
        assert self.table is not None and self.plane is not None
        shift = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)  # type: ignore[arg-type]
        if self.plane.n_raw == 2:
            point = np.array([[pos.x(), pos.y()]])
            if self.table.class_names is None:
                return point, np.array([[0.0]])
            label = (self.click_class + (1 if shift else 0)) % len(self.table.class_names)
            return point, np.array([label])
        point = np.array([[pos.x()]])
        if self.table.class_names is None:
            return point, np.array([[pos.y()]])
        return point, np.array([1 if pos.y() > 0.5 else 0])


class CostPlot(pg.PlotWidget):
    """J(w, b) with the descent path (see the module docstring)."""

    def __init__(self) -> None:
        super().__init__()
        self.setMinimumSize(260, 200)
        self.setMenuEnabled(False)
        self.getPlotItem().hideButtons()
        self.setLabel("bottom", "w")
        self.setLabel("left", "b")
        self.setTitle("cost J(w, b)")
        self.image = pg.ImageItem()
        self.addItem(self.image)
        self.contours: list[pg.IsocurveItem] = []
        self.path = pg.PlotDataItem(
            pen=pg.mkPen("#D55E00", width=2), symbol="o", symbolSize=4, symbolBrush="#D55E00"
        )
        self.addItem(self.path)
        self.here = pg.ScatterPlotItem(size=10, brush=pg.mkBrush("#000000"))
        self.addItem(self.here)
        self.surface: CostSurface | None = None

    def set_surface(self, surface: CostSurface) -> None:
        """Show ``surface`` (log-scaled colours, ten contour lines)."""
        self.surface = surface
        cost = np.log10(np.maximum(surface.cost, 1e-12))
        self.image.setImage(cost.T, lut=pg.colormap.get("viridis").getLookupTable(nPts=256))
        width = surface.w_range[1] - surface.w_range[0]
        height = surface.b_range[1] - surface.b_range[0]
        transform = QTransform()
        transform.translate(surface.w_range[0], surface.b_range[0])
        transform.scale(width / cost.shape[1], height / cost.shape[0])
        self.image.setTransform(transform)
        for item in self.contours:
            self.removeItem(item)
        self.contours = []
        for level in np.linspace(float(cost.min()), float(cost.max()), 12)[1:-1]:
            item = pg.IsocurveItem(
                data=cost.T, level=level, pen=pg.mkPen(QColor(255, 255, 255, 150))
            )
            item.setTransform(transform)
            self.addItem(item)
            self.contours.append(item)
        self.setXRange(*surface.w_range, padding=0)
        self.setYRange(*surface.b_range, padding=0)

    def set_path(self, path: list[tuple[float, float]]) -> None:
        """Draw the path (w, b) so far, the newest point as a dot."""
        if not path:
            self.path.clear()
            self.here.clear()
            return
        array = np.asarray(path)
        self.path.setData(array[:, 0], array[:, 1])
        self.here.setData([array[-1, 0]], [array[-1, 1]])
