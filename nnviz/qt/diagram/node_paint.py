"""From content and layout to the node layer's paint: boxes, dots, titles, side labels."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor

from nnviz.present.diagram.content import DiagramContent, DiagramOverlay, NodeKey
from nnviz.present.diagram.layout import DiagramLayout, layer_style
from nnviz.present.diagram.outputs import (
    output_probability,
    percentage,
    widest_probability_label,
)
from nnviz.present.diagram.texts import (
    layer_subtitle_forms,
    layer_title_forms,
    node_lines,
    output_side_label,
    template_lines,
)
from nnviz.qt.diagram import painting
from nnviz.qt.diagram.nodes import BoxNode, DotNode, Header, NodePaint
from nnviz.qt.diagram.probability import ProbabilityBar
from nnviz.qt.diagram.style import HEADER_PX, SUBTITLE_PX, DiagramStyle


def layer_scale(values: np.ndarray) -> float:
    """The largest finite |value| of a layer (1 when there is none): full colour."""
    finite = values[np.isfinite(values)]
    scale = float(np.max(np.abs(finite))) if finite.size else 1.0
    return scale if scale > 0 else 1.0


def build_node_paint(
    content: DiagramContent,
    layout: DiagramLayout,
    overlay: DiagramOverlay,
    selected: NodeKey | None,
    style: DiagramStyle,
) -> tuple[NodePaint, dict[NodeKey, QRectF], dict[int, QRectF]]:
    """Everything the node layer paints.

    Returns
    -------
    paint : NodePaint
    boxes : dict
        The rectangle of each box node, by ``(layer, neuron)`` (for hit tests and labels).
    subtitles : dict
        The rectangle of each neuron layer's activation name, by layer (clickable).
    """
    paint = NodePaint()
    boxes: dict[NodeKey, QRectF] = {}
    subtitles: dict[int, QRectF] = {}
    dimming = overlay.dim_others and bool(overlay.nodes or overlay.edges)
    last = len(content.layer_sizes) - 1
    probabilities = [output_probability(content, j) for j in range(content.layer_sizes[last])]
    known = [p for p in probabilities if p is not None]
    top = max(known) if known else None
    for layer, geometry in enumerate(layout.layers):
        values = np.asarray(content.activations[layer], dtype=np.float64)
        scale = layer_scale(values)
        positions = geometry.positions if geometry.style != "image" else np.zeros((0, 2))
        if geometry.style == "box":
            colours = painting.layer_box_colours(values[: len(positions)], scale, style)
        if geometry.style == "dot":
            # One palette call per layer, not per neuron: live training recolours the
            # dots a few times a second.
            rgb = style.palette.colours(np.nan_to_num(values), scale, style.theme.neutral, 0.25)
        for j, (x, y) in enumerate(positions):
            key = (layer, j)
            flags = {
                "highlighted": key in overlay.nodes,
                "selected": selected == key,
                "dimmed": dimming and key not in overlay.nodes,
            }
            if geometry.style == "box":
                w, h = geometry.node_width, geometry.node_height
                rect = QRectF(x - w / 2, y - h / 2, w, h)
                boxes[key] = rect
                fill, text = colours[j]
                lines = node_lines(content, layer, j, geometry.text_lines)
                note = overlay.node_notes.get(key, "")
                paint.boxes.append(BoxNode(rect, fill, text, lines, layer == 0, note=note, **flags))
                if layer == last and layout.side_width:
                    side = QRectF(x + w / 2 + 8, y - 11, layout.side_width - 6, 22)
                    label = output_side_label(content, j)
                    probability = probabilities[j]
                    if probability is not None:
                        label = f"{label}  {percentage(probability)}".strip()
                        bar = side.adjusted(-3, 0, 0, 0)
                        paint.probability_bars.append(
                            ProbabilityBar(bar, probability, probability == top)
                        )
                    paint.side_labels.append((side, label))
            else:
                colour = QColor(int(rgb[j, 0]), int(rgb[j, 1]), int(rgb[j, 2]))
                paint.dots.append(DotNode(QPointF(x, y), geometry.node_width, colour, **flags))
        if geometry.style == "image":
            marked = {n for lay, n in overlay.nodes if lay == 0}
            if selected is not None and selected[0] == 0:
                marked.add(selected[1])
            for n in sorted(marked):
                cx, cy = geometry.positions[n]
                size = geometry.node_width
                paint.pixel_marks.append((QRectF(cx - size / 2, cy - size / 2, size, size), True))
        header = _header(content, layout, layer, geometry.x, _room(layout, layer))
        if layer >= 1:
            subtitles[layer] = header.subtitle_rect
        paint.headers.append(header)
    return paint, boxes, subtitles


def _room(layout: DiagramLayout, layer: int) -> float:
    """The widest a header centred on ``layer`` can be without reaching its neighbours'."""
    xs = [geometry.x for geometry in layout.layers]
    gaps = [abs(xs[layer] - xs[other]) for other in (layer - 1, layer + 1) if 0 <= other < len(xs)]
    # Each neighbour may take half the gap; the input and output layers have one side free.
    return min(gaps) - 8 if gaps else float("inf")


def _fitting(forms: tuple[str, ...], room: float, px: int, bold: bool, pad: float) -> str:
    """The longest of ``forms`` that fits ``room`` (the shortest if none does)."""
    for text in forms:
        if painting.text_width(text, px, bold=bold) + pad <= room:
            return text
    return forms[-1]


def _header(
    content: DiagramContent, layout: DiagramLayout, layer: int, x: float, room: float
) -> Header:
    y = layout.header_y
    title = _fitting(layer_title_forms(content, layer), room, HEADER_PX, True, 12)
    subtitle = _fitting(layer_subtitle_forms(content, layer), room, SUBTITLE_PX, False, 14)
    title_width = painting.text_width(title, HEADER_PX, bold=True) + 12
    width = painting.text_width(subtitle, SUBTITLE_PX) + 14
    title_rect = QRectF(x - title_width / 2, y - 19, title_width, 18)
    subtitle_rect = QRectF(x - width / 2, y + 1, width, 18)
    return Header(title_rect, title, subtitle, subtitle_rect, editable=layer >= 1)


def side_label_width(content: DiagramContent) -> float:
    """Room the output layer's class labels and targets need on its right (0: none)."""
    extra = widest_probability_label(content)
    if content.output_labels is None and content.target is None and not extra:
        return 0.0
    widest = max(
        painting.text_width(f"{output_side_label(content, j)}  {extra}", SUBTITLE_PX, bold=True)
        for j in range(content.layer_sizes[-1])
    )
    return float(np.ceil((widest + 16.0) / 8.0) * 8.0)


def box_widths(content: DiagramContent) -> list[float]:
    """Width of the boxes of each layer, to fit its widest text (0 for dots and images)."""
    widths = []
    for layer, n in enumerate(content.layer_sizes):
        if layer_style(content.layer_sizes, layer, content.input_image_shape) != "box":
            widths.append(0.0)
            continue
        lines = [node_lines(content, layer, j, 3) for j in range(n)]
        if content.layered:
            # A large network trains live: its boxes are as wide as the widest number
            # from the start, so the columns never shift when training changes the values.
            lines.append(template_lines(content, layer, 3))
        minimum = 72.0 if layer == 0 else 96.0
        widths.append(max(painting.box_width(lines, layer == 0), minimum))
    return widths
