"""Which edges the diagram draws, and how: the base layer and the focus layer.

A small network draws every edge (one colour scale for the whole network); a large one
the strongest ``top_k`` of each layer (one scale per layer), faded while a neuron is
selected. The focus layer, above it, draws the selected neuron's edges of a large network
and the edges the step-through highlights. The edges drawn, topmost first, are also what
the mouse can hit.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF

from nnviz.core.types import FloatArray
from nnviz.present.diagram.content import DiagramContent, DiagramOverlay, Hit
from nnviz.present.diagram.edge_selection import (
    EMPTY_EDGES,
    EdgeList,
    all_edges,
    chosen_edges,
    neuron_edges,
    strongest_edges,
    weight_scales,
)
from nnviz.present.diagram.layout import DiagramLayout
from nnviz.qt.diagram import painting
from nnviz.qt.diagram.edges import EdgeLayer
from nnviz.qt.diagram.hits import edge_at
from nnviz.qt.diagram.style import DiagramStyle
from nnviz.session.view import ViewSettings

__all__ = ["DrawnEdges", "base_opacity"]


def base_opacity(
    layout: DiagramLayout | None, view: ViewSettings, overlay: DiagramOverlay
) -> float:
    """How opaque the base layer is: faded under a large network's selected neuron, or
    while the step-through dims what it does not highlight."""
    if layout is not None and not layout.detailed and view.selected:
        return 0.35
    if overlay.dim_others and (overlay.edges or overlay.nodes):
        return 0.3
    return 1.0


class DrawnEdges:
    """The diagram's two edge layers (the scene adds :attr:`base` and :attr:`focus`).

    Attributes
    ----------
    scales : ndarray of float64, shape (1,) or (n_weight_layers,)
        The |w| drawn in full colour (one for a small network, one per layer otherwise).
    count : int
        How many edges the base layer draws.
    """

    def __init__(self) -> None:
        self.base = EdgeLayer(cached=True)
        self.focus = EdgeLayer(cached=False)
        self.scales: FloatArray = np.ones(1)
        self.count = 0
        self._drawn = EMPTY_EDGES
        self._hit_edges = EMPTY_EDGES
        self._hit_xy = np.zeros((4, 0))

    def rebuild(
        self,
        content: DiagramContent,
        layout: DiagramLayout,
        style: DiagramStyle,
        view: ViewSettings,
        overlay: DiagramOverlay,
    ) -> None:
        """Choose and paint the base layer's edges again (new weights, ranking or style),
        then the focus layer."""
        self.scales = weight_scales(content.weights, per_layer=not layout.detailed)
        pens = painting.edge_pens(style, layout.detailed)
        if layout.detailed:
            edges = all_edges(content.weights)
        else:
            edges = strongest_edges(content.weights, content.terms, view.top_k, view.edge_ranking)
        self._drawn = edges
        self.count = edges.size
        self.base.set_passes(
            painting.edge_passes(edges, layout, self.scales, pens), antialias=layout.detailed
        )
        self.base.setOpacity(base_opacity(layout, view, overlay))
        self.refresh_focus(content, layout, style, view, overlay)

    def refresh_focus(
        self,
        content: DiagramContent,
        layout: DiagramLayout,
        style: DiagramStyle,
        view: ViewSettings,
        overlay: DiagramOverlay,
    ) -> None:
        """Paint the focus layer again (a new selection or highlight)."""
        parts = []
        passes = []
        if not layout.detailed and view.selected is not None:
            selected = neuron_edges(content.weights, *view.selected)
            parts.append(selected)
            pens = painting.edge_pens(style, False, emphasis=True)
            passes += painting.edge_passes(selected, layout, self.scales, pens)
        highlighted = chosen_edges(content.weights, sorted(overlay.edges))
        if highlighted.size:
            parts.append(highlighted)
            pens = painting.edge_pens(style, layout.detailed, emphasis=True)
            passes += painting.highlight_passes(
                highlighted, layout, self.scales, pens, style.accent
            )
        self.focus.set_passes(passes, antialias=True)
        hit = EdgeList.concatenate([*parts, self._drawn])
        self._hit_edges = hit
        self._hit_xy = np.array(painting.edge_endpoints(hit, layout))

    def edge_at(self, pos: QPointF, tolerance: float) -> Hit | None:
        """The drawn edge nearest ``pos`` (scene units), if within ``tolerance``."""
        return edge_at(self._hit_xy, self._hit_edges, pos, tolerance)
