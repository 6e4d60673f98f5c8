"""The main window: the diagram in the middle, panels beside it, menus and toolbar.

Room to grow: :meth:`MainWindow.add_panel` docks another panel (the step-through's
arithmetic, training plots) and lists it under View ▸ Panels; :meth:`MainWindow.add_page`
adds a page beside the diagram (a tab bar appears once there are two).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QAction, QCloseEvent, QGuiApplication, QUndoStack
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QLabel,
    QMainWindow,
    QMenu,
    QSpinBox,
    QTabWidget,
    QWidget,
)
from shiboken6 import isValid

from nnviz.qt.diagram.scene import DiagramScene
from nnviz.qt.diagram.style import DiagramStyle
from nnviz.qt.diagram.view import DiagramView
from nnviz.qt.diagram_controller import DiagramController
from nnviz.qt.documents import Documents
from nnviz.qt.edits import SessionEdits
from nnviz.qt.menus import build_menus, build_toolbar
from nnviz.qt.network_panel import NetworkPanel
from nnviz.qt.palette import get_palette
from nnviz.qt.preferences import Preferences
from nnviz.qt.stepping import install_stepping
from nnviz.qt.theme import apply_theme, get_theme
from nnviz.qt.training.feature import install_training
from nnviz.session import Session

DEFAULT_SIZE = (1280, 800)


class MainWindow(QMainWindow):
    """nnviz's window.

    Parameters
    ----------
    session : Session, optional
        The state shown (a new one opened on the feedforward example by default).
    preferences : Preferences, optional
        Where theme, palette and window geometry are remembered.

    Attributes
    ----------
    session, preferences, undo_stack, edits, scene, view, diagram, documents,
    network_panel, panels_menu, stepping
    """

    # Set up by nnviz.qt.menus.
    undo_action: QAction
    redo_action: QAction
    recent_menu: QMenu
    theme_actions: dict[str, QAction]
    palette_actions: dict[str, QAction]
    top_k_box: QSpinBox
    ranking_box: QComboBox
    edge_actions: list[QAction]

    def __init__(
        self, session: Session | None = None, preferences: Preferences | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("nnvizMainWindow")
        self.session = session if session is not None else Session()
        self.preferences = preferences if preferences is not None else Preferences()
        self.undo_stack = QUndoStack(self)
        self.edits = SessionEdits(self.session, self.undo_stack)
        self.scene = DiagramScene()
        self.view = DiagramView(self.scene)
        self.view.setObjectName("diagramView")
        self.diagram = DiagramController(self.session, self.edits, self.view)
        self.documents = Documents(
            self, self.session, self.undo_stack, self.preferences, self.scene
        )

        self.pages = QTabWidget()
        self.pages.setDocumentMode(True)
        self.pages.setTabBarAutoHide(True)
        self.pages.addTab(self.view, "Diagram")
        self.setCentralWidget(self.pages)
        self.setDockOptions(
            QMainWindow.DockOption.AnimatedDocks | QMainWindow.DockOption.AllowTabbedDocks
        )

        self.panels_menu = QMenu("Panels", self)
        self.network_panel = NetworkPanel(self.session, self.edits)
        self.add_panel(self.network_panel, "Network", "networkPanel")
        build_menus(self)
        build_toolbar(self)
        self.training = install_training(self)
        self.zoom_label = QLabel()
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.diagram.message.connect(self.show_message)

        self.session.modified_changed.connect(self._modified_changed)
        self.session.description_changed.connect(lambda _: self._modified_changed(None))
        self.documents.path_changed.connect(self._update_title)
        self.view.view_changed.connect(self._update_zoom_label)
        self.apply_appearance(self.preferences.theme, self.preferences.palette)
        self.stepping = install_stepping(self)
        self._restore_geometry()
        self._update_title()
        self.setWindowModified(self.session.modified)

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

    # -- appearance ---------------------------------------------------------------------------

    def apply_appearance(self, theme_key: str, palette_key: str) -> None:
        """Switch theme and palette, everywhere, and remember them."""
        theme = get_theme(theme_key)
        palette = get_palette(palette_key)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            apply_theme(app, theme)
        self.scene.set_style(DiagramStyle(theme, palette))
        for editor in (self.diagram.number_editor, self.diagram.neuron_editor):
            editor.set_error_colour(theme.error)
        self.network_panel.error_colour = theme.error
        self.setStyleSheet(
            f"QLabel#hint {{ color: {theme.muted}; font-size: 11px; }}"
            f"QLabel#muted {{ color: {theme.muted}; }}"
            f"QFrame#floatingEditor {{ background: {theme.surface}; "
            f"border: 1px solid {theme.outline}; border-radius: 6px; }}"
        )
        self.preferences.theme = theme.key
        self.preferences.palette = palette.key
        if hasattr(self, "theme_actions"):
            for key, action in self.theme_actions.items():
                action.setChecked(key == theme.key)
            for key, action in self.palette_actions.items():
                action.setChecked(key == palette.key)

    # -- status -------------------------------------------------------------------------------

    def show_message(self, text: str) -> None:
        """Show ``text`` in the status bar (hover hints stay; refusals for a while)."""
        if text:
            self.statusBar().showMessage(text, 8000)
        else:
            self.statusBar().clearMessage()

    def _modified_changed(self, modified: bool | None) -> None:
        # The session can outlive the window: its undo stack, destroyed with the window,
        # still marks the session saved on the way out.
        if not isValid(self):
            return
        if modified is not None:
            self.setWindowModified(modified)
        self._update_title()

    def _update_zoom_label(self) -> None:
        self.zoom_label.setText(f"zoom {self.view.zoom:.0%}")

    def _update_title(self) -> None:
        self.setWindowTitle(f"{self.documents.display_name}[*] — nnviz")

    # -- window -------------------------------------------------------------------------------

    def _restore_geometry(self) -> None:
        geometry = self.preferences.geometry
        state = self.preferences.window_state
        if geometry is None or not self.restoreGeometry(geometry):
            screen = QGuiApplication.primaryScreen()
            available = screen.availableGeometry() if screen is not None else None
            width, height = DEFAULT_SIZE
            if available is not None:
                width = min(width, available.width())
                height = min(height, available.height())
                self.move(available.topLeft())
            self.resize(width, height)
        if state is not None:
            self.restoreState(state)

    def event(self, event: QEvent) -> bool:
        """Silence the undo stack before the window is deleted: a destroyed stack clears
        itself and would announce it to slots of widgets already gone."""
        if event.type() == QEvent.Type.DeferredDelete:
            self.undo_stack.blockSignals(True)
        return super().event(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Pause training, offer to save unsaved changes; remember the window's size and
        place; stop training when the window really closes."""
        self.training.close_requested()
        if not self.documents.maybe_save():
            self.training.close_cancelled()
            event.ignore()
            return
        self.training.closed()
        self.preferences.geometry = self.saveGeometry()
        self.preferences.window_state = self.saveState()
        self.preferences.sync()
        # The window is going: its undo stack clears itself when destroyed and must not
        # announce that to actions and slots already gone (tracebacks on quitting).
        self.undo_stack.blockSignals(True)
        event.accept()
