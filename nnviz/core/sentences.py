"""The sentences of the step list, one function per kind of step, in the lecture's form.

Each function takes the traces and the indices of one neuron or edge and returns the text a
student reads, e.g. ``node 3: w13·x1 + w23·x2 = (2)(1) + (−3)(2) = −4``. Names follow
:mod:`nnviz.core.notation`: inputs x1, outputs z3, weighted sums v3, weights w13, targets y5.
"""

from __future__ import annotations

import numpy as np

from nnviz.core.activations import get_activation
from nnviz.core.losses import get_loss
from nnviz.core.notation import (
    bias_name,
    delta_name,
    format_number,
    input_name,
    output_name,
    parenthesised,
    target_name,
    weight_name,
    weighted_sum_name,
)
from nnviz.core.trace import BackwardTrace, ForwardTrace

fmt = format_number
par = parenthesised


def value_name(forward: ForwardTrace, layer: int, neuron: int) -> str:
    """The name of the output of a neuron: x1 for an input, z3 for any other."""
    number = forward.network.node_number(layer, neuron)
    return input_name(number) if layer == 0 else output_name(number)


def _signed_term(value: float) -> str:
    """A bias added to a sum: ``0.5`` or, when negative, ``(−0.5)``."""
    return fmt(value) if value >= 0 else par(value)


def _sum_parts(forward: ForwardTrace, layer: int, neuron: int) -> tuple[list[str], list[str]]:
    """The names (w13·x1, …, b3) and numbers ((2)(1), …) of a weighted sum's terms."""
    network = forward.network
    number = network.node_number(layer, neuron)
    W = network.weights[layer - 1]
    a = forward.activations[layer - 1]
    names = []
    numbers = []
    for k in range(network.layer_sizes[layer - 1]):
        names.append(
            f"{weight_name(network.node_number(layer - 1, k), number)}·"
            f"{value_name(forward, layer - 1, k)}"
        )
        numbers.append(f"{par(W[k, neuron])}{par(a[k])}")
    bias = float(network.biases[layer - 1][neuron])
    if bias != 0:
        names.append(bias_name(number))
        numbers.append(_signed_term(bias))
    return names, numbers


def weighted_sum_formula(forward: ForwardTrace, layer: int, neuron: int) -> str:
    """``w13·x1 + w23·x2`` (with ``+ b3`` when the bias is not zero)."""
    return " + ".join(_sum_parts(forward, layer, neuron)[0])


def weighted_sum_text(forward: ForwardTrace, layer: int, neuron: int) -> str:
    """``node 3: w13·x1 + w23·x2 = (2)(1) + (−3)(2) = −4`` (a non-zero bias is added)."""
    number = forward.network.node_number(layer, neuron)
    names, numbers = _sum_parts(forward, layer, neuron)
    z = forward.weighted_sums[layer - 1][neuron]
    return f"node {number}: {' + '.join(names)} = {' + '.join(numbers)} = {fmt(z)}"


def activation_formula(forward: ForwardTrace, layer: int, neuron: int) -> str:
    """``step(v3)``; for softmax ``e^v5 / Σₖ e^vₖ``."""
    network = forward.network
    number = network.node_number(layer, neuron)
    name = network.activation_of(layer, neuron)
    return get_activation(name).formula_of(weighted_sum_name(number))


def activation_text(forward: ForwardTrace, layer: int, neuron: int) -> str:
    """``z3 = step(−4) = 0``; for softmax the quotient of exponentials is written out."""
    network = forward.network
    number = network.node_number(layer, neuron)
    activation = get_activation(network.activation_of(layer, neuron))
    return activation.value_text(
        output_name(number),
        weighted_sum_name(number),
        forward.weighted_sums[layer - 1],
        neuron,
        float(forward.activations[layer][neuron]),
    )


def loss_term_formula(loss_name: str, number: int) -> str:
    """The loss of output ``number`` in symbols: ``½(y5 − z5)²``, ``−y5·ln(z5)`` …"""
    return get_loss(loss_name).term_formula(output_name(number), target_name(number))


