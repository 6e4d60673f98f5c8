"""The observable state of what the user is looking at, without Qt.

A :class:`Session` holds the current network, its input and target, and the traces
computed from them. Every edit goes through a method that validates first (raising
``ValueError`` and changing nothing when the value is refused), updates the state,
recomputes the traces, and then emits past-tense signals. The Qt layer subscribes to the
signals and never changes core objects itself; undo is built on :meth:`Session.set_network`
and friends, which take whole (immutable) networks.

The session lives on the main thread only.
"""

from __future__ import annotations

import os

import numpy as np
from numpy.typing import ArrayLike
from psygnal import Signal

from nnviz.core.losses import get_loss
from nnviz.core.network import Network
from nnviz.core.presets import Preset, load_network_source, load_preset
from nnviz.core.steps import Step, build_steps
from nnviz.core.trace import (
    BackwardTrace,
    ForwardTrace,
    backward_trace,
    check_input,
    check_target,
    forward_trace,
)
from nnviz.core.types import FloatArray
from nnviz.session.state import Description, SessionState
from nnviz.session.view import ViewSettings


def _finite_number(value: object, what: str) -> float:
    """Return ``value`` as a finite float or raise ValueError with a message for the user."""
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise ValueError(f"{what} must be a number, not {value!r}") from None
    if not np.isfinite(number):
        raise ValueError(f"{what} must be a finite number, not {value!r}")
    return number


