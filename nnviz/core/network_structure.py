"""Structural edits of a :class:`~nnviz.core.network.Network`: neurons and hidden layers
added and removed (each returns a new network; the methods ``Network.with_neuron_added``
and the like call these). Neurons with their own activation keep it, wherever they move.
"""

from __future__ import annotations

from typing import Protocol, Self, TypeVar

import numpy as np

from nnviz.core import neuron_activations as own
from nnviz.core.types import FloatArray


class Structured(Protocol):
    """What the structural edits read of a network and how they make the new one: a
    :class:`~nnviz.core.network.Network` is one (described here, not imported, so that
    the network module can call these functions without the two importing each other)."""

    @property
    def layer_sizes(self) -> tuple[int, ...]: ...
    @property
    def weights(self) -> tuple[FloatArray, ...]: ...
    @property
    def biases(self) -> tuple[FloatArray, ...]: ...
    @property
    def activations(self) -> tuple[str, ...]: ...
    @property
    def neuron_activations(self) -> tuple[tuple[int, int, str], ...]: ...
    @property
    def n_layers(self) -> int: ...
    def replace(self, **changes: object) -> Self: ...


#: The network edited, and the same type returned.
NetworkT = TypeVar("NetworkT", bound=Structured)


def neuron_added(network: NetworkT, layer: int, position: int | None = None) -> NetworkT:
    """Return a copy with one more neuron in hidden or output layer ``layer``.

    The new neuron's incoming and outgoing weights and its bias are zero, so the
    network computes what it computed before (apart from softmax over one more
    output).

    Parameters
    ----------
    layer : int
        1 .. L; input neurons are added by the caller as a change of the input size
        (``layer=0``), which adds a zero row to the first weight matrix.
    position : int, optional
        Index of the new neuron in its layer; the end by default.
    """
    if not 0 <= layer < network.n_layers:
        raise IndexError(f"there is no layer {layer}")
    sizes = list(network.layer_sizes)
    at = sizes[layer] if position is None else position
    if not 0 <= at <= sizes[layer]:
        raise IndexError(f"position {at} is outside layer {layer} (0 to {sizes[layer]})")
    sizes[layer] += 1
    weights = list(network.weights)
    biases = list(network.biases)
    if layer >= 1:
        weights[layer - 1] = np.insert(weights[layer - 1], at, 0.0, axis=1)
        biases[layer - 1] = np.insert(biases[layer - 1], at, 0.0)
    if layer < network.n_layers - 1:
        weights[layer] = np.insert(weights[layer], at, 0.0, axis=0)
    return network.replace(
        layer_sizes=tuple(sizes),
        weights=tuple(weights),
        biases=tuple(biases),
        neuron_activations=own.shift_for_neuron_added(network.neuron_activations, layer, at),
    )


def neuron_removed(network: NetworkT, layer: int, neuron: int) -> NetworkT:
    """Return a copy without ``neuron`` of ``layer`` and all its edges.

    Raises
    ------
    ValueError
        If the layer would be left empty.
    """
    if not 0 <= layer < network.n_layers:
        raise IndexError(f"there is no layer {layer}")
    if not 0 <= neuron < network.layer_sizes[layer]:
        raise IndexError(f"layer {layer} has no neuron {neuron}")
    if network.layer_sizes[layer] == 1:
        raise ValueError(f"layer {layer} has one neuron; remove the layer instead")
    sizes = list(network.layer_sizes)
    sizes[layer] -= 1
    weights = list(network.weights)
    biases = list(network.biases)
    if layer >= 1:
        weights[layer - 1] = np.delete(weights[layer - 1], neuron, axis=1)
        biases[layer - 1] = np.delete(biases[layer - 1], neuron)
    if layer < network.n_layers - 1:
        weights[layer] = np.delete(weights[layer], neuron, axis=0)
    return network.replace(
        layer_sizes=tuple(sizes),
        weights=tuple(weights),
        biases=tuple(biases),
        neuron_activations=own.shift_for_neuron_removed(network.neuron_activations, layer, neuron),
    )


def layer_added(network: NetworkT, layer: int, size: int, activation: str) -> NetworkT:
    """Return a copy with a new hidden layer inserted as layer ``layer``.

    The new layer's incoming weights are an identity-like matrix (ones on the
    diagonal) and its outgoing weights repeat the old ones where they fit, so small
    networks keep a recognisable shape; biases start at zero.

    Parameters
    ----------
    layer : int
        1 .. L (inserting at L puts it just before the output layer).
    size : int
        Neurons in the new layer.
    activation : str
        The new layer's activation.
    """
    if not 1 <= layer <= network.n_layers - 1:
        raise IndexError(f"a hidden layer goes between layer 1 and {network.n_layers - 1}")
    n_in = network.layer_sizes[layer - 1]
    n_out = network.layer_sizes[layer]
    incoming = np.eye(n_in, size)
    outgoing = np.zeros((size, n_out))
    old = network.weights[layer - 1]
    rows = min(size, n_in)
    outgoing[:rows] = old[:rows]
    sizes = list(network.layer_sizes)
    sizes.insert(layer, size)
    weights = list(network.weights)
    weights[layer - 1 : layer] = [incoming, outgoing]
    biases = list(network.biases)
    biases.insert(layer - 1, np.zeros(size))
    activations = list(network.activations)
    activations.insert(layer - 1, activation)
    return network.replace(
        layer_sizes=tuple(sizes),
        weights=tuple(weights),
        biases=tuple(biases),
        activations=tuple(activations),
        neuron_activations=own.shift_for_layer(network.neuron_activations, layer, added=True),
    )


def layer_removed(network: NetworkT, layer: int) -> NetworkT:
    """Return a copy without hidden layer ``layer`` (1 .. L − 1).

    The layers on either side are joined by the product of the two weight matrices
    (exact for identity activations), which keeps the edge count sensible.
    """
    if not 1 <= layer <= network.n_layers - 2:
        raise IndexError(f"only hidden layers (1 to {network.n_layers - 2}) can be removed")
    joined = network.weights[layer - 1] @ network.weights[layer]
    sizes = list(network.layer_sizes)
    del sizes[layer]
    weights = list(network.weights)
    weights[layer - 1 : layer + 1] = [joined]
    biases = list(network.biases)
    del biases[layer - 1]
    activations = list(network.activations)
    del activations[layer - 1]
    return network.replace(
        layer_sizes=tuple(sizes),
        weights=tuple(weights),
        biases=tuple(biases),
        activations=tuple(activations),
        neuron_activations=own.shift_for_layer(network.neuron_activations, layer, added=False),
    )
