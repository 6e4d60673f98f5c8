"""Undo: every edit is a QUndoCommand holding the session state before and after it.

States are immutable and share their arrays, so keeping both costs next to nothing, and
undoing an edit that changed the network's shape gives back exactly the input and target
it cut. Nudges of one number (scroll wheel, drag) merge into one undo step while they
continue on the same number.
"""

from __future__ import annotations

from collections.abc import Hashable

from PySide6.QtGui import QUndoCommand

from nnviz.session import Session, SessionState

#: QUndoCommand id shared by every mergeable (nudge) command.
NUDGE_COMMAND_ID = 4001


class StateCommand(QUndoCommand):
    """Move the session from ``before`` to ``after`` (redo) and back (undo).

    Parameters
    ----------
    session : Session
    before, after : SessionState
    text : str
        What the Edit menu shows: "Undo set w13 to 2".
    merge_key : hashable, optional
        Consecutive commands with the same key merge into one (nudges of one number).
    """

    def __init__(
        self,
        session: Session,
        before: SessionState,
        after: SessionState,
        text: str,
        merge_key: Hashable | None = None,
    ) -> None:
        super().__init__(text)
        self.session = session
        self.before = before
        self.after = after
        self.merge_key = merge_key
        self.open = merge_key is not None

    def redo(self) -> None:
        """Apply the edit."""
        self.session.restore(self.after)

    def undo(self) -> None:
        """Take the edit back."""
        self.session.restore(self.before)

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
