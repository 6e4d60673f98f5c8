"""Where a window shows its documents: one diagram, or two side by side (or one above
the other, when that leaves each more room).

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
from PySide6.QtGui import QResizeEvent, QUndoGroup
from PySide6.QtWidgets import QSplitter, QStackedWidget, QWidget

from nnviz.qt.appearance import Appearance
from nnviz.qt.binding import follow
from nnviz.qt.diagram.view import FILL_REFERENCE
from nnviz.qt.document_view import DocumentView
from nnviz.session import Document, Workspace


def stacked_fits_better(width: int, height: int, count: int) -> bool:
    """Whether ``count`` diagrams sharing a ``width`` × ``height`` area get more room one
    above the other than side by side.

    Each diagram is scaled against the size its layout is made for
    (:data:`~nnviz.qt.diagram.view.FILL_REFERENCE`); the arrangement whose diagrams come
    closer to it wins. At 1280×800 two diagrams side by side were 430 px wide each and had
    to leave weights unwritten; one above the other (864 × 350) every weight fits. At
    1920×1080 side by side still wins.
    """
    ref_width, ref_height = FILL_REFERENCE
    beside = min(width / count / ref_width, height / ref_height)
    above = min(width / ref_width, height / count / ref_height)
    return above > beside


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
        """The document views, left to right (or top to bottom)."""
        return [self._views[id(d)] for d in self.workspace.documents if id(d) in self._views]

    def view_of(self, document: Document) -> DocumentView:
        """The view showing ``document`` (KeyError if it is not shown)."""
        return self._views[id(document)]

    @property
    def active_view(self) -> DocumentView:
        """The view of the active document."""
        return self.view_of(self.workspace.active)

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Share the area the way that leaves each diagram the most room (see
        :func:`stacked_fits_better`)."""
        super().resizeEvent(event)
        self._choose_orientation()

    def _choose_orientation(self) -> None:
        count = len(self._views)
        if count < 2:
            return
        vertical = stacked_fits_better(self.width(), self.height(), count)
        orientation = Qt.Orientation.Vertical if vertical else Qt.Orientation.Horizontal
        if orientation != self.orientation():
            self.setOrientation(orientation)
            self.setSizes([1] * count)  # equal shares again

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
        self._choose_orientation()
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

    def widget_or_none(self, view: DocumentView) -> QWidget | None:
        """The widget made for ``view``, or None (it is not shown, or has gone)."""
        return self._widgets.get(id(view))

    def widgets(self) -> list[QWidget]:
        """Every document's widget, in the order they were made."""
        return list(self._widgets.values())

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
