"""What is under the mouse on the diagram: a node, a layer's title, an edge or its label.

Nodes first (boxes, the input image's pixels, dots), then titles and weight labels, then
the nearest edge drawn within the tolerance.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QPointF, QRectF

from nnviz.present.diagram.content import DiagramContent, EdgeKey, Hit, NodeKey
from nnviz.present.diagram.edge_selection import EdgeList, nearest_segment
from nnviz.present.diagram.layout import DiagramLayout

__all__ = ["edge_at", "hit_at"]


def hit_at(
    pos: QPointF,
    content: DiagramContent,
    layout: DiagramLayout,
    boxes: dict[NodeKey, QRectF],
    subtitles: dict[int, QRectF],
    labels: dict[EdgeKey, QRectF],
    tolerance: float,
) -> Hit | None:
    """The node, layer title or edge label at ``pos`` (scene units), or None.

    Parameters
    ----------
    pos : QPointF
        The point asked about.
    content, layout : DiagramContent, DiagramLayout
        What is drawn, and where.
    boxes, subtitles, labels : dict
        The rectangles of the nodes drawn as boxes, of the layers' titles and of the
        weight labels.
    tolerance : float
        How far from a dot a point still hits it (scene units).
    """
    x, y = pos.x(), pos.y()
    for (layer, neuron), rect in boxes.items():
        if rect.adjusted(-2, -2, 2, 2).contains(pos):
            return Hit("node", layer, neuron)
    for layer, geometry in enumerate(layout.layers):
        if geometry.style == "image" and geometry.image_rect is not None:
            left, top, w, h = geometry.image_rect
            if left <= x < left + w and top <= y < top + h:
                rows, columns = content.input_image_shape or (1, 1)
                r = min(int((y - top) / geometry.node_height), rows - 1)
                c = min(int((x - left) / geometry.node_width), columns - 1)
                return Hit("node", 0, r * columns + c)
        elif geometry.style == "dot":
            d = np.hypot(geometry.positions[:, 0] - x, geometry.positions[:, 1] - y)
            nearest = int(np.argmin(d))
            if d[nearest] <= geometry.node_width / 2 + tolerance:
                return Hit("node", layer, nearest)
    for layer, rect in subtitles.items():
        if rect.contains(pos):
            return Hit("header", layer)
    for (layer, source, target), rect in labels.items():
        if rect.contains(pos):
            return Hit("edge", layer, source=source, target=target)
    return None


def edge_at(
    endpoints: NDArray[np.float64], edges: EdgeList, pos: QPointF, tolerance: float
) -> Hit | None:
    """The edge drawn nearest ``pos``, if within ``tolerance``, else None.

    Parameters
    ----------
    endpoints : ndarray of float64, shape (4, n_edges)
        Each drawn edge's segment (x0, y0, x1, y1), in the order of ``edges``.
    edges : EdgeList
        The edges drawn, topmost first.
    pos : QPointF
        The point asked about.
    tolerance : float
        The farthest a point may be from the edge (scene units).
    """
    index = nearest_segment(endpoints, pos.x(), pos.y(), tolerance)
    if index is None:
        return None
    return Hit(
        "edge",
        int(edges.layer[index]),
        source=int(edges.source[index]),
        target=int(edges.target[index]),
    )
