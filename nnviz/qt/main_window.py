"""The main window: a shell that shows documents, with room for panels, pages and menus.

The window shows its :class:`~nnviz.session.Workspace` (one document, or two side by side)
in a :class:`~nnviz.qt.document_area.DocumentArea` on its first page, and offers the rest
to features, which receive it from the composition root (:mod:`nnviz.app`) and never
write onto it:

- :meth:`MainWindow.add_panel` docks a panel and lists it under View ▸ Panels;
  :meth:`MainWindow.add_page` adds a page beside the diagram (a tab bar appears);
- :attr:`MainWindow.registry` is the window's :class:`~nnviz.qt.actions.ActionRegistry`,
  from which the menu bar is built;
- :meth:`MainWindow.add_close_guard` asks before the window closes ("save changes?"), and
  :attr:`MainWindow.closed` says it has (training then stops);
- :meth:`MainWindow.show_message` writes in the status bar.

:attr:`MainWindow.document`, :attr:`view`, :attr:`scene`, :attr:`diagram` and
:attr:`undo_stack` are those of the active document. :attr:`MainWindow.features` holds
what the composition root installed (tests and benchmarks reach the parts there).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QTabBar,
    QTabWidget,
    QWidget,
)

from nnviz.qt.actions import ActionRegistry
from nnviz.qt.appearance import Appearance
from nnviz.qt.binding import Following
from nnviz.qt.diagram.scene import DiagramScene
from nnviz.qt.diagram.style import DiagramStyle
from nnviz.qt.diagram.view import DiagramView
from nnviz.qt.diagram_controller import DiagramController
from nnviz.qt.document_area import DocumentArea
from nnviz.qt.document_view import DocumentView
from nnviz.qt.preferences import Preferences
from nnviz.session import Document, Edits, Workspace

if TYPE_CHECKING:
    from nnviz.qt.features import Features

DEFAULT_SIZE = (1280, 800)


def default_size(screen_width: int, screen_height: int) -> tuple[int, int]:
    """The window's size on a screen with this much room: 1280×800 where that is most of
    the screen, else 85 % of a larger one (a 1920×1080 screen gets 1632×918)."""
    width = max(min(DEFAULT_SIZE[0], screen_width), round(screen_width * 0.85))
    height = max(min(DEFAULT_SIZE[1], screen_height), round(screen_height * 0.85))
    return min(width, screen_width), min(height, screen_height)


def _silence(area: DocumentArea) -> None:
    """Block the undo signals of ``area`` (its window is going away)."""
    area.undo_group.blockSignals(True)
    for view in area.views:
        view.undo_stack.blockSignals(True)


class MainWindow(QMainWindow):
    """nnviz's window (see the module docstring).

    Parameters
    ----------
    workspace : Workspace
        The documents it shows.
    preferences : Preferences
        Where window geometry (and theme, palette, recent files) are remembered.
    appearance : Appearance
        The theme and palette its views are painted in.

    Signals
    -------
    closing()
        The window was asked to close: the guards are asked next.
    close_cancelled()
        A guard kept the window open (the user chose Cancel).
    closed()
        The window has closed (no guard refused).
    """

    closing = Signal()
    close_cancelled = Signal()
    closed = Signal()

    def __init__(
        self, workspace: Workspace, preferences: Preferences, appearance: Appearance
    ) -> None:
        super().__init__()
        self.setObjectName("nnvizMainWindow")
        self.workspace = workspace
        self.preferences = preferences
        self.appearance = appearance
        self.registry = ActionRegistry(self)
        self.features: Features | None = None
        self._close_guards: list[Callable[[], bool]] = []

        self.area = DocumentArea(workspace, appearance)
        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.setTabBarAutoHide(True)
        self.pages.addTab(self.area, "Diagram")
        self.setCentralWidget(self.pages)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )
        self.panels_menu = QMenu("Panels", self)
        self.zoom_label = QLabel()
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.area.message.connect(self.show_message)
        self.area.active_changed.connect(self._active_changed)
        appearance.changed.connect(self._restyle)
        self._restyle(appearance.style)
        self._watched = Following(self)
        self._zoomed: DiagramView | None = None
        # Before the views and their undo stacks are deleted with the window: a destroyed
        # stack clears itself and would announce it to slots of widgets already gone.
        area = self.area
        self.destroyed.connect(lambda *_: _silence(area))
        self._active_changed(self.area.active_view)

    # -- the documents shown --------------------------------------------------------------------

    @property
    def widget(self) -> QMainWindow:
        """The window itself (what :class:`~nnviz.qt.shell.Shell` users parent things to)."""
        return self

    @property
    def document(self) -> Document:
        """The active document."""
        return self.workspace.active

    @property
    def document_view(self) -> DocumentView:
        """The view of the active document."""
        return self.area.active_view

    @property
    def view(self) -> DiagramView:
        """The active document's diagram view."""
        return self.area.active_view.view

    @property
    def scene(self) -> DiagramScene:
        """The active document's diagram scene."""
        return self.area.active_view.scene

    @property
    def diagram(self) -> DiagramController:
        """The active document's diagram controller."""
        return self.area.active_view.diagram

    @property
    def undo_stack(self) -> QUndoStack:
        """The active document's undo stack."""
        return self.area.active_view.undo_stack

    @property
    def edits(self) -> Edits:
        """The active document's edit API."""
        return self.workspace.active.edits

    # -- room to grow -------------------------------------------------------------------------

    def add_panel(
        self,
        widget: QWidget,
        title: str,
        object_name: str,
        area: Qt.DockWidgetArea = Qt.DockWidgetArea.RightDockWidgetArea,
        tabify_with: QDockWidget | None = None,
    ) -> QDockWidget:
        """Dock ``widget`` as a panel and list it under View ▸ Panels.

        Parameters
        ----------
        widget : QWidget
        title : str
        object_name : str
            Stable name, so that the window remembers where the user put the panel.
        area : Qt.DockWidgetArea
        tabify_with : QDockWidget, optional
            Put the new panel in a tab beside this one.

        Returns
        -------
        QDockWidget
        """
        dock = QDockWidget(title, self)
        dock.setObjectName(object_name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        if tabify_with is not None:
            self.tabifyDockWidget(tabify_with, dock)
        self.panels_menu.addAction(dock.toggleViewAction())
        return dock

    def add_page(self, widget: QWidget, title: str) -> int:
        """Add a page beside the diagram (a tab bar appears); return its index."""
        return self.pages.addTab(widget, title)

    def add_close_guard(self, guard: Callable[[], bool]) -> None:
        """Ask ``guard()`` before closing; it returns False to keep the window open."""
        self._close_guards.append(guard)

    # -- status ---------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        """Show ``text`` in the status bar (hover hints stay; refusals for a while)."""
        if text:
            self.statusBar().showMessage(text, 8000)
        else:
            self.statusBar().clearMessage()

    def _restyle(self, style: DiagramStyle) -> None:
        theme = style.theme
        self.setStyleSheet(
            f"QLabel#hint {{ color: {theme.muted}; "
            f"font-size: {round(11 * self.appearance.text_scale)}px; }}"
            f"QLabel#muted {{ color: {theme.muted}; }}"
            f"QLabel#staleDescription {{ color: {theme.error}; font-style: italic; }}"
            f"QFrame#floatingEditor {{ background: {theme.surface}; "
            f"border: 1px solid {theme.outline}; border-radius: 6px; }}"
        )

    def _active_changed(self, view: DocumentView) -> None:
        document = view.document
        self._watched.clear()
        for signal in (document.modified_changed, document.description_changed,
                       document.path_changed):  # fmt: skip
            self._watched.link(signal, self._update_title)
        if self._zoomed is not None and self._zoomed in (v.view for v in self.area.views):
            self._zoomed.view_changed.disconnect(self._update_zoom_label)
        self._zoomed = view.view
        view.view.view_changed.connect(self._update_zoom_label)
        self._update_title()
        self._update_zoom_label()

    def _update_zoom_label(self) -> None:
        self.zoom_label.setText(f"zoom {self.view.zoom:.0%}")

    def _update_title(self, *_: object) -> None:
        document = self.document
        self.setWindowTitle(f"{document.display_name}[*] — nnviz")
        self.setWindowModified(document.modified)

    # -- window ---------------------------------------------------------------------------------

    def restore_layout(self) -> None:
        """Put back the size, place and docks the user left (once every panel is added).

        The size and place come back only on a screen of the size they were left on: on
        another (a projector, a larger monitor) the window opens sized to that screen and
        centred on it, never at its old size in a corner.
        """
        geometry = self.preferences.geometry
        state = self.preferences.window_state
        screen = QGuiApplication.primaryScreen()
        available = screen.availableGeometry() if screen is not None else None
        same_screen = available is None or self.preferences.screen_size in (
            None,
            (available.width(), available.height()),
        )
        if geometry is None or not same_screen or not self.restoreGeometry(geometry):
            width, height = DEFAULT_SIZE
            if available is not None:
                width, height = default_size(available.width(), available.height())
                left = available.left() + (available.width() - width) // 2
                top = available.top() + (available.height() - height) // 2
                self.move(left, top)
            self.resize(width, height)
        if state is not None:
            self.restoreState(state)

    def event(self, event: QEvent) -> bool:
        """Silence the undo stacks before the window is deleted: a destroyed stack clears
        itself and would announce it to slots of widgets already gone. Tab bars of docked
        panels keep their titles whole."""
        if event.type() == QEvent.Type.DeferredDelete:
            self._silence_stacks()
        elif event.type() == QEvent.Type.ChildPolished:
            child = event.child()  # type: ignore[attr-defined]
            if isinstance(child, QTabBar):
                # Five panels share the dock at 1280×800: Qt would cut every title to
                # "Trai…"; whole titles and scroll arrows read better.
                child.setElideMode(Qt.TextElideMode.ElideNone)
                child.setUsesScrollButtons(True)
        return super().event(event)

    def _silence_stacks(self) -> None:
        _silence(self.area)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Ask the guards (unsaved changes); remember the window's size and place.

        ``closing`` goes first (training pauses before "save the changes?"), then
        ``close_cancelled`` if a guard kept the window, or ``closed`` once it has gone.
        """
        self.closing.emit()
        if not all(guard() for guard in self._close_guards):
            self.close_cancelled.emit()
            event.ignore()
            return
        if self.isFullScreen():  # presenting: remember the window as it was before
            self.showNormal()
        self.preferences.geometry = self.saveGeometry()
        self.preferences.window_state = self.saveState()
        screen = self.screen()
        if screen is not None:
            available = screen.availableGeometry()
            self.preferences.screen_size = (available.width(), available.height())
        self.preferences.sync()
        self._silence_stacks()
        event.accept()
        self.closed.emit()
