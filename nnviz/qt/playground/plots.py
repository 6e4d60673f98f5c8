"""The playground's two plots: the data with the output's map, and the cost surface J(w, b).

- :class:`DataPlot`: the input plane coloured by the output (the decision boundary at the
  colour change; for 1-D data the fitted curve), the training points filled, the test
  points as rings. Clicking adds a point (its class the one chosen, or orange with Shift),
  dragging moves one, right-clicking removes one; each change is reported through
  ``points_edited`` (the panel makes it an undoable edit).
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


class DataPlot(pg.PlotWidget):
    """The data and the output's map (see the module docstring).

    Signals
    -------
    points_edited(object, object, str)
        New training inputs (n, n_raw) and targets, and what was done ("add a point").
    """

    points_edited = Signal(object, object, str)

    def __init__(self) -> None:
        super().__init__()
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
        self.table: TableSource | None = None
        self.plane: Plane | None = None
        self.palette: DivergingPalette | None = None
        self.neutral = "#FFFFFF"
        #: The class a click adds (Shift adds the other).
        self.click_class = 0
        self._dragging: int | None = None
        self.scene().sigMouseClicked.connect(self._clicked)

    def set_palette(self, palette: DivergingPalette, neutral: str, text: str = "#222222") -> None:
        """Paint in the diagram's palette on its background."""
        self.palette, self.neutral = palette, neutral
        self.setBackground(neutral)
        for axis in ("left", "bottom"):
            self.getPlotItem().getAxis(axis).setTextPen(text)
            self.getPlotItem().getAxis(axis).setPen(text)
        if self.table is not None:
            self.set_table(self.table, self.plane)

    def set_table(self, table: TableSource | None, plane: Plane | None) -> None:
        """Show ``table``'s points over ``plane``."""
        self.table, self.plane = table, plane
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

    def _nearest(self, pos: QPointF) -> int | None:
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
            index = self._nearest(pos)
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
