"""Which edges a diagram draws and in which colour/width bin: NumPy only.

A small network draws every edge. A large one (MNIST's 83,900 edges) draws, per weight
layer, its ``top_k`` strongest edges by |w·a| or |w|, plus every edge of the selected
neuron, so that a redraw stays far below a frame. Edges are then sorted into a few bins by
sign and |w| so that each bin is one path drawn with one pen.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnviz.core.types import FloatArray

#: Magnitude levels per sign; bins are 0 (zero), 1..LEVELS (negative), LEVELS+1..2·LEVELS.
LEVELS = 6
N_BINS = 2 * LEVELS + 1

IntArray = NDArray[np.intp]


@dataclass(frozen=True)
class EdgeList:
    """A set of edges, one entry per edge.

    Attributes
    ----------
    layer, source, target : ndarray of intp, shape (m,)
        Edge ``(layer, source, target)``: from neuron ``source`` of layer ``layer − 1`` to
        neuron ``target`` of layer ``layer``.
    weight : ndarray of float64, shape (m,)
    """

    layer: IntArray
    source: IntArray
    target: IntArray
    weight: FloatArray

    @property
    def size(self) -> int:
        """Number of edges."""
        return int(self.layer.size)

    @staticmethod
    def concatenate(parts: Sequence[EdgeList]) -> EdgeList:
        """Join edge lists (duplicates are kept)."""
        if not parts:
            return EMPTY_EDGES
        return EdgeList(
            np.concatenate([p.layer for p in parts]),
            np.concatenate([p.source for p in parts]),
            np.concatenate([p.target for p in parts]),
            np.concatenate([p.weight for p in parts]),
        )


EMPTY_EDGES = EdgeList(
    np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0, np.intp), np.zeros(0)
)


def _edges_of(layer: int, weights: FloatArray, sources: IntArray, targets: IntArray) -> EdgeList:
    return EdgeList(
        np.full(sources.size, layer, dtype=np.intp),
        sources.astype(np.intp),
        targets.astype(np.intp),
        np.asarray(weights[sources, targets], dtype=np.float64),
    )


def all_edges(weights: Sequence[FloatArray]) -> EdgeList:
    """Every edge of every weight layer."""
    parts = []
    for layer, w in enumerate(weights, start=1):
        k, j = np.indices(w.shape)
        parts.append(_edges_of(layer, w, k.ravel(), j.ravel()))
    return EdgeList.concatenate(parts)


def strongest_edges(
    weights: Sequence[FloatArray],
    terms: Sequence[FloatArray] | None,
    top_k: int,
    ranking: str = "activity",
) -> EdgeList:
    """The ``top_k`` strongest edges of each weight layer.

    Parameters
    ----------
    weights : sequence of ndarray, shapes (n_{l-1}, n_l)
    terms : sequence of ndarray or None
        ``W[k, j]·a[k]`` per layer; ranking by activity without them falls back to |w|.
    top_k : int
        Edges kept per layer (all of a layer that has fewer).
    ranking : {"activity", "weight"}
        Rank by |w·a| (edges with no flow, |w·a| = 0, are left out) or by |w|.

    Returns
    -------
    EdgeList
        Strongest first within each layer.
    """
    parts = []
    for index, w in enumerate(weights):
        by_activity = ranking == "activity" and terms is not None
        score = np.abs(terms[index] if by_activity and terms is not None else w).ravel()
        # Ranked by activity, most terms are 0 (an MNIST digit leaves ~85% of the pixels
        # dark) and argpartition slows down 40x on so many ties: rank the others only.
        candidates = np.flatnonzero(score) if by_activity else np.arange(score.size)
        k = min(top_k, candidates.size)
        if k < candidates.size:
            part = score[candidates]
            chosen = candidates[np.argpartition(part, part.size - k)[part.size - k :]]
        else:
            chosen = candidates
        chosen = chosen[np.argsort(score[chosen])[::-1]]
        if by_activity:
            chosen = chosen[score[chosen] > 0]
        sources, targets = np.divmod(chosen, w.shape[1])
        parts.append(_edges_of(index + 1, w, sources, targets))
    return EdgeList.concatenate(parts)


def neuron_edges(weights: Sequence[FloatArray], layer: int, neuron: int) -> EdgeList:
    """Every edge into and out of ``neuron`` of ``layer``."""
    parts = []
    if layer >= 1:
        w = weights[layer - 1]
        sources = np.arange(w.shape[0])
        parts.append(_edges_of(layer, w, sources, np.full(sources.size, neuron)))
    if layer < len(weights):
        w = weights[layer]
        targets = np.arange(w.shape[1])
        parts.append(_edges_of(layer + 1, w, np.full(targets.size, neuron), targets))
    return EdgeList.concatenate(parts)


def chosen_edges(weights: Sequence[FloatArray], keys: Sequence[tuple[int, int, int]]) -> EdgeList:
    """The edges named by ``(layer, source, target)`` keys (unknown keys are skipped)."""
    kept = [
        (layer, k, j)
        for layer, k, j in keys
        if 1 <= layer <= len(weights)
        and 0 <= k < weights[layer - 1].shape[0]
        and 0 <= j < weights[layer - 1].shape[1]
    ]
    if not kept:
        return EMPTY_EDGES
    layer, k, j = (np.array(column, dtype=np.intp) for column in zip(*kept, strict=True))
    weight = np.array([weights[a - 1][b, c] for a, b, c in kept], dtype=np.float64)
    return EdgeList(layer, k, j, weight)


def weight_scales(weights: Sequence[FloatArray], per_layer: bool) -> FloatArray:
    """The |w| that reaches full colour, per weight layer (shape (L,)).

    One scale for the whole network when ``per_layer`` is false (the colours of a small
    network compare across layers, and the legend shows real numbers); otherwise each
    layer's own largest |w| (MNIST's first layer has weights ten times smaller than its
    last, and would otherwise vanish).
    """
    largest = np.array([float(np.max(np.abs(w))) if w.size else 0.0 for w in weights])
    if not per_layer:
        largest = np.full(largest.shape, float(np.max(largest)) if largest.size else 0.0)
    return np.where(largest > 0, largest, 1.0)


def edge_bins(edges: EdgeList, scales: FloatArray) -> IntArray:
    """Return the bin of each edge: 0 for a zero weight, else by sign and |w| / scale.

    Returns
    -------
    ndarray of intp, shape (m,)
        In 0 .. N_BINS − 1.
    """
    if edges.size == 0:
        return np.zeros(0, dtype=np.intp)
    relative = np.abs(edges.weight) / scales[edges.layer - 1]
    level = np.minimum((relative * LEVELS).astype(np.intp), LEVELS - 1)
    bins = np.where(edges.weight < 0, 1 + level, 1 + LEVELS + level)
    return np.where(edges.weight == 0, 0, bins).astype(np.intp)


def bin_strength(bin_index: int) -> tuple[int, float]:
    """Return ``(sign, strength)`` of a bin: sign −1, 0 or 1, strength in (0, 1]."""
    if bin_index == 0:
        return 0, 0.0
    sign = -1 if bin_index <= LEVELS else 1
    level = (bin_index - 1) % LEVELS
    return sign, (level + 1) / LEVELS


def nearest_segment(xy: NDArray[np.float64], x: float, y: float, tolerance: float) -> int | None:
    """Index of the segment nearest to ``(x, y)`` if within ``tolerance``, else None.

    Parameters
    ----------
    xy : ndarray of float64, shape (4, m)
        Rows x0, y0, x1, y1 of m segments.
    """
    if xy.shape[1] == 0:
        return None
    x0, y0, x1, y1 = xy
    dx, dy = x1 - x0, y1 - y0
    length2 = np.maximum(dx * dx + dy * dy, 1e-12)
    t = np.clip(((x - x0) * dx + (y - y0) * dy) / length2, 0.0, 1.0)
    distance = np.hypot(x0 + t * dx - x, y0 + t * dy - y)
    nearest = int(np.argmin(distance))
    return nearest if distance[nearest] <= tolerance else None
