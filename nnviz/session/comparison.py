"""Two networks side by side: a workspace's first document and a second one beside it.

A :class:`Comparison` adds the second document to the window's workspace and keeps the two
in step as the user asks:

- **linked** input and target: an input or target set in one document is set in the other
  (both networks must take as many inputs and give as many outputs);
- **lockstep** stepping: starting, moving and stopping one document's step-through does the
  same in the other (the two step lists have the same length when the shapes match; a
  cursor past the other's end stops at its end).

Each document keeps its own edits and undo; a change mirrored into the other is an edit of
the other (so undoing it there is possible too). Qt-free; the compare feature
(:mod:`nnviz.qt.compare`) shows it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import numpy as np
from psygnal import Signal

from nnviz.session.document import Document
from nnviz.session.workspace import Workspace


class Comparison:
    """The comparison of a workspace's documents (see the module docstring).

    Signals
    -------
    changed()
        A comparison started or ended, or linking or lockstep changed.
    """

    changed = Signal()

    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._linked = True
        self._lockstep = True
        self._mirroring = False
        self._pair: tuple[Document, Document] | None = None
        self._connections: list[tuple[Any, Callable[..., None]]] = []
        workspace.documents_changed.connect(self._follow_workspace)

    # -- state ----------------------------------------------------------------------------

    @property
    def pair(self) -> tuple[Document, Document] | None:
        """The two documents compared (left, right), or None."""
        return self._pair

    @property
    def active(self) -> bool:
        """Whether two documents are being compared."""
        return self._pair is not None

    @property
    def linked(self) -> bool:
        """Whether input and target are shared."""
        return self._linked

    @property
    def lockstep(self) -> bool:
        """Whether the step-throughs move together."""
        return self._lockstep

    def link_refusal(self) -> str | None:
        """Why the two cannot share input and target (different shapes), or None."""
        if self._pair is None:
            return None
        a, b = (d.network for d in self._pair)
        if a.input_size != b.input_size:
            return f"the networks take {a.input_size} and {b.input_size} inputs"
        if a.output_size != b.output_size:
            return f"the networks give {a.output_size} and {b.output_size} outputs"
        return None

    # -- starting and ending --------------------------------------------------------------

    def start(
        self, second: Document, linked: bool | None = None, lockstep: bool | None = None
    ) -> None:
        """Show ``second`` beside the workspace's first document and compare them
        (``linked`` and ``lockstep``: as saved in a session; else as they were).

        Raises
        ------
        ValueError
            If a comparison is already shown.
        """
        if self._pair is not None:
            raise ValueError("two networks are already compared: close that comparison first")
        if linked is not None:
            self._linked = linked
        if lockstep is not None:
            self._lockstep = lockstep
        first = self.workspace.documents[0]
        self.workspace.add(second)
        self._pair = (first, second)
        self._connect()
        if self._linked and self.link_refusal() is None:
            self._copy_example(first, second)
        elif self.link_refusal() is not None:
            self._linked = False
        if self._lockstep and first.stepper.active:
            self._mirror_cursor(first, second)
        self.changed.emit()

    def stop(self) -> None:
        """Close the second document (the first stays)."""
        if self._pair is None:
            return
        second = self._pair[1]
        self._end()
        if second in self.workspace.documents:
            self.workspace.remove(second)

    def _end(self) -> None:
        self._disconnect()
        self._pair = None
        self.changed.emit()

    def _follow_workspace(self) -> None:
        if self._pair is not None and not all(d in self.workspace.documents for d in self._pair):
            self._end()

    # -- options --------------------------------------------------------------------------

    def set_linked(self, linked: bool) -> None:
        """Share input and target (copying the active document's to the other now).

        Raises
        ------
        ValueError
            If the networks' shapes do not allow it (the message says why).
        """
        if linked and self._pair is not None:
            refusal = self.link_refusal()
            if refusal is not None:
                raise ValueError(f"input and target cannot be linked: {refusal}")
            source = self.workspace.active
            self._copy_example(source, self.other(source))
        if linked != self._linked:
            self._linked = linked
            self.changed.emit()

    def set_lockstep(self, lockstep: bool) -> None:
        """Step both documents together (the active one's cursor is copied now)."""
        if lockstep and self._pair is not None:
            source = self.workspace.active
            self._mirror_cursor(source, self.other(source))
        if lockstep != self._lockstep:
            self._lockstep = lockstep
            self.changed.emit()

    def other(self, document: Document) -> Document:
        """The document compared with ``document``."""
        assert self._pair is not None
        first, second = self._pair
        return second if document is first else first

    # -- mirroring ------------------------------------------------------------------------

    @contextmanager
    def _mirror(self) -> Iterator[bool]:
        if self._mirroring:
            yield False
            return
        self._mirroring = True
        try:
            yield True
        finally:
            self._mirroring = False

    def _connect(self) -> None:
        assert self._pair is not None
        for document in self._pair:
            for signal, slot in (
                (document.inputs_changed, self._example_slot(document)),
                (document.target_changed, self._example_slot(document)),
                (document.stepper.cursor_changed, self._cursor_slot(document)),
                (document.stepper.active_changed, self._cursor_slot(document)),
                (document.network_changed, self._shape_slot),
            ):
                signal.connect(slot)
                self._connections.append((signal, slot))

    def _disconnect(self) -> None:
        for signal, slot in self._connections:
            signal.disconnect(slot)
        self._connections.clear()

    def _example_slot(self, document: Document) -> Callable[..., None]:
        def slot(*_: object) -> None:
            if self._linked and self._pair is not None and self.link_refusal() is None:
                self._copy_example(document, self.other(document))

        return slot

    def _shape_slot(self, *_: object) -> None:
        """A network changed shape: linking stops where the two can no longer share."""
        if self._linked and self.link_refusal() is not None:
            self._linked = False
            self.changed.emit()

    def _cursor_slot(self, document: Document) -> Callable[..., None]:
        def slot(*_: object) -> None:
            if self._lockstep and self._pair is not None:
                self._mirror_cursor(document, self.other(document))

        return slot

    def _copy_example(self, source: Document, target: Document) -> None:
        with self._mirror() as mine:
            if not mine:
                return
            same_input = np.array_equal(source.inputs, target.inputs)
            same_target = (source.target is None and target.target is None) or (
                source.target is not None
                and target.target is not None
                and np.array_equal(source.target, target.target)
            )
            if not (same_input and same_target):
                target.edits.set_example(
                    source.inputs, source.target, "use the input and target of the other network"
                )

    def _mirror_cursor(self, source: Document, target: Document) -> None:
        with self._mirror() as mine:
            if not mine:
                return
            stepper, other = source.stepper, target.stepper
            if not stepper.active:
                if other.active:
                    other.stop()
                return
            cursor = min(stepper.cursor, len(other.steps))
            if not other.active:
                other.start(cursor)
            elif other.cursor != cursor:
                other.go_to(cursor)
