"""The documents one window shows, and which of them is active.

A window shows one document, or two side by side (to compare them). Its panels, menus and
undo follow the *active* one: the one the user last clicked into. A :class:`Workspace`
is that list and that choice, Qt-free; the window's document area shows it.
"""

from __future__ import annotations

from psygnal import Signal

from nnviz.session.document import Document


class Workspace:
    """One or more documents, one of them active.

    Parameters
    ----------
    document : Document, optional
        The first document (a new one on the feedforward example by default).

    Signals
    -------
    documents_changed()
        A document was added or removed.
    active_changed(Document)
        Another document became the active one.
    """

    documents_changed = Signal()
    active_changed = Signal(object)

    def __init__(self, document: Document | None = None) -> None:
        first = document if document is not None else Document()
        self._documents: list[Document] = [first]
        self._active = first

    @property
    def documents(self) -> tuple[Document, ...]:
        """Every document, in the order they are shown (left to right)."""
        return tuple(self._documents)

    @property
    def active(self) -> Document:
        """The document panels and menus act on."""
        return self._active

    def add(self, document: Document, activate: bool = True) -> None:
        """Show ``document`` after the others (and make it active)."""
        if document in self._documents:
            raise ValueError("the document is already shown")
        self._documents.append(document)
        self.documents_changed.emit()
        if activate:
            self.activate(document)

    def remove(self, document: Document) -> None:
        """Stop showing ``document`` (the last one cannot be removed)."""
        if document not in self._documents:
            raise ValueError("the document is not shown")
        if len(self._documents) == 1:
            raise ValueError("a window shows at least one document")
        index = self._documents.index(document)
        self._documents.remove(document)
        if document is self._active:
            self.activate(self._documents[min(index, len(self._documents) - 1)])
        self.documents_changed.emit()

    def activate(self, document: Document) -> None:
        """Make ``document`` the active one."""
        if document not in self._documents:
            raise ValueError("the document is not shown")
        if document is not self._active:
            self._active = document
            self.active_changed.emit(document)
