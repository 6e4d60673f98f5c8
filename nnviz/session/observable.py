"""The observable state of a document: its network, input, target and traces, without Qt.

An :class:`ObservableState` holds the current network, its input, target, learning rate
and description, and the traces computed from them. It changes in two ways only:
:meth:`~ObservableState.open_state` opens another document (unmodified, undo history gone)
and :meth:`~ObservableState.restore` makes an edit's state current (the one edit API,
:class:`~nnviz.session.edits.Edits`, and undo both go through it). Each recomputes the
traces and then emits past-tense signals; views subscribe and never change core objects.
:class:`~nnviz.session.document.Document` adds what else a document holds (its data set,
its file, its step cursor, its training).

Main thread only.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike
from psygnal import Signal

from nnviz.core.network import Network
from nnviz.core.presets import Preset, load_preset
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
from nnviz.session.state import Description, DocumentState
from nnviz.session.view import ViewSettings


class ObservableState:
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
        self._rewriting = False
        self._view = ViewSettings()
        self._apply_state(DocumentState.from_preset(preset), emit=False)

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

    def snapshot(self) -> DocumentState:
        """Return the current state (cheap: everything in it is immutable and shared)."""
        return DocumentState(
            network=self._network,
            inputs=self._inputs,
            target=self._target,
            learning_rate=self._learning_rate,
            description=self._description,
        )

    # -- opening ------------------------------------------------------------------------------

    def open_state(self, state: DocumentState, view: ViewSettings | None = None) -> None:
        """Open ``state`` as a new document (unmodified), with ``view`` or default settings.

        Raises
        ------
        ValueError
            If the input, target or selection do not fit the network; nothing changes.
        """
        self._open(state, view)
        self.opened.emit()

    def _open(self, state: DocumentState, view: ViewSettings | None) -> None:
        """:meth:`open_state` without the ``opened`` signal."""
        view = ViewSettings() if view is None else view
        _check_state(state)
        if not view.fits(state.network):
            raise ValueError(f"the selected neuron {view.selected} is not in the network")
        self._apply_state(state)
        self._set_view(view)
        self._set_modified(False)

    def restore(self, state: DocumentState) -> None:
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

    def _apply_state(self, state: DocumentState, emit: bool = True) -> None:
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

    def rewrite_numbers(self) -> None:
        """The way numbers are written changed (the precision): the step list is written
        again and views redraw (``trace_changed`` with :attr:`rewriting` true; the numbers
        themselves are the same, so the step-through keeps its place)."""
        self._steps = None
        self._rewriting = True
        try:
            self.trace_changed.emit()
        finally:
            self._rewriting = False

    @property
    def rewriting(self) -> bool:
        """Whether ``trace_changed`` is being emitted only because numbers are written
        differently (see :meth:`rewrite_numbers`)."""
        return self._rewriting

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


def _check_state(state: DocumentState) -> None:
    """Raise ValueError if the state's input or target do not fit its network."""
    check_input(state.network, state.inputs)
    if state.target is not None:
        check_target(state.network, state.target)
    rate = state.learning_rate
    if not (np.isfinite(rate) and rate > 0):
        raise ValueError(f"the learning rate must be a positive number, not {rate!r}")
