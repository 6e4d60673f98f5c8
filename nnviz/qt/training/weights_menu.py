"""File ▸ Import weights: load a weights file into the network on screen.

Unlike File ▸ Open weights (which opens the file's network as a new document, whatever its
shape), importing keeps the document and replaces only its weights, as one undoable edit;
so the file's network must have the same layer sizes, or it is refused with a message and
nothing changes. Every format File ▸ Export weights writes is read back: npz and JSON,
ONNX and safetensors, written by nnviz or elsewhere (a state dict's activations are
asked for).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from nnviz.core.imports import NeedsActivations
from nnviz.core.weights_import import load_any_weights
from nnviz.core.weights_io import WeightsFileError
from nnviz.qt.files import Files


def import_filter() -> str:
    """The file dialog's filter for every readable weights format."""
    return "Weights and models (*.npz *.json *.onnx *.safetensors)"


def import_weights(files: Files, path: str | Path) -> bool:
    """Replace the active document's weights with those in ``path``; False (and a message)
    if refused.

    The file's network must have the layer sizes of the one on screen; its activations
    and loss come with its weights.
    """
    source = Path(path)
    document = files.document
    current = document.network
    try:
        try:
            loaded = load_any_weights(source).network
        except NeedsActivations as needs:
            activations = files.ask_activations(source.name, needs.layer_sizes)
            if activations is None:
                return False
            loaded = load_any_weights(source, activations).network
    except WeightsFileError as error:
        files.warn("Cannot import the weights", str(error))
        return False
    if loaded.layer_sizes != current.layer_sizes:
        shape = "-".join(map(str, loaded.layer_sizes))
        mine = "-".join(map(str, current.layer_sizes))
        files.warn(
            "Cannot import the weights",
            f"{source.name} holds a {shape} network; the network on screen is {mine}, so "
            "its weights cannot be replaced by these (nothing was changed). File ▸ Open "
            "weights opens that network as it is.",
        )
        return False
    try:
        document.edits.set_network(loaded, f"import the weights of {source.name}")
    except ValueError as error:
        files.warn("Cannot import the weights", str(error))
        return False
    files.shell.show_message(f"Imported the weights of {source.name}.")
    return True


def add_import_action(files: Files) -> None:
    """Register File ▸ Import weights… just after File ▸ Export weights…."""

    def ask() -> None:
        name, _ = QFileDialog.getOpenFileName(
            files.parent_widget,
            "Import weights into this network",
            files.preferences.last_folder,
            import_filter(),
        )
        if name:
            import_weights(files, name)

    files.shell.registry.add(
        "file.import_weights",
        "&Import weights into this network…",
        ask,
        menu="File",
        after="file.export_weights",
        status_tip="Replace the weights of the network on screen with a file's (same shape)",
    )
