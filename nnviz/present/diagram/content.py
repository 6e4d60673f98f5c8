"""What the diagram shows, as plain arrays: numbers per node and edge, and an overlay.

The diagram never reads a :class:`~nnviz.core.network.Network` or a document: it is given
a :class:`DiagramContent` (the numbers) and a :class:`DiagramOverlay` (highlights and extra
notes). :func:`content_from_document` builds the full picture of the current trace; the
step-through view builds partial ones (values not yet computed are marked not shown, and
show no number), and live training swaps in new weights. A value that is shown and NaN
(a computation that went wrong) is written ``NaN``, never left blank.

Indices follow the core: layer 0 is the input; ``weights[l - 1][k, j]`` is the edge from
neuron k of layer l − 1 to neuron j of layer l; an edge is named ``(l, k, j)``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from nnviz.core.notation import (
    bias_name,
    input_name,
    layered_name,
    layered_names,
    layered_weight_name,
    output_name,
    weight_name,
    weighted_sum_name,
)
from nnviz.core.types import FloatArray
from nnviz.session.observable import ObservableState

NodeKey = tuple[int, int]
EdgeKey = tuple[int, int, int]


@dataclass(frozen=True, eq=False)
class DiagramContent:
    """The numbers the diagram draws.

    Attributes
    ----------
    layer_sizes : tuple of int
    activation_names : tuple of str
        Activation of each layer 1 .. L.
    weights : tuple of ndarray of float, shapes (n_{l-1}, n_l)
        Edge colours, widths and labels.
    biases : tuple of ndarray of float, shapes (n_l,)
    activations : tuple of ndarray of float, shapes (n_l,), layers 0 .. L
        ``activations[0]`` is the input x. NaN has a neutral colour.
    weighted_sums : tuple of ndarray of float, shapes (n_l,), layers 1 .. L
    terms : tuple of ndarray of float or None
        ``terms[l - 1][k, j] = W[k, j]·a[k]``: what large networks rank their edges by when
        ranking by activity; None ranks by |w|.
    target : ndarray of float, shape (n_L,), or None
    output_labels : tuple of str or None
    input_image_shape : tuple of int or None
    inputs_standardised : bool
        Whether the inputs are a table's standardised features (the input layer says so).
    loss : str
    sums_shown, activations_shown : tuple of ndarray of bool, shapes (n_l,), layers 1 .. L,
        or None
        Which weighted sums and activations are written (None: all of them); those not
        shown (not computed yet, in the step-through) show their name alone.
    """

    layer_sizes: tuple[int, ...]
    activation_names: tuple[str, ...]
    weights: tuple[FloatArray, ...]
    biases: tuple[FloatArray, ...]
    activations: tuple[FloatArray, ...]
    weighted_sums: tuple[FloatArray, ...]
    terms: tuple[FloatArray, ...] | None = None
    target: FloatArray | None = None
    output_labels: tuple[str, ...] | None = None
    input_image_shape: tuple[int, int] | None = None
    loss: str = "mse"
    inputs_standardised: bool = False
    sums_shown: tuple[np.ndarray, ...] | None = None
    activations_shown: tuple[np.ndarray, ...] | None = None
    #: Neurons with their own activation, (layer, neuron, name) (Network.neuron_activations).
    neuron_activations: tuple[tuple[int, int, str], ...] = ()

    def activation_of(self, layer: int, neuron: int) -> str:
        """The activation of one neuron of layer 1 .. L: its own, else its layer's."""
        for at_layer, at_neuron, name in self.neuron_activations:
            if (at_layer, at_neuron) == (layer, neuron):
                return name
        return self.activation_names[layer - 1]

    def own_activation(self, layer: int, neuron: int) -> str | None:
        """The neuron's own activation where it differs from its layer's, else None."""
        if layer == 0:
            return None
        name = self.activation_of(layer, neuron)
        return None if name == self.activation_names[layer - 1] else name

    def is_shown(self, layer: int, neuron: int, weighted_sum: bool = False) -> bool:
        """Whether the activation (or weighted sum) of a node is written (inputs always)."""
        masks = self.sums_shown if weighted_sum else self.activations_shown
        return layer == 0 or masks is None or bool(masks[layer - 1][neuron])

    def replace(self, **changes: object) -> DiagramContent:
        """Return a copy with some fields replaced (``dataclasses.replace``)."""
        return dataclasses.replace(self, **changes)  # type: ignore[arg-type]

    def node_number(self, layer: int, neuron: int) -> int:
        """The lecture's global node number (from 1, input layer first)."""
        return sum(self.layer_sizes[:layer]) + neuron + 1

    @property
    def layered(self) -> bool:
        """Whether nodes are named by layer and index (a large network: ``z³₇``) rather
        than by the lecture's global numbers (``z3``)."""
        return layered_names(self.layer_sizes)

    def node_title(self, layer: int, neuron: int) -> str:
        """``"node 3"``; in a large network ``"neuron 7 of layer 2"`` (``"input 123"``)."""
        if not self.layered:
            return f"node {self.node_number(layer, neuron)}"
        if layer == 0:
            return f"input {neuron + 1}"
        return f"neuron {neuron + 1} of layer {layer}"

    def value_name(self, layer: int, neuron: int) -> str:
        """``x1`` for an input, ``z3`` (the lecture's output) for any other node."""
        if self.layered:
            return layered_name("x" if layer == 0 else "z", layer, neuron)
        number = self.node_number(layer, neuron)
        return input_name(number) if layer == 0 else output_name(number)

    def sum_name(self, layer: int, neuron: int) -> str:
        """``v3``: the weighted sum of a neuron."""
        if self.layered:
            return layered_name("v", layer, neuron)
        return weighted_sum_name(self.node_number(layer, neuron))

    def bias_name(self, layer: int, neuron: int) -> str:
        """``b3``: the bias of a neuron."""
        if self.layered:
            return layered_name("b", layer, neuron)
        return bias_name(self.node_number(layer, neuron))

    def weight_name(self, layer: int, source: int, target: int) -> str:
        """``w13``: the weight of edge ``(layer, source, target)``."""
        if self.layered:
            return layered_weight_name(layer, source, target)
        return weight_name(self.node_number(layer - 1, source), self.node_number(layer, target))

    def hidden_values(self, shown: Mapping[int, np.ndarray] | None = None) -> DiagramContent:
        """Return a copy whose values are not shown (and NaN) except where ``shown`` says.

        Parameters
        ----------
        shown : mapping of int to ndarray of bool, optional
            ``shown[l]``, shape (n_l,), marks the nodes of layer l whose sum and activation
            are shown; layers not in the mapping show nothing (inputs always show).
        """
        shown = shown or {}
        activations = [self.activations[0]]
        sums = []
        masks = []
        for layer in range(1, len(self.layer_sizes)):
            mask = np.asarray(shown.get(layer, np.zeros(self.layer_sizes[layer], dtype=bool)))
            activations.append(np.where(mask, self.activations[layer], np.nan))
            sums.append(np.where(mask, self.weighted_sums[layer - 1], np.nan))
            masks.append(mask.astype(bool))
        return self.replace(
            activations=tuple(activations),
            weighted_sums=tuple(sums),
            sums_shown=tuple(masks),
            activations_shown=tuple(masks),
        )


