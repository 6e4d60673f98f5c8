"""Network surgery: the changes a student makes to a trained network to see what each part
does — switch a neuron off, scale its incoming weights, shift its bias, prune the smallest
weights, add weight noise, and a softmax temperature.

Each is a small frozen value with ``apply(network) -> Network`` (a new network: networks
are immutable, so undo is the state before) and ``text(network)``, the name Edit ▸ Undo
shows. A refused surgery raises ``ValueError`` with a one-line message and changes nothing.

A **temperature** T is a change of the output layer's weights: softmax(z / T) with
z = a·W + b is softmax(a·(W / T) + b / T), so it is stored in the network itself (saved
with it, undone like every edit) and applying T twice makes T². It changes the
confidence (and the loss), never the answer: the largest output stays the largest.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

import numpy as np

from nnviz.core.network import Network
from nnviz.core.notation import layered_name, layered_names
from nnviz.core.types import FloatArray

#: Pruning counts weights per layer or over the whole network.
PruneScope = Literal["layer", "global"]


class Surgery(Protocol):
    """A change of a trained network (see the module docstring)."""

    def apply(self, network: Network) -> Network:
        """The changed network (ValueError: refused, with the reason)."""
        ...

    def text(self, network: Network) -> str:
        """What Edit ▸ Undo calls it: ``"switch off z²₇"``."""
        ...


def neuron_name(network: Network, layer: int, neuron: int) -> str:
    """How the diagram names a neuron's output: ``z²₇`` on large networks, ``z5`` on the
    lecture's."""
    if layered_names(network.layer_sizes):
        return layered_name("z", layer, neuron)
    return f"z{network.node_number(layer, neuron)}"


def _check_neuron(network: Network, layer: int, neuron: int, hidden_only: bool = False) -> None:
    last = network.n_layers - 1
    if not 1 <= layer <= last:
        raise ValueError(f"layer {layer} has no neurons with weights (layers 1 to {last} do)")
    if not 0 <= neuron < network.layer_sizes[layer]:
        raise ValueError(f"layer {layer} has no neuron {neuron + 1}")
    if hidden_only and layer == last:
        raise ValueError(
            "an output neuron cannot be switched off (nothing comes after it); "
            "scale its weights or shift its bias instead"
        )


def _finite(value: float, what: str) -> float:
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    return number


def _with_weights(network: Network, weights: Sequence[FloatArray]) -> Network:
    return network.replace(weights=tuple(weights))


@dataclass(frozen=True)
class SwitchOff:
    """Switch hidden neuron ``neuron`` (from 0) of ``layer`` off: its outgoing weights
    become 0, so the layers after it no longer hear it (its own value is still shown)."""

    layer: int
    neuron: int

    def apply(self, network: Network) -> Network:
        """Zero row ``neuron`` of ``weights[layer]``."""
        _check_neuron(network, self.layer, self.neuron, hidden_only=True)
        weights = list(network.weights)
        w = weights[self.layer].copy()
        w[self.neuron, :] = 0.0
        weights[self.layer] = w
        return _with_weights(network, weights)

    def text(self, network: Network) -> str:
        """``"switch off z²₇"``."""
        return f"switch off {neuron_name(network, self.layer, self.neuron)}"


@dataclass(frozen=True)
class ScaleIncoming:
    """Multiply the weights into neuron ``neuron`` of ``layer`` by ``factor`` (its bias
    stays)."""

    layer: int
    neuron: int
    factor: float

    def apply(self, network: Network) -> Network:
        """Scale column ``neuron`` of ``weights[layer - 1]``."""
        _check_neuron(network, self.layer, self.neuron)
        factor = _finite(self.factor, "a scale factor")
        weights = list(network.weights)
        w = weights[self.layer - 1].copy()
        w[:, self.neuron] *= factor
        weights[self.layer - 1] = w
        return _with_weights(network, weights)

    def text(self, network: Network) -> str:
        """``"scale the weights into z²₇ by 0.5"``."""
        name = neuron_name(network, self.layer, self.neuron)
        return f"scale the weights into {name} by {self.factor:g}"


