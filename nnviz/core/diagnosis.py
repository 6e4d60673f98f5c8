"""Why gradients are zero: the explanation a student reads when backpropagation stalls.

The lecture's point about the step function is that its derivative is 0 everywhere, so
gradient descent cannot move the weights of a step network. A ReLU neuron whose weighted
sum is negative, and an output that already equals its target, stall the same way. This
module says which of these happened, in words, from a backward trace.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.core.activations import get_activation
from nnviz.core.notation import format_number, weighted_sum_name
from nnviz.core.trace import BackwardTrace


@dataclass(frozen=True)
class ZeroGradients:
    """Where the gradients of a backward pass vanish, and why.

    Attributes
    ----------
    all_zero : bool
        Every weight and bias gradient is exactly 0.
    step_layers : tuple of int
        Layers (1 .. L) whose activation is the step function.
    stalled_layers : tuple of int
        Layers (1 .. L) into which every weight gradient is 0.
    explanation : str
        What a student reads: why those gradients are 0.
    """

    all_zero: bool
    step_layers: tuple[int, ...]
    stalled_layers: tuple[int, ...]
    explanation: str


def explain_zero_gradients(backward: BackwardTrace) -> ZeroGradients | None:
    """Say why gradients vanish in ``backward``, or return None when none of it applies.

    Parameters
    ----------
    backward : BackwardTrace

    Returns
    -------
    ZeroGradients or None
        None when the network has no step layer and some weight gradient is not zero.
    """
    network = backward.forward.network
    n = network.n_layers
    gradients = (*backward.weight_gradients, *backward.bias_gradients)
    if not all(np.all(np.isfinite(g)) for g in gradients):
        return None  # ∞ or NaN, not 0: nnviz.core.nonfinite explains that
    step_layers = tuple(
        layer
        for layer in range(1, n)
        # A step layer with a neuron of its own smooth activation is not gradient-free.
        if all(get_activation(f).gradient_free for f in network.layer_activation_names(layer))
    )
    stalled = tuple(
        layer for layer in range(1, n) if not np.any(backward.weight_gradients[layer - 1])
    )
    all_zero = len(stalled) == n - 1 and not any(np.any(g) for g in backward.bias_gradients)
    if step_layers and (all_zero or stalled):
        where = (
            "every gradient is 0"
            if all_zero
            else f"the gradients of the weights into layer {_layers(stalled)} are 0"
        )
        text = (
            "The derivative of the step function is 0 everywhere (and undefined at 0), so "
            "δ = (…)·step′(v) = 0 for every step neuron: no error flows back through it, "
            f"{where}, and gradient descent cannot change those weights. A smooth activation "
            "such as sigmoid, or ReLU, lets the error through."
        )
        return ZeroGradients(all_zero, step_layers, stalled, text)
    if not all_zero:
        return None
    return ZeroGradients(all_zero, step_layers, stalled, _other_reason(backward))


def _layers(layers: tuple[int, ...]) -> str:
    if len(layers) == 1:
        return str(layers[0])
    return ", ".join(str(layer) for layer in layers[:-1]) + f" and {layers[-1]}"


def _other_reason(backward: BackwardTrace) -> str:
    """Why every gradient is 0 in a network without step layers."""
    network = backward.forward.network
    last = network.n_layers - 1
    if backward.loss == 0 or not np.any(backward.output_gradient):
        return (
            "Every gradient is 0 because the output already equals the target: the loss "
            "has nothing to correct, so gradient descent leaves the weights as they are."
        )
    activation = get_activation(network.activations[last - 1])
    derivative = backward.activation_derivatives[last - 1]
    if not np.any(derivative):
        sums = backward.forward.weighted_sums[last - 1]
        which = ", ".join(
            f"{weighted_sum_name(network.node_number(last, j))} = {format_number(float(v))}"
            for j, v in enumerate(sums[:4])
        )
        story = None if network.is_mixed(last) else activation.stall_text(which)
        if story is not None:
            return story
    return (
        "Every δ is 0, so every gradient ∂C/∂w = a·δ is 0 too: the activations' "
        "derivatives are 0 where this input puts them (they are saturated)."
    )
