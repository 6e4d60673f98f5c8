"""The View menu: zoom, the theme and palette, the colour legend, the panels."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QActionGroup

from nnviz.qt.diagram.style import DiagramStyle
from nnviz.qt.document_view import DocumentView
from nnviz.qt.palette import PALETTES
from nnviz.qt.shell import Shell
from nnviz.qt.theme import THEMES


class Viewing(QObject):
    """Zoom acts on the active document's diagram; appearance on every one.

    Parameters
    ----------
    shell : Shell
    """

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell.widget)
        self.shell = shell
        actions = shell.registry
        actions.add(
            "view.zoom_in",
            "Zoom &in",
            lambda: shell.view.zoom_in(),
            menu="View",
            section="zoom",
            shortcut=["Ctrl++", "Ctrl+="],
            help="zoom in / zoom out / fit the diagram",
        )
        actions.add(
            "view.zoom_out",
            "Zoom &out",
            lambda: shell.view.zoom_out(),
            menu="View",
            section="zoom",
            shortcut="Ctrl+-",
            help_with="view.zoom_in",
        )
        actions.add(
            "view.fit",
            "&Fit the diagram",
            lambda: shell.view.fit(),
            menu="View",
            section="zoom",
            shortcut="Ctrl+0",
            help_with="view.zoom_in",
        )
        appearance = shell.appearance
        theme_menu = actions.add_submenu("View", "&Theme", section="look")
        group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for key, theme in THEMES.items():
            action = theme_menu.addAction(theme.title or key.capitalize())
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, k=key: appearance.apply(theme_key=k))
            group.addAction(action)
            self.theme_actions[key] = action
        palette_menu = actions.add_submenu("View", "&Colours", section="look")
        group = QActionGroup(self)
        self.palette_actions: dict[str, QAction] = {}
        for key, palette in PALETTES.items():
            action = palette_menu.addAction(palette.title)
            action.setCheckable(True)
            action.triggered.connect(lambda _=False, k=key: appearance.apply(palette_key=k))
            group.addAction(action)
            self.palette_actions[key] = action
        self.legend = actions.add(
            "view.legend", "Show the colour &legend", menu="View", section="look", checkable=True
        )
        self.legend.setChecked(True)
        self.legend.toggled.connect(self._show_legend)
        shell.area.view_added.connect(self._view_added)
        actions.add_submenu("View", "Panels", section="panels", submenu=shell.panels_menu)
        appearance.changed.connect(self._check)
        self._check(appearance.style)

    def _show_legend(self, on: bool) -> None:
        for view in self.shell.area.views:
            view.view.legend.setVisible(on)
            if view.view.fitted:
                view.view.fit()  # the diagram takes the legend's strip, or leaves it

    def _view_added(self, view: DocumentView) -> None:
        view.view.legend.setVisible(self.legend.isChecked())

    def _check(self, style: DiagramStyle) -> None:
        for key, action in self.theme_actions.items():
            action.setChecked(key == style.theme.key)
        for key, action in self.palette_actions.items():
            action.setChecked(key == style.palette.key)
