"""What the step-through has revealed so far, as masks over the network (Qt-free).

The step list (:mod:`nnviz.core.steps`) is ordered; revealing its first ``cursor`` steps
shows some weighted sums, activations, loss terms, deltas, gradients and updated weights.
:func:`reveal` turns a cursor into boolean masks the diagram can apply: a value whose mask
is False is not shown yet. It is a pure function of the steps and the cursor, so stepping
back shows exactly what was shown before.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnviz.core.steps import Step

BoolArray = NDArray[np.bool_]


@dataclass(frozen=True)
class Revealed:
    """Which numbers the first ``cursor`` steps have revealed.

    Per-layer tuples are indexed ``l - 1`` for layers 1 .. L, like the traces. Neuron
    masks have shape (n_l,); weight masks (n_{l-1}, n_l).

    Attributes
    ----------
    weighted_sums, activations : tuple of ndarray of bool
    loss_terms : ndarray of bool, shape (n_L,)
    loss : bool
    deltas, bias_gradients, bias_updates : tuple of ndarray of bool
    weight_gradients, weight_updates : tuple of ndarray of bool
    new_loss : bool
    """

    weighted_sums: tuple[BoolArray, ...]
    activations: tuple[BoolArray, ...]
    loss_terms: BoolArray
    loss: bool
    deltas: tuple[BoolArray, ...]
    weight_gradients: tuple[BoolArray, ...]
    bias_gradients: tuple[BoolArray, ...]
    weight_updates: tuple[BoolArray, ...]
    bias_updates: tuple[BoolArray, ...]
    new_loss: bool

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Revealed):
            return NotImplemented
        return all(
            _equal(getattr(self, name), getattr(other, name)) for name in self.__dataclass_fields__
        )

    __hash__ = None  # type: ignore[assignment]


def _equal(first: object, second: object) -> bool:
    if isinstance(first, tuple) and isinstance(second, tuple):
        return len(first) == len(second) and all(
            np.array_equal(a, b) for a, b in zip(first, second, strict=True)
        )
    if isinstance(first, np.ndarray) and isinstance(second, np.ndarray):
        return bool(np.array_equal(first, second))
    return first == second


def reveal(steps: Sequence[Step], cursor: int, layer_sizes: Sequence[int]) -> Revealed:
    """Return the masks of what steps ``0 .. cursor - 1`` have revealed.

    Parameters
    ----------
    steps : sequence of Step
        A step list of a network with ``layer_sizes``.
    cursor : int
        How many steps are revealed (0: none; ``len(steps)``: all).
    layer_sizes : sequence of int

    Returns
    -------
    Revealed
    """
    sizes = list(layer_sizes)
    pairs = list(itertools.pairwise(sizes))

    def neurons() -> list[BoolArray]:
        return [np.zeros(n, dtype=bool) for n in sizes[1:]]

    def edges() -> list[BoolArray]:
        return [np.zeros(pair, dtype=bool) for pair in pairs]

    sums, activations, deltas, bias_gradients, bias_updates = (neurons() for _ in range(5))
    weight_gradients, weight_updates = edges(), edges()
    loss_terms = np.zeros(sizes[-1], dtype=bool)
    loss = new_loss = False
    by_kind: dict[str, list[BoolArray]] = {
        "weighted_sum": sums,
        "activation": activations,
        "delta": deltas,
        "bias_gradient": bias_gradients,
        "bias_update": bias_updates,
        "weight_gradient": weight_gradients,
        "weight_update": weight_updates,
    }
    for step in steps[: max(cursor, 0)]:
        if step.kind == "loss_term":
            loss_terms[_index(step)] = True
        elif step.kind == "loss":
            loss = True
        elif step.kind == "new_loss":
            new_loss = True
        else:
            mask = by_kind[step.kind][step.layer - 1]
            if step.neuron is None:
                mask[...] = True
            elif step.source is not None:
                mask[step.source, step.neuron] = True
            elif mask.ndim == 2:  # a neuron's incoming weights at once
                mask[:, step.neuron] = True
            else:
                mask[step.neuron] = True
    return Revealed(
        weighted_sums=tuple(sums),
        activations=tuple(activations),
        loss_terms=loss_terms,
        loss=loss,
        deltas=tuple(deltas),
        weight_gradients=tuple(weight_gradients),
        bias_gradients=tuple(bias_gradients),
        weight_updates=tuple(weight_updates),
        bias_updates=tuple(bias_updates),
        new_loss=new_loss,
    )


def _index(step: Step) -> int | slice:
    return slice(None) if step.neuron is None else step.neuron
