"""What differs between two networks shown side by side: weights, activations, deltas.

:func:`differences` compares two documents' networks and passes (Qt-free, plain data) for
the compare view to mark on both diagrams: the nodes whose weighted sum or activation
differs, those whose delta differs (when both have a target), the edges whose weight
differs (the largest differences first, at most ``limit`` of them, so a trained MNIST pair
stays drawable), the activations that differ per layer, and one summary line. Networks of
different shapes are compared by their shapes alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from nnviz.core.notation import format_number
from nnviz.core.trace import BackwardTrace, ForwardTrace
from nnviz.present.diagram.content import EdgeKey, NodeKey

#: Most differing edges marked (largest differences first).
EDGE_LIMIT = 300
#: Two numbers closer than this, relative to the larger, are the same (float64 rounding
#: of the same sum in another order); no absolute tolerance: a delta of 1e-12 against 0
#: is a difference a student asks about.
TOLERANCE = 1e-12


@dataclass(frozen=True)
class Differences:
    """The differences of two networks (see the module docstring).

    Attributes
    ----------
    same_shape : bool
        Whether the layer sizes agree (else only ``summary`` says anything).
    value_nodes : frozenset of (layer, neuron)
        Nodes whose weighted sum or activation differs.
    delta_nodes : frozenset of (layer, neuron)
        Nodes whose delta differs (both documents have a target).
    edges : tuple of (layer, source, target)
        Edges whose weight differs, largest difference first (at most ``EDGE_LIMIT``).
    n_weights, n_biases : int
        How many weights and biases differ in all.
    activation_layers : tuple of int
        Layers whose activation function differs.
    largest_output_difference : float
        max |output_a − output_b| (NaN for different shapes).
    summary : str
        One line for the status bar.
    """

    same_shape: bool
    value_nodes: frozenset[NodeKey]
    delta_nodes: frozenset[NodeKey]
    edges: tuple[EdgeKey, ...]
    n_weights: int
    n_biases: int
    activation_layers: tuple[int, ...]
    largest_output_difference: float
    summary: str

    @property
    def none(self) -> bool:
        """Whether the two compute exactly the same thing."""
        return (
            self.same_shape
            and not (self.value_nodes or self.delta_nodes or self.n_weights or self.n_biases)
            and not self.activation_layers
        )


def _differs(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    with np.errstate(invalid="ignore"):
        close = np.abs(a - b) <= TOLERANCE * np.maximum(np.abs(a), np.abs(b))
    both_nan = np.isnan(a) & np.isnan(b)
    return ~(close | both_nan)


def differences(
    forward_a: ForwardTrace,
    forward_b: ForwardTrace,
    backward_a: BackwardTrace | None = None,
    backward_b: BackwardTrace | None = None,
    limit: int = EDGE_LIMIT,
) -> Differences:
    """Compare two documents' passes (their networks are ``forward_x.network``).

    Parameters
    ----------
    forward_a, forward_b : ForwardTrace
    backward_a, backward_b : BackwardTrace or None
        Deltas are compared when both are given.
    limit : int
        Most differing edges returned.
    """
    a, b = forward_a.network, forward_b.network
    if a.layer_sizes != b.layer_sizes:
        shape_a, shape_b = ("-".join(map(str, n.layer_sizes)) for n in (a, b))
        return Differences(
            False,
            frozenset(),
            frozenset(),
            (),
            0,
            0,
            (),
            float("nan"),
            f"different shapes: {shape_a} and {shape_b}",
        )
    value_nodes: set[NodeKey] = set()
    for layer in range(1, a.n_layers):
        changed = _differs(forward_a.weighted_sums[layer - 1], forward_b.weighted_sums[layer - 1])
        changed |= _differs(forward_a.activations[layer], forward_b.activations[layer])
        value_nodes.update((layer, int(j)) for j in np.flatnonzero(changed))
    value_nodes.update(
        (0, int(j))
        for j in np.flatnonzero(_differs(forward_a.activations[0], forward_b.activations[0]))
    )
    delta_nodes: set[NodeKey] = set()
    if backward_a is not None and backward_b is not None:
        for layer in range(1, a.n_layers):
            changed = _differs(backward_a.deltas[layer - 1], backward_b.deltas[layer - 1])
            delta_nodes.update((layer, int(j)) for j in np.flatnonzero(changed))
    edges, n_weights = _edges(a.weights, b.weights, limit)
    n_biases = sum(int(_differs(x, y).sum()) for x, y in zip(a.biases, b.biases, strict=True))
    activation_layers = tuple(
        layer
        for layer in range(1, a.n_layers)
        if a.layer_activation_names(layer) != b.layer_activation_names(layer)
    )
    with np.errstate(invalid="ignore"):
        largest = float(np.max(np.abs(forward_a.output - forward_b.output)))
    return Differences(
        True,
        frozenset(value_nodes),
        frozenset(delta_nodes),
        edges,
        n_weights,
        n_biases,
        activation_layers,
        largest,
        _summary(
            [a.activation_label(layer) for layer in range(1, a.n_layers)],
            [b.activation_label(layer) for layer in range(1, b.n_layers)],
            activation_layers,
            n_weights,
            n_biases,
            largest,
        ),
    )


def _edges(
    weights_a: Sequence[np.ndarray], weights_b: Sequence[np.ndarray], limit: int
) -> tuple[tuple[EdgeKey, ...], int]:
    sizes = []
    keys: list[np.ndarray] = []
    for layer, (x, y) in enumerate(zip(weights_a, weights_b, strict=True), start=1):
        changed = _differs(x, y)
        sources, targets = np.nonzero(changed)
        with np.errstate(invalid="ignore"):
            size = np.nan_to_num(np.abs(x - y)[changed], nan=np.inf)
        sizes.append(size)
        keys.append(np.column_stack([np.full(sources.size, layer), sources, targets]))
    all_sizes = np.concatenate(sizes) if sizes else np.zeros(0)
    all_keys = np.concatenate(keys) if keys else np.zeros((0, 3), dtype=int)
    order = np.argsort(-all_sizes, kind="stable")[:limit]
    chosen = tuple((int(k[0]), int(k[1]), int(k[2])) for k in all_keys[order])
    return chosen, int(all_sizes.size)


def _summary(
    names_a: Sequence[str],
    names_b: Sequence[str],
    layers: Sequence[int],
    n_weights: int,
    n_biases: int,
    largest: float,
) -> str:
    parts = []
    for layer in layers:
        parts.append(f"layer {layer}: {names_a[layer - 1]} vs {names_b[layer - 1]}")
    if n_weights or n_biases:
        parts.append(f"{n_weights:,} weights and {n_biases:,} biases differ")
    if not parts:
        return "the two networks are the same"
    parts.append(f"outputs differ by up to {format_number(largest)}")
    return "; ".join(parts)


def run_label(
    title: str,
    activations: Sequence[str],
    learning_rate: float,
    weight_decay: float,
    seed: int,
) -> str:
    """The legend of one side's training curves: what distinguishes the run."""
    hidden = ", ".join(activations[:-1]) or "no hidden layer"
    return (
        f"{title}: {hidden} → {activations[-1]}; η = {format_number(learning_rate)}, "
        f"λ = {format_number(weight_decay)}, seed {seed}"
    )
