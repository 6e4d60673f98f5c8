"""Dense layered networks, stored the way the lecture draws them.

Conventions, used everywhere in nnviz (files included)
------------------------------------------------------
- Layer 0 is the input layer; layers 1 .. L have weights, biases and an activation.
- The weights into layer ``l`` are ``weights[l - 1]``, an array of shape ``(n_in, n_out)``:
  the edge from neuron ``k`` of layer ``l - 1`` to neuron ``j`` of layer ``l`` is
  ``W[k, j]``. The lecture's w13 (node 1 to node 3) is ``weights[0][0, 0]``.
- A batch is rows: ``Z = A @ W + b``, with ``A`` of shape ``(batch, n_in)``.
- Neurons are also numbered globally from 1, input layer first, as the lecture numbers
  its nodes (inputs 1 and 2, hidden 3 and 4, output 5): see :meth:`Network.node_number`.

A :class:`Network` is immutable: its arrays are read-only and every edit returns a new
network. That makes undo trivial and lets a network cross threads without copying.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike

from nnviz.core import network_structure
from nnviz.core import neuron_activations as own
from nnviz.core.activations import ACTIVATION_NAMES, activate
from nnviz.core.losses import LOSS_NAMES
from nnviz.core.types import FloatArray

#: The largest network nnviz agrees to build or load, in parameters. It keeps a hostile
#: file from asking for gigabytes; MNIST's 784-100-50-10 has 84,060.
MAX_PARAMETERS = 50_000_000
#: The largest single layer, in neurons.
MAX_LAYER_SIZE = 1_000_000


def _frozen(array: ArrayLike, shape: tuple[int, ...], what: str) -> FloatArray:
    """Return a read-only float64 copy of ``array``, checking its shape and finiteness."""
    values = np.array(array, dtype=np.float64)
    if values.shape != shape:
        raise ValueError(f"{what} has shape {values.shape}, expected {shape}")
    if not np.all(np.isfinite(values)):
        raise ValueError(f"{what} contains a value that is not a finite number")
    values.setflags(write=False)
    return values


@dataclass(frozen=True)
class Network:
    """A dense feed-forward network.

    Attributes
    ----------
    layer_sizes : tuple of int
        Neurons per layer, input layer first; at least two layers.
    weights : tuple of ndarray of float64
        ``weights[l]`` has shape ``(layer_sizes[l], layer_sizes[l + 1])``; read-only.
    biases : tuple of ndarray of float64
        ``biases[l]`` has shape ``(layer_sizes[l + 1],)``; read-only.
    activations : tuple of str
        The activation of each non-input layer.
    loss : str
        The loss the network is trained and traced with.
    neuron_activations : tuple of (int, int, str)
        Neurons with their own element-wise activation, ``(layer, neuron, name)``
        (see :mod:`nnviz.core.neuron_activations`); sorted, and only where it differs
        from the layer's. Empty for most networks.
    """

    layer_sizes: tuple[int, ...]
    weights: tuple[FloatArray, ...]
    biases: tuple[FloatArray, ...]
    activations: tuple[str, ...]
    loss: str = "mse"
    neuron_activations: tuple[tuple[int, int, str], ...] = ()

    def __post_init__(self) -> None:
        sizes = tuple(int(n) for n in self.layer_sizes)
        validate_architecture(sizes, tuple(self.activations), self.loss)
        object.__setattr__(self, "layer_sizes", sizes)
        object.__setattr__(self, "activations", tuple(self.activations))
        object.__setattr__(
            self,
            "neuron_activations",
            own.normalise_overrides(sizes, self.activations, self.neuron_activations),
        )
        if len(self.weights) != len(sizes) - 1 or len(self.biases) != len(sizes) - 1:
            raise ValueError(
                f"a network of {len(sizes)} layers needs {len(sizes) - 1} weight matrices "
                f"and bias vectors, got {len(self.weights)} and {len(self.biases)}"
            )
        weights = tuple(
            _frozen(w, (sizes[i], sizes[i + 1]), f"layer{i + 1}/weight")
            for i, w in enumerate(self.weights)
        )
        biases = tuple(
            _frozen(b, (sizes[i + 1],), f"layer{i + 1}/bias") for i, b in enumerate(self.biases)
        )
        object.__setattr__(self, "weights", weights)
        object.__setattr__(self, "biases", biases)

    def __reduce__(self) -> tuple[type[Network], tuple[object, ...]]:
        """Unpickle through the constructor: a network that crossed a pipe is checked and
        read-only again, like the one that was sent."""
        return (
            Network,
            (
                self.layer_sizes,
                self.weights,
                self.biases,
                self.activations,
                self.loss,
                self.neuron_activations,
            ),
        )

    # -- construction -------------------------------------------------------------------

    @classmethod
    def zeros(
        cls, layer_sizes: Sequence[int], activations: Sequence[str], loss: str = "mse"
    ) -> Network:
        """Return a network of the given shape with all weights and biases zero."""
        sizes = tuple(int(n) for n in layer_sizes)
        validate_architecture(sizes, tuple(activations), loss)
        return cls(
            sizes,
            tuple(np.zeros((a, b)) for a, b in itertools.pairwise(sizes)),
            tuple(np.zeros(b) for b in sizes[1:]),
            tuple(activations),
            loss,
        )

    @classmethod
    def initialised(
        cls,
        layer_sizes: Sequence[int],
        activations: Sequence[str],
        loss: str = "mse",
        seed: int = 0,
        method: str = "he",
    ) -> Network:
        """Return a randomly initialised network, reproducible from ``seed``.

        Parameters
        ----------
        layer_sizes, activations, loss
            As for :class:`Network`.
        seed : int
            Seed of the NumPy generator; the same seed gives the same weights.
        method : {"he", "xavier"}
            He: W ~ N(0, 2 / n_in), suited to ReLU. Xavier (Glorot): W ~ N(0, 1 / n_in),
            suited to sigmoid and tanh. Biases start at zero either way.
        """
        sizes = tuple(int(n) for n in layer_sizes)
        validate_architecture(sizes, tuple(activations), loss)
        if method not in ("he", "xavier"):
            raise ValueError(f"unknown initialisation {method!r} (known: he, xavier)")
        gain = 2.0 if method == "he" else 1.0
        rng = np.random.default_rng(seed)
        weights = tuple(
            rng.standard_normal((n_in, n_out)) * np.sqrt(gain / n_in)
            for n_in, n_out in itertools.pairwise(sizes)
        )
        return cls(sizes, weights, tuple(np.zeros(n) for n in sizes[1:]), tuple(activations), loss)

    # -- shape and names ------------------------------------------------------------------

    @property
    def n_layers(self) -> int:
        """Number of layers, input layer included."""
        return len(self.layer_sizes)

    @property
    def n_parameters(self) -> int:
        """Number of weights and biases."""
        return sum(w.size + b.size for w, b in zip(self.weights, self.biases, strict=True))

    @property
    def input_size(self) -> int:
        """Neurons in the input layer."""
        return self.layer_sizes[0]

    @property
    def output_size(self) -> int:
        """Neurons in the output layer."""
        return self.layer_sizes[-1]

    def node_number(self, layer: int, neuron: int) -> int:
        """Return the lecture's global node number (from 1, input layer first)."""
        return sum(self.layer_sizes[:layer]) + neuron + 1

    def activation_of(self, layer: int, neuron: int) -> str:
        """The activation of ``neuron`` in ``layer`` (1 .. L): its own, else its layer's."""
        self._check_layer(layer)
        for at_layer, at_neuron, name in self.neuron_activations:
            if (at_layer, at_neuron) == (layer, neuron):
                return name
        return self.activations[layer - 1]

    def layer_activation_names(self, layer: int) -> tuple[str, ...]:
        """The activation of each neuron of ``layer`` (1 .. L), shape (n_layer,)."""
        self._check_layer(layer)
        return own.layer_names(
            self.activations[layer - 1], self.layer_sizes[layer], self.neuron_activations, layer
        )

    def is_mixed(self, layer: int) -> bool:
        """Whether some neuron of ``layer`` has an activation of its own."""
        return any(at_layer == layer for at_layer, _, _ in self.neuron_activations)

    def activation_label(self, layer: int) -> str:
        """The layer's activation in words: ``"sigmoid"``, or ``"sigmoid (node 4: relu)"``."""
        own = [
            f"node {self.node_number(layer, neuron)}: {name}"
            for at_layer, neuron, name in self.neuron_activations
            if at_layer == layer
        ]
        name = self.activations[layer - 1]
        return f"{name} ({', '.join(own)})" if own else name

    def activations_text(self) -> str:
        """Every layer's :meth:`activation_label`, comma-separated: ``"sigmoid, identity"``."""
        return ", ".join(self.activation_label(layer) for layer in range(1, self.n_layers))

    def activate_layer(self, layer: int, weighted_sums: FloatArray) -> FloatArray:
        """Each neuron's activation of its weighted sum; ``weighted_sums`` (..., n_layer)."""
        if not self.is_mixed(layer):
            return activate(self.activations[layer - 1], weighted_sums)
        return own.activate_layer(self.layer_activation_names(layer), weighted_sums)

    # -- computing ------------------------------------------------------------------------

    def predict(self, inputs: ArrayLike) -> FloatArray:
        """Return the output of the network for one input or a batch of inputs.

        Parameters
        ----------
        inputs : array_like of float, shape (n_in,) or (batch, n_in)

        Returns
        -------
        ndarray of float64, shape (n_out,) or (batch, n_out)
        """
        a: FloatArray = np.asarray(inputs, dtype=np.float64)
        if a.shape[-1:] != (self.input_size,) or a.ndim > 2:
            raise ValueError(
                f"input has shape {a.shape}, expected ({self.input_size},) "
                f"or (batch, {self.input_size})"
            )
        for layer, (w, b) in enumerate(zip(self.weights, self.biases, strict=True), start=1):
            a = self.activate_layer(layer, a @ w + b)
        return a

    # -- edits (each returns a new network) ---------------------------------------------------

    def with_weight(self, layer: int, source: int, target: int, value: float) -> Network:
        """Return a copy whose weight from ``source`` (layer ``layer - 1``) to ``target``
        (layer ``layer``) is ``value``."""
        self._check_layer(layer)
        weights = list(self.weights)
        w = weights[layer - 1].copy()
        w[source, target] = value
        weights[layer - 1] = w
        return self.replace(weights=tuple(weights))

    def with_bias(self, layer: int, neuron: int, value: float) -> Network:
        """Return a copy whose bias of ``neuron`` in ``layer`` is ``value``."""
        self._check_layer(layer)
        biases = list(self.biases)
        b = biases[layer - 1].copy()
        b[neuron] = value
        biases[layer - 1] = b
        return self.replace(biases=tuple(biases))

    def with_activation(self, layer: int, name: str) -> Network:
        """Return a copy in which every neuron of ``layer`` uses the activation ``name``
        (the layer's choice replaces its neurons' own)."""
        self._check_layer(layer)
        activations = list(self.activations)
        activations[layer - 1] = name
        kept = tuple(o for o in self.neuron_activations if o[0] != layer)
        return self.replace(activations=tuple(activations), neuron_activations=kept)

    def with_neuron_activation(self, layer: int, neuron: int, name: str | None) -> Network:
        """Return a copy in which ``neuron`` of ``layer`` uses its own element-wise
        activation ``name`` (None: its layer's again).

        Raises
        ------
        ValueError
            For softmax, or a neuron of a softmax layer (softmax couples a whole layer).
        """
        self._check_layer(layer)
        if not 0 <= neuron < self.layer_sizes[layer]:
            raise IndexError(f"layer {layer} has no neuron {neuron}")
        kept = [o for o in self.neuron_activations if o[:2] != (layer, neuron)]
        if name is not None:
            kept.append((layer, neuron, name))
        return self.replace(neuron_activations=tuple(kept))

    def with_loss(self, name: str) -> Network:
        """Return a copy that uses the loss ``name``."""
        return self.replace(loss=name)

    def with_neuron_added(self, layer: int, position: int | None = None) -> Network:
        """A copy with one more neuron in ``layer`` (see :func:`network_structure.neuron_added`)."""
        return network_structure.neuron_added(self, layer, position)

    def with_neuron_removed(self, layer: int, neuron: int) -> Network:
        """A copy without ``neuron`` of ``layer`` (see :func:`network_structure.neuron_removed`)."""
        return network_structure.neuron_removed(self, layer, neuron)

    def with_layer_added(self, layer: int, size: int, activation: str) -> Network:
        """A copy with a new hidden layer ``layer`` (see :func:`network_structure.layer_added`)."""
        return network_structure.layer_added(self, layer, size, activation)

    def with_layer_removed(self, layer: int) -> Network:
        """A copy without hidden ``layer`` (see :func:`network_structure.layer_removed`)."""
        return network_structure.layer_removed(self, layer)

    def replace(self, **changes: object) -> Network:
        """Return a copy with some attributes replaced (validated like a new network)."""
        fields: dict[str, object] = {
            "layer_sizes": self.layer_sizes,
            "weights": self.weights,
            "biases": self.biases,
            "activations": self.activations,
            "loss": self.loss,
            "neuron_activations": self.neuron_activations,
        }
        fields.update(changes)
        return Network(**fields)  # type: ignore[arg-type]

    def _check_layer(self, layer: int) -> None:
        if not 1 <= layer < self.n_layers:
            raise IndexError(f"layer {layer} has no weights (layers 1 to {self.n_layers - 1} do)")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Network):
            return NotImplemented
        return (
            self.layer_sizes == other.layer_sizes
            and self.activations == other.activations
            and self.loss == other.loss
            and self.neuron_activations == other.neuron_activations
            and all(np.array_equal(a, b) for a, b in zip(self.weights, other.weights, strict=True))
            and all(np.array_equal(a, b) for a, b in zip(self.biases, other.biases, strict=True))
        )

    __hash__ = None  # type: ignore[assignment]


