"""The readable forward and backward passes: every intermediate number, kept.

This is the path the app displays and the step list narrates. It works on one example
and favours clarity over speed; the training engine has its own batched path, which the
tests hold to this one.

Notation inside functions follows the usual backprop write-up: ``z`` is a weighted sum,
``a`` an activation, ``W`` a weight matrix of shape (n_in, n_out). The lecture calls a
neuron's output z and its weighted sum v; the names of the fields (``weighted_sums``,
``activations``, ``deltas``, ``weight_gradients``) say what they are in either notation.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nnviz.core.activations import get_activation
from nnviz.core.losses import get_loss
from nnviz.core.network import Network
from nnviz.core.neuron_activations import backpropagate_layer, derivative_layer
from nnviz.core.types import FloatArray


def quiet_overflow() -> np.errstate:
    """Let overflow make ∞ and NaN silently: they are shown and explained, not warned about."""
    return np.errstate(over="ignore", invalid="ignore", divide="ignore")


def _readonly(array: ArrayLike) -> FloatArray:
    # Adding 0.0 turns −0.0 (from products like (0 − 1)·0) into 0.0, which reads better.
    values = np.array(array, dtype=np.float64) + 0.0
    values.setflags(write=False)
    return values


@dataclass(frozen=True)
class ForwardTrace:
    """Everything computed by one forward pass.

    Attributes
    ----------
    network : Network
        The network traced.
    inputs : ndarray of float64, shape (n_0,)
        The input x.
    terms : tuple of ndarray of float64
        ``terms[l - 1][k, j] = W[k, j] · a[k]``, shape (n_{l-1}, n_l): each incoming term of
        neuron j of layer l. Their column sums plus the bias are the weighted sums.
    weighted_sums : tuple of ndarray of float64
        ``weighted_sums[l - 1]``, shape (n_l,), for layers 1 .. L.
    activations : tuple of ndarray of float64
        ``activations[l]``, shape (n_l,), for layers 0 .. L (``activations[0]`` is the input).
    """

    network: Network
    inputs: FloatArray
    terms: tuple[FloatArray, ...]
    weighted_sums: tuple[FloatArray, ...]
    activations: tuple[FloatArray, ...]

    @property
    def output(self) -> FloatArray:
        """The network's output ŷ, shape (n_L,)."""
        return self.activations[-1]


@dataclass(frozen=True)
class BackwardTrace:
    """Everything computed by one backward pass against a target.

    Attributes
    ----------
    forward : ForwardTrace
        The forward pass this backward pass starts from.
    target : ndarray of float64, shape (n_L,)
        The target y.
    loss_name : str
        The loss used.
    loss_terms : ndarray of float64, shape (n_L,)
        The loss contributed by each output neuron.
    loss : float
        The loss C, the sum of ``loss_terms``.
    output_gradient : ndarray of float64, shape (n_L,)
        ∂C/∂ŷ.
    activation_gradients : tuple of ndarray of float64
        ``activation_gradients[l - 1]`` = ∂C/∂a of layer l, shape (n_l,), layers 1 .. L.
    activation_derivatives : tuple of ndarray of float64
        ``activation_derivatives[l - 1]`` = f'(z) of layer l, shape (n_l,); for a softmax layer
        the diagonal of its Jacobian, aⱼ(1 − aⱼ).
    deltas : tuple of ndarray of float64
        ``deltas[l - 1]`` = δ = ∂C/∂z of layer l, shape (n_l,).
    weight_gradients : tuple of ndarray of float64
        ``weight_gradients[l - 1][k, j]`` = ∂C/∂W[k, j] = a[k] · δ[j], shape (n_{l-1}, n_l).
    bias_gradients : tuple of ndarray of float64
        ``bias_gradients[l - 1]`` = ∂C/∂b = δ, shape (n_l,).
    """

    forward: ForwardTrace
    target: FloatArray
    loss_name: str
    loss_terms: FloatArray
    loss: float
    output_gradient: FloatArray
    activation_gradients: tuple[FloatArray, ...]
    activation_derivatives: tuple[FloatArray, ...]
    deltas: tuple[FloatArray, ...]
    weight_gradients: tuple[FloatArray, ...]
    bias_gradients: tuple[FloatArray, ...]


def check_input(network: Network, inputs: ArrayLike) -> FloatArray:
    """Return ``inputs`` as a float64 vector for ``network``, or raise ValueError."""
    x = np.asarray(inputs, dtype=np.float64)
    if x.shape != (network.input_size,):
        raise ValueError(f"the network takes {network.input_size} inputs, got {x.size}")
    if not np.all(np.isfinite(x)):
        raise ValueError("every input must be a finite number")
    return x


def check_target(network: Network, target: ArrayLike) -> FloatArray:
    """Return ``target`` as a float64 vector for ``network``, or raise ValueError."""
    y = np.asarray(target, dtype=np.float64)
    if y.shape != (network.output_size,):
        raise ValueError(f"the network has {network.output_size} outputs, got {y.size} targets")
    if not np.all(np.isfinite(y)):
        raise ValueError("every target must be a finite number")
    return y