@dataclass(frozen=True)
class ShiftBias:
    """Add ``delta`` to the bias of neuron ``neuron`` of ``layer``."""

    layer: int
    neuron: int
    delta: float

    def apply(self, network: Network) -> Network:
        """``biases[layer - 1][neuron] += delta``."""
        _check_neuron(network, self.layer, self.neuron)
        delta = _finite(self.delta, "a bias shift")
        old = float(network.biases[self.layer - 1][self.neuron])
        return network.with_bias(self.layer, self.neuron, old + delta)

    def text(self, network: Network) -> str:
        """``"shift the bias of z²₇ by +1"``."""
        return (
            f"shift the bias of {neuron_name(network, self.layer, self.neuron)} by {self.delta:+g}"
        )


@dataclass(frozen=True)
class Prune:
    """Set the ``share`` (0 ≤ share ≤ 1) of the weights smallest in size to 0: in each
    layer separately (``scope="layer"``, every layer loses the same share) or over the
    whole network at once (``"global"``, a layer of small weights loses more). Biases
    are kept. Exactly round(share · count) weights become 0 (ties by position)."""

    share: float
    scope: PruneScope = "layer"

    def apply(self, network: Network) -> Network:
        """The pruned network."""
        share = _finite(self.share, "the share to prune")
        if not 0.0 <= share <= 1.0:
            raise ValueError(f"the share to prune must be 0 to 100 %, not {share:.4g}")
        if self.scope not in ("layer", "global"):
            raise ValueError(f"prune per 'layer' or 'global', not {self.scope!r}")
        weights = [w.copy() for w in network.weights]
        if self.scope == "layer":
            for w in weights:
                _zero_smallest(w.reshape(-1), round(share * w.size))
        else:
            flat = np.concatenate([w.ravel() for w in weights])
            _zero_smallest(flat, round(share * flat.size))
            start = 0
            for w in weights:
                w.reshape(-1)[:] = flat[start : start + w.size]
                start += w.size
        return _with_weights(network, weights)

    def text(self, network: Network) -> str:
        """``"prune 50 % of the weights (per layer)"``."""
        where = "per layer" if self.scope == "layer" else "over all layers"
        return f"prune {self.share * 100:.3g} % of the weights ({where})"


def _zero_smallest(values: FloatArray, count: int) -> None:
    """Set the ``count`` entries of ``values`` (a writable 1-D view) smallest in size to 0."""
    if count <= 0:
        return
    order = np.argsort(np.abs(values), kind="stable")
    values[order[:count]] = 0.0


@dataclass(frozen=True)
class WeightNoise:
    """Add Gaussian noise of standard deviation ``sigma`` to every weight (biases are
    kept), drawn from ``numpy.random.default_rng(seed)``: the same seed, the same noise."""

    sigma: float
    seed: int = 0

    def apply(self, network: Network) -> Network:
        """The network with noisy weights."""
        sigma = _finite(self.sigma, "the noise σ")
        if sigma < 0:
            raise ValueError(f"the noise σ must be 0 or more, not {sigma:g}")
        rng = np.random.default_rng(self.seed)
        weights = [w + rng.normal(0.0, sigma, w.shape) for w in network.weights]
        return _with_weights(network, weights)

    def text(self, network: Network) -> str:
        """``"add weight noise σ = 0.05 (seed 0)"``."""
        return f"add weight noise σ = {self.sigma:g} (seed {self.seed})"


@dataclass(frozen=True)
class Temperature:
    """Divide the softmax output's weighted sums by ``temperature`` (T > 1 makes the
    network less sure, T < 1 surer), stored as the output layer's weights and biases
    divided by T (see the module docstring)."""

    temperature: float

    def apply(self, network: Network) -> Network:
        """The network whose output layer is divided by T."""
        t = _finite(self.temperature, "the temperature")
        if t <= 0:
            raise ValueError(f"the temperature must be more than 0, not {t:g}")
        if network.activations[-1] != "softmax":
            raise ValueError(
                f"a temperature needs a softmax output (this one is {network.activations[-1]})"
            )
        weights = list(network.weights)
        biases = list(network.biases)
        weights[-1] = weights[-1] / t
        biases[-1] = biases[-1] / t
        return network.replace(weights=tuple(weights), biases=tuple(biases))

    def text(self, network: Network) -> str:
        """``"softmax temperature T = 2"``."""
        return f"softmax temperature T = {self.temperature:g}"
