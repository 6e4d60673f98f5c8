"""One neuron's own activation: the per-neuron overrides of a layer's activation.

A :class:`~nnviz.core.network.Network` has one activation per layer (its default) and,
optionally, neurons whose own element-wise activation differs from it, e.g. a linear
output beside sigmoid outputs. The overrides are a sorted tuple of
``(layer, neuron, name)``, layer 1 .. L and neuron counted from 0 in its layer, holding
only the neurons whose activation differs from their layer's.

Softmax is a layer's activation (each output depends on the whole layer's weighted
sums): no neuron may have it as its own, and a softmax layer has no overrides.

This module also computes a layer whose neurons do not all share one activation: each
group of columns with its own activation (:func:`column_groups`), on the readable float64
path (:func:`activate_layer`, :func:`derivative_layer`, :func:`backpropagate_layer`) and
on the fast float32 path (:class:`MixedKernel`).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from numpy.typing import NDArray

from nnviz.core.activation import Activation, BatchWork, Float32Array
from nnviz.core.activations import ACTIVATION_NAMES, get_activation
from nnviz.core.types import FloatArray

#: One override: (layer 1 .. L, neuron index in its layer, activation name).
Override = tuple[int, int, str]


def normalise_overrides(
    layer_sizes: Sequence[int], activations: Sequence[str], overrides: Iterable[object]
) -> tuple[Override, ...]:
    """Check per-neuron overrides and return them sorted, without the redundant ones.

    Parameters
    ----------
    layer_sizes : sequence of int
        Neurons per layer, input layer first.
    activations : sequence of str
        The activation of each layer 1 .. L (the default of its neurons).
    overrides : iterable of (int, int, str)

    Returns
    -------
    tuple of (int, int, str)
        Sorted by layer and neuron; an override equal to its layer's activation is dropped.

    Raises
    ------
    ValueError
        One line naming the first bad override.
    """
    kept: dict[tuple[int, int], str] = {}
    for item in overrides:
        if not isinstance(item, (tuple, list)) or len(item) != 3:
            raise ValueError(f"a neuron's activation is (layer, neuron, name), got {item!r}")
        layer, neuron, name = item
        if not all(
            isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in (layer, neuron)
        ):
            raise ValueError(f"a neuron's layer and index are whole numbers, got {item!r}")
        layer, neuron = int(layer), int(neuron)
        if not 1 <= layer < len(layer_sizes):
            raise ValueError(
                f"layer {layer} has no activation (layers 1 to {len(layer_sizes) - 1} do)"
            )
        if not 0 <= neuron < layer_sizes[layer]:
            raise ValueError(f"layer {layer} has no neuron {neuron}")
        if not isinstance(name, str) or name not in ACTIVATION_NAMES:
            raise ValueError(f"unknown activation {name!r} (known: {', '.join(ACTIVATION_NAMES)})")
        if not get_activation(name).elementwise:
            raise ValueError(
                f"{name} is a layer's activation, not one neuron's: set it on layer {layer}"
            )
        if not get_activation(activations[layer - 1]).elementwise:
            raise ValueError(
                f"layer {layer} uses {activations[layer - 1]}, which couples its neurons: "
                "none of them can have its own activation"
            )
        if (layer, neuron) in kept:
            raise ValueError(f"neuron {neuron} of layer {layer} is given two activations")
        kept[(layer, neuron)] = name
    return tuple(
        (layer, neuron, name)
        for (layer, neuron), name in sorted(kept.items())
        if name != activations[layer - 1]
    )


def layer_names(
    network_activation: str, size: int, overrides: Sequence[Override], layer: int
) -> tuple[str, ...]:
    """The activation of each of the ``size`` neurons of ``layer``."""
    names = [network_activation] * size
    for at_layer, neuron, name in overrides:
        if at_layer == layer:
            names[neuron] = name
    return tuple(names)


def column_groups(names: Sequence[str]) -> tuple[tuple[Activation, NDArray[np.intp]], ...]:
    """Group a layer's neurons by activation: (activation, column indices), first seen first."""
    order: dict[str, list[int]] = {}
    for j, name in enumerate(names):
        order.setdefault(name, []).append(j)
    return tuple(
        (get_activation(name), np.array(cols, dtype=np.intp)) for name, cols in order.items()
    )


# -- the readable path (float64) ---------------------------------------------------------------


def activate_layer(names: Sequence[str], v: FloatArray) -> FloatArray:
    """f(v) for a layer whose neuron j uses ``names[j]``; ``v`` has shape (..., n)."""
    groups = column_groups(names)
    if len(groups) == 1:
        return groups[0][0].function(v)
    out = np.empty_like(v)
    for activation, cols in groups:
        out[..., cols] = activation.function(v[..., cols])
    return out


def derivative_layer(names: Sequence[str], v: FloatArray, a: FloatArray) -> FloatArray:
    """Each neuron's own f′(v), shape of ``v`` (for softmax: the Jacobian's diagonal)."""
    groups = column_groups(names)
    if len(groups) == 1:
        return groups[0][0].derivative(v, a)
    out = np.empty_like(v)
    for activation, cols in groups:
        out[..., cols] = activation.derivative(v[..., cols], a[..., cols])
    return out


