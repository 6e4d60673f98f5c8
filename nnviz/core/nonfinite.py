"""Where a pass first stopped being finite, and why, in the words a student reads.

Floats hold numbers up to about 1.8·10³⁰⁸; past that a product or a sum overflows to ∞,
and ∞ − ∞ (or 0·∞) is NaN, "not a number". nnviz shows ∞ and NaN as such wherever a number
is shown, and this module says once, in words, where the first one appeared and why:

>>> explain_non_finite(forward_trace(network, [10, 10])).explanation
'v3 overflowed: w13·x1 = 1e308 × 10 is beyond the largest number a float can hold ...'

The passes are searched in the order the step list narrates them (forward neuron by
neuron, the loss, the backward pass from the output back), so "first" means the first
step whose number is not finite.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.core.notation import (
    bias_name,
    delta_name,
    format_number,
    input_name,
    output_name,
    target_name,
    weight_name,
    weighted_sum_name,
)
from nnviz.core.trace import BackwardTrace, ForwardTrace, quiet_overflow

#: How the largest float is named in the explanations.
LARGEST = "the largest number a float can hold (about 1.8e308)"


@dataclass(frozen=True)
class NonFinite:
    """The first number of a pass that is ∞ or NaN.

    Attributes
    ----------
    quantity : str
        Its name in the lecture's notation: ``v3``, ``z3``, ``C5``, ``C``, ``δ5``,
        ``∂C/∂w13``.
    value : float
        ∞, −∞ or NaN.
    phase : {"forward", "loss", "backward"}
    layer : int
        The layer it belongs to (for a weight gradient, the layer the edge enters).
    neuron : int or None
        The neuron within ``layer`` (None for the total loss).
    explanation : str
        One sentence: what happened there, with the numbers that did it.
    """

    quantity: str
    value: float
    phase: str
    layer: int
    neuron: int | None
    explanation: str

    @property
    def title(self) -> str:
        """``"Why is v3 ∞?"``: a heading for the explanation."""
        return f"Why is {self.quantity} {format_number(self.value)}?"


def _is_bad(value: float) -> bool:
    return not np.isfinite(value)


def _what(value: float) -> str:
    """``"overflowed"`` for ±∞, ``"is NaN (not a number)"`` for NaN."""
    return "is NaN (not a number)" if np.isnan(value) else f"overflowed to {format_number(value)}"


def _times(a: float, b: float) -> str:
    return f"{format_number(a)} × {format_number(b)}"


def _value_name(forward: ForwardTrace, layer: int, neuron: int) -> str:
    number = forward.network.node_number(layer, neuron)
    return input_name(number) if layer == 0 else output_name(number)


def explain_non_finite(
    forward: ForwardTrace, backward: BackwardTrace | None = None
) -> NonFinite | None:
    """Find the first number of the passes that is not finite, and say why it is not.

    Parameters
    ----------
    forward : ForwardTrace
    backward : BackwardTrace, optional
        Searched after the forward pass (the loss, then the deltas and gradients).

    Returns
    -------
    NonFinite or None
        None when every number is finite.
    """
    with quiet_overflow():
        found = _forward(forward)
        if found is None and backward is not None:
            found = _loss(backward) or _backward(backward)
    return found


# -- the forward pass ----------------------------------------------------------------------------


def _first(mask: np.ndarray) -> int | None:
    """The index of the first True in ``mask`` (None if none): found without a Python loop."""
    where = np.flatnonzero(mask)
    return int(where[0]) if where.size else None


def _forward(forward: ForwardTrace) -> NonFinite | None:
    network = forward.network
    for layer in range(1, network.n_layers):
        bad_sums = ~np.isfinite(forward.weighted_sums[layer - 1])
        bad_outputs = ~np.isfinite(forward.activations[layer])
        if network.activations[layer - 1] == "softmax":
            # The step list's order: a softmax layer's sums all come before its activations.
            j = _first(bad_sums)
            if j is not None:
                return _weighted_sum(forward, layer, j)
            j = _first(bad_outputs)
            if j is not None:
                return _activation(forward, layer, j)
            continue
        j = _first(bad_sums | bad_outputs)  # neuron by neuron: its sum, then its activation
        if j is not None:
            if bad_sums[j]:
                return _weighted_sum(forward, layer, j)
            return _activation(forward, layer, j)
    return None


def _weighted_sum(forward: ForwardTrace, layer: int, j: int) -> NonFinite:
    network = forward.network
    number = network.node_number(layer, j)
    v = float(forward.weighted_sums[layer - 1][j])
    terms = forward.terms[layer - 1][:, j]
    weights = network.weights[layer - 1][:, j]
    inputs = forward.activations[layer - 1]
    name = weighted_sum_name(number)

    def term(k: int) -> str:
        source = network.node_number(layer - 1, k)
        return f"{weight_name(source, number)}·{_value_name(forward, layer - 1, k)}"

    bad = [k for k in range(terms.size) if _is_bad(terms[k])]
    if not bad:
        parts = [term(k) for k in range(terms.size)]
        values = [format_number(float(t)) for t in terms]
        bias = float(network.biases[layer - 1][j])
        if bias != 0:
            parts.append(bias_name(number))
            values.append(format_number(bias))
        text = (
            f"{name} overflowed: its terms {' + '.join(parts)} = {' + '.join(values)} add up "
            f"past {LARGEST}"
        )
    elif np.isnan(v) and any(terms[k] > 0 for k in bad) and any(terms[k] < 0 for k in bad):
        up = next(k for k in bad if terms[k] > 0)
        down = next(k for k in bad if terms[k] < 0)
        text = (
            f"{name} is NaN (not a number): {term(up)} = {_times(weights[up], inputs[up])} "
            f"overflowed to ∞ and {term(down)} = {_times(weights[down], inputs[down])} to "
            "−∞, and ∞ − ∞ has no value"
        )
    else:
        k = bad[0]
        text = f"{name} overflowed: {term(k)} = {_times(weights[k], inputs[k])} is beyond {LARGEST}"
    return NonFinite(name, v, "forward", layer, j, text)


def _activation(forward: ForwardTrace, layer: int, j: int) -> NonFinite:
    network = forward.network
    number = network.node_number(layer, j)
    name = network.activation_of(layer, j)
    v = float(forward.weighted_sums[layer - 1][j])
    z = float(forward.activations[layer][j])
    quantity = output_name(number)
    v_name = weighted_sum_name(number)
    if name == "square":
        text = (
            f"{quantity} overflowed: square({v_name}) = ({format_number(v)})² is beyond {LARGEST}"
        )
    else:
        text = (
            f"{quantity} {_what(z)}: {name}({v_name}) with {v_name} = {format_number(v)} is not "
            "a finite number"
        )
    return NonFinite(quantity, z, "forward", layer, j, text)


# -- the loss and the backward pass --------------------------------------------------------------


def _loss(backward: BackwardTrace) -> NonFinite | None:
    network = backward.forward.network
    last = network.n_layers - 1
    j = _first(~np.isfinite(backward.loss_terms))
    if j is not None:
        term = float(backward.loss_terms[j])
        number = network.node_number(last, j)
        quantity = f"C{number}"
        prediction = float(backward.forward.output[j])
        target = float(backward.target[j])
        text = (
            f"{quantity} {_what(term)}: the loss term of {output_name(number)} = "
            f"{format_number(prediction)} against {target_name(number)} = "
            f"{format_number(target)} is beyond {LARGEST}"
        )
        return NonFinite(quantity, term, "loss", last, j, text)
    if _is_bad(backward.loss):
        terms = " + ".join(format_number(float(t)) for t in backward.loss_terms[:6])
        text = f"C overflowed: its terms {terms} add up past {LARGEST}"
        return NonFinite("C", backward.loss, "loss", last, None, text)
    return None


def _backward(backward: BackwardTrace) -> NonFinite | None:
    network = backward.forward.network
    for layer in range(network.n_layers - 1, 0, -1):
        bad_deltas = ~np.isfinite(backward.deltas[layer - 1])
        bad_gradients = ~np.isfinite(backward.weight_gradients[layer - 1])
        # Neuron by neuron: its delta, then the gradients of its incoming weights.
        j = _first(bad_deltas | bad_gradients.any(axis=0))
        if j is not None:
            if bad_deltas[j]:
                return _delta(backward, layer, j)
            k = _first(bad_gradients[:, j])
            assert k is not None
            return _weight_gradient(backward, layer, k, j)
    return None


def _delta(backward: BackwardTrace, layer: int, j: int) -> NonFinite:
    network = backward.forward.network
    number = network.node_number(layer, j)
    quantity = delta_name(number)
    delta = float(backward.deltas[layer - 1][j])
    error = float(backward.activation_gradients[layer - 1][j])
    slope = float(backward.activation_derivatives[layer - 1][j])
    z = output_name(number)
    if _is_bad(error):
        text = (
            f"{quantity} {_what(delta)}: the error reaching node {number}, ∂C/∂{z} = "
            f"{format_number(error)}, is beyond {LARGEST}"
        )
    else:
        text = (
            f"{quantity} {_what(delta)}: ∂C/∂{z} × {network.activation_of(layer, j)}′(v{number}) "
            f"= {_times(error, slope)} is beyond {LARGEST}"
        )
    return NonFinite(quantity, delta, "backward", layer, j, text)


def _weight_gradient(backward: BackwardTrace, layer: int, k: int, j: int) -> NonFinite:
    forward = backward.forward
    network = forward.network
    source, number = network.node_number(layer - 1, k), network.node_number(layer, j)
    quantity = f"∂C/∂{weight_name(source, number)}"
    value = float(backward.weight_gradients[layer - 1][k, j])
    a = float(forward.activations[layer - 1][k])
    delta = float(backward.deltas[layer - 1][j])
    text = (
        f"{quantity} {_what(value)}: {_value_name(forward, layer - 1, k)}·{delta_name(number)} "
        f"= {_times(a, delta)} is beyond {LARGEST}"
    )
    return NonFinite(quantity, value, "backward", layer, j, text)
