"""What every neuron computes over the input plane (or line), as arrays a view paints.

For data with one or two raw inputs (the playground's sets, a two-column table) the
raw inputs span a *plane* (a line for 1-D data). Every point of a grid over it goes
through the same path an example takes: its features (x1², sin x2 … see
:mod:`nnviz.core.data.toys`), the data set's standardisation, then the network, one
matrix product per layer for the whole grid. Each neuron's activation over the grid is
its *map*; the output's map is the decision boundary (or the fitted curve or surface).

Maps are normalised to [-1, 1] for colouring: a sigmoid or softmax output ``a`` as
``1 − 2a`` (so that class 0, "blue", is positive, as the edges' blue is), tanh as it is,
anything else divided by its largest magnitude over the grid.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data import DataSet
from nnviz.core.data.toys import TableSource
from nnviz.core.network import Network

#: Cells per side of a map (the issue asks for at least 64 × 64).
RESOLUTION = 64


@dataclass(frozen=True)
class Plane:
    """The region of raw inputs a map covers.

    Attributes
    ----------
    x_range : (float, float)
        Of the first raw input.
    y_range : (float, float)
        Of the second raw input (of the target, for 1-D data: only for plotting).
    n_raw : int
        1 or 2.
    resolution : int
    """

    x_range: tuple[float, float]
    y_range: tuple[float, float]
    n_raw: int
    resolution: int = RESOLUTION

    def points(self) -> NDArray[np.float64]:
        """The grid's raw points: shape (resolution², 2) row by row from the bottom (y
        rising), or (resolution, 1) for 1-D data."""
        xs = np.linspace(*self.x_range, self.resolution)
        if self.n_raw == 1:
            return xs[:, None]
        ys = np.linspace(*self.y_range, self.resolution)
        grid_x, grid_y = np.meshgrid(xs, ys)
        return np.stack([grid_x.ravel(), grid_y.ravel()], axis=1)


def plane_for(table: TableSource, resolution: int = RESOLUTION) -> Plane | None:
    """The plane round a table's points (with a margin), or None if it has more than two
    raw inputs (a map needs a plane)."""
    if table.n_raw > 2:
        return None
    raw = np.concatenate([table.train_inputs, table.test_inputs])
    ranges = []
    columns = [raw[:, 0]]
    if table.n_raw == 2:
        columns.append(raw[:, 1])
    elif table.class_names is None:
        columns.append(np.concatenate([table.train_targets, table.test_targets])[:, 0])
    else:
        columns.append(np.array([-0.25, 1.25]))
    for column in columns:
        low, high = float(column.min()), float(column.max())
        margin = max((high - low) * 0.08, 0.5)
        ranges.append((low - margin, high + margin))
    return Plane(ranges[0], ranges[1], table.n_raw, resolution)


def grid_inputs(table: TableSource, data: DataSet, plane: Plane) -> NDArray[np.float64]:
    """What the network sees at each grid point, shape (cells, n_features)."""
    return data.network_inputs(table.network_features(plane.points()))


def layer_activations(network: Network, inputs: NDArray[np.float64]) -> list[NDArray[Any]]:
    """Every non-input layer's activations for a batch of inputs, shape (cells, n_l) each."""
    out = []
    a: NDArray[Any] = inputs
    for layer, (w, b) in enumerate(zip(network.weights, network.biases, strict=True), start=1):
        a = network.activate_layer(layer, a @ w + b)
        out.append(a)
    return out


def normalised(values: NDArray[Any], activation: str) -> NDArray[np.float64]:
    """Activations of one layer (cells, n) as colours' values in [-1, 1] (module
    docstring)."""
    if activation in ("sigmoid", "softmax"):
        return np.clip(1.0 - 2.0 * values, -1.0, 1.0)
    if activation == "tanh":
        return np.clip(values, -1.0, 1.0)
    largest = np.max(np.abs(values), axis=0, keepdims=True)
    largest[~(largest > 0)] = 1.0
    return np.asarray(values / largest, dtype=np.float64)


@dataclass(frozen=True)
class NeuronMaps:
    """Every neuron's map over one plane.

    Attributes
    ----------
    plane : Plane
    layers : tuple of ndarray of float64
        ``layers[l - 1]`` has shape (n_l, resolution, resolution) for 2-D data (row 0 at
        the bottom), (n_l, resolution) for 1-D data: layer ``l``'s neurons, in [-1, 1].
    raw : tuple of ndarray
        The same before normalising (activations as they are).
    """

    plane: Plane
    layers: tuple[NDArray[np.float64], ...]
    raw: tuple[NDArray[np.float64], ...]

    def neuron(self, layer: int, neuron: int) -> NDArray[np.float64]:
        """The map of ``neuron`` in ``layer`` (1 = the first hidden layer)."""
        return self.layers[layer - 1][neuron]


def neuron_maps(network: Network, inputs: NDArray[np.float64], plane: Plane) -> NeuronMaps:
    """Compute every neuron's map (one forward pass of the whole grid).

    Parameters
    ----------
    network : Network
        Its inputs must be the data set's features.
    inputs : ndarray of float64, shape (cells, n_features)
        :func:`grid_inputs` of the plane (computed once per data set).
    plane : Plane
    """
    shape = (plane.resolution,) if plane.n_raw == 1 else (plane.resolution, plane.resolution)
    layers, raws = [], []
    for a, name in zip(layer_activations(network, inputs), network.activations, strict=True):
        raws.append(a.T.reshape(a.shape[1], *shape))
        layers.append(normalised(a, name).T.reshape(a.shape[1], *shape))
    return NeuronMaps(plane, tuple(layers), tuple(raws))


def output_values(maps: NeuronMaps, n_classes: int) -> NDArray[np.float64]:
    """What the boundary plot colours, in [-1, 1]: for two classes 1 − 2·P(class 1) (one
    sigmoid output or two softmax outputs), for more the winning class's confidence signed
    by whether it is an even or odd class; for values, the output normalised."""
    last = maps.raw[-1]
    if n_classes == 2:
        p1 = last[0] if last.shape[0] == 1 else last[1] / np.maximum(last.sum(axis=0), 1e-12)
        return np.clip(1.0 - 2.0 * p1, -1.0, 1.0)
    if n_classes > 2:
        winner = np.argmax(last, axis=0)
        confidence = np.max(last, axis=0)
        return np.where(winner % 2 == 0, confidence, -confidence)
    return maps.layers[-1][0]
