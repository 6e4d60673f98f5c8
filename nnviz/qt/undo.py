"""Undo: a document's edits pushed on a QUndoStack, each holding its states before and after.

The session's edit API (:class:`~nnviz.session.edits.Edits`) makes every edit an immutable
before/after pair; :class:`UndoStackRecorder` is the recorder that turns each into a
:class:`StateCommand` on the document's own ``QUndoStack`` (redo applies ``after``, undo
``before``; the recorder keeps the states). States share their arrays, so keeping both
costs next to nothing, and undoing an edit that changed the network's shape gives back
exactly the input and target it cut.
Nudges of one number (scroll wheel, drag) merge into one step while their gesture goes on.

Each document has its stack (:func:`attach_undo`); a window's ``QUndoGroup`` makes the
active document's the one Edit ▸ Undo acts on.
"""

from __future__ import annotations

import itertools
import weakref
from collections.abc import Hashable

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand, QUndoStack

from nnviz.qt.binding import follow
from nnviz.session import Document, DocumentState, Edit
from nnviz.session.edits import ApplyAtOnce
from nnviz.session.observable import ObservableState

#: QUndoCommand id shared by every mergeable (nudge) command.
NUDGE_COMMAND_ID = 4001


class StateCommand(QUndoCommand):
    """One edit on the stack: redo makes its ``after`` state current, undo its ``before``.

    The states live in the recorder, not in the command: Qt deletes commands itself (a
    merged nudge, the redo branch a new edit discards, ``clear``), and PySide then keeps
    the command's Python object alive for good. Holding only a key, such a leftover holds
    no document.
    """

    def __init__(
        self, recorder: UndoStackRecorder, key: int, text: str, merge_key: Hashable | None
    ) -> None:
        super().__init__(text)
        self._recorder = weakref.ref(recorder)
        self.key = key
        self.merge_key = merge_key
        self.open = merge_key is not None

    def redo(self) -> None:
        """Apply the edit."""
        recorder = self._recorder()
        if recorder is not None:
            recorder.apply(self.key, after=True)

    def undo(self) -> None:
        """Take the edit back."""
        recorder = self._recorder()
        if recorder is not None:
            recorder.apply(self.key, after=False)

    def id(self) -> int:
        """Mergeable commands share an id; others have none (-1)."""
        return NUDGE_COMMAND_ID if self.merge_key is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """Absorb a following nudge of the same number while this gesture is open."""
        recorder = self._recorder()
        if (
            recorder is None
            or not isinstance(other, StateCommand)
            or not self.open
            or other.merge_key != self.merge_key
        ):
            return False
        recorder.merge(self.key, other.key)
        self.setText(other.text())
        return True

    def close(self) -> None:
        """End the gesture: later nudges start a new undo step."""
        self.open = False


class UndoStackRecorder:
    """The recorder of a document's edits onto its ``QUndoStack`` (keeping their states)."""

    def __init__(self, state: ObservableState, stack: QUndoStack) -> None:
        self.state = state
        self.stack = stack
        self._open: StateCommand | None = None
        self._states: dict[int, tuple[DocumentState, DocumentState]] = {}
        self._keys = itertools.count()

    def push(self, edit: Edit) -> None:
        """Push ``edit`` (QUndoStack applies it), merging it into an open gesture."""
        key = next(self._keys)
        self._states[key] = (edit.before, edit.after)
        command = StateCommand(self, key, edit.text, edit.merge_key)
        self.stack.push(command)
        top = self.stack.command(self.stack.index() - 1) if self.stack.index() > 0 else None
        if edit.merge_key is not None and top is command:
            if self._open is not None and self._open is not command:
                self._open.close()
            self._open = command
        self.forget_dropped()

    def apply(self, key: int, after: bool) -> None:
        """Make command ``key``'s state after (or before) it current."""
        before, later_state = self._states[key]
        self.state.restore(later_state if after else before)

    def merge(self, key: int, other: int) -> None:
        """Command ``key`` now ends where command ``other`` did (which Qt then deletes)."""
        before, _ = self._states[key]
        self._states[key] = (before, self._states.pop(other)[1])

    def forget_dropped(self) -> None:
        """Let go of the states of commands the stack no longer has."""
        kept = set()
        # Commands inside a macro (a step of several edits) are the stack's children.
        commands = [self.stack.command(i) for i in range(self.stack.count())]
        while commands:
            command = commands.pop()
            if isinstance(command, StateCommand):
                kept.add(command.key)
            commands.extend(command.child(i) for i in range(command.childCount()))
        for key in [k for k in self._states if k not in kept]:
            del self._states[key]
        if self._open is not None and self._open.key not in kept:
            self._open = None

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
            recorder.forget_dropped()

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
