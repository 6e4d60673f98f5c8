"""The drawing of one neuron's chain-rule graph: boxes and edges, left to right.

Each node of a :class:`~nnviz.core.chain_graph.ChainGraph` is a rounded box with three
lines (:class:`~nnviz.present.chain_rule.NodeText`): what it computes, its value, its
gradient. Columns follow the forward pass (leaves, ×, +, f, C); the node the current
backward step computes is outlined in the accent colour and the edges it is computed from
are drawn in it too. Text follows the window's theme and text size.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainterPath, QPen, QResizeEvent
from PySide6.QtWidgets import (
    QGraphicsPathItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
    QGraphicsView,
    QWidget,
)

from nnviz.core.chain_graph import ChainGraph
from nnviz.present.chain_rule import NodeText
from nnviz.qt.diagram.style import DiagramStyle, font

#: Text pixel sizes at 100 % (the diagram's own sizes, see :mod:`nnviz.qt.diagram.style`).
HEADING_PX = 12
LINE_PX = 14
NOTE_PX = 11
PADDING = 7
COLUMN_GAP = 46
ROW_GAP = 8
#: Leaves (an input, a weight, the bias, the target) draw their value and gradient only.
LEAF_KINDS = frozenset({"input", "weight", "bias", "target"})


class ChainScene(QGraphicsScene):
    """The scene of one graph (redrawn whole on each change: a few dozen items)."""

    def __init__(self, style: DiagramStyle, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.diagram_style = style
        self.text_scale = 1.0
        #: Node key → its box rectangle (tests and the view read it).
        self.boxes: dict[str, QRectF] = {}
        #: Node key → the three lines drawn (tests read it).
        self.lines: dict[str, tuple[str, str, str]] = {}

    def set_style(self, style: DiagramStyle, scale: float) -> None:
        """Paint in ``style`` with text ``scale`` times its size (call :meth:`draw` after)."""
        self.diagram_style = style
        self.text_scale = scale

    def _font(self, pixels: int, bold: bool = False) -> QFont:
        return font(round(pixels * self.text_scale), bold)

    def draw(self, graph: ChainGraph, texts: dict[str, NodeText]) -> None:
        """Draw ``graph`` with the lines ``texts`` (by node key)."""
        self.clear()
        self.boxes = {}
        self.lines = {}
        theme = self.diagram_style.theme
        self.setBackgroundBrush(QColor(theme.base))
        heading_font, line_font = self._font(HEADING_PX), self._font(LINE_PX, bold=True)
        gradient_font, note_font = self._font(LINE_PX), self._font(NOTE_PX)
        heading_m, line_m = QFontMetricsF(heading_font), QFontMetricsF(line_font)
        gradient_m, note_m = QFontMetricsF(gradient_font), QFontMetricsF(note_font)
        pad = PADDING * self.text_scale
        sizes: dict[str, tuple[float, float]] = {}
        for node in graph.nodes:
            text = texts[node.key]
            leaf = node.kind in LEAF_KINDS
            width = max(
                0.0 if leaf else heading_m.horizontalAdvance(text.heading),
                line_m.horizontalAdvance(text.value),
                # room for the number the gradient line will show, so a box never grows
                gradient_m.horizontalAdvance(text.gradient + " −0.0000"),
            )
            height = line_m.height() + gradient_m.height() + (0 if leaf else heading_m.height())
            sizes[node.key] = (width + 2 * pad, height + 2 * pad)
        # A row is a leaf's height: a term's two leaves stack, its × box sits between them.
        leaf_height = line_m.height() + gradient_m.height() + 2 * pad
        row_unit = leaf_height + ROW_GAP * self.text_scale
        columns = sorted({node.column for node in graph.nodes})
        x = 0.0
        left: dict[float, float] = {}
        for column in columns:
            left[column] = x
            widest = max(sizes[n.key][0] for n in graph.nodes if n.column == column)
            x += widest + COLUMN_GAP * self.text_scale
        for node in graph.nodes:
            width, height = sizes[node.key]
            centre = node.row * row_unit + leaf_height / 2
            self.boxes[node.key] = QRectF(left[node.column], centre - height / 2, width, height)
        self._edges(graph, texts)
        for node in graph.nodes:
            text = texts[node.key]
            rect = self.boxes[node.key]
            self._box(rect, text)
            y = rect.top() + pad
            rows = (
                (text.heading, heading_font, heading_m, theme.muted),
                (text.value, line_font, line_m, theme.text),
                (text.gradient, gradient_font, gradient_m, self._gradient_colour(text)),
            )[1 if node.kind in LEAF_KINDS else 0 :]
            for line, item_font, metrics, colour in rows:
                item = QGraphicsSimpleTextItem(line)
                item.setFont(item_font)
                item.setBrush(QColor(colour))
                item.setPos(rect.left() + pad, y)
                self.addItem(item)
                y += metrics.height()
            if text.note:
                note = QGraphicsSimpleTextItem(text.note)
                note.setFont(note_font)
                note.setBrush(QColor(theme.muted))
                note.setPos(rect.left() + 2, rect.bottom() + 1)
                self.addItem(note)
                self.boxes[f"{node.key}.note"] = QRectF(
                    rect.left() + 2,
                    rect.bottom() + 1,
                    note_m.horizontalAdvance(text.note),
                    note_m.height(),
                )
            self.lines[node.key] = (text.heading, text.value, text.gradient)
        bounds = self.itemsBoundingRect().adjusted(-12, -12, 12, 12)
        self.setSceneRect(bounds)

    def _gradient_colour(self, text: NodeText) -> str:
        theme = self.diagram_style.theme
        if text.state == "current":
            return self.diagram_style.palette.accent
        return theme.text if text.state == "done" else theme.muted

    def _box(self, rect: QRectF, text: NodeText) -> None:
        theme = self.diagram_style.theme
        path = QPainterPath()
        radius = 6 * self.text_scale
        path.addRoundedRect(rect, radius, radius)
        item = QGraphicsPathItem(path)
        current = text.state == "current"
        colour = QColor(self.diagram_style.palette.accent) if current else QColor(theme.outline)
        pen = QPen(colour, (3.0 if current else 1.2) * self.text_scale)
        if text.state == "constant":
            pen.setStyle(Qt.PenStyle.DashLine)
        item.setPen(pen)
        item.setBrush(QColor(theme.surface))
        self.addItem(item)

    def _edges(self, graph: ChainGraph, texts: dict[str, NodeText]) -> None:
        theme = self.diagram_style.theme
        for node in graph.nodes:
            target = self.boxes[node.key]
            current = texts[node.key].state == "current"
            for key in node.inputs:
                source = self.boxes[key]
                start = QPointF(source.right(), source.center().y())
                end = QPointF(target.left(), target.center().y())
                # the gradient flows from the node back into its inputs
                live = current or texts[key].state == "current"
                colour = QColor(self.diagram_style.palette.accent if live else theme.outline)
                path = QPainterPath(start)
                middle = (start.x() + end.x()) / 2
                path.cubicTo(QPointF(middle, start.y()), QPointF(middle, end.y()), end)
                item = QGraphicsPathItem(path)
                item.setPen(QPen(colour, (2.5 if live else 1.2) * self.text_scale))
                item.setZValue(-1)
                self.addItem(item)


class ChainView(QGraphicsView):
    """Shows a :class:`ChainScene`: shrunk to fit, but never below :attr:`MIN_ZOOM` (or
    :attr:`MIN_TEXT` of the 100 % text at a large text size: a large neuron's graph then
    scrolls, keeping the node being computed in view) and never blown up past
    :attr:`MAX_ZOOM`."""

    MIN_ZOOM = 0.8
    MAX_ZOOM = 1.5
    #: With a large text size, the graph may shrink until its text is this much of the
    #: 100 % size (larger text would leave a 2-2-1 graph scrolling in a 1280×800 panel).
    MIN_TEXT = 1.1

    def __init__(self, scene: ChainScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setObjectName("chainRuleView")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.chain_scene = scene
        #: The box to keep in view (the node the current step computes), if any.
        self.focus_box: QRectF | None = None

    def fit(self) -> None:
        """Scale the graph into the viewport (within the zoom limits) and show the focus."""
        rect = self.sceneRect()
        viewport = self.viewport().rect()
        if rect.isEmpty() or viewport.isEmpty():
            return
        zoom = min(viewport.width() / rect.width(), viewport.height() / rect.height())
        smallest = min(self.MIN_ZOOM, self.MIN_TEXT / self.chain_scene.text_scale)
        zoom = max(smallest, min(zoom, self.MAX_ZOOM))
        self.resetTransform()
        self.scale(zoom, zoom)
        if self.focus_box is not None:
            self.centerOn(self.focus_box.center())
        else:
            self.centerOn(rect.center())

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep the graph fitted as the panel is resized."""
        super().resizeEvent(event)
        self.fit()