def loss_term_text(
    backward: BackwardTrace, neuron: int, label: str | None = None, number: int | None = None
) -> str:
    """The loss of one output, e.g. ``C5 = ½(y5 − z5)² = ½(1 − 0)² = 0.5``.

    ``number`` overrides the output's global node number in the names (a large network,
    stepped layer by layer, names its outputs by class index instead).
    """
    network = backward.forward.network
    if number is None:
        number = network.node_number(network.n_layers - 1, neuron)
    y = float(backward.target[neuron])
    p = float(backward.forward.output[neuron])
    term = float(backward.loss_terms[neuron])
    formula = loss_term_formula(backward.loss_name, number)
    numbers = get_loss(backward.loss_name).term_numbers(p, y)
    prefix = f"class {label}: " if label is not None else ""
    return f"{prefix}C{number} = {formula} = {numbers} = {fmt(term)}"


def loss_total_formula(numbers: list[int]) -> str:
    """``C5`` or ``C2 + C3 + …``: the total loss in symbols."""
    return " + ".join(f"C{number}" for number in numbers)


def loss_total_text(backward: BackwardTrace, numbers: list[int] | None = None) -> str:
    """``C = C2 + C3 + … = 0.3657 + 0.04689 + … = 1.822`` (``numbers`` as for the terms)."""
    network = backward.forward.network
    layer = network.n_layers - 1
    if numbers is None:
        numbers = [network.node_number(layer, j) for j in range(network.output_size)]
    names = [f"C{number}" for number in numbers]
    if len(names) == 1:
        return f"C = {names[0]} = {fmt(backward.loss)}"
    values = " + ".join(fmt(float(t)) for t in backward.loss_terms)
    return f"C = {' + '.join(names)} = {values} = {fmt(backward.loss)}"


def _output_gradient_formula(backward: BackwardTrace, neuron: int) -> str:
    number = backward.forward.network.node_number(backward.forward.network.n_layers - 1, neuron)
    return get_loss(backward.loss_name).gradient_formula(output_name(number), target_name(number))


def _output_gradient_numbers(backward: BackwardTrace, neuron: int) -> str:
    y = float(backward.target[neuron])
    p = float(backward.forward.output[neuron])
    return get_loss(backward.loss_name).gradient_numbers(p, y)


def _fused(backward: BackwardTrace, layer: int) -> bool:
    """Whether ``layer`` is the output and its delta simplifies with the loss (softmax
    with cross-entropy: δ = ŷ − y)."""
    network = backward.forward.network
    name = network.activations[layer - 1]
    fused = get_loss(backward.loss_name).fused_with == name and not network.is_mixed(layer)
    return layer == network.n_layers - 1 and fused


def _chain_formula(backward: BackwardTrace, layer: int, neuron: int) -> str:
    """∂C/∂z of a neuron in symbols: ``(z5 − y5)`` at the output, ``(w35·δ5)`` inside."""
    network = backward.forward.network
    if layer == network.n_layers - 1:
        return _output_gradient_formula(backward, neuron)
    number = network.node_number(layer, neuron)
    parts = []
    for j in range(network.layer_sizes[layer + 1]):
        target = network.node_number(layer + 1, j)
        parts.append(f"{weight_name(number, target)}·{delta_name(target)}")
    return f"({' + '.join(parts)})"


def delta_formula(backward: BackwardTrace, layer: int, neuron: int) -> str:
    """The chain rule for δ of a neuron in symbols: ``(z5 − y5)·step′(v5)``,
    ``(w35·δ5)·sigmoid′(v3)``, or ``z5 − y5`` for softmax with cross-entropy."""
    network = backward.forward.network
    number = network.node_number(layer, neuron)
    name = network.activation_of(layer, neuron)
    z, v = output_name(number), weighted_sum_name(number)
    if _fused(backward, layer):
        if float(np.sum(backward.target)) == 1.0:
            return f"{z} − {target_name(number)}"
        return f"{z}·Σy − {target_name(number)}"
    if not get_activation(name).elementwise:
        return f"{z}·(∂C/∂{z} − Σₖ zₖ·∂C/∂zₖ)"
    return f"{_chain_formula(backward, layer, neuron)}·{name}′({v})"


