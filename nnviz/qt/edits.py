"""Every edit the user can make, validated, named and pushed on the undo stack.

The diagram, the panels and the menus all edit through :class:`SessionEdits`, so that each
change is checked the same way (typed text through :func:`parse_number`; a refused value
raises ``ValueError`` with a message for the user and changes nothing), gets a readable
name in Edit ▸ Undo, and can be undone.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Hashable

import numpy as np
from numpy.typing import ArrayLike
from PySide6.QtGui import QUndoStack

from nnviz.core.notation import format_number, weight_name
from nnviz.core.trace import check_input, check_target
from nnviz.qt.commands import StateCommand
from nnviz.session import Session, SessionState
from nnviz.session.numbers import parse_number

#: Nudge increments: a wheel notch or 4 px of drag (Shift: the fine step).
NUDGE_STEP = 0.1
FINE_NUDGE_STEP = 0.01
#: Structure edits are for small networks: at most this many neurons per layer ...
MAX_EDIT_LAYER_SIZE = 16
#: ... and this many layers (input and output included).
MAX_EDIT_LAYERS = 8


def _number(value: str | float) -> float:
    return parse_number(value) if isinstance(value, str) else float(value)


def nudged_value(old: float, steps: float, fine: bool) -> float:
    """``old`` moved by ``steps`` nudge increments, without float noise (0.1 + 0.2 = 0.3)."""
    step = FINE_NUDGE_STEP if fine else NUDGE_STEP
    return float(f"{old + steps * step:.12g}") + 0.0


class SessionEdits:
    """Edits of one session, each an undoable command on ``stack``.

    Parameters
    ----------
    session : Session
    stack : QUndoStack
    """

    def __init__(self, session: Session, stack: QUndoStack) -> None:
        self.session = session
        self.stack = stack
        self._open: StateCommand | None = None

    # -- the mechanism ----------------------------------------------------------------------

    def commit(self, after: SessionState, text: str, merge_key: Hashable | None = None) -> bool:
        """Push the change from the current state to ``after``; False if nothing changes.

        Raises
        ------
        ValueError
            If ``after`` is refused by the session (its input or target do not fit).
        """
        before = self.session.snapshot()
        if after == before:
            return False
        check_input(after.network, after.inputs)
        if after.target is not None:
            check_target(after.network, after.target)
        if merge_key is None:
            self.close_gesture()
        command = StateCommand(self.session, before, after, text, merge_key)
        self.stack.push(command)
        top = self.stack.command(self.stack.index() - 1) if self.stack.index() > 0 else None
        if merge_key is not None and top is command:
            if self._open is not None and self._open is not command:
                self._open.close()
            self._open = command
        return True

    def close_gesture(self) -> None:
        """End a run of nudges: the next nudge starts a new undo step."""
        if self._open is not None:
            self._open.close()
            self._open = None

    def _state(self) -> SessionState:
        return self.session.snapshot()

    # -- numbers ----------------------------------------------------------------------------

    def set_weight(self, layer: int, source: int, target: int, value: str | float) -> None:
        """Set the weight of edge ``(layer, source, target)`` (text is parsed)."""
        number = _number(value)
        network = self.session.network.with_weight(layer, source, target, number)
        name = self._weight_name(layer, source, target)
        self.commit(self._state().with_network(network), f"set {name} to {format_number(number)}")

    def set_bias(self, layer: int, neuron: int, value: str | float) -> None:
        """Set the bias of ``neuron`` of ``layer``."""
        number = _number(value)
        network = self.session.network.with_bias(layer, neuron, number)
        name = f"b{self.session.network.node_number(layer, neuron)}"
        self.commit(self._state().with_network(network), f"set {name} to {format_number(number)}")

    def set_input(self, index: int, value: str | float) -> None:
        """Set input ``index`` (x1 is index 0)."""
        number = _number(value)
        inputs = np.array(self.session.inputs, dtype=np.float64)
        inputs[index] = number
        self.commit(
            self._state().replace(inputs=inputs), f"set x{index + 1} to {format_number(number)}"
        )

    def set_inputs(self, values: ArrayLike, text: str = "change the input") -> None:
        """Set the whole input vector (e.g. another MNIST test image)."""
        inputs = check_input(self.session.network, values)
        self.commit(self._state().replace(inputs=np.array(inputs)), text)

    def set_example(self, inputs: ArrayLike, target: ArrayLike | None, text: str) -> None:
        """Set input and target together (an image and its label) as one undo step."""
        x = np.array(check_input(self.session.network, inputs))
        y = None if target is None else np.array(check_target(self.session.network, target))
        self.commit(self._state().replace(inputs=x, target=y), text)

    def set_target(self, target: ArrayLike | None, text: str = "change the target") -> None:
        """Set the target vector (None: no target)."""
        y = None if target is None else np.array(check_target(self.session.network, target))
        self.commit(self._state().replace(target=y), text)

    def set_target_value(self, index: int, value: str | float) -> None:
        """Set one target value (a target of zeros is created if there was none)."""
        number = _number(value)
        network = self.session.network
        current = self.session.target
        target = np.zeros(network.output_size) if current is None else np.array(current)
        target[index] = number
        number_name = network.node_number(network.n_layers - 1, index)
        self.set_target(target, f"set y{number_name} to {format_number(number)}")

    def set_learning_rate(self, value: str | float) -> None:
        """Set η (a positive number)."""
        number = _number(value)
        if number <= 0:
            raise ValueError("the learning rate must be greater than 0")
        self.commit(
            self._state().replace(learning_rate=number), f"set η to {format_number(number)}"
        )

    def set_activation(self, layer: int, name: str) -> None:
        """Set the activation of ``layer`` (1 .. L)."""
        network = self.session.network.with_activation(layer, name)
        self.commit(self._state().with_network(network), f"use {name} in layer {layer}")

    def set_loss(self, name: str) -> None:
        """Set the loss."""
        network = self.session.network.with_loss(name)
        self.commit(self._state().with_network(network), f"use the {name} loss")

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
        network = self.session.network
        state = self._state()
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
            inputs = np.array(self.session.inputs, dtype=np.float64)
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
        sizes = self.session.network.layer_sizes
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
        network = self.session.network.with_neuron_added(layer)
        what = "an input" if layer == 0 else f"a neuron to layer {layer}"
        self.commit(self._state().with_network(network), f"add {what}")

    def remove_neuron(self, layer: int, neuron: int) -> None:
        """Remove ``neuron`` of ``layer`` with its edges (ValueError for a layer's last).

        Removing an input drops that input's value, and removing an output its target and
        class label, so the other values stay with their neurons.
        """
        self._refuse(self.structure_refusal())
        old = self.session.network
        number = old.node_number(layer, neuron)
        network = old.with_neuron_removed(layer, neuron)
        state = self._state()
        last = old.n_layers - 1
        inputs = np.delete(state.inputs, neuron) if layer == 0 else state.inputs
        target = state.target
        description = state.description
        if layer == last:
            target = None if target is None else np.delete(target, neuron)
            labels = description.output_labels
            if labels is not None:
                kept = labels[:neuron] + labels[neuron + 1 :]
                description = dataclasses.replace(description, output_labels=kept)
        after = state.replace(inputs=inputs, target=target, description=description)
        self.commit(after.with_network(network), f"remove node {number}")

    def add_layer(self, position: int) -> None:
        """Insert a hidden layer as layer ``position`` (1 .. L), as wide as the layer before."""
        self._refuse(self.structure_refusal(new_layer=True))
        network = self.session.network
        hidden = network.activations[:-1]
        activation = hidden[-1] if hidden else "sigmoid"
        size = min(network.layer_sizes[position - 1], MAX_EDIT_LAYER_SIZE)
        new = network.with_layer_added(position, size, activation)
        self.commit(self._state().with_network(new), f"insert hidden layer {position}")

    def remove_layer(self, layer: int) -> None:
        """Remove hidden layer ``layer`` (its neighbours are joined by W₁·W₂)."""
        self._refuse(self.structure_refusal())
        network = self.session.network.with_layer_removed(layer)
        self.commit(self._state().with_network(network), f"remove hidden layer {layer}")

    @staticmethod
    def _refuse(reason: str) -> None:
        if reason:
            raise ValueError(reason)

    def _weight_name(self, layer: int, source: int, target: int) -> str:
        network = self.session.network
        return weight_name(
            network.node_number(layer - 1, source), network.node_number(layer, target)
        )
