"""From content and layout to what the items paint: pens, passes, boxes, labels."""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFontMetricsF, QPainterPath, QPen

from nnviz.core.types import FloatArray
from nnviz.present.diagram.content import DiagramContent, DiagramOverlay, EdgeKey
from nnviz.present.diagram.edge_selection import LEVELS, N_BINS, EdgeList, bin_strength, edge_bins
from nnviz.present.diagram.label_layout import LabelRequest, labelled_edges, place_labels
from nnviz.present.diagram.layout import DiagramLayout
from nnviz.present.diagram.texts import edge_label
from nnviz.qt.diagram.edges import segments_path
from nnviz.qt.diagram.labels import EdgeLabel
from nnviz.qt.diagram.nodes import box_font_sizes
from nnviz.qt.diagram.style import EDGE_LABEL_PX, DiagramStyle, font
from nnviz.qt.palette import hex_rgb, readable_text

#: Bins drawn weakest first, so that strong edges end up on top.
DRAW_ORDER = [0] + [b for level in range(LEVELS) for b in (1 + level, 1 + LEVELS + level)]


def text_width(text: str, pixels: int, bold: bool = False) -> float:
    """Width of ``text`` in the diagram's font of ``pixels`` pixels."""
    return QFontMetricsF(font(pixels, bold)).horizontalAdvance(text)


def box_width(lines_per_node: list[list[str]], is_input: bool) -> float:
    """The width a layer's boxes need to fit the widest of their lines."""
    widest = 0.0
    for lines in lines_per_node:
        sizes = box_font_sizes(len(lines), is_input)
        for line, (pixels, bold) in zip(lines, sizes, strict=False):
            widest = max(widest, text_width(line, pixels, bold))
    return float(np.ceil((widest + 20.0) / 8.0) * 8.0)


def edge_pens(style: DiagramStyle, detailed: bool, emphasis: bool = False) -> list[QPen]:
    """One pen per bin: colour by sign and |w|, width by |w|.

    Small networks get widths of 1–5 px that scale with zoom; large ones 1 px cosmetic
    pens (wide pens cost ~10× more to draw) with opacity growing with |w|, except the two
    strongest levels.
    """
    # Made once per style (a training commit asked for them three times, each a palette
    # call per bin); copies, so that a caller may change its own.
    return [QPen(pen) for pen in _edge_pens(style, detailed, emphasis)]


@lru_cache(maxsize=32)
def _edge_pens(style: DiagramStyle, detailed: bool, emphasis: bool) -> tuple[QPen, ...]:
    theme = style.theme
    pens = []
    for index in range(N_BINS):
        sign, strength = bin_strength(index)
        rgb = style.palette.colours(np.array([sign * strength]), 1.0, theme.neutral, floor=0.3)[0]
        colour = QColor(int(rgb[0]), int(rgb[1]), int(rgb[2]))
        if detailed:
            width = 1.2 + 4.0 * strength
            pen = QPen(colour, width)
            if sign == 0:
                pen.setStyle(Qt.PenStyle.DashLine)
        else:
            colour.setAlpha(255 if emphasis else int(60 + 170 * strength))
            width = 1.0 if strength < 0.7 else 1.6 if strength < 0.9 else 2.2
            pen = QPen(colour, width if emphasis or strength >= 0.7 else 1.0)
            pen.setCosmetic(True)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap if detailed else Qt.PenCapStyle.FlatCap)
        pens.append(pen)
    return tuple(pens)


