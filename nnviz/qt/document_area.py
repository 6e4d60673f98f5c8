"""Where a window shows its documents: one diagram, or two side by side.

The :class:`DocumentArea` shows every document of the window's
:class:`~nnviz.session.Workspace` as a :class:`~nnviz.qt.document_view.DocumentView`, left
to right, and keeps the workspace's active document and the window's ``QUndoGroup`` in
step: clicking into a diagram activates its document, whose undo stack Edit ▸ Undo then
acts on. Features that keep something per document (the step-through's presenter, a
training process) follow :attr:`DocumentArea.view_added` and
:attr:`DocumentArea.view_removed`; panels show the active document's parts
(:class:`DocumentStack`).
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QUndoGroup
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget

from nnviz.qt.appearance import Appearance
from nnviz.qt.binding import follow
from nnviz.qt.document_view import DocumentView
from nnviz.session import Document, Workspace


class DocumentArea(QSplitter):
    """The diagrams of a workspace's documents (see the module docstring).

    Signals
    -------
    view_added(DocumentView), view_removed(DocumentView)
        A document began or stopped being shown.
    active_changed(DocumentView)
        Another document became the active one.
    message(str)
        A view's status-bar text.
    """

    view_added = Signal(object)
    view_removed = Signal(object)
    active_changed = Signal(object)
    message = Signal(str)

    def __init__(
        self, workspace: Workspace, appearance: Appearance, parent: QWidget | None = None
    ) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setObjectName("documentArea")
        self.setChildrenCollapsible(False)
        self.workspace = workspace
        self.appearance = appearance
        self.undo_group = QUndoGroup(self)
        self._views: dict[int, DocumentView] = {}
        follow(self, workspace.documents_changed, self._follow_documents)
        follow(self, workspace.active_changed, self._follow_active)
        self._follow_documents()

    @property
    def views(self) -> list[DocumentView]:
        """The document views, left to right."""
        return [self._views[id(d)] for d in self.workspace.documents if id(d) in self._views]

    def view_of(self, document: Document) -> DocumentView:
        """The view showing ``document`` (KeyError if it is not shown)."""
        return self._views[id(document)]

    @property
    def active_view(self) -> DocumentView:
        """The view of the active document."""
        return self.view_of(self.workspace.active)

    def _follow_documents(self) -> None:
        shown = {id(d): d for d in self.workspace.documents}
        for key in [k for k in self._views if k not in shown]:
            view = self._views.pop(key)
            self.undo_group.removeStack(view.undo_stack)
            view.release()
            self.view_removed.emit(view)
            view.hide()
            view.setParent(None)
            view.deleteLater()
        for index, document in enumerate(self.workspace.documents):
            if id(document) not in self._views:
                view = DocumentView(document, self.appearance)
                self._views[id(document)] = view
                self.undo_group.addStack(view.undo_stack)
                view.activated.connect(lambda d=document: self._activate(d))
                view.message.connect(self.message)
                self.insertWidget(index, view)
                self.view_added.emit(view)
        self._follow_active(self.workspace.active)

    def _activate(self, document: Document) -> None:
        if document in self.workspace.documents:
            self.workspace.activate(document)

    def _follow_active(self, document: Document) -> None:
        view = self._views.get(id(document))
        if view is None:
            return
        if self.undo_group.activeStack() is not view.undo_stack:
            self.undo_group.setActiveStack(view.undo_stack)
        self.active_changed.emit(view)


class DocumentStack(QStackedWidget):
    """A panel or page with one widget per shown document, showing the active one's.

    Parameters
    ----------
    area : DocumentArea
    make : callable
        ``make(view) -> QWidget``: the widget for one document's view.
    """

    def __init__(self, area: DocumentArea, make: Callable[[DocumentView], QWidget]) -> None:
        super().__init__()
        self._make = make
        self._widgets: dict[int, QWidget] = {}
        area.view_added.connect(self._add)
        area.view_removed.connect(self._remove)
        area.active_changed.connect(self._show)
        for view in area.views:
            self._add(view)
        self._show(area.active_view)

    def widget_for(self, view: DocumentView) -> QWidget:
        """The widget made for ``view``."""
        return self._widgets[id(view)]

    def _add(self, view: DocumentView) -> None:
        widget = self._make(view)
        self._widgets[id(view)] = widget
        self.addWidget(widget)

    def _remove(self, view: DocumentView) -> None:
        widget = self._widgets.pop(id(view), None)
        if widget is not None:
            self.removeWidget(widget)
            widget.deleteLater()

    def _show(self, view: DocumentView) -> None:
        widget = self._widgets.get(id(view))
        if widget is not None:
            self.setCurrentWidget(widget)
