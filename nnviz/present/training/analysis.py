"""Looking inside a trained network, as plain data: each layer's weights now against their
values at initialisation, a 2-D map (PCA) of any layer's activations for the test images,
and what each first-layer neuron prefers. Qt-free and NumPy only; the Inside page
(:mod:`nnviz.qt.training.inside_page`) draws what these return.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data import DataSet
from nnviz.core.network import Network

#: Bins of a weight histogram.
WEIGHT_BINS = 61
#: Examples a layer's activations are computed for at once (keeps memory flat).
CHUNK = 2_000


@dataclass(frozen=True)
class WeightHistogram:
    """The weights into one layer, now and at initialisation, on the same bins.

    Attributes
    ----------
    layer : int
        1 .. L.
    edges : ndarray of float64, shape (bins + 1,)
    now, initial : ndarray of float64, shape (bins,)
        Share of the layer's weights in each bin (``initial`` is None without an
        initialisation to compare with).
    spread_now, spread_initial : float
        Standard deviation of the weights (NaN without an initialisation).
    """

    layer: int
    edges: NDArray[np.float64]
    now: NDArray[np.float64]
    initial: NDArray[np.float64] | None
    spread_now: float
    spread_initial: float

    def summary(self) -> str:
        """``"W1: σ 0.051 → 0.067"`` (or σ alone)."""
        if self.initial is None:
            return f"W{self.layer}: σ {self.spread_now:.3g}"
        return f"W{self.layer}: σ {self.spread_initial:.3g} → {self.spread_now:.3g}"


def weight_histograms(
    now: Network, initial: Network | None = None, bins: int = WEIGHT_BINS
) -> list[WeightHistogram]:
    """Histograms of each layer's weights, now and (if given, of the same shape) at
    initialisation, over one symmetric range per layer that holds both."""
    same = initial is not None and initial.layer_sizes == now.layer_sizes
    histograms = []
    for layer, weights in enumerate(now.weights, start=1):
        values = np.asarray(weights, np.float64).ravel()
        before = np.asarray(initial.weights[layer - 1], np.float64).ravel() if same else None  # type: ignore[union-attr]
        reach = float(np.max(np.abs(values))) if values.size else 1.0
        if before is not None and before.size:
            reach = max(reach, float(np.max(np.abs(before))))
        reach = reach or 1.0
        edges = np.linspace(-reach, reach, bins + 1)
        histograms.append(
            WeightHistogram(
                layer=layer,
                edges=edges,
                now=_shares(values, edges),
                initial=None if before is None else _shares(before, edges),
                spread_now=float(np.std(values)),
                spread_initial=float(np.std(before)) if before is not None else float("nan"),
            )
        )
    return histograms


def _shares(values: NDArray[np.float64], edges: NDArray[np.float64]) -> NDArray[np.float64]:
    counts, _ = np.histogram(values, bins=edges)
    return counts / max(values.size, 1)


def layer_activations(
    network: Network, data: DataSet, inputs: NDArray[Any], layer: int
) -> NDArray[np.float32]:
    """The activations of layer ``layer`` (0: the inputs) for rows of ``data``'s features.

    Returns
    -------
    ndarray of float32, shape (n, layer_sizes[layer])
    """
    if not 0 <= layer < len(network.layer_sizes):
        raise ValueError(f"the network has no layer {layer}")
    out = np.empty((len(inputs), network.layer_sizes[layer]), np.float32)
    weights = [np.asarray(w, np.float32) for w in network.weights[:layer]]
    biases = [np.asarray(b, np.float32) for b in network.biases[:layer]]
    for start in range(0, len(inputs), CHUNK):
        a = data.network_inputs(inputs[start : start + CHUNK], np.float32)
        for at, (w, b) in enumerate(zip(weights, biases, strict=True), start=1):
            a = np.asarray(network.activate_layer(at, a @ w + b), np.float32)
        out[start : start + len(a)] = a
    return out


@dataclass(frozen=True)
class ActivationMap:
    """A layer's activations projected on their two principal components.

    Attributes
    ----------
    layer : int
    points : ndarray of float32, shape (n, 2)
    explained : tuple of float
        Share of the variance each of the two components explains.
    separation : float
        How well the classes stand apart on the map: the between-class share of the
        points' variance (0: mixed, 1: each class a point), for "watch it untangle".
    """

    layer: int
    points: NDArray[np.float32]
    explained: tuple[float, float]
    separation: float


def pca_map(activations: NDArray[Any], labels: NDArray[Any] | None = None) -> ActivationMap:
    """Project ``activations`` (n, d) on their first two principal components (an SVD of
    the centred data; NumPy only). ``labels`` (n,) give the separation."""
    x = np.asarray(activations, np.float32)
    n, d = x.shape
    centred = x - x.mean(axis=0, dtype=np.float64).astype(np.float32)
    if d == 1:
        points = np.column_stack([centred[:, 0], np.zeros(n, np.float32)])
        return ActivationMap(0, points, (1.0, 0.0), _separation(points, labels))
    # The covariance is d × d (d ≤ a few hundred): its eigenvectors are the components,
    # much cheaper than an SVD of the n × d data for n = 10,000.
    covariance = (centred.T.astype(np.float64) @ centred.astype(np.float64)) / max(n - 1, 1)
    values, vectors = np.linalg.eigh(covariance)
    order = np.argsort(values)[::-1][:2]
    components = vectors[:, order].astype(np.float32)
    # A sign convention, so that the map does not flip between repaints while training.
    signs = np.sign(components[np.argmax(np.abs(components), axis=0), [0, 1]])
    components *= np.where(signs == 0, 1, signs).astype(np.float32)
    points = centred @ components
    total = float(values.sum())
    explained = tuple(float(values[i]) / total if total > 0 else 0.0 for i in order)
    return ActivationMap(0, points, (explained[0], explained[1]), _separation(points, labels))


def _separation(points: NDArray[np.float32], labels: NDArray[Any] | None) -> float:
    if labels is None or not len(points):
        return float("nan")
    p = points.astype(np.float64)
    total = float(((p - p.mean(axis=0)) ** 2).sum())
    if total <= 0:
        return 0.0
    between = 0.0
    centre = p.mean(axis=0)
    for label in np.unique(labels):
        group = p[labels == label]
        between += len(group) * float(((group.mean(axis=0) - centre) ** 2).sum())
    return between / total


def activation_map(
    network: Network, data: DataSet, layer: int, limit: int | None = None
) -> ActivationMap:
    """The PCA map of layer ``layer``'s activations for the first ``limit`` test examples
    (all of them by default), with the class separation when the targets are classes."""
    inputs = data.test_inputs if limit is None else data.test_inputs[:limit]
    labels = data.test_targets[: len(inputs)]
    activations = layer_activations(network, data, inputs, layer)
    found = pca_map(activations, labels if labels.ndim == 1 else None)
    return ActivationMap(layer, found.points, found.explained, found.separation)


def neuron_preferences(
    network: Network, data: DataSet, limit: int = 2_000
) -> tuple[NDArray[np.intp], NDArray[np.float64]]:
    """The class each first-layer neuron answers most: the class whose test images
    activate it most on average, and by how much more than its average over all classes
    (in its own standard deviations: 0 means no preference).

    Returns
    -------
    classes : ndarray of intp, shape (n_neurons,)
    strength : ndarray of float64, shape (n_neurons,)
    """
    inputs = data.test_inputs[:limit]
    labels = np.asarray(data.test_targets[: len(inputs)])
    activations = layer_activations(network, data, inputs, 1).astype(np.float64)
    classes = np.unique(labels)
    means = np.stack([activations[labels == k].mean(axis=0) for k in classes])
    spread = activations.std(axis=0)
    best = np.argmax(means, axis=0)
    lift = (means[best, np.arange(means.shape[1])] - activations.mean(axis=0)) / np.where(
        spread > 0, spread, 1.0
    )
    return classes[best].astype(np.intp), lift


def class_accuracies(confusion: NDArray[np.int64]) -> list[float | None]:
    """Each class's accuracy from a confusion matrix (``[true, predicted]``): the share
    of its examples answered right (None for a class with no examples)."""
    matrix = np.asarray(confusion)
    totals = matrix.sum(axis=1)
    return [float(matrix[k, k]) / int(total) if total else None for k, total in enumerate(totals)]