def edge_endpoints(
    edges: EdgeList, layout: DiagramLayout
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Start and end coordinates ``(x0, y0, x1, y1)`` of each edge, shape (m,) each."""
    x0 = np.empty(edges.size)
    y0 = np.empty(edges.size)
    x1 = np.empty(edges.size)
    y1 = np.empty(edges.size)
    for layer in np.unique(edges.layer):
        mask = edges.layer == layer
        start = layout.layers[layer - 1].positions[edges.source[mask]]
        end = layout.layers[layer].positions[edges.target[mask]]
        x0[mask], y0[mask] = start[:, 0], start[:, 1]
        x1[mask], y1[mask] = end[:, 0], end[:, 1]
    return x0, y0, x1, y1


def edge_passes(
    edges: EdgeList,
    layout: DiagramLayout,
    scales: FloatArray,
    pens: list[QPen],
) -> list[tuple[QPen, QPainterPath]]:
    """One ``(pen, path)`` pass per non-empty bin, weakest first."""
    if edges.size == 0:
        return []
    x0, y0, x1, y1 = edge_endpoints(edges, layout)
    bins = edge_bins(edges, scales)
    passes = []
    for index in DRAW_ORDER:
        mask = bins == index
        if np.any(mask):
            passes.append((pens[index], segments_path(x0[mask], y0[mask], x1[mask], y1[mask])))
    return passes


def highlight_passes(
    edges: EdgeList,
    layout: DiagramLayout,
    scales: FloatArray,
    pens: list[QPen],
    accent: QColor,
) -> list[tuple[QPen, QPainterPath]]:
    """Passes for highlighted edges: an accent halo under each, then the edge, wider."""
    if edges.size == 0:
        return []
    x0, y0, x1, y1 = edge_endpoints(edges, layout)
    halo_colour = QColor(accent)
    halo_colour.setAlpha(120)
    halo = QPen(halo_colour, 9.0)
    halo.setCapStyle(Qt.PenCapStyle.RoundCap)
    passes = [(halo, segments_path(x0, y0, x1, y1))]
    bins = edge_bins(edges, scales)
    for index in DRAW_ORDER:
        mask = bins == index
        if np.any(mask):
            pen = QPen(pens[index])
            pen.setCosmetic(False)
            pen.setWidthF(max(pen.widthF(), 1.0) + 1.5)
            pen.setStyle(Qt.PenStyle.SolidLine)
            passes.append((pen, segments_path(x0[mask], y0[mask], x1[mask], y1[mask])))
    return passes


def layer_box_colours(
    values: FloatArray, scale: float, style: DiagramStyle
) -> list[tuple[QColor, QColor]]:
    """:func:`box_colours` of each of a layer's ``values`` (shape (n,)), with one palette
    call for the layer: live training recolours every box a few times a second."""
    theme = style.theme
    surface = np.array(hex_rgb(theme.surface), dtype=np.float64)
    # NaN takes the plain surface in the palette too (its tint is zero).
    tinted = style.palette.colours(np.asarray(values, np.float64), scale, theme.surface, 0.2)
    mixed = surface + (tinted.astype(np.float64) - surface) * 0.62
    dark = theme.text if theme.key == "light" else "#111111"
    result = []
    for r, g, b in mixed.astype(np.int64).tolist():
        result.append((QColor(r, g, b), QColor(_readable_text((r, g, b), dark))))
    return result


@lru_cache(maxsize=4096)
def _readable_text(fill: tuple[int, int, int], dark: str) -> str:
    return readable_text(fill, dark=dark)


def box_colours(value: float, scale: float, style: DiagramStyle) -> tuple[QColor, QColor]:
    """Fill and text colour of a box showing ``value`` (NaN: the plain surface)."""
    theme = style.theme
    if np.isnan(value):
        rgb = hex_rgb(theme.surface)
    else:
        tinted = style.palette.colours(np.array([value]), scale, theme.surface, floor=0.2)[0]
        rgb = (int(tinted[0]), int(tinted[1]), int(tinted[2]))
    # Only tint part of the way, so that the numbers stay easy to read.
    surface = np.array(hex_rgb(theme.surface), dtype=np.float64)
    mixed = surface + (np.array(rgb, dtype=np.float64) - surface) * 0.62
    fill = (int(mixed[0]), int(mixed[1]), int(mixed[2]))
    return QColor(*fill), QColor(
        readable_text(fill, dark=theme.text if theme.key == "light" else "#111111")
    )


def place_edge_labels(
    content: DiagramContent,
    layout: DiagramLayout,
    boxes: dict[tuple[int, int], QRectF],
    pens: list[QPen],
    scales: FloatArray,
    overlay: DiagramOverlay,
    canvas: QRectF | None = None,
    mode: str = "every",
    selected: tuple[int, int] | None = None,
) -> tuple[list[EdgeLabel], dict[EdgeKey, QRectF], tuple[EdgeKey, ...]]:
    """Place the weight labels of a small network on their edges, never over a node or
    each other (see :mod:`nnviz.present.diagram.label_layout`).

    Returns the labels to draw, their rectangles by edge, and the edges whose label found
    no free place (their weight is in the edge's tooltip).
    """
    metrics = QFontMetricsF(font(EDGE_LABEL_PX))
    keys = [
        (layer, source, target)
        for layer in range(1, len(content.layer_sizes))
        for target in range(content.layer_sizes[layer])
        for source in range(content.layer_sizes[layer - 1])
    ]
    highlighted = set(overlay.edges) | set(overlay.edge_notes)
    chosen = labelled_edges(mode, keys, selected, highlighted)
    requests = []
    texts: dict[EdgeKey, tuple[str, str]] = {}
    for key in chosen:
        layer, source, target = key
        text = edge_label(content, layer, source, target)
        note = overlay.edge_notes.get(key, "")
        texts[key] = (text, note)
        width = max(metrics.horizontalAdvance(text), metrics.horizontalAdvance(note)) + 12
        start_box = boxes[(layer - 1, source)]
        end_box = boxes[(layer, target)]
        value = abs(float(content.weights[layer - 1][source, target]))
        touches_selected = selected in ((layer, target), (layer - 1, source))
        priority = value + (1e6 if key in highlighted else 0) + (1e3 if touches_selected else 0)
        requests.append(
            LabelRequest(
                key,
                (start_box.right(), start_box.center().y()),
                (end_box.left(), end_box.center().y()),
                width,
                34.0 if note else 19.0,
                priority,
            )
        )
    obstacles = [(r.x(), r.y(), r.width(), r.height()) for r in boxes.values()]
    bounds = canvas if canvas is not None else QRectF(-1e6, -1e6, 2e6, 2e6)
    placement = place_labels(
        requests, obstacles, (bounds.x(), bounds.y(), bounds.width(), bounds.height())
    )
    labels: list[EdgeLabel] = []
    rects: dict[EdgeKey, QRectF] = {}
    for key in chosen:
        spot = placement.placed.get(key)
        if spot is None:
            continue
        layer, source, target = key
        rect = QRectF(*spot)
        rects[key] = rect
        value = float(content.weights[layer - 1][source, target])
        bins = edge_bins(
            EdgeList(np.array([layer]), np.array([source]), np.array([target]), np.array([value])),
            scales,
        )
        text, note = texts[key]
        labels.append(
            EdgeLabel(
                rect=rect,
                text=text,
                note=note,
                edge_colour=pens[int(bins[0])].color(),
                highlighted=key in overlay.edges,
                dimmed=overlay.dim_others and bool(overlay.edges) and key not in overlay.edges,
            )
        )
    return labels, rects, placement.hidden
