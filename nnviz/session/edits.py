"""The one edit API: every change a user can make to a document, validated, named, undoable.

Every view edits through a document's :class:`Edits` (the diagram, the panels, the menus,
training as it commits new weights), so each change is checked the same way (typed text
through :func:`~nnviz.session.numbers.parse_number`; a refused value raises ``ValueError``
with a message for the user and changes nothing), gets a readable name in Edit ▸ Undo,
marks the document modified, and can be undone.

An edit computes the document's next state (an immutable
:class:`~nnviz.session.state.DocumentState`) and hands an :class:`Edit` (before, after,
name) to the document's :class:`EditRecorder`. The recorder applies it (through
:meth:`~nnviz.session.observable.ObservableState.restore`) and may keep it for undo: the
Qt layer's recorder pushes it on a ``QUndoStack``; without one, edits apply at once and
are not kept (:class:`ApplyAtOnce`). Consecutive edits with the same ``merge_key`` while a
gesture is open (nudges of one number by the wheel, a drawn stroke, a training run) are
one undo step.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable
from dataclasses import dataclass
from typing import Protocol

import numpy as np
from numpy.typing import ArrayLike

from nnviz.core.losses import get_loss
from nnviz.core.network import Network
from nnviz.core.notation import (
    format_number,
    layered_names,
    layered_weight_name,
    weight_name,
)
from nnviz.core.trace import check_input, check_target
from nnviz.session.numbers import parse_number
from nnviz.session.observable import ObservableState
from nnviz.session.state import DocumentState

#: Nudge increments: a wheel notch or 4 px of drag (Shift: the fine step).
NUDGE_STEP = 0.1
FINE_NUDGE_STEP = 0.01
#: Structure edits are for small networks: at most this many neurons per layer ...
MAX_EDIT_LAYER_SIZE = 16
#: ... and this many layers (input and output included).
MAX_EDIT_LAYERS = 8


@dataclass(frozen=True, eq=False)
class Edit:
    """One change of a document: the state before and after it, and its name.

    Attributes
    ----------
    before, after : DocumentState
    text : str
        What Edit ▸ Undo says: "set w13 to 2".
    merge_key : hashable or None
        Edits with the same key merge into one undo step while their gesture is open.
    """

    before: DocumentState
    after: DocumentState
    text: str
    merge_key: Hashable | None = None


class EditRecorder(Protocol):
    """Where a document's edits go: applied (``state.restore(edit.after)``), and kept for
    undo if the recorder keeps a history."""

    def push(self, edit: Edit) -> None:
        """Apply ``edit`` (merging it into the last one if their gesture is open)."""

    def close_gesture(self) -> None:
        """End a run of merging edits: the next one is a new undo step."""


class ApplyAtOnce:
    """The recorder of a document nothing undoes (headless use, tests): edits apply and
    are forgotten."""

    def __init__(self, state: ObservableState) -> None:
        self.state = state

    def push(self, edit: Edit) -> None:
        """Apply ``edit``."""
        self.state.restore(edit.after)

    def close_gesture(self) -> None:
        """Nothing is kept, so nothing merges."""


def nudged_value(old: float, steps: float, fine: bool) -> float:
    """``old`` moved by ``steps`` nudge increments, without float noise (0.1 + 0.2 = 0.3)."""
    step = FINE_NUDGE_STEP if fine else NUDGE_STEP
    return float(f"{old + steps * step:.12g}") + 0.0


def number(value: object, what: str) -> float:
    """``value`` as a finite float: typed text is read as a student writes it.

    Raises
    ------
    ValueError
        With a message for the user (``“abc” is not a number``, ``type a number``, or
        ``a weight must be a number, not None``).
    """
    if isinstance(value, str):
        return parse_number(value)
    if isinstance(value, bool) or not isinstance(value, int | float | np.floating | np.integer):
        raise ValueError(f"{what} must be a number, not {value!r}")
    result = float(value)
    if not np.isfinite(result):
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    return result + 0.0


class Edits:
    """Every edit of one document (see the module docstring).

    Parameters
    ----------
    state : ObservableState
        The document.
    recorder : EditRecorder, optional
        Where edits go (:class:`ApplyAtOnce` by default; the window sets an undo stack).
    """

    def __init__(self, state: ObservableState, recorder: EditRecorder | None = None) -> None:
        self.state = state
        self.recorder: EditRecorder = recorder if recorder is not None else ApplyAtOnce(state)

    # -- the mechanism ----------------------------------------------------------------------

    def commit(self, after: DocumentState, text: str, merge_key: Hashable | None = None) -> bool:
        """Make ``after`` the document's state, as the edit ``text``; False if nothing
        changes.

        Raises
        ------
        ValueError
            If ``after`` does not fit (its input or target, its learning rate); nothing
            changes.
        """
        before = self.state.snapshot()
        if after == before:
            return False
        check_input(after.network, after.inputs)
        if after.target is not None:
            check_target(after.network, after.target)
        rate = after.learning_rate
        if not (np.isfinite(rate) and rate > 0):
            raise ValueError(f"the learning rate must be greater than 0, not {rate!r}")
        if merge_key is None:
            self.close_gesture()
        self.recorder.push(Edit(before, after, text, merge_key))
        return True

    def close_gesture(self) -> None:
        """End a run of nudges: the next nudge starts a new undo step."""
        self.recorder.close_gesture()

    def _current(self) -> DocumentState:
        return self.state.snapshot()

    # -- numbers ----------------------------------------------------------------------------

    def set_network(self, network: Network, text: str = "change the network") -> bool:
        """Replace the network (input and target are cut or padded to fit it)."""
        if not isinstance(network, Network):
            raise TypeError("set_network takes a Network")
        return self.commit(self._current().with_network(network), text)

    def set_weight(self, layer: int, source: int, target: int, value: object) -> None:
        """Set the weight of edge ``(layer, source, target)`` (text is parsed)."""
        value = number(value, "a weight")
        network = self.state.network.with_weight(layer, source, target, value)
        name = self._weight_name(layer, source, target)
        self.set_network(network, f"set {name} to {format_number(value)}")

    def set_bias(self, layer: int, neuron: int, value: object) -> None:
        """Set the bias of ``neuron`` of ``layer`` (1 .. L)."""
        value = number(value, "a bias")
        network = self.state.network.with_bias(layer, neuron, value)
        name = f"b{self.state.network.node_number(layer, neuron)}"
        self.set_network(network, f"set {name} to {format_number(value)}")

    def set_input(self, index: int, value: object) -> None:
        """Set input ``index`` (x1 is index 0)."""
        value = number(value, "an input")
        if not 0 <= index < self.state.network.input_size:
            raise IndexError(f"the network has no input {index + 1}")
        inputs = np.array(self.state.inputs, dtype=np.float64)
        inputs[index] = value
        self.commit(
            self._current().replace(inputs=inputs), f"set x{index + 1} to {format_number(value)}"
        )

    def set_inputs(self, values: ArrayLike, text: str = "change the input") -> None:
        """Set the whole input vector (e.g. another MNIST test image)."""
        inputs = check_input(self.state.network, values)
        self.commit(self._current().replace(inputs=np.array(inputs)), text)

    def set_example(self, inputs: ArrayLike, target: ArrayLike | None, text: str) -> None:
        """Set input and target together (an image and its label) as one undo step."""
        network = self.state.network
        x = np.array(check_input(network, inputs))
        y = None if target is None else np.array(check_target(network, target))
        self.commit(self._current().replace(inputs=x, target=y), text)

    def set_target(self, target: ArrayLike | None, text: str = "change the target") -> None:
        """Set the target vector (None: no target)."""
        y = None if target is None else np.array(check_target(self.state.network, target))
        self.commit(self._current().replace(target=y), text)

    def set_target_value(self, index: int, value: object) -> None:
        """Set one target value (a target of zeros is created if there was none)."""
        value = number(value, "a target")
        network = self.state.network
        current = self.state.target
        target = np.zeros(network.output_size) if current is None else np.array(current)
        target[index] = value
        name = network.node_number(network.n_layers - 1, index)
        self.set_target(target, f"set y{name} to {format_number(value)}")

    def set_description(self, title: str, text: str) -> None:
        """Write the network's title and description (a teacher's own), for its numbers
        as they are now.

        Raises
        ------
        ValueError
            If the title is empty, or either is too long.
        """
        title = title.strip()
        if not title:
            raise ValueError("the title cannot be empty")
        if len(title) > 200 or len(text) > 20_000:
            raise ValueError("the title or the description is too long")
        self.commit(self._current().described(title, text.strip()), "edit the description")

    def set_learning_rate(self, value: object) -> None:
        """Set η, the document's one learning rate (the update step's and training's)."""
        rate = number(value, "the learning rate")
        if rate <= 0:
            raise ValueError("the learning rate must be greater than 0")
        self.commit(self._current().replace(learning_rate=rate), f"set η to {format_number(rate)}")

    def set_activation(self, layer: int, name: str) -> None:
        """Set the activation of ``layer`` (1 .. L)."""
        network = self.state.network.with_activation(layer, name)
        self.set_network(network, f"use {name} in layer {layer}")

    def set_neuron_activation(self, layer: int, neuron: int, name: str | None) -> None:
        """Give ``neuron`` of ``layer`` (1 .. L) its own element-wise activation ``name``
        (None: its layer's again). Refused in one line for softmax (a layer's)."""
        network = self.state.network.with_neuron_activation(layer, neuron, name)
        number = self.state.network.node_number(layer, neuron)
        text = (
            f"use {name} in node {number}" if name else f"give node {number} its layer's activation"
        )
        self.set_network(network, text)

    def set_loss(self, name: str) -> None:
        """Set the loss."""
        get_loss(name)
        self.set_network(self.state.network.with_loss(name), f"use the {name} loss")

    def nudge(self, kind: str, key: tuple[int, ...], steps: float, fine: bool) -> None:
        """Move a weight, bias or input by ``steps`` increments (one undo step per gesture).

        Parameters
        ----------
        kind : {"weight", "bias", "input"}
        key : tuple of int
            ``(layer, source, target)``, ``(layer, neuron)`` or ``(index,)``.
        steps : float
            Signed number of increments.
        fine : bool
            Use the fine step.
        """
        network = self.state.network
        state = self._current()
        if kind == "weight":
            layer, source, target = key
            value = nudged_value(float(network.weights[layer - 1][source, target]), steps, fine)
            after = state.with_network(network.with_weight(layer, source, target, value))
            name = self._weight_name(layer, source, target)
        elif kind == "bias":
            layer, neuron = key
            value = nudged_value(float(network.biases[layer - 1][neuron]), steps, fine)
            after = state.with_network(network.with_bias(layer, neuron, value))
            name = f"b{network.node_number(layer, neuron)}"
        elif kind == "input":
            (index,) = key
            inputs = np.array(self.state.inputs, dtype=np.float64)
            value = nudged_value(float(inputs[index]), steps, fine)
            inputs[index] = value
            after = state.replace(inputs=inputs)
            name = f"x{index + 1}"
        else:
            raise ValueError(f"cannot nudge a {kind}")
        self.commit(after, f"nudge {name} to {format_number(value)}", merge_key=(kind, *key))

    # -- structure --------------------------------------------------------------------------

    def structure_refusal(self, growing_layer: int | None = None, new_layer: bool = False) -> str:
        """Why a structure edit is refused, or ``""`` if it is allowed."""
        sizes = self.state.network.layer_sizes
        if max(sizes) > MAX_EDIT_LAYER_SIZE or len(sizes) > MAX_EDIT_LAYERS:
            return (
                f"Neurons and layers can be added and removed in small networks (up to "
                f"{MAX_EDIT_LAYER_SIZE} neurons per layer and {MAX_EDIT_LAYERS} layers)."
            )
        if growing_layer is not None and sizes[growing_layer] >= MAX_EDIT_LAYER_SIZE:
            return f"A layer can have at most {MAX_EDIT_LAYER_SIZE} neurons here."
        if new_layer and len(sizes) >= MAX_EDIT_LAYERS:
            return f"A network can have at most {MAX_EDIT_LAYERS} layers here."
        return ""

    def add_neuron(self, layer: int) -> None:
        """Add a neuron (zero weights and bias) at the end of ``layer``."""
        self._refuse(self.structure_refusal(growing_layer=layer))
        network = self.state.network.with_neuron_added(layer)
        what = "an input" if layer == 0 else f"a neuron to layer {layer}"
        self.set_network(network, f"add {what}")

    def remove_neuron(self, layer: int, neuron: int) -> None:
        """Remove ``neuron`` of ``layer`` with its edges (ValueError for a layer's last).

        Removing an input drops that input's value, and removing an output its target and
        class label, so the other values stay with their neurons.
        """
        self._refuse(self.structure_refusal())
        old = self.state.network
        node = old.node_number(layer, neuron)
        network = old.with_neuron_removed(layer, neuron)
        state = self._current()
        inputs = np.delete(state.inputs, neuron) if layer == 0 else state.inputs
        target = state.target
        description = state.description
        if layer == old.n_layers - 1:
            target = None if target is None else np.delete(target, neuron)
            labels = description.output_labels
            if labels is not None:
                kept = labels[:neuron] + labels[neuron + 1 :]
                description = dataclasses.replace(description, output_labels=kept)
        after = state.replace(inputs=inputs, target=target, description=description)
        self.commit(after.with_network(network), f"remove node {node}")

    def add_layer(self, position: int) -> None:
        """Insert a hidden layer as layer ``position`` (1 .. L), as wide as the layer before."""
        self._refuse(self.structure_refusal(new_layer=True))
        network = self.state.network
        hidden = network.activations[:-1]
        activation = hidden[-1] if hidden else "sigmoid"
        size = min(network.layer_sizes[position - 1], MAX_EDIT_LAYER_SIZE)
        new = network.with_layer_added(position, size, activation)
        self.set_network(new, f"insert hidden layer {position}")

    def remove_layer(self, layer: int) -> None:
        """Remove hidden layer ``layer`` (its neighbours are joined by W₁·W₂)."""
        self._refuse(self.structure_refusal())
        network = self.state.network.with_layer_removed(layer)
        self.set_network(network, f"remove hidden layer {layer}")

    @staticmethod
    def _refuse(reason: str) -> None:
        if reason:
            raise ValueError(reason)

    def _weight_name(self, layer: int, source: int, target: int) -> str:
        network = self.state.network
        if layered_names(network.layer_sizes):
            return layered_weight_name(layer, source, target)
        return weight_name(
            network.node_number(layer - 1, source), network.node_number(layer, target)
        )
