"""The Edit menu: undo and redo (of the active document), and structure edits of the
selected node."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QObject, Qt

from nnviz.qt.binding import Following
from nnviz.qt.document_view import DocumentView
from nnviz.qt.shell import Shell

#: Structure actions: (name, menu text, what they do to the selected (layer, neuron)).
STRUCTURE_TIP = "Select a node by clicking it first"


class Editing(QObject):
    """Undo, redo and the structure edits, for the window's active document.

    Parameters
    ----------
    shell : Shell
    """

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell.widget)
        self.shell = shell
        actions = shell.registry
        group = shell.area.undo_group
        undo = group.createUndoAction(shell.widget, "&Undo")
        redo = group.createRedoAction(shell.widget, "&Redo")
        self.undo_action = actions.add(
            "edit.undo",
            "&Undo",
            menu="Edit",
            section="undo",
            shortcut="Ctrl+Z",
            help="undo / redo (Ctrl+Y also redoes)",
            action=undo,
        )
        self.redo_action = actions.add(
            "edit.redo",
            "&Redo",
            menu="Edit",
            section="undo",
            shortcut=["Ctrl+Shift+Z", "Ctrl+Y"],
            help_with="edit.undo",
            action=redo,
        )
        entries: list[tuple[str, str, Callable[[DocumentView, int, int], None]]] = [
            ("edit.node", "Edit the selected node…", self._edit_node),
            (
                "edit.add_neuron",
                "Add a neuron to the selected layer",
                lambda v, layer, _: v.document.edits.add_neuron(layer),
            ),
            (
                "edit.remove_neuron",
                "Remove the selected neuron",
                lambda v, layer, neuron: v.document.edits.remove_neuron(layer, neuron),
            ),
            (
                "edit.add_layer",
                "Insert a hidden layer after the selected one",
                lambda v, layer, _: v.document.edits.add_layer(layer + 1),
            ),
            (
                "edit.remove_layer",
                "Remove the selected hidden layer",
                lambda v, layer, _: v.document.edits.remove_layer(layer),
            ),
        ]
        self.structure_actions = []
        for name, text, act in entries:
            # Delete removes the selected neuron only while a diagram has the focus, never
            # while a number is being typed elsewhere.
            delete = name == "edit.remove_neuron"
            action = actions.add(
                name,
                text,
                partial(self._on_selection, act),
                menu="Edit",
                section="structure",
                shortcut="Delete" if delete else None,
                status_tip=STRUCTURE_TIP,
                context=Qt.ShortcutContext.WidgetWithChildrenShortcut
                if delete
                else Qt.ShortcutContext.WindowShortcut,
                widget=shell.area if delete else None,
            )
            self.structure_actions.append(action)
        self._watched = Following(self)
        shell.area.active_changed.connect(self._follow)
        self._follow(shell.area.active_view)

    def _edit_node(self, view: DocumentView, layer: int, neuron: int) -> None:
        if layer == 0:
            view.diagram.edit_input(neuron)
        else:
            view.diagram.edit_neuron(layer, neuron)

    def _on_selection(self, act: Callable[[DocumentView, int, int], None]) -> None:
        view = self.shell.area.active_view
        chosen = view.document.view.selected
        if chosen is not None:
            view.diagram.attempt(lambda: act(view, *chosen))

    def _follow(self, view: DocumentView) -> None:
        self._watched.clear()
        self._watched.link(view.document.view_changed, self._update)
        self._watched.link(view.document.network_changed, self._update)
        self._update()

    def _update(self, *_: object) -> None:
        chosen = self.shell.document.view.selected
        for action in self.structure_actions:
            action.setEnabled(chosen is not None)
