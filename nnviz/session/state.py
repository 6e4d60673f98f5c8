"""What a document holds, as immutable values: the basis of undo and of session files."""

from __future__ import annotations

import dataclasses
import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from nnviz.core.data import Standardisation
from nnviz.core.network import Network
from nnviz.core.presets import Preset
from nnviz.core.types import FloatArray


@dataclass(frozen=True)
class Description:
    """What is shown about the network beside it (from its preset or file)."""

    name: str = "untitled"
    title: str = "Untitled network"
    description: str = ""
    output_labels: tuple[str, ...] | None = None
    input_image_shape: tuple[int, int] | None = None
    #: The :func:`numbers_fingerprint` of the state the text was written for ("" when
    #: unknown): once the numbers differ, the text may describe numbers no longer there.
    written_for: str = ""
    #: The features' names (a weights file trained on a table: its ``input_labels``).
    input_labels: tuple[str, ...] | None = None
    #: The inputs' standardisation as (mean, scale) per input, from a weights file trained
    #: on a standardised table: the network's input xᵢ is (valueᵢ − meanᵢ) / scaleᵢ of a
    #: value in the data's units (None: the inputs are the data's values).
    input_standardisation: tuple[tuple[float, ...], tuple[float, ...]] | None = None

    def to_meta(self) -> dict[str, Any]:
        """What a weights file's ``meta`` keeps of it (title, description, labels, image,
        the features' names and standardisation)."""
        meta: dict[str, Any] = {"title": self.title, "description": self.description}
        if self.output_labels is not None:
            meta["output_labels"] = list(self.output_labels)
        if self.input_image_shape is not None:
            meta["input_image_shape"] = list(self.input_image_shape)
        if self.input_labels is not None:
            meta["input_labels"] = list(self.input_labels)
        standardisation = self.standardisation
        if standardisation is not None:
            meta["standardisation"] = standardisation.to_json()
        return meta

    @property
    def standardisation(self) -> Standardisation | None:
        """The inputs' standardisation (see ``input_standardisation``)."""
        if self.input_standardisation is None:
            return None
        mean, scale = self.input_standardisation
        return Standardisation(np.array(mean), np.array(scale))

    def input_name(self, index: int) -> str:
        """The name of input ``index``: its feature's (``"petal length"``) or ``"x1"``."""
        labels = self.input_labels
        return labels[index] if labels is not None else f"x{index + 1}"

    def data_values(self, inputs: ArrayLike) -> np.ndarray:
        """The network's inputs (shape (n_inputs,)) in the data's units: value = x · scale
        + mean (the inputs themselves when they are not standardised)."""
        x = np.asarray(inputs, dtype=np.float64)
        if self.input_standardisation is None:
            return x.copy()
        mean, scale = self.input_standardisation
        return x * np.asarray(scale) + np.asarray(mean)

    def network_inputs(self, values: ArrayLike) -> np.ndarray:
        """Values in the data's units (shape (n_inputs,)) as the network's inputs:
        x = (value − mean) / scale."""
        x = np.asarray(values, dtype=np.float64)
        if self.input_standardisation is None:
            return x.copy()
        mean, scale = self.input_standardisation
        return (x - np.asarray(mean)) / np.asarray(scale)

    @classmethod
    def input_facts(
        cls, meta: dict[str, Any], input_size: int
    ) -> tuple[tuple[str, ...] | None, tuple[tuple[float, ...], tuple[float, ...]] | None]:
        """``input_labels`` and ``input_standardisation`` from a weights file's ``meta``
        (each None when absent, malformed or not of ``input_size`` inputs: the file opens
        without them; ``nnviz trace`` and ``evaluate`` say what is wrong with them)."""
        labels = meta.get("input_labels")
        names = (
            tuple(labels)
            if isinstance(labels, list)
            and len(labels) == input_size
            and all(isinstance(name, str) and 0 < len(name) <= 100 for name in labels)
            else None
        )
        try:
            standardisation = Standardisation.from_json(meta.get("standardisation"))
        except (ValueError, TypeError, OverflowError):  # 10**400 is no float
            return names, None
        if standardisation.mean.shape != (input_size,):
            return names, None
        mean = tuple(float(v) for v in standardisation.mean)
        return names, (mean, tuple(float(v) for v in standardisation.scale))

    def fitted_to(self, network: Network) -> Description:
        """Return this description without the labels or image shape ``network`` cannot use."""
        labels = self.output_labels
        shape = self.input_image_shape
        fits = self.input_labels is None or len(self.input_labels) == network.input_size
        scaled = self.input_standardisation
        return dataclasses.replace(
            self,
            output_labels=labels if labels and len(labels) == network.output_size else None,
            input_image_shape=shape
            if shape and shape[0] * shape[1] == network.input_size
            else None,
            input_labels=self.input_labels if fits else None,
            input_standardisation=scaled
            if scaled is None or len(scaled[0]) == network.input_size
            else None,
        )


