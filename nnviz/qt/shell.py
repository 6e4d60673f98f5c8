"""What features get of the window they are installed in (the main window provides it).

Features are given a :class:`Shell` by the composition root (:mod:`nnviz.app`) rather
than the window class itself, so that no feature imports the window and the window imports
no feature: each depends only on this small surface.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt, SignalInstance
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QTabWidget, QWidget

from nnviz.qt.actions import ActionRegistry
from nnviz.qt.appearance import Appearance
from nnviz.qt.diagram.scene import DiagramScene
from nnviz.qt.diagram.view import DiagramView
from nnviz.qt.document_area import DocumentArea
from nnviz.qt.preferences import Preferences
from nnviz.session import Document, Workspace


class Shell(Protocol):
    """The window, as features see it (see :class:`nnviz.qt.main_window.MainWindow`)."""

    workspace: Workspace
    preferences: Preferences
    appearance: Appearance
    registry: ActionRegistry
    area: DocumentArea
    pages: QTabWidget
    panels_menu: QMenu
    closing: SignalInstance
    close_cancelled: SignalInstance
    closed: SignalInstance

    @property
    def widget(self) -> QMainWindow:
        """The window as a widget (a parent for dialogs, docks and menus)."""

    @property
    def document(self) -> Document:
        """The active document."""

    @property
    def view(self) -> DiagramView:
        """The active document's diagram view."""

    @property
    def scene(self) -> DiagramScene:
        """The active document's diagram scene."""

    @property
    def undo_stack(self) -> QUndoStack:
        """The active document's undo stack."""

    def add_panel(
        self,
        widget: QWidget,
        title: str,
        object_name: str,
        area: Qt.DockWidgetArea = ...,
        tabify_with: QDockWidget | None = None,
    ) -> QDockWidget:
        """Dock a panel (listed under View ▸ Panels)."""

    def add_page(self, widget: QWidget, title: str) -> int:
        """Add a page beside the diagram."""

    def add_close_guard(self, guard: Callable[[], bool]) -> None:
        """Ask ``guard()`` before the window closes."""

    def show_message(self, text: str) -> None:
        """Write in the status bar."""