class Session:
    """The network on screen, its input and target, and everything computed from them.

    Signals
    -------
    network_changed(Network)
        The network (weights, biases, activations, loss or shape) changed.
    inputs_changed(ndarray)
        The input vector changed.
    target_changed(ndarray or None)
        The target changed.
    trace_changed()
        ``forward``, ``backward`` and ``steps`` were recomputed (after any of the above).
    description_changed(Description)
        A different network was opened (title, labels, image shape).
    learning_rate_changed(float)
        The learning rate of the update step changed.
    modified_changed(bool)
        The unsaved-changes flag changed.
    view_changed(ViewSettings)
        The diagram's view settings (edge ranking, top-k, selected neuron) changed.
    opened()
        A different document was opened (a preset, a weights or a session file): views
        should forget what they kept about the previous one (zoom, undo history).
    """

    network_changed = Signal(object)
    inputs_changed = Signal(object)
    target_changed = Signal(object)
    trace_changed = Signal()
    description_changed = Signal(object)
    learning_rate_changed = Signal(float)
    modified_changed = Signal(bool)
    view_changed = Signal(object)
    opened = Signal()

    def __init__(self, preset: Preset | None = None) -> None:
        if preset is None:
            preset = load_preset("feedforward")
        self._modified = False
        self._steps: tuple[Step, ...] | None = None
        self._view = ViewSettings()
        self._apply_state(SessionState.from_preset(preset), emit=False)

    # -- state ------------------------------------------------------------------------------

    @property
    def network(self) -> Network:
        """The current network."""
        return self._network

    @property
    def inputs(self) -> FloatArray:
        """The current input, shape (n_0,), read-only."""
        return self._inputs

    @property
    def target(self) -> FloatArray | None:
        """The current target, shape (n_L,), or None."""
        return self._target

    @property
    def learning_rate(self) -> float:
        """η for the update step."""
        return self._learning_rate

    @property
    def description(self) -> Description:
        """Title, description and labels of the current network."""
        return self._description

    @property
    def forward(self) -> ForwardTrace:
        """The forward pass of the current input."""
        return self._forward

    @property
    def backward(self) -> BackwardTrace | None:
        """The backward pass against the current target, or None without a target."""
        return self._backward

    @property
    def steps(self) -> tuple[Step, ...]:
        """The step list of the current network, input, target and learning rate."""
        if self._steps is None:
            self._steps = build_steps(
                self._network,
                self._inputs,
                self._target,
                learning_rate=self._learning_rate,
                output_labels=self._description.output_labels,
            )
        return self._steps

    @property
    def modified(self) -> bool:
        """Whether there are changes since the network was opened or saved."""
        return self._modified

    def mark_saved(self) -> None:
        """Clear the unsaved-changes flag (after a save)."""
        self._set_modified(False)

    @property
    def view(self) -> ViewSettings:
        """How the diagram looks at the network (edge ranking, top-k, selection)."""
        return self._view

    def snapshot(self) -> SessionState:
        """Return the current state (cheap: everything in it is immutable and shared)."""
        return SessionState(
            network=self._network,
            inputs=self._inputs,
            target=self._target,
            learning_rate=self._learning_rate,
            description=self._description,
        )

    # -- opening ------------------------------------------------------------------------------

    def open_preset(self, name: str) -> None:
        """Open a bundled preset by name (KeyError if there is none)."""
        self.open_state(SessionState.from_preset(load_preset(name)))

    def open_source(self, name_or_file: str | os.PathLike[str]) -> None:
        """Open a preset name or a weights file; a refused file raises and changes nothing."""
        self.open_state(SessionState.from_preset(load_network_source(name_or_file)))

    def open_state(self, state: SessionState, view: ViewSettings | None = None) -> None:
        """Open ``state`` as a new document (unmodified), with ``view`` or default settings.

        Raises
        ------
        ValueError
            If the input, target or selection do not fit the network; nothing changes.
        """
        view = ViewSettings() if view is None else view
        _check_state(state)
        if not view.fits(state.network):
            raise ValueError(f"the selected neuron {view.selected} is not in the network")
        self._apply_state(state)
        self._set_view(view)
        self._set_modified(False)
        self.opened.emit()

    def restore(self, state: SessionState) -> None:
        """Make ``state`` current as an edit (undo and redo use this).

        Only the signals of what changed are emitted, then ``trace_changed``; the session
        is marked modified.

        Raises
        ------
        ValueError
            If the input or target do not fit the network; nothing changes.
        """
        _check_state(state)
        self._apply_state(state)
        self._set_modified(True)

    def _apply_state(self, state: SessionState, emit: bool = True) -> None:
        old = self.snapshot() if emit else None
        self._network = state.network
        self._inputs = _readonly(state.inputs)
        self._target = None if state.target is None else _readonly(state.target)
        self._learning_rate = float(state.learning_rate)
        self._description = state.description.fitted_to(state.network)
        self._recompute()
        if not self._view.fits(self._network):
            self._set_view(ViewSettings(self._view.edge_ranking, self._view.top_k, None))
        if old is None:
            return
        if old.description != self._description:
            self.description_changed.emit(self._description)
        if old.network is not self._network:
            self.network_changed.emit(self._network)
        if not np.array_equal(old.inputs, self._inputs):
            self.inputs_changed.emit(self._inputs)
        if not _same(old.target, self._target):
            self.target_changed.emit(self._target)
        if old.learning_rate != self._learning_rate:
            self.learning_rate_changed.emit(self._learning_rate)
        self.trace_changed.emit()

    def set_view(self, **changes: object) -> None:
        """Change view settings: ``set_view(top_k=500)``, ``set_view(selected=(1, 3))``.

        Raises
        ------
        ValueError
            If a value is refused (unknown ranking, k out of range, no such neuron);
            nothing changes.
        """
        fields: dict[str, object] = {
            "edge_ranking": self._view.edge_ranking,
            "top_k": self._view.top_k,
            "selected": self._view.selected,
        }
        unknown = set(changes) - set(fields)
        if unknown:
            raise ValueError(f"unknown view settings: {', '.join(sorted(unknown))}")
        fields.update(changes)
        view = ViewSettings(**fields)  # type: ignore[arg-type]
        if not view.fits(self._network):
            raise ValueError(f"the network has no neuron {view.selected}")
        self._set_view(view)

    def _set_view(self, view: ViewSettings) -> None:
        if view != self._view:
            self._view = view
            self.view_changed.emit(view)

    # -- edits ------------------------------------------------------------------------------

    def set_network(self, network: Network) -> None:
        """Replace the network (the basis of every network edit and of undo).

        The input and target are kept when the new network has the same input and output
        sizes; otherwise they are cut or padded with zeros to fit.
        """
        if not isinstance(network, Network):
            raise TypeError("set_network takes a Network")
        old = self._network
        self._network = network
        inputs_fit = network.input_size == old.input_size
        target_fits = network.output_size == old.output_size
        if not inputs_fit:
            self._inputs = _readonly(_resized(self._inputs, network.input_size))
        if not target_fits and self._target is not None:
            self._target = _readonly(_resized(self._target, network.output_size))
        if network.layer_sizes != old.layer_sizes:
            self._description = self._description.fitted_to(network)
        self._recompute()
        if not self._view.fits(network):
            self._set_view(ViewSettings(self._view.edge_ranking, self._view.top_k, None))
        self._set_modified(True)
        if network.layer_sizes != old.layer_sizes:
            self.description_changed.emit(self._description)
        self.network_changed.emit(network)
        if not inputs_fit:
            self.inputs_changed.emit(self._inputs)
        if not target_fits:
            self.target_changed.emit(self._target)
        self.trace_changed.emit()

    def set_weight(self, layer: int, source: int, target: int, value: object) -> None:
        """Set the weight from neuron ``source`` of layer ``layer - 1`` to ``target``."""
        number = _finite_number(value, "a weight")
        self.set_network(self._network.with_weight(layer, source, target, number))

    def set_bias(self, layer: int, neuron: int, value: object) -> None:
        """Set the bias of ``neuron`` in ``layer`` (1 .. L)."""
        number = _finite_number(value, "a bias")
        self.set_network(self._network.with_bias(layer, neuron, number))

    def set_activation(self, layer: int, name: str) -> None:
        """Set the activation of ``layer`` (1 .. L)."""
        self.set_network(self._network.with_activation(layer, name))

    def set_loss(self, name: str) -> None:
        """Set the loss (``mse``, ``binary_cross_entropy`` or ``cross_entropy``)."""
        get_loss(name)
        self.set_network(self._network.with_loss(name))

    def set_input(self, index: int, value: object) -> None:
        """Set one input value."""
        number = _finite_number(value, "an input")
        if not 0 <= index < self._network.input_size:
            raise IndexError(f"the network has no input {index + 1}")
        inputs = self._inputs.copy()
        inputs[index] = number
        self.set_inputs(inputs)

    def set_inputs(self, inputs: ArrayLike) -> None:
        """Set the whole input vector (ValueError if it does not fit or is not finite)."""
        self._inputs = _readonly(check_input(self._network, inputs))
        self._recompute()
        self._set_modified(True)
        self.inputs_changed.emit(self._inputs)
        self.trace_changed.emit()

    def set_target(self, target: ArrayLike | None) -> None:
        """Set the target vector, or None for no target."""
        checked = None if target is None else _readonly(check_target(self._network, target))
        self._target = checked
        self._recompute()
        self._set_modified(True)
        self.target_changed.emit(self._target)
        self.trace_changed.emit()

    def set_learning_rate(self, value: object) -> None:
        """Set η for the update step (a positive finite number)."""
        number = _finite_number(value, "the learning rate")
        if number <= 0:
            raise ValueError(f"the learning rate must be positive, not {value!r}")
        self._learning_rate = number
        self._steps = None
        self.learning_rate_changed.emit(number)
        self.trace_changed.emit()

    # -- internals --------------------------------------------------------------------------

    def _recompute(self) -> None:
        self._forward = forward_trace(self._network, self._inputs)
        self._backward = (
            None if self._target is None else backward_trace(self._forward, self._target)
        )
        self._steps = None

    def _set_modified(self, modified: bool) -> None:
        if modified != self._modified:
            self._modified = modified
            self.modified_changed.emit(modified)


def _readonly(values: ArrayLike) -> FloatArray:
    array = np.array(values, dtype=np.float64)
    array.setflags(write=False)
    return array


def _same(first: FloatArray | None, second: FloatArray | None) -> bool:
    if first is None or second is None:
        return first is second
    return bool(np.array_equal(first, second))


def _check_state(state: SessionState) -> None:
    """Raise ValueError if the state's input or target do not fit its network."""
    check_input(state.network, state.inputs)
    if state.target is not None:
        check_target(state.network, state.target)
    rate = state.learning_rate
    if not (np.isfinite(rate) and rate > 0):
        raise ValueError(f"the learning rate must be a positive number, not {rate!r}")


def _resized(values: FloatArray, size: int) -> FloatArray:
    out = np.zeros(size)
    n = min(size, values.size)
    out[:n] = values[:n]
    return out
