"""The sentences of whole-layer steps, for networks too large to narrate neuron by neuron.

MNIST's 784-100-50-10 is stepped a layer at a time: each sentence says what the layer
computed and sums its numbers up (ranges, how many neurons are active, the largest change).
"""

from __future__ import annotations

import numpy as np

from nnviz.core.activation import range_text
from nnviz.core.activations import get_activation
from nnviz.core.losses import get_loss
from nnviz.core.notation import format_number
from nnviz.core.trace import BackwardTrace, ForwardTrace

__all__ = [
    "layer_activation_text",
    "layer_delta_text",
    "layer_gradient_text",
    "layer_sum_text",
    "range_text",
]


def layer_sum_text(forward: ForwardTrace, layer: int) -> str:
    """What layer ``layer`` summed: ``layer 1: v = W·x + b: each of its 100 neurons …``."""
    source = "x" if layer == 1 else "z"
    z = forward.weighted_sums[layer - 1]
    relation = "=" if z.size <= 10 else "ranges"
    return (
        f"layer {layer}: v = W·{source} + b: each of its {z.size} neurons sums "
        f"{forward.network.layer_sizes[layer - 1]} terms w·{source} and its bias; "
        f"v {relation} {range_text(z)}"
    )


def layer_activation_text(forward: ForwardTrace, layer: int) -> str:
    """The layer's activation: how many neurons are active, or the probabilities."""
    network = forward.network
    if network.is_mixed(layer):
        a = forward.activations[layer]
        return f"layer {layer}: z = f(v), each neuron its own f; z = {range_text(a)}"
    activation = get_activation(network.activations[layer - 1])
    return activation.layer_text(layer, forward.activations[layer])


def layer_delta_text(backward: BackwardTrace, layer: int) -> str:
    """The layer's deltas: the chain rule in matrix form and how many pass error back."""
    network = backward.forward.network
    name = "f" if network.is_mixed(layer) else network.activations[layer - 1]
    delta = backward.deltas[layer - 1]
    if layer == network.n_layers - 1:
        loss = get_loss(backward.loss_name)
        if loss.fused_with == name:
            return f"layer {layer}: δ = ŷ − y ({name} with {loss.title}): δ = {range_text(delta)}"
        return f"layer {layer}: δ = ∂C/∂ŷ ⊙ {name}′(v): δ = {range_text(delta)}"
    passing = int(np.count_nonzero(delta))
    return (
        f"layer {layer}: δ = (W{layer + 1}·δ{layer + 1}) ⊙ {name}′(v): {passing} of {delta.size} "
        f"neurons pass error back; δ ranges {range_text(delta)}"
    )


def layer_gradient_text(backward: BackwardTrace, layer: int) -> str:
    """The layer's weight gradients: their shape, how many are 0, the largest."""
    gradients = backward.weight_gradients[layer - 1]
    source = "x" if layer == 1 else "z"
    zeros = int(gradients.size - np.count_nonzero(gradients))
    return (
        f"layer {layer}: ∂C/∂W = {source}ᵀ·δ, {gradients.shape[0]}×{gradients.shape[1]} gradients, "
        f"{zeros:,} of them exactly 0; the largest in size is "
        f"{format_number(float(gradients.flat[np.argmax(np.abs(gradients))]))}"
    )
