"""What the diagram shows at a point of the step-through: content and overlay.

Pure functions of the step list, the cursor and the session's numbers (no widgets), so
that showing step k is the same however step k was reached. Values not revealed are marked
not shown (the diagram writes the name alone: ``z4``; a revealed NaN is written NaN);
revealed loss terms and deltas are written under their nodes, revealed gradients under
their edges' weights, and the update phase swaps in each new weight as it is revealed
(``w35 = 1.95``, ``was 2``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from nnviz.core.network import Network
from nnviz.core.notation import format_number
from nnviz.core.steps import Step
from nnviz.core.types import FloatArray
from nnviz.present.diagram.content import DiagramContent, DiagramOverlay, EdgeKey, NodeKey
from nnviz.session.reveal import Revealed

#: Whole-layer gradient and update steps highlight this many of their strongest edges.
LAYER_EDGES_SHOWN = 40


def revealed_content(
    full: DiagramContent,
    revealed: Revealed,
    after: Network | None,
    tween: tuple[Step, float] | None = None,
) -> DiagramContent:
    """The numbers shown: ``full`` with what is not revealed hidden (marked, and NaN).

    Parameters
    ----------
    full : DiagramContent
        Every number of the current pass (the session's).
    revealed : Revealed
    after : Network or None
        The network after the update phase's step; its weights and biases replace the
        old ones as their update steps are revealed.
    tween : (Step, float), optional
        An update step being animated and how far (0 .. 1) its weights have moved from
        old to new.
    """
    activations = [full.activations[0]]
    sums = []
    for i, (a, v) in enumerate(zip(full.activations[1:], full.weighted_sums, strict=True)):
        activations.append(np.where(revealed.activations[i], a, np.nan))
        sums.append(np.where(revealed.weighted_sums[i], v, np.nan))
    weights: Sequence[FloatArray] = full.weights
    biases: Sequence[FloatArray] = full.biases
    if after is not None:
        weights = [
            np.where(mask, new, old)
            for mask, new, old in zip(
                revealed.weight_updates, after.weights, full.weights, strict=True
            )
        ]
        biases = [
            np.where(mask, new, old)
            for mask, new, old in zip(revealed.bias_updates, after.biases, full.biases, strict=True)
        ]
        if tween is not None:
            weights, biases = _tweened(weights, biases, full, after, *tween)
    return full.replace(
        activations=tuple(activations),
        weighted_sums=tuple(sums),
        weights=tuple(weights),
        biases=tuple(biases),
        sums_shown=tuple(np.asarray(m, dtype=bool) for m in revealed.weighted_sums),
        activations_shown=tuple(np.asarray(m, dtype=bool) for m in revealed.activations),
    )


def _tweened(
    weights: Sequence[FloatArray],
    biases: Sequence[FloatArray],
    full: DiagramContent,
    after: Network,
    step: Step,
    t: float,
) -> tuple[list[FloatArray], list[FloatArray]]:
    weights = [np.array(w) for w in weights]
    biases = [np.array(b) for b in biases]
    i = step.layer - 1
    old_w, new_w = full.weights[i], after.weights[i]
    old_b, new_b = full.biases[i], after.biases[i]
    if step.kind == "weight_update":
        cells: tuple[slice | int, slice | int] = (
            (slice(None), slice(None))
            if step.neuron is None
            else (step.source if step.source is not None else slice(None), step.neuron)
        )
        weights[i][cells] = old_w[cells] + (new_w[cells] - old_w[cells]) * t
    elif step.kind == "bias_update":
        cell = slice(None) if step.neuron is None else step.neuron
        biases[i][cell] = old_b[cell] + (new_b[cell] - old_b[cell]) * t
    return weights, biases


def step_notes(
    steps: Sequence[Step], cursor: int, full: DiagramContent
) -> tuple[dict[NodeKey, str], dict[EdgeKey, str]]:
    """Notes of the revealed steps: loss terms, then deltas, under nodes; gradients, then
    old weights, under edges (a later note of a node or edge replaces an earlier one)."""
    nodes: dict[NodeKey, str] = {}
    edges: dict[EdgeKey, str] = {}
    for step in steps[:cursor]:
        if step.kind in ("loss_term", "delta") and step.neuron is not None:
            nodes[(step.layer, step.neuron)] = f"{step.quantity} = {_number(step.value)}"
        elif step.kind == "delta" and step.values is not None and step.values.size <= 12:
            for j, delta in enumerate(step.values):
                nodes[(step.layer, j)] = f"δ = {format_number(float(delta))}"
        elif step.kind == "weight_gradient" and step.source is not None:
            key = (step.layer, step.source, step.neuron or 0)
            edges[key] = f"{step.quantity} = {_number(step.value)}"
        elif step.kind == "weight_update" and step.source is not None:
            key = (step.layer, step.source, step.neuron or 0)
            edges[key] = _change_note(
                float(full.weights[step.layer - 1][step.source, key[2]]), step.value
            )
    return nodes, edges


def focus(
    step: Step | None, full: DiagramContent, backward_deltas: Sequence[FloatArray] | None
) -> tuple[frozenset[NodeKey], frozenset[EdgeKey]]:
    """The nodes and edges a step is about (highlighted while it is current).

    Parameters
    ----------
    step : Step or None
    full : DiagramContent
    backward_deltas : sequence of ndarray, optional
        The deltas per layer (a whole-layer delta step highlights the neurons that pass
        error back).
    """
    if step is None:
        return frozenset(), frozenset()
    sizes = full.layer_sizes
    layer, j = step.layer, step.neuron
    last = len(sizes) - 1
    nodes: set[NodeKey] = set()
    edges: set[EdgeKey] = set()
    if step.kind in ("loss", "new_loss"):
        nodes = {(last, n) for n in range(sizes[last])}
    elif j is None:
        if step.kind in ("weighted_sum", "activation", "bias_gradient", "bias_update"):
            nodes = {(layer, n) for n in range(sizes[layer])}
        elif step.kind == "delta":
            deltas = backward_deltas[layer - 1] if backward_deltas is not None else None
            chosen = range(sizes[layer]) if deltas is None else np.flatnonzero(deltas)
            nodes = {(layer, int(n)) for n in chosen}
        elif step.kind in ("weight_gradient", "weight_update") and step.values is not None:
            reference = (
                step.values
                if step.kind == "weight_gradient"
                else step.values - full.weights[layer - 1]
            )
            edges = _strongest(layer, reference)
    elif step.kind == "weighted_sum":
        # The neuron and where its terms come from: the inputs stay readable.
        nodes = {(layer, j)} | {(layer - 1, k) for k in range(sizes[layer - 1])}
        edges = {(layer, k, j) for k in range(sizes[layer - 1])}
    elif step.kind == "delta":
        nodes = {(layer, j)}
        if layer < last:
            edges = {(layer + 1, j, m) for m in range(sizes[layer + 1])}
            nodes |= {(layer + 1, m) for m in range(sizes[layer + 1])}
    elif step.kind in ("weight_gradient", "weight_update") and step.source is not None:
        nodes = {(layer - 1, step.source), (layer, j)}
        edges = {(layer, step.source, j)}
    else:
        nodes = {(layer, j)}
    return frozenset(nodes), frozenset(edges)


def _strongest(layer: int, values: FloatArray) -> set[EdgeKey]:
    magnitude = np.abs(values).ravel()
    count = min(LAYER_EDGES_SHOWN, int(np.count_nonzero(magnitude)))
    if count == 0:
        return set()
    chosen = np.argpartition(magnitude, -count)[-count:]
    sources, targets = np.unravel_index(chosen, values.shape)
    return {(layer, int(k), int(j)) for k, j in zip(sources, targets, strict=True)}


def step_overlay(
    steps: Sequence[Step],
    cursor: int,
    shown: Step | None,
    full: DiagramContent,
    backward_deltas: Sequence[FloatArray] | None,
    question: bool = False,
) -> DiagramOverlay:
    """The overlay at ``cursor``: notes of revealed steps, and ``shown`` highlighted.

    With ``question`` set, ``shown`` is the step the quiz asks about: its node carries
    ``v3 = ?`` instead of a value.
    """
    nodes, edges = step_notes(steps, cursor, full)
    highlighted_nodes, highlighted_edges = focus(shown, full, backward_deltas)
    if question and shown is not None and shown.neuron is not None:
        if shown.source is not None:
            edges[(shown.layer, shown.source, shown.neuron)] = f"{shown.quantity} = ?"
        else:
            nodes[(shown.layer, shown.neuron)] = f"{shown.quantity} = ?"
    return DiagramOverlay(
        nodes=highlighted_nodes,
        edges=highlighted_edges,
        node_notes=nodes,
        edge_notes=edges,
        # Fade the rest while edges carry the step's numbers; a step about one node
        # (an activation, a loss term) leaves every number around it readable.
        dim_others=bool(highlighted_edges),
    )


def _change_note(old: float, new: float | None) -> str:
    """Under an updated weight: ``was 2``; ``Δw = 9.4e−13`` when rounding hides the change."""
    if new is None or new == old:
        return "unchanged"
    if format_number(old) != format_number(new):
        return f"was {format_number(old)}"
    return f"Δw = {format_number(new - old)}"


def _number(value: float | None) -> str:
    return "" if value is None else format_number(value)