def forward_trace(network: Network, inputs: ArrayLike) -> ForwardTrace:
    """Run one input through ``network``, keeping every term, sum and activation.

    Parameters
    ----------
    network : Network
    inputs : array_like of float, shape (n_0,)

    Returns
    -------
    ForwardTrace
    """
    a = check_input(network, inputs)
    terms: list[FloatArray] = []
    weighted_sums: list[FloatArray] = []
    activations: list[FloatArray] = [_readonly(a)]
    # A number that overflows becomes ∞ (or NaN) and is shown as such, with the reason in
    # words (nnviz.core.nonfinite); NumPy is not to warn about it on a terminal.
    with quiet_overflow():
        for layer, (W, b) in enumerate(zip(network.weights, network.biases, strict=True), 1):
            term = a[:, None] * W
            z = term.sum(axis=0) + b
            a = network.activate_layer(layer, z)
            terms.append(_readonly(term))
            weighted_sums.append(_readonly(z))
            activations.append(_readonly(a))
    return ForwardTrace(
        network, activations[0], tuple(terms), tuple(weighted_sums), tuple(activations)
    )


def backward_trace(
    forward: ForwardTrace, target: ArrayLike, loss: str | None = None
) -> BackwardTrace:
    """Backpropagate the loss of ``forward`` against ``target``.

    Parameters
    ----------
    forward : ForwardTrace
        A forward pass.
    target : array_like of float, shape (n_L,)
        The target y.
    loss : str, optional
        The loss; the network's own loss by default.

    Returns
    -------
    BackwardTrace

    Notes
    -----
    Softmax followed by cross-entropy uses the simplified delta δ = ŷ·Σy − y (ŷ − y for a
    one-hot target), which is exact and avoids dividing by ŷ; every other combination goes
    through ∂C/∂ŷ and the activation's derivative (the full Jacobian for softmax).
    """
    with quiet_overflow():
        return _backward_trace(forward, target, loss)


def _backward_trace(forward: ForwardTrace, target: ArrayLike, loss: str | None) -> BackwardTrace:
    network = forward.network
    loss_name = loss or network.loss
    cost = get_loss(loss_name)
    y = check_target(network, target)
    prediction = forward.output
    terms = cost.terms(prediction, y)
    output_gradient = cost.gradient(prediction, y)

    n_weight_layers = network.n_layers - 1
    deltas: list[FloatArray] = [np.empty(0)] * n_weight_layers
    activation_gradients: list[FloatArray] = [np.empty(0)] * n_weight_layers
    derivatives: list[FloatArray] = [np.empty(0)] * n_weight_layers
    weight_gradients: list[FloatArray] = [np.empty(0)] * n_weight_layers
    bias_gradients: list[FloatArray] = [np.empty(0)] * n_weight_layers

    grad_a: FloatArray = output_gradient
    for i in reversed(range(n_weight_layers)):
        activation = get_activation(network.activations[i])
        z = forward.weighted_sums[i]
        a = forward.activations[i + 1]
        mixed = network.is_mixed(i + 1)
        names = network.layer_activation_names(i + 1)
        if i == n_weight_layers - 1 and cost.fused_with == activation.name and not mixed:
            delta: FloatArray = a * np.sum(y) - y
        else:
            delta = backpropagate_layer(names, z, a, grad_a)
        activation_gradients[i] = _readonly(grad_a)
        derivatives[i] = _readonly(derivative_layer(names, z, a))
        deltas[i] = _readonly(delta)
        weight_gradients[i] = _readonly(np.outer(forward.activations[i], delta))
        bias_gradients[i] = _readonly(delta)
        grad_a = network.weights[i] @ delta

    return BackwardTrace(
        forward=forward,
        target=_readonly(y),
        loss_name=loss_name,
        loss_terms=_readonly(terms),
        loss=float(np.sum(terms)),
        output_gradient=_readonly(output_gradient),
        activation_gradients=tuple(activation_gradients),
        activation_derivatives=tuple(derivatives),
        deltas=tuple(deltas),
        weight_gradients=tuple(weight_gradients),
        bias_gradients=tuple(bias_gradients),
    )


def trace(
    network: Network, inputs: ArrayLike, target: ArrayLike, loss: str | None = None
) -> BackwardTrace:
    """Run :func:`forward_trace` then :func:`backward_trace`."""
    return backward_trace(forward_trace(network, inputs), target, loss)


def gradient_descent_step(
    network: Network, backward: BackwardTrace, learning_rate: float
) -> Network:
    """Return the network after one gradient-descent step: W ← W − η ∂C/∂W, b ← b − η ∂C/∂b.

    Parameters
    ----------
    network : Network
        The network the backward pass was computed for.
    backward : BackwardTrace
        Its gradients.
    learning_rate : float
        η, a positive finite number.

    Raises
    ------
    ValueError
        If the learning rate is not a positive finite number, or the step leaves a weight
        that is not finite.
    """
    if not (np.isfinite(learning_rate) and learning_rate > 0):
        raise ValueError(f"the learning rate must be a positive number, got {learning_rate}")
    if backward.forward.network.layer_sizes != network.layer_sizes:
        raise ValueError("the gradients were computed for a network of another shape")
    gradients = (*backward.weight_gradients, *backward.bias_gradients)
    if not all(np.all(np.isfinite(g)) for g in gradients):
        raise ValueError("a gradient is ∞ or NaN, so gradient descent has no step to take")
    # An overflow is refused below, with a message, rather than warned about here.
    with np.errstate(over="ignore", invalid="ignore"):
        weights = tuple(
            W - learning_rate * g
            for W, g in zip(network.weights, backward.weight_gradients, strict=True)
        )
        biases = tuple(
            b - learning_rate * g
            for b, g in zip(network.biases, backward.bias_gradients, strict=True)
        )
    if not all(np.all(np.isfinite(a)) for a in (*weights, *biases)):
        raise ValueError(
            f"with η = {learning_rate:g} the step leaves a weight that is not a finite number "
            "(η·∂C/∂w overflows): choose a smaller learning rate"
        )
    return network.replace(weights=weights, biases=biases)
