"""Every neuron's map drawn on its node in the diagram (one item per scene).

A small square left of each hidden and output node shows what that neuron computes over
the input plane (a curve, for 1-D data); hovering over one shows it large. The item only
paints beside the nodes: it never moves a node or a label (the layout is the diagram's).
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import (
    QGraphicsObject,
    QGraphicsSceneHoverEvent,
    QStyleOptionGraphicsItem,
    QWidget,
)

from nnviz.present.playground.maps import NeuronMaps
from nnviz.qt.diagram.scene import DiagramScene
from nnviz.qt.playground.images import colour_table, map_images

#: Largest side of a map on a node, and of an enlarged one (scene pixels).
SIDE, LARGE = 56.0, 220.0
#: Stacking order: the diagram's edge labels are at 3, its nodes at 4.
BELOW_LABELS, ON_TOP = 2.5, 50.0
GAP = 4.0


class NeuronMapsItem(QGraphicsObject):
    """The maps of one network's neurons, drawn above their nodes."""

    def __init__(self, scene: DiagramScene) -> None:
        super().__init__()
        self._scene = scene
        self._images: dict[tuple[int, int], QImage] = {}
        self._curves: dict[tuple[int, int], list[float]] = {}
        self._rects: dict[tuple[int, int], QRectF] = {}
        self._hovered: tuple[int, int] | None = None
        self._bounds = QRectF()
        self._table_key: tuple[str, str] | None = None
        self._table = colour_table(scene.diagram_style.palette, "#FFFFFF")
        # Above the edges, below their labels and the nodes; on top while one is enlarged.
        self.setZValue(BELOW_LABELS)
        self.setAcceptHoverEvents(True)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        scene.addItem(self)

    @property
    def map_count(self) -> int:
        """How many maps are drawn."""
        return len(self._rects)

    def clear(self) -> None:
        """Draw no maps."""
        if self._rects:
            self.prepareGeometryChange()
            self._images.clear()
            self._curves.clear()
            self._rects.clear()
            self._bounds = QRectF()
            self.update()

    def set_maps(self, maps: NeuronMaps) -> None:
        """Draw ``maps`` (their network must be the scene's)."""
        style = self._scene.diagram_style
        key = (style.palette.key, style.theme.background)
        if self._table_key != key:
            self._table_key = key
            self._table = colour_table(style.palette, style.theme.background)
        table = self._table
        images: dict[tuple[int, int], QImage] = {}
        curves: dict[tuple[int, int], list[float]] = {}
        for layer, values in enumerate(maps.layers, start=1):
            if values.ndim == 3:
                for neuron, image in enumerate(map_images(values, table)):
                    images[(layer, neuron)] = image
            else:
                for neuron in range(values.shape[0]):
                    curves[(layer, neuron)] = [float(v) for v in values[neuron]]
        rects = self._layout(list(images) + list(curves))
        if rects != self._rects:
            self.prepareGeometryChange()
            self._rects = rects
            bounds = QRectF()
            for rect in rects.values():
                bounds = bounds.united(rect)
            self._bounds = bounds.adjusted(-LARGE, -LARGE, LARGE, LARGE)
        self._images, self._curves = images, curves
        self.update()

    def _layout(self, keys: list[tuple[int, int]]) -> dict[tuple[int, int], QRectF]:
        # Left of each node, in the corridor its incoming edges cross: the nodes and
        # their labels stay where the diagram put them.
        rects = {}
        for layer, neuron in keys:
            try:
                node = self._scene.node_rect(layer, neuron)
                before = self._scene.node_rect(layer - 1, 0)
            except (IndexError, KeyError, TypeError):
                continue
            corridor = node.left() - before.right() - 3 * GAP
            side = max(12.0, min(SIDE, node.height(), corridor / 2))
            rects[(layer, neuron)] = QRectF(
                node.left() - GAP - side, node.center().y() - side / 2, side, side
            )
        return rects

    def boundingRect(self) -> QRectF:
        return self._bounds

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        frame = QPen(QColor(self._scene.diagram_style.theme.muted), 0)
        for key, rect in self._rects.items():
            self._draw(painter, key, rect, frame)
        if self._hovered in self._rects:
            rect = self._rects[self._hovered]
            large = QRectF(0, 0, LARGE, LARGE)
            large.moveCenter(QPointF(rect.right() - LARGE / 2, rect.center().y()))
            self._draw(painter, self._hovered, large, frame)

    def _draw(self, painter: QPainter, key: tuple[int, int], rect: QRectF, frame: QPen) -> None:
        image = self._images.get(key)
        if image is not None:
            painter.drawImage(rect, image)
        else:
            curve = self._curves.get(key)
            painter.fillRect(rect, QColor(self._scene.diagram_style.theme.background))
            if curve:
                path = QPainterPath()
                n = len(curve)
                for i, value in enumerate(curve):
                    point = QPointF(
                        rect.left() + rect.width() * i / max(n - 1, 1),
                        rect.center().y() - value * rect.height() * 0.45,
                    )
                    if i == 0:
                        path.moveTo(point)
                    else:
                        path.lineTo(point)
                painter.setPen(QPen(self._scene.diagram_style.accent, 1.5))
                painter.drawPath(path)
        painter.setPen(frame)
        painter.drawRect(rect)

    def hoverMoveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        hovered = None
        for key, rect in self._rects.items():
            if rect.contains(event.pos()):
                hovered = key
                break
        if hovered != self._hovered:
            self._hovered = hovered
            self.setZValue(BELOW_LABELS if hovered is None else ON_TOP)
            self.update()

    def hoverLeaveEvent(self, event: QGraphicsSceneHoverEvent) -> None:
        if self._hovered is not None:
            self._hovered = None
            self.setZValue(BELOW_LABELS)
            self.update()

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        for rect in self._rects.values():
            path.addRect(rect)
        return path


__all__ = ["NeuronMapsItem"]
