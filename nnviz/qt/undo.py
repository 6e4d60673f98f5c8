"""Undo: a document's edits pushed on a QUndoStack, each holding its states before and after.

The session's edit API (:class:`~nnviz.session.edits.Edits`) makes every edit an immutable
before/after pair; :class:`UndoStackRecorder` is the recorder that turns each into a
:class:`StateCommand` on the document's own ``QUndoStack`` (redo applies ``after``, undo
``before``). States share their arrays, so keeping both costs next to nothing, and undoing
an edit that changed the network's shape gives back exactly the input and target it cut.
Nudges of one number (scroll wheel, drag) merge into one step while their gesture goes on.

Each document has its stack (:func:`attach_undo`); a window's ``QUndoGroup`` makes the
active document's the one Edit ▸ Undo acts on.
"""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from nnviz.qt.binding import follow
from nnviz.session import Document, Edit
from nnviz.session.edits import ApplyAtOnce
from nnviz.session.observable import ObservableState

#: QUndoCommand id shared by every mergeable (nudge) command.
NUDGE_COMMAND_ID = 4001


class StateCommand(QUndoCommand):
    """Move the document from ``edit.before`` to ``edit.after`` (redo) and back (undo)."""

    def __init__(self, state: ObservableState, edit: Edit) -> None:
        super().__init__(edit.text)
        self.state = state
        self.before = edit.before
        self.after = edit.after
        self.merge_key: Hashable | None = edit.merge_key
        self.open = edit.merge_key is not None

    def redo(self) -> None:
        """Apply the edit."""
        self.state.restore(self.after)

    def undo(self) -> None:
        """Take the edit back."""
        self.state.restore(self.before)

    def id(self) -> int:
        """Mergeable commands share an id; others have none (-1)."""
        return NUDGE_COMMAND_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb a following nudge of the same number while this gesture is open."""
        if (
            not isinstance(other, StateCommand)
            or not self.open
            or other.merge_key != self.merge_key
        ):
            return False
        self.after = other.after
        self.setText(other.text())
        return True

    def close(self) -> None:
        """End the gesture: later nudges start a new undo step."""
        self.open = False


class UndoStackRecorder:
    """The recorder of a document's edits onto its ``QUndoStack``."""

    def __init__(self, state: ObservableState, stack: QUndoStack) -> None:
        self.state = state
        self.stack = stack
        self._open: StateCommand | None = None

    def push(self, edit: Edit) -> None:
        """Push ``edit`` (QUndoStack applies it), merging it into an open gesture."""
        command = StateCommand(self.state, edit)
        self.stack.push(command)
        top = self.stack.command(self.stack.index() - 1) if self.stack.index() > 0 else None
        if edit.merge_key is not None and top is command:
            if self._open is not None and self._open is not command:
                self._open.close()
            self._open = command

    def close_gesture(self) -> None:
        """The next edit is a new undo step."""
        if self._open is not None:
            self._open.close()
            self._open = None


def attach_undo(document: Document, parent: QObject | None = None) -> QUndoStack:
    """Give ``document`` an undo stack: its edits go there from now on.

    The stack is cleared when another document is opened in its place, and undoing back to
    the saved state marks the document saved.
    """
    stack = QUndoStack(parent)
    document.edits.recorder = UndoStackRecorder(document, stack)

    def clean_changed(clean: bool) -> None:
        if clean:
            document.mark_saved()

    def opened() -> None:
        recorder = document.edits.recorder
        if isinstance(recorder, UndoStackRecorder) and recorder.stack is stack:
            stack.clear()

    stack.cleanChanged.connect(clean_changed)
    follow(stack, document.opened, opened)
    return stack


def undo_stack(document: Document) -> QUndoStack | None:
    """The undo stack :func:`attach_undo` gave ``document`` (None if it has none)."""
    recorder = document.edits.recorder
    return recorder.stack if isinstance(recorder, UndoStackRecorder) else None


def detach_undo(document: Document) -> None:
    """Stop recording ``document``'s edits on its stack (its view is going away)."""
    stack = undo_stack(document)
    if stack is not None:
        stack.blockSignals(True)
    document.edits.recorder = ApplyAtOnce(document)
