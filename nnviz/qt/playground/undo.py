"""Data-set changes as undo steps on the document's stack.

A document's data set is not part of its :class:`~nnviz.session.state.DocumentState`
(MNIST is not copied into every undo step), so the playground's changes (another set,
points added or removed, features switched) go on the same stack as commands of their
own. Like the stack's other commands they hold only a key; the sources live in the
:class:`DataHistory`, which is freed with the document's view.
"""

from __future__ import annotations

import itertools
import weakref

from PySide6.QtCore import QObject
from PySide6.QtGui import QUndoCommand

from nnviz.core.data import DataSource
from nnviz.session import Document


class DataHistory(QObject):
    """The data sets a document's undo steps go between."""

    def __init__(self, document: Document, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self._steps: dict[int, tuple[DataSource | None, DataSource | None]] = {}
        self._keys = itertools.count()

    def command(
        self, after: DataSource, text: str, parent: QUndoCommand | None = None
    ) -> QUndoCommand:
        """A command that changes the data set to ``after`` (and back)."""
        key = next(self._keys)
        self._steps[key] = (self.document.data, after)
        return DataCommand(self, key, text, parent)

    def apply(self, key: int, after: bool) -> None:
        step = self._steps.get(key)
        if step is not None:
            self.document.set_data(step[1] if after else step[0], edited=True)


class DataCommand(QUndoCommand):
    """Redo: the step's new data set; undo: the one before."""

    def __init__(
        self, history: DataHistory, key: int, text: str, parent: QUndoCommand | None = None
    ) -> None:
        super().__init__(text, parent)
        self._history = weakref.ref(history)
        self.key = key

    def redo(self) -> None:
        history = self._history()
        if history is not None:
            history.apply(self.key, after=True)

    def undo(self) -> None:
        history = self._history()
        if history is not None:
            history.apply(self.key, after=False)
