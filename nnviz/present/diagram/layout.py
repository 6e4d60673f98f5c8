"""Where the diagram puts things: pure geometry from layer sizes and a canvas size.

Layers run left to right, neurons top to bottom. A layer of up to :data:`BOX_MAX_LAYER`
neurons is drawn as boxes that carry their numbers; a larger layer as dots; an input
layer with an image shape (MNIST's 28×28) as that image. Coordinates are scene units equal
to pixels at 100 % zoom, so text sizes are real pixel sizes.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

#: Layers up to this many neurons are boxes with their numbers written in.
BOX_MAX_LAYER = 12
#: A network is "detailed" (every weight written on its edge, as the lecture does) when
#: no layer is larger than this and it has at most DETAIL_MAX_EDGES edges.
DETAIL_MAX_LAYER = 12
DETAIL_MAX_EDGES = 64

MARGIN = 24.0
HEADER_HEIGHT = 46.0
BOTTOM_MARGIN = 18.0
#: Heights of a neuron box showing 3 lines (v, z, b), 2 lines (v, z) or 1 line (z).
BOX_HEIGHTS = {3: 62.0, 2: 44.0, 1: 26.0}
INPUT_BOX_HEIGHT = 32.0
MAX_BOX_SPACING = 230.0


@dataclass(frozen=True)
class LayerGeometry:
    """One layer's place on the canvas.

    Attributes
    ----------
    style : {"box", "dot", "image"}
    x : float
        Centre of the column.
    positions : ndarray of float64, shape (n, 2)
        Centres of the nodes (for an image, of its pixels), row-major.
    node_width, node_height : float
        Size of one node (a box, a dot's diameter twice, or one pixel).
    text_lines : int
        For boxes: how many lines of numbers fit (3: v, z, b; 2: v, z; 1: the output).
    image_rect : tuple of float or None
        ``(left, top, width, height)`` of an image layer.
    """

    style: str
    x: float
    positions: NDArray[np.float64]
    node_width: float
    node_height: float
    text_lines: int = 0
    image_rect: tuple[float, float, float, float] | None = None

    @property
    def extent(self) -> float:
        """Width of the column."""
        return self.image_rect[2] if self.image_rect else self.node_width


@dataclass(frozen=True)
class DiagramLayout:
    """The whole canvas.

    Attributes
    ----------
    width, height : float
        Canvas size.
    detailed : bool
        Whether every edge carries its weight as text.
    layers : tuple of LayerGeometry
    header_y : float
        Baseline area of the layer titles (their vertical centre).
    side_width : float
        Room kept right of the output layer for labels and targets (0: none).
    """

    width: float
    height: float
    detailed: bool
    layers: tuple[LayerGeometry, ...]
    header_y: float
    side_width: float


def is_detailed(layer_sizes: Sequence[int]) -> bool:
    """Whether a network is small enough to write every weight on its edge."""
    edges = sum(a * b for a, b in itertools.pairwise(layer_sizes))
    return max(layer_sizes) <= DETAIL_MAX_LAYER and edges <= DETAIL_MAX_EDGES


def layer_style(layer_sizes: Sequence[int], layer: int, image_shape: tuple[int, int] | None) -> str:
    """Return how ``layer`` is drawn: ``"image"``, ``"box"`` or ``"dot"``."""
    if layer == 0 and image_shape is not None and layer_sizes[0] > BOX_MAX_LAYER:
        return "image"
    return "box" if layer_sizes[layer] <= BOX_MAX_LAYER else "dot"


def compute_layout(
    layer_sizes: Sequence[int],
    width: float,
    height: float,
    box_widths: Sequence[float],
    image_shape: tuple[int, int] | None = None,
    side_width: float = 0.0,
) -> DiagramLayout:
    """Place every layer and node on a canvas of ``width`` × ``height``.

    Parameters
    ----------
    layer_sizes : sequence of int
    width, height : float
        The canvas (the diagram view's size at 100 % zoom).
    box_widths : sequence of float
        Width of the boxes of each layer (measured from its text by the caller); ignored
        for dot and image layers.
    image_shape : tuple of int, optional
        ``(rows, columns)`` of an image input.
    side_width : float
        Room to keep right of the output layer for labels and targets.

    Returns
    -------
    DiagramLayout
    """
    width = max(float(width), 320.0)
    height = max(float(height), 240.0)
    n_layers = len(layer_sizes)
    top = HEADER_HEIGHT
    available = height - top - BOTTOM_MARGIN
    styles = [layer_style(layer_sizes, i, image_shape) for i in range(n_layers)]

    extents = []
    for i, style in enumerate(styles):
        if style == "image":
            extents.append(min(available, width * 0.26))
        elif style == "box":
            extents.append(float(box_widths[i]))
        else:
            extents.append(_dot_diameter(available, layer_sizes[i]))
    left = MARGIN
    right = width - MARGIN - side_width
    gap = max((right - left - sum(extents)) / max(n_layers - 1, 1), 24.0)
    xs = []
    cursor = left
    for extent in extents:
        xs.append(cursor + extent / 2)
        cursor += extent + gap
    if n_layers == 1:  # pragma: no cover - networks have at least two layers
        xs = [width / 2]

    centre_y = top + available / 2
    layers = []
    for i, (style, x) in enumerate(zip(styles, xs, strict=True)):
        n = layer_sizes[i]
        if style == "image":
            assert image_shape is not None
            layers.append(_image_layer(x, centre_y, extents[i], image_shape))
        elif style == "box":
            spacing = min(available / n, MAX_BOX_SPACING)
            ys = centre_y + (np.arange(n) - (n - 1) / 2) * spacing
            if i == 0:
                lines = 1
                box_height = min(INPUT_BOX_HEIGHT, spacing * 0.8)
            else:
                lines = 3 if spacing >= 72 else 2 if spacing >= 50 else 1
                box_height = min(BOX_HEIGHTS[lines], spacing * 0.86)
            positions = np.column_stack([np.full(n, x), ys])
            layers.append(LayerGeometry("box", x, positions, extents[i], box_height, lines))
        else:
            spacing = available / n
            ys = centre_y + (np.arange(n) - (n - 1) / 2) * spacing
            diameter = extents[i]
            positions = np.column_stack([np.full(n, x), ys])
            layers.append(LayerGeometry("dot", x, positions, diameter, diameter))
    return DiagramLayout(
        width=width,
        height=height,
        detailed=is_detailed(layer_sizes),
        layers=tuple(layers),
        header_y=top / 2,
        side_width=side_width,
    )


def _dot_diameter(available: float, n: int) -> float:
    return float(np.clip(available / n * 0.78, 3.0, 16.0))


def _image_layer(x: float, centre_y: float, side: float, shape: tuple[int, int]) -> LayerGeometry:
    rows, columns = shape
    pixel = side / max(rows, columns)
    w, h = pixel * columns, pixel * rows
    left, top = x - w / 2, centre_y - h / 2
    r, c = np.divmod(np.arange(rows * columns), columns)
    positions = np.column_stack([left + (c + 0.5) * pixel, top + (r + 0.5) * pixel])
    return LayerGeometry("image", x, positions, pixel, pixel, 0, (left, top, w, h))
