"""Which values travel where for a step: terms w·a into a neuron, products w·δ back out.

Small networks move labelled numbers from box to box; large ones move dots along the
strongest edges of the layer being computed (at most :data:`MAX_DOTS`, so a frame stays
cheap).
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF

from nnviz.core.notation import format_number
from nnviz.core.steps import Step
from nnviz.core.trace import BackwardTrace, ForwardTrace
from nnviz.core.types import FloatArray
from nnviz.qt.diagram.scene import DiagramScene
from nnviz.qt.stepping.animation import Move

#: A whole-layer step moves at most this many dots (along its strongest edges).
MAX_DOTS = 120


def _right(rect: QRectF) -> QPointF:
    return QPointF(rect.right(), rect.center().y())


def _left(rect: QRectF) -> QPointF:
    return QPointF(rect.left(), rect.center().y())


def step_moves(
    step: Step, scene: DiagramScene, forward: ForwardTrace, backward: BackwardTrace | None
) -> list[Move]:
    """The values that travel when ``step`` is revealed (empty: nothing travels).

    Parameters
    ----------
    step : Step
    scene : DiagramScene
        Gives the geometry.
    forward, backward : ForwardTrace, BackwardTrace or None
        The numbers of the pass (``backward`` for backward steps).
    """
    layout = scene.layout
    if layout is None:
        return []
    layer, j = step.layer, step.neuron
    boxes = layout.layers[layer].style == "box"
    if step.kind == "weighted_sum":
        terms = forward.terms[layer - 1]
        if j is not None and boxes and layout.layers[layer - 1].style == "box":
            end = _left(scene.node_rect(layer, j))
            return [
                Move(_right(scene.node_rect(layer - 1, k)), end, format_number(float(terms[k, j])))
                for k in range(terms.shape[0])
            ]
        return _dots(scene, layer, terms, backwards=False)
    if step.kind == "delta" and backward is not None and layer < len(layout.layers) - 1:
        following = backward.deltas[layer]
        products = forward.network.weights[layer] * following[None, :]
        if j is not None and boxes and layout.layers[layer + 1].style == "box":
            end = _right(scene.node_rect(layer, j))
            return [
                Move(
                    _left(scene.node_rect(layer + 1, m)), end, format_number(float(products[j, m]))
                )
                for m in range(products.shape[1])
            ]
        return _dots(scene, layer + 1, products, backwards=True)
    if step.kind == "weight_gradient" and j is not None and step.source is not None:
        if step.value is None:
            return []
        start = scene.node_center(layer - 1, step.source)
        end = scene.edge_anchor(layer, step.source, j)
        return [Move(start, end, format_number(step.value))]
    return []


def _dots(scene: DiagramScene, layer: int, strengths: FloatArray, backwards: bool) -> list[Move]:
    """Dots along the strongest edges into ``layer`` (or back out of it)."""
    magnitude = np.abs(strengths).ravel()
    count = min(MAX_DOTS, int(np.count_nonzero(magnitude)))
    if count == 0:
        return []
    chosen = np.argpartition(magnitude, -count)[-count:]
    sources, targets = np.unravel_index(chosen, strengths.shape)
    moves = []
    for k, m in zip(sources.tolist(), targets.tolist(), strict=True):
        start = scene.node_center(layer - 1, k)
        end = scene.node_center(layer, m)
        moves.append(Move(end, start) if backwards else Move(start, end))
    return moves