def validate_architecture(
    layer_sizes: tuple[int, ...], activations: tuple[str, ...], loss: str
) -> None:
    """Check that a network shape, its activations and its loss make sense.

    Raises
    ------
    ValueError
        Naming the first problem found.
    """
    if len(layer_sizes) < 2:
        raise ValueError(f"a network needs at least 2 layers, got {len(layer_sizes)}")
    for i, n in enumerate(layer_sizes):
        if not 1 <= n <= MAX_LAYER_SIZE:
            raise ValueError(f"layer {i} has {n} neurons; each layer needs 1 to {MAX_LAYER_SIZE:,}")
    n_parameters = sum(a * b + b for a, b in itertools.pairwise(layer_sizes))
    if n_parameters > MAX_PARAMETERS:
        raise ValueError(
            f"a network of {n_parameters:,} parameters is too large (nnviz handles up to "
            f"{MAX_PARAMETERS:,})"
        )
    if len(activations) != len(layer_sizes) - 1:
        raise ValueError(
            f"{len(layer_sizes)} layers need {len(layer_sizes) - 1} activations, "
            f"got {len(activations)}"
        )
    for name in activations:
        if name not in ACTIVATION_NAMES:
            raise ValueError(f"unknown activation {name!r} (known: {', '.join(ACTIVATION_NAMES)})")
    if loss not in LOSS_NAMES:
        raise ValueError(f"unknown loss {loss!r} (known: {', '.join(LOSS_NAMES)})")
