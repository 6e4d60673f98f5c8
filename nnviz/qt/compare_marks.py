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
EDGE_Z = 0.5


class DifferenceMarks(QGraphicsObject):
    """Rings around differing nodes (``part="nodes"``) or bands on differing edges."""

    def __init__(self, scene: DiagramScene, part: str) -> None:
        super().__init__()
        self._scene = scene
        self.part = part
        self._differences: Differences | None = None
        self._path = QPainterPath()
        self._dashed = QPainterPath()
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
        self._path = QPainterPath()
        self._dashed = QPainterPath()
        found = self._differences
        scene = self._scene
        if found is not None and found.same_shape and scene.layout is not None:
            if self.part == "edges":
                for layer, source, target in found.edges:
                    line = scene.edge_line(layer, source, target)
                    self._path.moveTo(line.p1())
                    self._path.lineTo(line.p2())
            else:
                for layer, neuron in found.value_nodes:
                    self._path.addRoundedRect(self._ring(layer, neuron), 6, 6)
                for layer, neuron in found.delta_nodes - found.value_nodes:
                    self._dashed.addRoundedRect(self._ring(layer, neuron), 6, 6)
        self.update()

    def _ring(self, layer: int, neuron: int) -> QRectF:
        rect = self._scene.node_rect(layer, neuron)
        margin = max(3.0, min(rect.width(), rect.height()) * 0.15)
        return rect.adjusted(-margin, -margin, margin, margin)

    def boundingRect(self) -> QRectF:
        """Everything marked, with room for the pen."""
        return self._path.boundingRect().united(self._dashed.boundingRect()).adjusted(-6, -6, 6, 6)

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
        painter.setPen(QPen(colour, 2.5))
        painter.drawPath(self._path)
        dashed = QPen(colour, 2.0)
        dashed.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(dashed)
        painter.drawPath(self._dashed)
