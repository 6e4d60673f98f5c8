"""Where the weight labels of a small network go: on their edges, never on each other or a
node (Qt-free).

Each label is a rectangle centred on a point of its edge. Labels are placed most important
first (highlighted by the step-through, then the selected neuron's, then by |w|); each
tries points along the visible part of its edge (between the two boxes), then the same
points shifted a little across the edge, and takes the first that overlaps no node, no
label placed before it and stays inside the canvas. A label with no such place is left to
the tooltip (hovering its edge shows the weight) rather than drawn over another: the
diagram never shows two numbers on top of each other.

Which edges are labelled at all is a choice (:data:`LABEL_MODES`): every weight, the
selected neuron's (its incoming and outgoing edges), or none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nnviz.present.diagram.content import EdgeKey, NodeKey

#: Which weights are written on the diagram.
LABEL_MODES: tuple[str, ...] = ("every", "selected", "none")
LABEL_MODE_TITLES: dict[str, str] = {
    "every": "Every weight",
    "selected": "The selected neuron's weights",
    "none": "No weights (hover an edge)",
}
#: Points along an edge tried in turn (fractions of the way between the boxes), middle first.
ALONG = (0.5, 0.62, 0.38, 0.74, 0.26, 0.85, 0.15, 0.56, 0.44, 0.68, 0.32, 0.8, 0.2, 0.9, 0.1)
#: Shifts across the edge tried after the points on it (in label heights).
ACROSS = (0.0, 0.55, -0.55, 1.0, -1.0)
#: Space kept around nodes and labels (scene pixels).
GAP = 2.0

#: ``(x, y, width, height)``.
Rect = tuple[float, float, float, float]


@dataclass(frozen=True)
class LabelRequest:
    """A label to place: its edge, its size and how much it matters.

    Attributes
    ----------
    key : (layer, source, target)
    start, end : (x, y)
        Where the visible part of the edge begins and ends (at the boxes' sides).
    width, height : float
    priority : float
        Larger first.
    """

    key: EdgeKey
    start: tuple[float, float]
    end: tuple[float, float]
    width: float
    height: float
    priority: float


@dataclass(frozen=True)
class LabelPlacement:
    """Where the labels went: ``placed`` rectangles by edge, and the edges left to the
    tooltip because no free place was found (``hidden``)."""

    placed: dict[EdgeKey, Rect]
    hidden: tuple[EdgeKey, ...]


def labelled_edges(
    mode: str, keys: Sequence[EdgeKey], selected: NodeKey | None, highlighted: set[EdgeKey]
) -> list[EdgeKey]:
    """The edges whose weight is written, in ``mode``: every one, the selected neuron's
    (plus any the step-through highlights), or only the highlighted ones.

    Raises
    ------
    ValueError
        For a mode not in :data:`LABEL_MODES`.
    """
    if mode not in LABEL_MODES:
        raise ValueError(f"unknown label mode {mode!r} (known: {', '.join(LABEL_MODES)})")
    if mode == "every":
        return list(keys)
    chosen = []
    for key in keys:
        layer, source, target = key
        touches = selected is not None and (
            (layer, target) == selected or (layer - 1, source) == selected
        )
        if key in highlighted or (mode == "selected" and touches):
            chosen.append(key)
    return chosen


def place_labels(
    requests: Sequence[LabelRequest], obstacles: Sequence[Rect], canvas: Rect
) -> LabelPlacement:
    """Place ``requests`` so that no two labels and no label and obstacle overlap.

    Parameters
    ----------
    requests : sequence of LabelRequest
    obstacles : sequence of (x, y, width, height)
        The node boxes (and anything else labels must not cover).
    canvas : (x, y, width, height)
        Labels stay inside it.

    Returns
    -------
    LabelPlacement
    """
    taken = np.empty((len(obstacles) + len(requests), 4), dtype=np.float64)
    count = 0
    for x, y, w, h in obstacles:
        taken[count] = (x - GAP, y - GAP, x + w + GAP, y + h + GAP)
        count += 1
    left, top, width, height = canvas
    right, bottom = left + width, top + height
    placed: dict[EdgeKey, Rect] = {}
    hidden: list[EdgeKey] = []
    for request in sorted(requests, key=lambda r: -r.priority):
        spot = _free_spot(request, taken[:count], (left, top, right, bottom))
        if spot is None:
            hidden.append(request.key)
            continue
        x, y = spot
        placed[request.key] = (x, y, request.width, request.height)
        taken[count] = (x - GAP, y - GAP, x + request.width + GAP, y + request.height + GAP)
        count += 1
    return LabelPlacement(placed, tuple(hidden))


def _free_spot(
    request: LabelRequest, taken: np.ndarray, bounds: tuple[float, float, float, float]
) -> tuple[float, float] | None:
    (ax, ay), (bx, by) = request.start, request.end
    dx, dy = bx - ax, by - ay
    length = max(float(np.hypot(dx, dy)), 1e-9)
    # A unit normal to the edge, for shifts across it.
    nx, ny = -dy / length, dx / length
    w, h = request.width, request.height
    for across in ACROSS:
        for t in ALONG:
            cx = ax + dx * t + nx * across * h
            cy = ay + dy * t + ny * across * h
            x0, y0 = cx - w / 2, cy - h / 2
            x1, y1 = x0 + w, y0 + h
            if x0 < bounds[0] or y0 < bounds[1] or x1 > bounds[2] or y1 > bounds[3]:
                continue
            if taken.size and np.any(
                (x0 < taken[:, 2]) & (taken[:, 0] < x1) & (y0 < taken[:, 3]) & (taken[:, 1] < y1)
            ):
                continue
            return x0, y0
    return None


def overlaps(rects: Sequence[Rect]) -> list[tuple[int, int]]:
    """Pairs of indices of ``rects`` that overlap (for tests and the benchmark)."""
    pairs = []
    for i, (x, y, w, h) in enumerate(rects):
        for j in range(i + 1, len(rects)):
            u, v, p, q = rects[j]
            if x < u + p and u < x + w and y < v + q and v < y + h:
                pairs.append((i, j))
    return pairs
