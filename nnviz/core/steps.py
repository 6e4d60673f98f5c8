"""The step list: a forward pass, the loss, the backward pass and the update, as pure data.

Each :class:`Step` carries what the step is about (layer, neuron, edge), the number it
reveals, and the sentence a student reads. The window animates exactly this list, the CLI
prints it, and the quiz asks for each step's ``value`` before revealing it.

Order
-----
- forward: layer by layer; in each layer neuron by neuron, the weighted sum then the
  activation. A softmax layer needs every weighted sum of its layer first, so its
  activations follow all of its sums.
- loss: one step per output neuron, then the total.
- backward: from the output layer back; per neuron its delta, then the gradient of each
  incoming weight, then of its bias.
- update: layer by layer, per neuron each incoming weight then the bias; last, the loss
  after the update next to the loss before.

Networks too large to narrate neuron by neuron (MNIST's 784-100-50-10) are stepped layer by
layer instead: the same kinds of step, with ``neuron`` None and the layer's numbers in
``values``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike

from nnviz.core import layer_sentences as layer_say
from nnviz.core import sentences as say
from nnviz.core.activations import get_activation
from nnviz.core.network import Network
from nnviz.core.notation import (
    bias_name,
    delta_name,
    format_number,
    output_name,
    weight_name,
    weighted_sum_name,
)
from nnviz.core.trace import (
    BackwardTrace,
    ForwardTrace,
    backward_trace,
    forward_trace,
    gradient_descent_step,
)
from nnviz.core.types import FloatArray

Phase = Literal["forward", "loss", "backward", "update"]
PHASES: tuple[Phase, ...] = ("forward", "loss", "backward", "update")
Granularity = Literal["auto", "neuron", "layer"]

#: Kinds of step, by phase.
STEP_KINDS: dict[Phase, tuple[str, ...]] = {
    "forward": ("weighted_sum", "activation"),
    "loss": ("loss_term", "loss"),
    "backward": ("delta", "weight_gradient", "bias_gradient"),
    "update": ("weight_update", "bias_update", "new_loss"),
}

#: "auto" narrates neuron by neuron up to this many neurons in a layer and parameters.
NEURON_STEPS_MAX_LAYER = 12
NEURON_STEPS_MAX_PARAMETERS = 200


@dataclass(frozen=True)
class Step:
    """One step of the narrated passes.

    Attributes
    ----------
    phase : {"forward", "loss", "backward", "update"}
    kind : str
        One of :data:`STEP_KINDS` for its phase.
    text : str
        The sentence a student reads.
    layer : int
        The layer the step is about (0 = input). For an edge, the layer the edge enters;
        for ``loss`` and ``new_loss`` the output layer.
    neuron : int or None
        The neuron within ``layer``; None for a whole-layer step or the total loss.
    source : int or None
        For an edge step (``weight_gradient``, ``weight_update``), the neuron of
        ``layer - 1`` the edge leaves.
    value : float or None
        The one number the step reveals (a weighted sum, an activation, a delta, a
        gradient, a new weight, a loss); None for a whole-layer step.
    values : ndarray of float64 or None
        For a whole-layer step, the layer's numbers: shape (n_layer,) for sums,
        activations, deltas and bias steps; (n_in, n_out) for weight steps.
    quantity : str or None
        The name of the number ``value`` is, in the lecture's notation: ``v3``, ``z3``,
        ``C5``, ``C``, ``δ5``, ``∂C/∂w35``, ``new w35``; None for a whole-layer step.
    formula : str or None
        How that number is computed, in symbols only (``w13·x1 + w23·x2``,
        ``(z5 − y5)·step′(v5)``): a question that does not give the answer away (the
        quiz asks ``v3 = w13·x1 + w23·x2 = ?``). None where there is no short formula.
    """

    phase: Phase
    kind: str
    text: str
    layer: int
    neuron: int | None = None
    source: int | None = None
    value: float | None = None
    values: FloatArray | None = None
    quantity: str | None = None
    formula: str | None = None

    @property
    def is_layer_step(self) -> bool:
        """Whether the step covers a whole layer at once."""
        return self.values is not None

    @property
    def finite(self) -> bool:
        """Whether every number the step reveals is finite (not ∞, not NaN)."""
        if self.values is not None:
            return bool(np.all(np.isfinite(self.values)))
        return self.value is None or bool(np.isfinite(self.value))


def choose_granularity(network: Network, granularity: Granularity = "auto") -> str:
    """Return ``"neuron"`` or ``"layer"`` for ``network`` ("auto" picks by size)."""
    if granularity != "auto":
        return granularity
    small = (
        max(network.layer_sizes) <= NEURON_STEPS_MAX_LAYER
        and network.n_parameters <= NEURON_STEPS_MAX_PARAMETERS
    )
    return "neuron" if small else "layer"


def build_steps(
    network: Network,
    inputs: ArrayLike,
    target: ArrayLike | None = None,
    *,
    loss: str | None = None,
    learning_rate: float | None = None,
    output_labels: tuple[str, ...] | None = None,
    granularity: Granularity = "auto",
) -> tuple[Step, ...]:
    """Return the steps of a forward pass and, given a target, of the loss, the backward
    pass and (given a learning rate) the update.

    Parameters
    ----------
    network : Network
    inputs : array_like of float, shape (n_0,)
    target : array_like of float, shape (n_L,), optional
        Without it only the forward steps are returned.
    loss : str, optional
        The loss; the network's own by default.
    learning_rate : float, optional
        η for the update phase; without it the update phase is left out.
    output_labels : tuple of str, optional
        Class names of the outputs (shown in the loss steps).
    granularity : {"auto", "neuron", "layer"}

    Returns
    -------
    tuple of Step
    """
    forward = forward_trace(network, inputs)
    mode = choose_granularity(network, granularity)
    steps = forward_steps(forward, mode)
    if target is None:
        return tuple(steps)
    backward = backward_trace(forward, target, loss)
    steps += loss_steps(backward, output_labels, mode)
    steps += backward_steps(backward, mode)
    if learning_rate is not None:
        try:
            steps += update_steps(backward, learning_rate, mode)
        except ValueError as error:  # the step overflows: say so instead of updating
            last = network.n_layers - 1
            steps.append(Step("update", "new_loss", f"no update: {error}", last))
    return tuple(steps)


def forward_steps(forward: ForwardTrace, mode: str = "neuron") -> list[Step]:
    """The forward phase; see the module docstring for the order."""
    network = forward.network
    steps: list[Step] = []
    for layer in range(1, network.n_layers):
        z = forward.weighted_sums[layer - 1]
        a = forward.activations[layer]
        if mode == "layer":
            text = layer_say.layer_sum_text(forward, layer)
            steps.append(Step("forward", "weighted_sum", text, layer, values=z))
            text = layer_say.layer_activation_text(forward, layer)
            steps.append(Step("forward", "activation", text, layer, values=a))
            continue
        sums = []
        activations = []
        for j in range(network.layer_sizes[layer]):
            number = network.node_number(layer, j)
            sums.append(
                Step(
                    "forward",
                    "weighted_sum",
                    say.weighted_sum_text(forward, layer, j),
                    layer,
                    j,
                    value=float(z[j]),
                    quantity=weighted_sum_name(number),
                    formula=say.weighted_sum_formula(forward, layer, j),
                )
            )
            activations.append(
                Step(
                    "forward",
                    "activation",
                    say.activation_text(forward, layer, j),
                    layer,
                    j,
                    value=float(a[j]),
                    quantity=output_name(number),
                    formula=say.activation_formula(forward, layer, j),
                )
            )
        if not get_activation(network.activations[layer - 1]).elementwise:
            # Each output needs every weighted sum of its layer: the sums come first.
            steps += sums + activations
        else:
            for pair in zip(sums, activations, strict=True):
                steps += pair
    return steps


def loss_steps(
    backward: BackwardTrace,
    output_labels: tuple[str, ...] | None = None,
    mode: str = "neuron",
) -> list[Step]:
    """The loss phase: each output's term, then the total.

    Stepped layer by layer, outputs are named by their index (C7 for class 7) rather than
    by a global node number in the hundreds.
    """
    network = backward.forward.network
    layer = network.n_layers - 1
    if mode == "layer":
        numbers = list(range(network.output_size))
    else:
        numbers = [network.node_number(layer, j) for j in range(network.output_size)]
    steps = [
        Step(
            "loss",
            "loss_term",
            say.loss_term_text(
                backward,
                j,
                output_labels[j] if output_labels else None,
                numbers[j] if mode == "layer" else None,
            ),
            layer,
            j,
            value=float(backward.loss_terms[j]),
            quantity=f"C{numbers[j]}",
            formula=say.loss_term_formula(backward.loss_name, numbers[j]),
        )
        for j in range(network.output_size)
    ]
    total = say.loss_total_text(backward, numbers if mode == "layer" else None)
    steps.append(
        Step(
            "loss",
            "loss",
            total,
            layer,
            value=backward.loss,
            quantity="C",
            formula=say.loss_total_formula(numbers),
        )
    )
    return steps


def backward_steps(backward: BackwardTrace, mode: str = "neuron") -> list[Step]:
    """The backward phase, from the output layer back."""
    network = backward.forward.network
    steps: list[Step] = []
    for layer in range(network.n_layers - 1, 0, -1):
        deltas = backward.deltas[layer - 1]
        gradients = backward.weight_gradients[layer - 1]
        bias_gradients = backward.bias_gradients[layer - 1]
        if mode == "layer":
            text = layer_say.layer_delta_text(backward, layer)
            steps.append(Step("backward", "delta", text, layer, values=deltas))
            text = layer_say.layer_gradient_text(backward, layer)
            steps.append(Step("backward", "weight_gradient", text, layer, values=gradients))
            text = f"layer {layer}: ∂C/∂b = δ for each of its {deltas.size} neurons"
            steps.append(Step("backward", "bias_gradient", text, layer, values=bias_gradients))
            continue
        for j in range(network.layer_sizes[layer]):
            number = network.node_number(layer, j)
            steps.append(
                Step(
                    "backward",
                    "delta",
                    say.delta_text(backward, layer, j),
                    layer,
                    j,
                    value=float(deltas[j]),
                    quantity=delta_name(number),
                    formula=say.delta_formula(backward, layer, j),
                )
            )
            for k in range(network.layer_sizes[layer - 1]):
                name = weight_name(network.node_number(layer - 1, k), number)
                steps.append(
                    Step(
                        "backward",
                        "weight_gradient",
                        say.weight_gradient_text(backward, layer, k, j),
                        layer,
                        j,
                        source=k,
                        value=float(gradients[k, j]),
                        quantity=f"∂C/∂{name}",
                        formula=say.weight_gradient_formula(backward.forward, layer, k, j),
                    )
                )
            steps.append(
                Step(
                    "backward",
                    "bias_gradient",
                    say.bias_gradient_text(backward, layer, j),
                    layer,
                    j,
                    value=float(bias_gradients[j]),
                    quantity=f"∂C/∂{bias_name(number)}",
                    formula=delta_name(number),
                )
            )
    return steps


def update_steps(backward: BackwardTrace, learning_rate: float, mode: str = "neuron") -> list[Step]:
    """The update phase: one gradient-descent step, then the loss it leads to.

    Raises
    ------
    ValueError
        If the step leaves a weight that is not a finite number (η far too large);
        :func:`build_steps` then ends the list with one step that says so.
    """
    network = backward.forward.network
    updated = gradient_descent_step(network, backward, learning_rate)
    steps: list[Step] = []
    for layer in range(1, network.n_layers):
        old_w, new_w = network.weights[layer - 1], updated.weights[layer - 1]
        old_b, new_b = network.biases[layer - 1], updated.biases[layer - 1]
        grad_w, grad_b = backward.weight_gradients[layer - 1], backward.bias_gradients[layer - 1]
        if mode == "layer":
            change = np.abs(new_w - old_w)
            text = (
                f"layer {layer}: W ← W − η·∂C/∂W with η = {format_number(learning_rate)}; "
                f"the largest change to a weight is {format_number(float(change.max()))}"
            )
            steps.append(Step("update", "weight_update", text, layer, values=new_w))
            text = f"layer {layer}: b ← b − η·∂C/∂b"
            steps.append(Step("update", "bias_update", text, layer, values=new_b))
            continue
        for j in range(network.layer_sizes[layer]):
            number = network.node_number(layer, j)
            for k in range(network.layer_sizes[layer - 1]):
                name = weight_name(network.node_number(layer - 1, k), number)
                text = say.update_text(name, old_w[k, j], learning_rate, grad_w[k, j], new_w[k, j])
                steps.append(
                    Step(
                        "update",
                        "weight_update",
                        text,
                        layer,
                        j,
                        source=k,
                        value=float(new_w[k, j]),
                        quantity=f"new {name}",
                        formula=say.update_formula(name),
                    )
                )
            name = bias_name(number)
            text = say.update_text(name, old_b[j], learning_rate, grad_b[j], new_b[j])
            steps.append(
                Step(
                    "update",
                    "bias_update",
                    text,
                    layer,
                    j,
                    value=float(new_b[j]),
                    quantity=f"new {name}",
                    formula=say.update_formula(name),
                )
            )
    after = backward_trace(
        forward_trace(updated, backward.forward.inputs), backward.target, backward.loss_name
    )
    steps.append(
        Step(
            "update",
            "new_loss",
            say.new_loss_text(backward.loss, after.loss),
            network.n_layers - 1,
            value=after.loss,
            quantity="C after the update",
        )
    )
    return steps
