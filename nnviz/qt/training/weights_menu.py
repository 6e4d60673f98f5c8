"""File ▸ Import weights: load a weights file into the network on screen.

Unlike File ▸ Open weights (which opens the file's network as a new document, whatever its
shape), importing keeps the document and replaces only its weights, as one undoable edit;
so the file's network must have the same layer sizes, or it is refused with a message and
nothing changes. Every format File ▸ Export weights writes is read back: npz and JSON,
and ONNX and safetensors written by nnviz when the export extra is installed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog, QMenu

from nnviz.core.weights_import import extra_installed, load_any_weights
from nnviz.core.weights_io import WeightsFileError

if TYPE_CHECKING:
    from nnviz.qt.main_window import MainWindow
    from nnviz.qt.training.controller import TrainingController


def import_filter() -> str:
    """The file dialog's filter for every readable weights format."""
    patterns = "*.npz *.json" + (" *.onnx *.safetensors" if extra_installed() else "")
    return f"Weights ({patterns})"


def import_weights(window: MainWindow, path: str | Path) -> bool:
    """Replace the network's weights with those in ``path``; False (and a message) if refused.

    The file's network must have the layer sizes of the one on screen; its activations
    and loss come with its weights.
    """
    source = Path(path)
    current = window.session.network
    try:
        loaded = load_any_weights(source).network
    except WeightsFileError as error:
        window.documents.warn("Cannot import the weights", str(error))
        return False
    if loaded.layer_sizes != current.layer_sizes:
        shape = "-".join(map(str, loaded.layer_sizes))
        mine = "-".join(map(str, current.layer_sizes))
        window.documents.warn(
            "Cannot import the weights",
            f"{source.name} holds a {shape} network; the network on screen is {mine}, so "
            "its weights cannot be replaced by these (nothing was changed). File ▸ Open "
            "weights opens that network as it is.",
        )
        return False
    state = window.session.snapshot().with_network(loaded)
    try:
        window.edits.commit(state, f"import the weights of {source.name}")
    except ValueError as error:
        window.documents.warn("Cannot import the weights", str(error))
        return False
    window.show_message(f"Imported the weights of {source.name}.")
    return True


def add_import_action(window: MainWindow, controller: TrainingController) -> None:
    """Put File ▸ Import weights… just after File ▸ Export weights…."""
    del controller  # the run notices the new weights through the session
    menus = [a.menu() for a in window.menuBar().actions() if a.text() == "&File"]
    file_menu = next((m for m in menus if isinstance(m, QMenu)), None)
    if file_menu is None:  # pragma: no cover - the window always has a File menu
        return

    def ask() -> None:
        name, _ = QFileDialog.getOpenFileName(
            window, "Import weights into this network", window.preferences.last_folder,
            import_filter(),
        )  # fmt: skip
        if name:
            import_weights(window, name)

    action = file_menu.addAction("&Import weights into this network…")
    action.setStatusTip("Replace the weights of the network on screen with a file's (same shape)")
    action.triggered.connect(lambda _=False: ask())
    actions = file_menu.actions()
    export = next((a for a in actions if a.text().startswith("&Export weights")), None)
    if export is not None:
        following = actions[actions.index(export) + 1]
        file_menu.removeAction(action)
        file_menu.insertAction(following, action)
