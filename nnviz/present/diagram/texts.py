"""The words and numbers written on the diagram, in the lecture's notation (Qt-free).

Kept apart from the painting so that tests can read exactly what is drawn: a node shows
``v3 = −4``, ``z3 = 0`` and ``b3 = 0``; an edge ``w13 = 2``; an input ``x1 = 1``. A value
not shown (not computed yet, in the step-through) shows its name alone; one that is ∞ or
NaN says so (``v3 = ∞``, ``z3 = NaN``).
"""

from __future__ import annotations

from nnviz.core.notation import equation, format_number, target_name
from nnviz.present.diagram.content import DiagramContent

#: Longest number format_number writes (four significant digits, up to three more where a
#: value would otherwise read as a whole number): sizes the boxes.
WIDEST_NUMBER = "−0.9999999"


def named(name: str, value: float, shown: bool = True) -> str:
    """``"z3 = 0"`` (``"z3 = NaN"``), or ``"z3"`` alone when the value is not shown."""
    if not shown:
        return name
    return equation(f"{name} = {format_number(value)}")


def exact(value: float) -> str:
    """A number with all the digits worth reading (for tooltips and editors)."""
    return format_number(value, digits=12)


def node_lines(content: DiagramContent, layer: int, neuron: int, lines: int) -> list[str]:
    """The text of a node box, top to bottom.

    Parameters
    ----------
    content : DiagramContent
    layer, neuron : int
    lines : int
        How many lines fit: 3 (v, z, b), 2 (v, z) or 1 (z); inputs always have one.

    Returns
    -------
    list of str
        For an input ``["x1 = 1"]``; for a neuron ``["v3 = −4", "z3 = 0", "b3 = 0"]``.
    """
    value = float(content.activations[layer][neuron])
    if layer == 0:
        return [named(content.value_name(0, neuron), value)]
    output = named(content.value_name(layer, neuron), value, content.is_shown(layer, neuron))
    own = content.own_activation(layer, neuron)
    if own is not None:
        output = f"{output} ({own})"  # the neuron's own activation, not its layer's
    if lines <= 1:
        return [output]
    weighted_sum = named(
        content.sum_name(layer, neuron),
        float(content.weighted_sums[layer - 1][neuron]),
        content.is_shown(layer, neuron, weighted_sum=True),
    )
    if lines == 2:
        return [weighted_sum, output]
    bias = named(content.bias_name(layer, neuron), float(content.biases[layer - 1][neuron]))
    return [weighted_sum, output, bias]


def template_lines(content: DiagramContent, layer: int, lines: int) -> list[str]:
    """The widest text a box of ``layer`` may need (its last neuron, widest number)."""
    neuron = content.layer_sizes[layer] - 1
    if layer == 0:
        return [f"{content.value_name(0, neuron)} = {WIDEST_NUMBER}"]
    names = [content.sum_name(layer, neuron), content.value_name(layer, neuron)]
    if lines >= 3:
        names.append(content.bias_name(layer, neuron))
    return [f"{name} = {WIDEST_NUMBER}" for name in names[-lines:]]


def edge_label(content: DiagramContent, layer: int, source: int, target: int) -> str:
    """``"w13 = 2"``."""
    value = float(content.weights[layer - 1][source, target])
    return named(content.weight_name(layer, source, target), value)


def layer_title(content: DiagramContent, layer: int) -> str:
    """``"input layer"``, ``"hidden layer 1"``, ``"output layer"``."""
    return layer_title_forms(content, layer)[0]


def layer_title_forms(content: DiagramContent, layer: int) -> tuple[str, ...]:
    """A layer's title, longest first (``"hidden layer 1"``, ``"hidden 1"``, ``"h1"``): the
    diagram writes the longest that fits between its neighbours."""
    last = len(content.layer_sizes) - 1
    if layer == 0:
        return ("input layer", "input")
    if layer == last:
        return ("output layer", "output")
    if last == 2:
        return ("hidden layer", "hidden")
    return (f"hidden layer {layer}", f"hidden {layer}", f"h{layer}")


def layer_subtitle(content: DiagramContent, layer: int) -> str:
    """``"step"`` under a neuron layer's title (with its size when large); the input
    layer's size (and image shape)."""
    return layer_subtitle_forms(content, layer)[0]


def layer_subtitle_forms(content: DiagramContent, layer: int) -> tuple[str, ...]:
    """A layer's subtitle, longest first (``"relu · 100 neurons"``, ``"relu · 100"``,
    ``"relu"``)."""
    n = content.layer_sizes[layer]
    if layer == 0:
        shape = content.input_image_shape
        if shape is not None and n > 12:
            return (f"{n} inputs ({shape[0]}×{shape[1]} image)", f"{n} inputs")
        inputs = f"{n} input{'s' if n != 1 else ''}"
        if content.inputs_standardised:
            # Short: the input layer's column starts at the diagram's left edge (the
            # Network panel says what "std." means).
            return (f"{inputs} (std.)", inputs)
        return (inputs,)
    name = content.activation_names[layer - 1]
    own = [
        (neuron, other)
        for at_layer, neuron, other in content.neuron_activations
        if at_layer == layer
    ]
    if own:
        full = ", ".join([name] + [f"{content.value_name(layer, j)}: {f}" for j, f in own])
        forms = (full, f"{name} + {len(own)} own", "mixed")
        return (*(f"{form} · {n}" for form in forms), "mixed") if n > 12 else forms
    return (f"{name} · {n} neurons", f"{name} · {n}", name) if n > 12 else (name,)


def output_side_label(content: DiagramContent, neuron: int) -> str:
    """Right of an output node: its target (``y5 = 1``), or class and target (``“7”  y = 1``)."""
    parts = []
    last = len(content.layer_sizes) - 1
    name = target_name(content.node_number(last, neuron))
    if content.output_labels is not None:
        parts.append(f"“{content.output_labels[neuron]}”")
        name = "y"  # the class label already says which output this is
    if content.target is not None:
        parts.append(f"{name} = {format_number(float(content.target[neuron]))}")
    return "  ".join(parts)
