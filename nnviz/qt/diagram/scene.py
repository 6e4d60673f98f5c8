"""The diagram scene: content, overlay and view settings in; painted items and hits out.

Public API (what the main window, the step-through and the training view use):

- :meth:`DiagramScene.set_content` — the numbers (a :class:`DiagramContent`). Only what
  changed is rebuilt: new weights rebuild the edge layer, new values only the nodes.
- :meth:`DiagramScene.set_weights` — the cheap path for live training.
- :meth:`DiagramScene.set_overlay` — highlighted nodes and edges, notes, dimming.
- :meth:`DiagramScene.set_view_settings`, :meth:`set_style`, :meth:`set_canvas_size`.
- Geometry for animations: :meth:`node_rect`, :meth:`node_center`, :meth:`edge_line`,
  :meth:`edge_anchor`; and :meth:`hit_test` for the mouse.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from PySide6.QtCore import QLineF, QPointF, QRectF, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QGraphicsScene

from nnviz.core.types import FloatArray
from nnviz.present.diagram.content import (
    DiagramContent,
    DiagramOverlay,
    EdgeKey,
    Hit,
    LegendInfo,
    NodeKey,
)
from nnviz.present.diagram.label_layout import LABEL_MODES
from nnviz.present.diagram.layout import MARGIN, DiagramLayout, compute_layout, is_detailed
from nnviz.present.diagram.legend_text import legend_text
from nnviz.present.diagram.texts import edge_label, node_lines
from nnviz.qt.diagram import painting
from nnviz.qt.diagram.drawn_edges import DrawnEdges, base_opacity
from nnviz.qt.diagram.hits import hit_at
from nnviz.qt.diagram.labels import EdgeLabelLayer, InputImage, image_pixels
from nnviz.qt.diagram.node_paint import box_widths, build_node_paint, side_label_width
from nnviz.qt.diagram.nodes import NodeLayer
from nnviz.qt.diagram.style import DiagramStyle
from nnviz.session.view import ViewSettings

__all__ = ["DiagramScene", "Hit", "LegendInfo"]


#: Room between two columns of boxes for a weight label (``w9,12 = −0.5``) and its gaps.
LABEL_COLUMN_GAP = 150.0
#: The same when presenting: large type first (labels use the room around the edges, and
#: those that find none are left to the tooltip and counted in the legend).
PRESENTING_COLUMN_GAP = 80.0


class DiagramScene(QGraphicsScene):
    """The network drawn: edge layers, edge labels, input image and nodes.

    Signals
    -------
    redrawn()
        The items were rebuilt (the legend and open tooltips should follow).
    """

    redrawn = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._content: DiagramContent | None = None
        self._overlay = DiagramOverlay()
        self._style = DiagramStyle.default()
        self._view = ViewSettings()
        self._size = (1200.0, 800.0)
        self._layout: DiagramLayout | None = None
        self._box_widths: list[float] = []
        self._boxes: dict[NodeKey, QRectF] = {}
        self._label_rects: dict[EdgeKey, QRectF] = {}
        self._label_mode = "every"
        #: Edges whose label found no free place (their weight is in the tooltip).
        self.hidden_labels: tuple[EdgeKey, ...] = ()
        self._subtitle_rects: dict[int, QRectF] = {}
        self._edges = DrawnEdges()
        self.base_edges = self._edges.base
        self.focus_edges = self._edges.focus
        self.image = InputImage()
        self.labels = EdgeLabelLayer()
        self.nodes = NodeLayer()
        for z, item in enumerate(
            (self.base_edges, self.focus_edges, self.image, self.labels, self.nodes)
        ):
            item.setZValue(z)
            self.addItem(item)
        self.image.setVisible(False)
        self.setBackgroundBrush(QBrush(QColor(self._style.theme.background)))

    # -- state ----------------------------------------------------------------------------

    @property
    def content(self) -> DiagramContent | None:
        """The numbers shown."""
        return self._content

    @property
    def overlay(self) -> DiagramOverlay:
        """Highlights and notes shown."""
        return self._overlay

    @property
    def layout(self) -> DiagramLayout | None:
        """Where everything is."""
        return self._layout

    @property
    def diagram_style(self) -> DiagramStyle:
        """Theme and palette (``style()`` is Qt's widget style)."""
        return self._style

    @property
    def drawn_edge_count(self) -> int:
        """How many edges the base layer draws (all, or the strongest of a large network)."""
        return self._edges.count

    def set_content(self, content: DiagramContent) -> None:
        """Show ``content``, rebuilding only what changed."""
        old = self._content
        self._content = content
        widths = box_widths(content)
        if (
            old is None
            or self._layout is None
            or old.layer_sizes != content.layer_sizes
            or old.input_image_shape != content.input_image_shape
            or side_label_width(content) > self._layout.side_width
            or any(w > have for w, have in zip(widths, self._box_widths, strict=False))
        ):
            self._relayout(widths)
            return
        by_activity = self._view.edge_ranking == "activity" and not self._layout.detailed
        if not _same_arrays(old.weights, content.weights) or (
            by_activity and not _same_terms(old.terms, content.terms)
        ):
            self._rebuild_edges()
        else:
            self._refresh_focus_edges()
        self._refresh_items()

    def set_weights(
        self, weights: Sequence[FloatArray], terms: Sequence[FloatArray] | None = None
    ) -> None:
        """Show new weights (live training): edges and edge labels only."""
        if self._content is None:
            return
        self.set_content(
            self._content.replace(
                weights=tuple(weights), terms=None if terms is None else tuple(terms)
            )
        )

    def set_overlay(self, overlay: DiagramOverlay) -> None:
        """Show highlights and notes (``DiagramOverlay()`` clears them)."""
        self._overlay = overlay
        if self._content is None or self._layout is None:
            return
        self.base_edges.setOpacity(self._base_opacity())
        self._refresh_focus_edges()
        self._refresh_items()

    def set_view_settings(self, view: ViewSettings) -> None:
        """Change the edge ranking, top-k or selection."""
        old = self._view
        self._view = view
        if self._content is None or self._layout is None:
            return
        if (old.edge_ranking, old.top_k) != (view.edge_ranking, view.top_k):
            self._rebuild_edges()
        else:
            self.base_edges.setOpacity(self._base_opacity())
            self._refresh_focus_edges()
        self._refresh_items()

    def set_style(self, style: DiagramStyle) -> None:
        """Repaint in another theme or palette."""
        self._style = style
        self.setBackgroundBrush(QBrush(QColor(style.theme.background)))
        if self._content is not None and self._layout is not None:
            self._rebuild_edges()
            self._refresh_items()

    @property
    def label_mode(self) -> str:
        """Which weights are written on the edges (see
        :data:`~nnviz.present.diagram.label_layout.LABEL_MODES`)."""
        return self._label_mode

    def set_label_mode(self, mode: str) -> None:
        """Write every weight, the selected neuron's, or none (hover shows them)."""
        if mode not in LABEL_MODES:
            raise ValueError(f"unknown label mode {mode!r}")
        if mode != self._label_mode:
            self._label_mode = mode
            if self._content is not None and self._layout is not None:
                self._refresh_items()

    @property
    def side_width(self) -> float:
        """Room right of the output layer for targets and class labels."""
        return 0.0 if self._layout is None else float(self._layout.side_width)

    def comfortable_width(self, gap: float = 0.0) -> float:
        """The narrowest canvas on which a network whose weights are written keeps ``gap``
        (default :data:`LABEL_COLUMN_GAP`) between its columns for labels (0 for a large
        network, or before any content)."""
        content = self._content
        if content is None or not is_detailed(content.layer_sizes):
            return 0.0
        gaps = (len(content.layer_sizes) - 1) * (gap or LABEL_COLUMN_GAP)
        return sum(box_widths(content)) + gaps + 2 * MARGIN + side_label_width(content)

    def set_canvas_size(self, width: float, height: float) -> None:
        """Lay the diagram out for a canvas of ``width`` × ``height`` pixels."""
        self._size = (float(width), float(height))
        if self._content is not None:
            self._relayout(box_widths(self._content))

    # -- geometry ---------------------------------------------------------------------------

    def canvas_rect(self) -> QRectF:
        """The rectangle the diagram is laid out in."""
        return QRectF(0, 0, *self._size)

    def node_rect(self, layer: int, neuron: int) -> QRectF:
        """The rectangle of a node (a box, a dot's square, an input pixel)."""
        assert self._layout is not None
        if (layer, neuron) in self._boxes:
            return QRectF(self._boxes[(layer, neuron)])
        geometry = self._layout.layers[layer]
        x, y = geometry.positions[neuron]
        w, h = geometry.node_width, geometry.node_height
        return QRectF(x - w / 2, y - h / 2, w, h)

    def box_rects(self) -> dict[NodeKey, QRectF]:
        """The rectangle of every node drawn as a box, by ``(layer, neuron)``."""
        return {key: QRectF(rect) for key, rect in self._boxes.items()}

    def label_rects(self) -> dict[EdgeKey, QRectF]:
        """The rectangle of every edge label (small networks), by ``(layer, source, target)``."""
        return {key: QRectF(rect) for key, rect in self._label_rects.items()}

    def node_center(self, layer: int, neuron: int) -> QPointF:
        """The centre of a node."""
        assert self._layout is not None
        x, y = self._layout.layers[layer].positions[neuron]
        return QPointF(float(x), float(y))

    def edge_line(self, layer: int, source: int, target: int) -> QLineF:
        """The segment an edge is drawn as (node centre to node centre)."""
        return QLineF(self.node_center(layer - 1, source), self.node_center(layer, target))

    def edge_label_rect(self, layer: int, source: int, target: int) -> QRectF | None:
        """The rectangle of an edge's label (small networks), else None."""
        rect = self._label_rects.get((layer, source, target))
        return None if rect is None else QRectF(rect)

    def edge_anchor(self, layer: int, source: int, target: int) -> QPointF:
        """Where an edge's number is shown or edited: its label, else its middle."""
        rect = self.edge_label_rect(layer, source, target)
        return rect.center() if rect is not None else self.edge_line(layer, source, target).center()

    def node_text(self, layer: int, neuron: int) -> list[str]:
        """The lines written in a node's box (what a student reads)."""
        assert self._content is not None and self._layout is not None
        return node_lines(self._content, layer, neuron, self._layout.layers[layer].text_lines)

    def edge_text(self, layer: int, source: int, target: int) -> str:
        """The text of an edge's label (``w13 = 2``)."""
        assert self._content is not None
        return edge_label(self._content, layer, source, target)

    def legend_info(self) -> LegendInfo:
        """What the legend should say about the current colours."""
        detailed = self._layout is not None and self._layout.detailed
        return legend_text(
            self._content,
            detailed,
            self._edges.scales,
            self._label_mode,
            len(self.hidden_labels),
            self._view,
        )

    def hit_test(self, pos: QPointF, tolerance: float = 4.0) -> Hit | None:
        """Return the node, edge or layer title at ``pos`` (scene units), or None."""
        if self._layout is None or self._content is None:
            return None
        hit = hit_at(
            pos,
            self._content,
            self._layout,
            self._boxes,
            self._subtitle_rects,
            self._label_rects,
            tolerance,
        )
        return hit if hit is not None else self._edges.edge_at(pos, tolerance)

    # -- building -------------------------------------------------------------------------

    def _relayout(self, widths: list[float]) -> None:
        assert self._content is not None
        content = self._content
        self._box_widths = widths
        self._layout = compute_layout(
            content.layer_sizes,
            self._size[0],
            self._size[1],
            widths,
            content.input_image_shape,
            side_width=side_label_width(content),
        )
        self.setSceneRect(self.canvas_rect())
        self._rebuild_edges()
        self._refresh_items()

    def _base_opacity(self) -> float:
        return base_opacity(self._layout, self._view, self._overlay)

    def _rebuild_edges(self) -> None:
        assert self._content is not None and self._layout is not None
        self._edges.rebuild(self._content, self._layout, self._style, self._view, self._overlay)

    def _refresh_focus_edges(self) -> None:
        assert self._content is not None and self._layout is not None
        self._edges.refresh_focus(
            self._content, self._layout, self._style, self._view, self._overlay
        )

    def _refresh_items(self) -> None:
        assert self._content is not None and self._layout is not None
        paint, self._boxes, self._subtitle_rects = build_node_paint(
            self._content, self._layout, self._overlay, self._view.selected, self._style
        )
        self.nodes.set_paint(paint, self._style, self.canvas_rect().adjusted(-20, -20, 20, 20))
        if self._layout.detailed:
            pens = painting.edge_pens(self._style, True)
            labels, self._label_rects, self.hidden_labels = painting.place_edge_labels(
                self._content,
                self._layout,
                self._boxes,
                pens,
                self._edges.scales,
                self._overlay,
                self.canvas_rect(),
                self._label_mode,
                self._view.selected,
            )
        else:
            labels, self._label_rects, self.hidden_labels = [], {}, ()
        self.labels.set_labels(labels, self._style)
        geometry = self._layout.layers[0]
        if geometry.style == "image" and geometry.image_rect is not None:
            shape = self._content.input_image_shape
            assert shape is not None
            weights = None
            selected = self._view.selected
            if selected is not None and selected[0] == 1:
                # A first-layer neuron's 784 incoming weights are a picture of what it
                # looks for: shown on the input image, under the digit's ink.
                weights = self._content.weights[0][:, selected[1]]
            image = image_pixels(self._content.activations[0], shape, self._style, weights)
            self.image.show_image(image, QRectF(*geometry.image_rect))
        else:
            self.image.setVisible(False)
        self.redrawn.emit()


def _same_arrays(first: Sequence[FloatArray], second: Sequence[FloatArray]) -> bool:
    return len(first) == len(second) and all(
        a is b or np.array_equal(a, b) for a, b in zip(first, second, strict=True)
    )


def _same_terms(first: Sequence[FloatArray] | None, second: Sequence[FloatArray] | None) -> bool:
    if first is None or second is None:
        return first is second
    return _same_arrays(first, second)
