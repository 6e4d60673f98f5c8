"""The cost surface J(w, b) of a model with two parameters, and its descent path.

For a network of one input and one output (linear regression ``h = w·x + b`` with the
identity, logistic regression ``h = g(w·x + b)`` with the sigmoid), the cost over the
training set is a function of two numbers, which a contour plot shows whole; each
weight update is a point on it. The cost is the network's loss averaged over the
examples: for squared error the lecture's J = 1/(2m) Σ (h − y)², for binary cross-entropy
J = −1/m Σ (y ln h + (1 − y) ln(1 − h)) (the lecture's sum, divided by m).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnviz.core.activations import activate
from nnviz.core.data import DataSet
from nnviz.core.losses import get_loss
from nnviz.core.network import Network

#: Cells per side of the surface.
SURFACE_RESOLUTION = 80


def has_cost_surface(network: Network) -> bool:
    """Whether ``network`` has exactly two parameters, w and b (one input, one output)."""
    return network.layer_sizes == (1, 1)


def parameters(network: Network) -> tuple[float, float]:
    """(w, b) of a two-parameter network."""
    return float(network.weights[0][0, 0]), float(network.biases[0][0])


@dataclass(frozen=True)
class CostSurface:
    """J over a grid of (w, b).

    Attributes
    ----------
    w_range, b_range : (float, float)
    cost : ndarray of float64, shape (resolution, resolution)
        ``cost[i, j]`` at ``b = b_values[i]``, ``w = w_values[j]``.
    """

    w_range: tuple[float, float]
    b_range: tuple[float, float]
    cost: NDArray[np.float64]

    def contains(self, w: float, b: float) -> bool:
        """Whether (w, b) lies inside the surface's range."""
        return self.w_range[0] <= w <= self.w_range[1] and self.b_range[0] <= b <= self.b_range[1]


def cost_at(
    network: Network, data: DataSet, w: NDArray[np.float64], b: NDArray[np.float64]
) -> NDArray[np.float64]:
    """J at every (w, b) pair of the arrays ``w`` and ``b`` (one shape), on the training set."""
    x = data.network_inputs(data.train_inputs)[:, 0]
    targets = data.coding(1).encode(data.train_targets)[:, 0]
    loss = get_loss(network.loss)
    z = w[..., None] * x + b[..., None]
    h = activate(network.activation_of(1, 0), z)
    if loss.name == "binary_cross_entropy":
        h = np.clip(h, 1e-12, 1 - 1e-12)
    terms = loss.terms(h, np.broadcast_to(targets, h.shape))
    return np.asarray(terms.mean(axis=-1), dtype=np.float64)


def cost_surface(
    network: Network,
    data: DataSet,
    around: list[tuple[float, float]],
    resolution: int = SURFACE_RESOLUTION,
) -> CostSurface:
    """The surface over a square round the origin and the points ``around`` (the path so
    far), with room to spare."""
    points = np.array([(0.0, 0.0), *around])
    half = max(2.0, 1.4 * float(np.max(np.abs(points))))
    centre_w = float(points[:, 0].mean()) / 2
    centre_b = float(points[:, 1].mean()) / 2
    w_range = (centre_w - half, centre_w + half)
    b_range = (centre_b - half, centre_b + half)
    w_grid, b_grid = np.meshgrid(
        np.linspace(*w_range, resolution), np.linspace(*b_range, resolution)
    )
    return CostSurface(w_range, b_range, cost_at(network, data, w_grid, b_grid))
