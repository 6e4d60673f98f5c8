"""The pieces of a neuron's chain-rule graph: its nodes, its steps, their names.

Built by :func:`nnviz.core.chain_rule.chain_graph`; see there for what the graph is.

A neuron with many inputs draws its :data:`MAX_TERMS` strongest terms (largest |w·x|,
:func:`strongest_terms`) and folds the rest into one node.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np

from nnviz.core.activations import get_activation
from nnviz.core.losses import get_loss
from nnviz.core.network import Network
from nnviz.core.notation import (
    bias_name,
    delta_name,
    input_name,
    layered_name,
    layered_names,
    layered_weight_name,
    output_name,
    target_name,
    weight_name,
    weighted_sum_name,
)
from nnviz.core.trace import BackwardTrace, ForwardTrace

NodeKind = Literal[
    "input", "weight", "product", "more", "bias", "sum", "activation", "loss", "target", "upstream"
]

#: A neuron with more incoming terms than this draws this many (the strongest |w·x|) and
#: folds the rest into one node: 784 leaves are no graph a student can read.
MAX_TERMS = 10
#: The arriving ∂C/∂z of a hidden neuron is written term by term up to this many.
MAX_WRITTEN_UPSTREAM = 4


@dataclass(frozen=True)
class ChainNode:
    """One node of a neuron's graph.

    Attributes
    ----------
    key : str
        Unique within the graph: ``"x0"`` / ``"w0"`` / ``"times0"`` (term of incoming neuron
        0), ``"more"``, ``"b"``, ``"v"``, ``"z"``, ``"C"``, ``"y"``, ``"up"``.
    kind : str
        One of :data:`NodeKind`.
    name : str
        What the node is, in the lecture's notation: ``z3``, ``w35``, ``w35·z3``, ``v5``, ``C``.
    operation : str
        The operation it computes (``×``, ``+``, ``sigmoid``, ``½(y − z)²``), or ``""`` for a leaf.
    value : float or None
        Its value in the forward pass (None for the arriving gradient, which is no value).
    gradient : float or None
        ∂C/∂node from the document's backward pass; None where there is none (the target,
        a constant, or a document without a target).
    column, row : float
        Where it is drawn: columns left to right in the order of the forward pass.
    inputs : tuple of str
        The keys of the nodes it is computed from (the graph's edges).
    note : str
        A line under the node (``from nodes 5, 6``, ``774 weaker terms``), or ``""``.
    """

    key: str
    kind: NodeKind
    name: str
    operation: str
    value: float | None
    gradient: float | None
    column: float
    row: float
    inputs: tuple[str, ...] = ()
    note: str = ""


@dataclass(frozen=True)
class ChainStep:
    """One step of the backward pass through the graph.

    Attributes
    ----------
    nodes : tuple of str
        The nodes whose gradient this step computes (one, or the arriving gradient and the
        ``z`` it reaches).
    quantity : str
        ``∂C/∂v5``, ``∂C/∂w35``.
    text : str
        The local chain-rule step with its numbers.
    value : float
        The gradient it computes (the document's own number).
    """

    nodes: tuple[str, ...]
    quantity: str
    text: str
    value: float


@dataclass(frozen=True)
class ChainGraph:
    """A neuron's operations, values and gradients (see the module docstring).

    Attributes
    ----------
    layer, neuron : int
        The neuron (layer ≥ 1).
    title : str
        ``"node 5"`` or ``"neuron 7 of layer 2"``.
    nodes : tuple of ChainNode
    steps : tuple of ChainStep
        The backward pass, in order; empty without a loss.
    notes : tuple of str
        Sentences under the graph: how a softmax couples the outputs, what was folded,
        why there are no gradients.
    n_terms : int
        The neuron's incoming terms.
    folded : int
        How many of them the ``more`` node stands for (0: every term is drawn).
    """

    layer: int
    neuron: int
    title: str
    nodes: tuple[ChainNode, ...]
    steps: tuple[ChainStep, ...]
    notes: tuple[str, ...]
    n_terms: int
    folded: int

    def node(self, key: str) -> ChainNode:
        """The node of key ``key`` (KeyError if there is none)."""
        for node in self.nodes:
            if node.key == key:
                return node
        raise KeyError(key)

    @property
    def keys(self) -> tuple[str, ...]:
        """Every node's key, in drawing order."""
        return tuple(node.key for node in self.nodes)


class ChainNames:
    """The lecture's names (z3, v5, w35), or by layer and index in a large network (z²₇)."""

    def __init__(self, network: Network) -> None:
        self.network = network
        self.layered = layered_names(network.layer_sizes)

    def title(self, layer: int, neuron: int) -> str:
        if not self.layered:
            return f"node {self.network.node_number(layer, neuron)}"
        return f"neuron {neuron + 1} of layer {layer}"

    def _name(self, letter: str, layer: int, neuron: int) -> str:
        if self.layered:
            return layered_name(letter, layer, neuron)
        number = self.network.node_number(layer, neuron)
        makers = {
            "x": input_name,
            "z": output_name,
            "v": weighted_sum_name,
            "b": bias_name,
            "δ": delta_name,
            "y": target_name,
        }
        return makers[letter](number)

    def value(self, layer: int, neuron: int) -> str:
        return self._name("x" if layer == 0 else "z", layer, neuron)

    def sum(self, layer: int, neuron: int) -> str:
        return self._name("v", layer, neuron)

    def bias(self, layer: int, neuron: int) -> str:
        return self._name("b", layer, neuron)

    def delta(self, layer: int, neuron: int) -> str:
        return self._name("δ", layer, neuron)

    def target(self, layer: int, neuron: int) -> str:
        return self._name("y", layer, neuron)

    def weight(self, layer: int, source: int, target: int) -> str:
        if self.layered:
            return layered_weight_name(layer, source, target)
        network = self.network
        return weight_name(
            network.node_number(layer - 1, source), network.node_number(layer, target)
        )


def activation_name(network: Network, layer: int, neuron: int) -> str:
    """The activation neuron ``neuron`` of ``layer`` applies, read from the network (its
    own, if it has one, else its layer's); the one place this module asks."""
    return network.activation_of(layer, neuron)


def strongest_terms(terms: np.ndarray, limit: int = MAX_TERMS) -> list[int]:
    """The incoming neurons drawn: all of them up to ``limit``, else the ``limit`` largest
    |w·x| (strongest first; ties by index).

    Parameters
    ----------
    terms : ndarray of float64, shape (n_in,)
        The neuron's terms w·x.
    """
    n = len(terms)
    if n <= limit:
        return list(range(n))
    magnitude = np.nan_to_num(np.abs(terms), nan=np.inf)
    order = np.lexsort((np.arange(n), -magnitude))
    return [int(k) for k in order[:limit]]


def fused(network: Network, loss_name: str, layer: int, neuron: int) -> bool:
    """Whether neuron's δ simplifies with the loss (an output softmax with cross-entropy)."""
    return layer == network.n_layers - 1 and get_loss(loss_name).fused_with == activation_name(
        network, layer, neuron
    )


def elementwise(network: Network, layer: int, neuron: int) -> bool:
    """Whether the neuron's activation depends on its own v alone (not softmax)."""
    return bool(get_activation(activation_name(network, layer, neuron)).elementwise)


class NeuronNumbers:
    """One neuron's names and numbers, shared by the builders of its nodes and steps."""

    def __init__(
        self,
        forward: ForwardTrace,
        backward: BackwardTrace | None,
        layer: int,
        neuron: int,
        shown: list[int],
        names: ChainNames,
    ) -> None:
        self.forward = forward
        self.backward = backward
        self.layer = layer
        self.neuron = neuron
        self.shown = shown
        self.names = names
        network = forward.network
        self.network = network
        self.is_output = layer == network.n_layers - 1
        self.activation = activation_name(network, layer, neuron)
        self.x = [names.value(layer - 1, k) for k in range(network.layer_sizes[layer - 1])]
        self.w = [names.weight(layer, k, neuron) for k in range(network.layer_sizes[layer - 1])]
        self.v = names.sum(layer, neuron)
        self.z = names.value(layer, neuron)
        self.b = names.bias(layer, neuron)
        self.d = names.delta(layer, neuron)
        self.y = names.target(layer, neuron)
        self.folded = [k for k in range(len(self.x)) if k not in set(shown)]

    # -- numbers ------------------------------------------------------------------------------

    def delta(self) -> float | None:
        if self.backward is None:
            return None
        return float(self.backward.deltas[self.layer - 1][self.neuron])

    def z_gradient(self) -> float | None:
        if self.backward is None:
            return None
        return float(self.backward.activation_gradients[self.layer - 1][self.neuron])

    def weight_gradient(self, k: int) -> float | None:
        if self.backward is None:
            return None
        return float(self.backward.weight_gradients[self.layer - 1][k, self.neuron])

    def share(self, k: int) -> float | None:
        """What the term of incoming neuron ``k`` passes back to it: w·δ (hidden sources)."""
        delta = self.delta()
        if delta is None or self.layer == 1:
            return None
        return float(self.network.weights[self.layer - 1][k, self.neuron]) * delta + 0.0