@dataclass(frozen=True)
class DiagramOverlay:
    """Emphasis and notes laid over the numbers (what the step-through view animates).

    Attributes
    ----------
    nodes : frozenset of (layer, neuron)
        Highlighted nodes (a thick accent outline).
    edges : frozenset of (layer, source, target)
        Highlighted edges (drawn on top, wider, with an accent halo; always drawn, even
        in a large network that shows only its strongest edges).
    node_notes : mapping of (layer, neuron) to str
        A line written under a node, e.g. ``"δ5 = 0.25"``.
    edge_notes : mapping of (layer, source, target) to str
        A line written under an edge's label, e.g. ``"∂C/∂w = 0"`` (small networks).
    dim_others : bool
        Fade what is not highlighted.
    """

    nodes: frozenset[NodeKey] = frozenset()
    edges: frozenset[EdgeKey] = frozenset()
    node_notes: Mapping[NodeKey, str] = field(default_factory=dict)
    edge_notes: Mapping[EdgeKey, str] = field(default_factory=dict)
    dim_others: bool = False

    @property
    def empty(self) -> bool:
        """Whether the overlay changes nothing."""
        return not (self.nodes or self.edges or self.node_notes or self.edge_notes)


def content_from_document(document: ObservableState) -> DiagramContent:
    """Return the full picture of the document's current trace."""
    network = document.network
    forward = document.forward
    description = document.description
    return DiagramContent(
        layer_sizes=network.layer_sizes,
        activation_names=network.activations,
        weights=network.weights,
        biases=network.biases,
        activations=forward.activations,
        weighted_sums=forward.weighted_sums,
        terms=forward.terms,
        target=document.target,
        output_labels=description.output_labels,
        input_image_shape=description.input_image_shape,
        loss=network.loss,
        neuron_activations=network.neuron_activations,
        inputs_standardised=description.input_standardisation is not None,
    )


@dataclass(frozen=True)
class Hit:
    """What is under the mouse: a node, an edge, or a layer's title (its activation)."""

    kind: str
    layer: int
    neuron: int = -1
    source: int = -1
    target: int = -1

    @property
    def edge(self) -> EdgeKey:
        """``(layer, source, target)`` of an edge hit."""
        return (self.layer, self.source, self.target)

    @property
    def node(self) -> NodeKey:
        """``(layer, neuron)`` of a node hit."""
        return (self.layer, self.neuron)


@dataclass(frozen=True)
class LegendInfo:
    """What the colour legend explains: the |w| of full colour (None: per layer)."""

    weight_scale: float | None
    edges_note: str
