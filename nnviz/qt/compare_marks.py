"""The marks the compare view lays on a diagram: what differs from the other network.

Two items per diagram, laid over the scene's own (which they never change): the edges
whose weight differs, drawn as a wide translucent band under the nodes, and a ring around
every node whose weighted sum or activation differs (solid) or only whose delta differs
(dashed). They take plain keys (:class:`nnviz.present.compare.Differences`) and the
scene's geometry.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen
from PySide6.QtWidgets import QGraphicsObject, QStyleOptionGraphicsItem, QWidget

from nnviz.present.compare import Differences
from nnviz.qt.diagram.scene import DiagramScene

#: A colour no other diagram element uses (the palette's are blue, orange, grey, green).
DIFFERENCE_COLOUR = "#c2185b"
NODE_Z = 10.0
#: Nodes smaller than this (the dots of a large layer) get thin, close rings.
SMALL_NODE = 14.0
EDGE_Z = 0.5


class DifferenceMarks(QGraphicsObject):
    """Rings around differing nodes (``part="nodes"``) or bands on differing edges."""

    def __init__(self, scene: DiagramScene, part: str) -> None:
        super().__init__()
        self._scene = scene
        self.part = part
        self._differences: Differences | None = None
        self._path = QPainterPath()
        self._rings = [QPainterPath() for _ in range(4)]
        self.setZValue(NODE_Z if part == "nodes" else EDGE_Z)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setAcceptHoverEvents(False)
        scene.addItem(self)
        scene.redrawn.connect(self.refresh)

    @property
    def differences(self) -> Differences | None:
        """What is marked (None: nothing)."""
        return self._differences

    def show_differences(self, differences: Differences | None) -> None:
        """Mark ``differences`` (None clears the marks)."""
        self._differences = differences
        self.refresh()

    def marked_count(self) -> int:
        """How many nodes or edges are marked."""
        found = self._differences
        if found is None:
            return 0
        if self.part == "edges":
            return len(found.edges)
        return len(found.value_nodes | found.delta_nodes)

    def refresh(self) -> None:
        """Rebuild the marks from the scene's current layout."""
        self.prepareGeometryChange()
        # (solid, dashed) rings for boxes, and thinner ones for the dots of large layers.
        self._rings = [QPainterPath() for _ in range(4)]
        self._path = QPainterPath()
        found = self._differences
        scene = self._scene
        if found is not None and found.same_shape and scene.layout is not None:
            if self.part == "edges":
                for layer, source, target in found.edges:
                    line = scene.edge_line(layer, source, target)
                    self._path.moveTo(line.p1())
                    self._path.lineTo(line.p2())
            else:
                for key in found.value_nodes | found.delta_nodes:
                    rect = scene.node_rect(*key)
                    side = min(rect.width(), rect.height())
                    small = side < SMALL_NODE
                    margin = 1.5 if small else max(3.0, side * 0.15)
                    ring = rect.adjusted(-margin, -margin, margin, margin)
                    dashed = key not in found.value_nodes
                    path = self._rings[2 * small + dashed]
                    if small:
                        path.addEllipse(ring)
                    else:
                        path.addRoundedRect(ring, 6, 6)
        self.update()

    def boundingRect(self) -> QRectF:
        """Everything marked, with room for the pen."""
        rect = self._path.boundingRect()
        for ring in self._rings:
            rect = rect.united(ring.boundingRect())
        return rect.adjusted(-6, -6, 6, 6)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionGraphicsItem,
        widget: QWidget | None = None,
    ) -> None:
        """Draw the rings or the bands."""
        colour = QColor(DIFFERENCE_COLOUR)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if self.part == "edges":
            colour.setAlpha(110)
            pen = QPen(colour, 7.0)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.drawPath(self._path)
            return
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for index, ring in enumerate(self._rings):
            small, dashed = divmod(index, 2)
            pen = QPen(colour, (1.2 if small else 2.5) * (0.8 if dashed else 1.0))
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawPath(ring)