@dataclass(frozen=True, eq=False)
class DocumentState:
    """Everything a document's numbers depend on, at one moment.

    Undo keeps two of these (before and after an edit); session files store one.
    Holding one costs nothing: networks and arrays are immutable and shared.

    Attributes
    ----------
    network : Network
    inputs : ndarray of float64, shape (n_0,)
    target : ndarray of float64, shape (n_L,) or None
    learning_rate : float
    description : Description
    """

    network: Network
    inputs: FloatArray
    target: FloatArray | None
    learning_rate: float
    description: Description

    @classmethod
    def from_preset(cls, preset: Preset) -> DocumentState:
        """Return the state a preset (or a weights file read as one) opens with."""
        input_labels, standardisation = Description.input_facts(
            preset.meta, preset.network.input_size
        )
        state = cls(
            network=preset.network,
            inputs=preset.inputs,
            target=preset.target,
            learning_rate=preset.learning_rate,
            description=Description(
                name=preset.name,
                title=preset.title,
                description=preset.description,
                output_labels=preset.output_labels,
                input_image_shape=preset.input_image_shape,
                input_labels=input_labels,
                input_standardisation=standardisation,
            ),
        )
        return state.described()

    def described(self, title: str | None = None, text: str | None = None) -> DocumentState:
        """This state with its description written for its numbers now (with a new title
        and text if given)."""
        description = self.description
        return self.replace(
            description=dataclasses.replace(
                description,
                title=description.title if title is None else title,
                description=description.description if text is None else text,
                written_for=numbers_fingerprint(self),
            )
        )

    @property
    def description_is_current(self) -> bool:
        """Whether the description was written for these numbers (or nobody knows)."""
        written_for = self.description.written_for
        return not written_for or written_for == numbers_fingerprint(self)

    def replace(self, **changes: object) -> DocumentState:
        """Return a copy with some fields replaced (no checks: see :meth:`with_network`)."""
        fields: dict[str, object] = {
            "network": self.network,
            "inputs": self.inputs,
            "target": self.target,
            "learning_rate": self.learning_rate,
            "description": self.description,
        }
        fields.update(changes)
        return DocumentState(**fields)  # type: ignore[arg-type]

    def with_network(self, network: Network) -> DocumentState:
        """Return this state with ``network``, the input and target cut or padded with
        zeros to fit it, and labels or image shape it cannot use dropped."""
        inputs = _resized(self.inputs, network.input_size)
        target = None if self.target is None else _resized(self.target, network.output_size)
        return self.replace(
            network=network,
            inputs=inputs,
            target=target,
            description=self.description.fitted_to(network),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, DocumentState):
            return NotImplemented
        return (
            self.network == other.network
            and np.array_equal(self.inputs, other.inputs)
            and _same_target(self.target, other.target)
            and self.learning_rate == other.learning_rate
            and self.description == other.description
        )

    __hash__ = None  # type: ignore[assignment]


def _resized(values: FloatArray, size: int) -> FloatArray:
    if values.size == size:
        return values
    out = np.zeros(size)
    n = min(size, values.size)
    out[:n] = values[:n]
    out.setflags(write=False)
    return out


def _same_target(first: FloatArray | None, second: FloatArray | None) -> bool:
    if first is None or second is None:
        return first is second
    return bool(np.array_equal(first, second))


def numbers_fingerprint(state: DocumentState) -> str:
    """A short digest of what a description's numbers depend on: the network (weights,
    biases, activations, loss), the input and the target (not η)."""
    digest = hashlib.sha256()
    network = state.network
    shape = (network.layer_sizes, network.activations, network.loss)
    # A network without neurons of their own keeps the digest it had before them.
    own = (network.neuron_activations,) if network.neuron_activations else ()
    digest.update(repr(shape + own).encode())
    for array in (*network.weights, *network.biases, state.inputs):
        digest.update(np.ascontiguousarray(array, dtype=np.float64).tobytes())
    if state.target is not None:
        digest.update(b"target")
        digest.update(np.ascontiguousarray(state.target, dtype=np.float64).tobytes())
    return digest.hexdigest()[:16]