def delta_text(backward: BackwardTrace, layer: int, neuron: int) -> str:
    """The delta of a neuron with the chain rule written out, e.g.
    ``δ5 = (z5 − y5)·step′(v5) = (0 − 1)(0) = 0 (step′(v) = 0 everywhere, …)``."""
    forward = backward.forward
    network = forward.network
    number = network.node_number(layer, neuron)
    name = network.activation_of(layer, neuron)
    delta = float(backward.deltas[layer - 1][neuron])
    derivative = float(backward.activation_derivatives[layer - 1][neuron])
    a = float(forward.activations[layer][neuron])
    d, z, v = delta_name(number), output_name(number), weighted_sum_name(number)
    is_output = layer == network.n_layers - 1
    activation = get_activation(name)
    if _fused(backward, layer):
        y = float(backward.target[neuron])
        total = float(np.sum(backward.target))
        if total == 1.0:
            return (
                f"{d} = {z} − {target_name(number)} = {fmt(a)} − {fmt(y)} = {fmt(delta)} "
                f"({name} with {get_loss(backward.loss_name).title}: δ = ŷ − y)"
            )
        return (
            f"{d} = {z}·Σy − {target_name(number)} = {par(a)}{par(total)} − {fmt(y)} = "
            f"{fmt(delta)} ({name} with {get_loss(backward.loss_name).title})"
        )
    formula = _chain_formula(backward, layer, neuron)
    if is_output:
        numbers = _output_gradient_numbers(backward, neuron)
    else:
        W = network.weights[layer]
        following = backward.deltas[layer]
        part_numbers = [
            f"{par(W[neuron, j])}{par(following[j])}" for j in range(network.layer_sizes[layer + 1])
        ]
        numbers = f"({' + '.join(part_numbers)})"
    if not activation.elementwise:
        grad = float(backward.activation_gradients[layer - 1][neuron])
        a_all = forward.activations[layer]
        g_all = backward.activation_gradients[layer - 1]
        mean = float(np.sum(a_all * g_all))
        return (
            f"{d} = {z}·(∂C/∂{z} − Σₖ zₖ·∂C/∂zₖ), with ∂C/∂{z} = {formula} = {numbers} = "
            f"{fmt(grad)}: {d} = {par(a)}({fmt(grad)} − {par(mean)}) = {fmt(delta)} "
            f"({name} Jacobian)"
        )
    return (
        f"{d} = {formula}·{name}′({v}) = {numbers}{par(derivative)} = {fmt(delta)}"
        f"{activation.backward_note}"
    )


def weight_gradient_formula(forward: ForwardTrace, layer: int, source: int, neuron: int) -> str:
    """``z3·δ5``: the gradient of the weight from ``source`` to ``neuron`` in symbols."""
    number = forward.network.node_number(layer, neuron)
    return f"{value_name(forward, layer - 1, source)}·{delta_name(number)}"


def weight_gradient_text(backward: BackwardTrace, layer: int, source: int, neuron: int) -> str:
    """``∂C/∂w35 = z3·δ5 = (0)(0) = 0``."""
    forward = backward.forward
    network = forward.network
    number = network.node_number(layer, neuron)
    w = weight_name(network.node_number(layer - 1, source), number)
    a = float(forward.activations[layer - 1][source])
    delta = float(backward.deltas[layer - 1][neuron])
    gradient = float(backward.weight_gradients[layer - 1][source, neuron])
    return (
        f"∂C/∂{w} = {weight_gradient_formula(forward, layer, source, neuron)} = "
        f"{par(a)}{par(delta)} = {fmt(gradient)}"
    )


def bias_gradient_text(backward: BackwardTrace, layer: int, neuron: int) -> str:
    """``∂C/∂b5 = δ5 = 0``."""
    number = backward.forward.network.node_number(layer, neuron)
    gradient = float(backward.bias_gradients[layer - 1][neuron])
    return f"∂C/∂{bias_name(number)} = {delta_name(number)} = {fmt(gradient)}"


def update_formula(name: str) -> str:
    """``w35 − η·∂C/∂w35``: a parameter after one gradient-descent step, in symbols."""
    return f"{name} − η·∂C/∂{name}"


def update_text(name: str, old: float, learning_rate: float, gradient: float, new: float) -> str:
    """``w35 ← w35 − η·∂C/∂w35 = 2 − (0.1)(0) = 2``."""
    return (
        f"{name} ← {update_formula(name)} = {fmt(old)} − {par(learning_rate)}{par(gradient)} "
        f"= {fmt(new)}"
    )


def new_loss_text(old: float, new: float) -> str:
    """``C after the update = 0.49 (before: 0.5)``."""
    if new < old:
        change = "lower"
    elif new > old:
        change = "higher: the step was too large"
    else:
        change = "unchanged"
    return f"C after the update = {fmt(new)} (before: {fmt(old)}; {change})"
