"""What an output node says beside it when its value is a probability: its class and the
probability as a percentage (``“7”  97.3 %``), read off the trace the diagram shows.

The outputs are probabilities when the output layer is a softmax (they sum to 1), or
sigmoids trained with a cross-entropy (each is the probability of its class); sigmoids
fitted by squared error (the lecture's XOR) are values, not probabilities. Qt-free; the
diagram paints a bar of that length behind the label (:mod:`nnviz.qt.diagram.probability`).
"""

from __future__ import annotations

import math

from nnviz.present.diagram.content import DiagramContent

#: Output activations whose values are probabilities (sigmoid only with these losses).
PROBABILITY_OUTPUTS = ("softmax", "sigmoid")
PROBABILITY_LOSSES = ("binary_cross_entropy", "cross_entropy")


def gives_probabilities(content: DiagramContent) -> bool:
    """Whether ``content``'s outputs are probabilities (see the module docstring)."""
    output = content.activation_names[len(content.layer_sizes) - 2]
    if output == "sigmoid":
        return content.loss in PROBABILITY_LOSSES
    return output in PROBABILITY_OUTPUTS


def output_probability(content: DiagramContent, neuron: int) -> float | None:
    """The probability output ``neuron`` gives (0 … 1), or None if its value is not one
    (another activation, a value not computed yet, or NaN)."""
    last = len(content.layer_sizes) - 1
    if not gives_probabilities(content):
        return None
    if not content.is_shown(last, neuron):
        return None
    value = float(content.activations[last][neuron])
    if not math.isfinite(value):
        return None
    return min(max(value, 0.0), 1.0)


def percentage(probability: float) -> str:
    """``"97.3 %"``; ``"<0.1 %"`` and ``">99.9 %"`` at the ends rather than 0 or 100."""
    if probability < 0.0005:
        return "<0.1 %"
    if probability > 0.9995:
        return ">99.9 %"
    return f"{probability:.1%}".replace("%", " %")


def probability_label(content: DiagramContent, neuron: int) -> str:
    """``"97.3 %"`` for an output that is a probability, "" otherwise."""
    probability = output_probability(content, neuron)
    return "" if probability is None else percentage(probability)


def widest_probability_label(content: DiagramContent) -> str:
    """The widest text :func:`probability_label` can write for ``content`` ("" if none)."""
    return ">99.9 %" if gives_probabilities(content) else ""