def backpropagate_layer(
    names: Sequence[str], v: FloatArray, a: FloatArray, grad_a: FloatArray
) -> FloatArray:
    """δ = ∂C/∂v of a layer from ∂C/∂a (a mixed layer is element-wise throughout)."""
    groups = column_groups(names)
    if len(groups) == 1:
        return groups[0][0].backpropagate(v, a, grad_a)
    return grad_a * derivative_layer(names, v, a)


# -- the fast path (float32, batches) ------------------------------------------------------------


class MixedKernel(Activation):
    """The fast-path kernels of a layer whose neurons use different activations.

    Each group of columns is computed by its own activation's kernel on a gathered copy
    (the kernels work in place on contiguous buffers); the layer's most common
    activation runs on the whole layer first, so only the overridden columns are copied.
    """

    name = "mixed"
    formula = "each neuron its own f(v)"
    derivative_formula = "each neuron its own f′(v)"
    needs_sums = True

    def __init__(self, names: Sequence[str]) -> None:
        groups = column_groups(names)
        self._default, _ = max(groups, key=lambda group: group[1].size)
        self._others = tuple(group for group in groups if group[0] is not self._default)

    @staticmethod
    def _work(work: BatchWork, cols: NDArray[np.intp]) -> BatchWork:
        rows = work.scratch.shape[0]
        return BatchWork(
            np.empty((rows, cols.size), np.float32),
            np.empty((rows, cols.size), np.bool_),
            work.row_max,
            work.row_sum,
        )

    def forward_batch(self, z: Float32Array, out: Float32Array, work: BatchWork) -> None:
        """Write each neuron's f(z) into ``out`` (``z`` is kept: :attr:`needs_sums`)."""
        self._default.forward_batch(z, out, work)
        for activation, cols in self._others:
            part = np.ascontiguousarray(z[:, cols])
            activation.forward_batch(part, part, self._work(work, cols))
            out[:, cols] = part

    def backward_batch(
        self, grad: Float32Array, a: Float32Array, z: Float32Array | None, work: BatchWork
    ) -> None:
        """Turn ∂C/∂a in ``grad`` into δ, each group of columns by its own derivative."""
        assert z is not None
        saved = [np.ascontiguousarray(grad[:, cols]) for _, cols in self._others]
        self._default.backward_batch(grad, a, z, work)
        for (activation, cols), part in zip(self._others, saved, strict=True):
            activation.backward_batch(
                part,
                np.ascontiguousarray(a[:, cols]),
                np.ascontiguousarray(z[:, cols]),
                self._work(work, cols),
            )
            grad[:, cols] = part


def shift_for_neuron_added(
    overrides: Sequence[Override], layer: int, at: int
) -> tuple[Override, ...]:
    """The overrides after a neuron is inserted at index ``at`` of ``layer``."""
    return tuple(
        (at_layer, n + 1 if at_layer == layer and n >= at else n, name)
        for at_layer, n, name in overrides
    )


def shift_for_neuron_removed(
    overrides: Sequence[Override], layer: int, neuron: int
) -> tuple[Override, ...]:
    """The overrides after ``neuron`` of ``layer`` is removed (its own goes with it)."""
    return tuple(
        (at_layer, n - 1 if at_layer == layer and n > neuron else n, name)
        for at_layer, n, name in overrides
        if (at_layer, n) != (layer, neuron)
    )


def shift_for_layer(overrides: Sequence[Override], layer: int, added: bool) -> tuple[Override, ...]:
    """The overrides after layer ``layer`` is inserted (``added``) or removed."""
    if added:
        return tuple(
            (at_layer + 1 if at_layer >= layer else at_layer, n, name)
            for at_layer, n, name in overrides
        )
    return tuple(
        (at_layer - 1 if at_layer > layer else at_layer, n, name)
        for at_layer, n, name in overrides
        if at_layer != layer
    )


# -- files --------------------------------------------------------------------------------------

#: The field of a weights file's ``meta`` holding the overrides, as ``[[layer, neuron, name]]``.
FILE_FIELD = "neuron_activations"


def overrides_to_json(overrides: Sequence[Override]) -> list[list[int | str]]:
    """The file form of the overrides: ``[[layer, neuron, name], ...]`` (neuron from 0)."""
    return [[layer, neuron, name] for layer, neuron, name in overrides]


def overrides_from_json(
    value: object, layer_sizes: Sequence[int], activations: Sequence[str]
) -> tuple[Override, ...]:
    """Read and check the file form; raises ValueError in one line naming the problem."""
    if not isinstance(value, list):
        raise ValueError(f"'{FILE_FIELD}' must be a list of [layer, neuron, name]")
    if len(value) > sum(layer_sizes[1:]):
        raise ValueError(f"'{FILE_FIELD}' names more neurons than the network has")
    return normalise_overrides(layer_sizes, activations, value)
