"""What hovering shows: the exact numbers of a node or edge and how they were computed.

Tooltips are rebuilt every time they are shown (and when the numbers change under a
visible one), so they are always current. They follow the diagram's content: a value the
step-through has not revealed yet is not given away (one that is ∞ or NaN is written so).
"""

from __future__ import annotations

import html

from nnviz.core import sentences
from nnviz.core.activations import get_activation
from nnviz.core.trace import BackwardTrace, ForwardTrace
from nnviz.present.diagram.content import DiagramContent
from nnviz.present.diagram.texts import exact, layer_subtitle, layer_title

#: Neurons with more incoming edges than this get a summary instead of every term.
MAX_TERMS_WRITTEN = 12


def _lines(*parts: str) -> str:
    return "<br>".join(parts)


def _bold(text: str) -> str:
    return f"<b>{html.escape(text)}</b>"


def _plain(text: str) -> str:
    return html.escape(text)


def _hint(text: str) -> str:
    return f"<i>{html.escape(text)}</i>"


def node_tooltip(
    content: DiagramContent,
    forward: ForwardTrace | None,
    backward: BackwardTrace | None,
    layer: int,
    neuron: int,
) -> str:
    """Rich text for hovering node ``(layer, neuron)``."""
    title = content.node_title(layer, neuron)
    value = float(content.activations[layer][neuron])
    where = layer_title(content, layer)
    if layer == 0:
        parts = [_bold(f"{title} · {where}")]
        if content.input_image_shape is not None:
            columns = content.input_image_shape[1]
            parts.append(
                _plain(f"pixel row {neuron // columns + 1}, column {neuron % columns + 1}")
            )
        parts.append(_plain(f"{content.value_name(0, neuron)} = {exact(value)}"))
        parts.append(_hint("click to type a value · scroll or drag to nudge"))
        return _lines(*parts)
    activation = content.activation_of(layer, neuron)
    own = " (its own)" if content.own_activation(layer, neuron) else ""
    parts = [_bold(f"{title} · {where} · {activation}{own}")]
    if not content.is_shown(layer, neuron):
        parts.append(_plain("not computed yet"))
    else:
        fan_in = content.layer_sizes[layer - 1]
        if forward is not None and fan_in <= MAX_TERMS_WRITTEN:
            z = float(content.weighted_sums[layer - 1][neuron])
            parts.append(_plain(sentences.weighted_sum_text(forward, layer, neuron)))
            parts.append(_plain(sentences.activation_text(forward, layer, neuron)))
            parts.append(
                _plain(
                    f"exactly: {content.sum_name(layer, neuron)} = {exact(z)}, "
                    f"{content.value_name(layer, neuron)} = {exact(value)}"
                )
            )
        else:
            z = float(content.weighted_sums[layer - 1][neuron])
            v_name = content.sum_name(layer, neuron)
            z_name = content.value_name(layer, neuron)
            parts.append(
                _plain(f"{v_name} = {exact(z)} (the sum of {fan_in} terms w·a and the bias)")
            )
            parts.append(_plain(f"{z_name} = {activation}({v_name}) = {exact(value)}"))
        if backward is not None and fan_in <= MAX_TERMS_WRITTEN:
            parts.append(_plain(sentences.delta_text(backward, layer, neuron)))
        elif backward is not None:
            delta = float(backward.deltas[layer - 1][neuron])
            v_name = content.sum_name(layer, neuron)
            delta_name = v_name.replace("v", "δ", 1)
            parts.append(_plain(f"{delta_name} = ∂C/∂{v_name} = {exact(delta)}"))
    bias = float(content.biases[layer - 1][neuron])
    parts.append(_plain(f"{content.bias_name(layer, neuron)} = {exact(bias)}"))
    if content.output_labels is not None and layer == len(content.layer_sizes) - 1:
        parts.append(_plain(f"class “{content.output_labels[neuron]}”"))
    parts.append(_hint("click to edit the bias and activation · scroll to nudge the bias"))
    return _lines(*parts)


def edge_tooltip(
    content: DiagramContent,
    forward: ForwardTrace | None,
    backward: BackwardTrace | None,
    layer: int,
    source: int,
    target: int,
) -> str:
    """Rich text for hovering edge ``(layer, source, target)``."""
    name = content.weight_name(layer, source, target)
    w = float(content.weights[layer - 1][source, target])
    start = content.node_title(layer - 1, source)
    end = content.node_title(layer, target)
    parts = [_bold(f"{name} = {exact(w)}"), _plain(f"the edge from {start} to {end}")]
    a = float(content.activations[layer - 1][source])
    if content.is_shown(layer - 1, source):
        term = w * a
        incoming = content.value_name(layer - 1, source)
        parts.append(_plain(f"term {name}·{incoming} = ({exact(w)})({exact(a)}) = {exact(term)}"))
    if backward is not None:
        parts.append(_plain(sentences.weight_gradient_text(backward, layer, source, target)))
    parts.append(_hint("click to type a weight · scroll or drag to nudge (Shift: finer)"))
    return _lines(*parts)


def header_tooltip(content: DiagramContent, layer: int) -> str:
    """Rich text for hovering a layer's activation."""
    name = content.activation_names[layer - 1]
    activation = get_activation(name)
    return _lines(
        _bold(f"{layer_title(content, layer)} · {layer_subtitle(content, layer)}"),
        _plain(activation.formula),
        _plain(activation.derivative_formula),
        _hint("click to choose another activation"),
    )
