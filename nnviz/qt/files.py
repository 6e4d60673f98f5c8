"""Files: new, open, save and save as a session; open and export weights; export pictures.

The File menu's feature. It acts on the window's active document (and its diagram, for
pictures). Every way in meets bad input with a message and leaves the current work
untouched; every way out writes atomically. Unsaved changes are offered to be saved
before anything replaces them (opening, New, closing the window).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from nnviz.core.data.meta import data_meta
from nnviz.core.data.toys import raw_table
from nnviz.core.export import EXPORT_SUFFIXES, export_network
from nnviz.core.export import ExportError as CoreExportError
from nnviz.core.imports import NeedsActivations
from nnviz.core.limits import memory_error_text
from nnviz.core.presets import load_preset
from nnviz.core.run_result import COMPLETED, save_run_result
from nnviz.core.weights_import import extra_installed
from nnviz.core.weights_io import WeightsFileError
from nnviz.qt.activations_dialog import ask_activations
from nnviz.qt.dialogs import NewNetworkDialog
from nnviz.qt.export import ExportError, export_diagram
from nnviz.qt.file_menu import add_file_menu
from nnviz.qt.shell import Shell
from nnviz.qt.undo import undo_stack
from nnviz.session import Description, Document, DocumentState
from nnviz.session.session_file import (
    SESSION_SUFFIX,
    SessionDocument,
    SessionFileError,
    load_document,
    save_session,
)

SESSION_FILTER = f"nnviz sessions (*{SESSION_SUFFIX})"
#: Models made elsewhere that File ▸ Open reads (no extra package needed).
MODELS_FILTER = "Models made elsewhere: ONNX, safetensors (*.onnx *.safetensors)"
OPEN_FILTER = (
    f"Sessions, weights and models (*{SESSION_SUFFIX} *.npz *.json *.onnx *.safetensors);;"
    f"{SESSION_FILTER};;Weights (*.npz *.json);;{MODELS_FILTER}"
)
OPEN_WEIGHTS_FILTER = f"Weights and models (*.npz *.json *.onnx *.safetensors);;{MODELS_FILTER}"
WEIGHTS_FILTER = "Weights, NumPy archive (*.npz);;Weights, JSON (*.json)"
#: With the export extra installed, File ▸ Export weights also writes these.
EXTRA_WEIGHTS_FILTER = ";;ONNX model (*.onnx);;safetensors (*.safetensors)"

#: Exported pictures are drawn at twice the window's pixels (sharp on slides).
EXPORT_SCALE = 2.0


class Files(QObject):
    """Everything that reads or writes a file, for the window's active document.

    Parameters
    ----------
    shell : Shell
        The window: its active document, its preferences, its actions.
    """

    #: A session file was written for a document: (document, path).
    session_saved = Signal(object, object)

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell.widget)
        #: Features that keep their own top-level keys in a session file: each gives, for
        #: the document being saved, a mapping of its keys (empty for none).
        self.session_extras: list[Callable[[Document], Mapping[str, Any]]] = []
        #: Features that read their keys back: each reads a session file before anything
        #: is opened (raising SessionFileError to refuse it) and returns what to do once
        #: the file's document is open (None: nothing).
        self.session_readers: list[Callable[[Path], Callable[[], None] | None]] = []
        self.shell = shell
        self.parent_widget: QWidget = shell.widget
        self.preferences = shell.preferences
        self.recent_menu = add_file_menu(self)
        shell.add_close_guard(self.maybe_save_all)

    @property
    def document(self) -> Document:
        """The document files are opened into and saved from: the active one."""
        return self.shell.document

    @property
    def path(self) -> Path | None:
        """The active document's session file."""
        return self.document.path

    @property
    def display_name(self) -> str:
        """What the window title calls the active document."""
        return self.document.display_name

    # -- asking ---------------------------------------------------------------------------

    def warn(self, title: str, text: str) -> None:
        """Tell the user something went wrong (nothing was changed)."""
        QMessageBox.warning(self.parent_widget, title, text)

    def ask_activations(self, file_name: str, layer_sizes: tuple[int, ...]) -> list[str] | None:
        """Ask for a safetensors state dict's activations (None: the user cancelled)."""
        return ask_activations(self.parent_widget, file_name, layer_sizes)

    def read_document(self, source: Path) -> SessionDocument | None:
        """Read a file to open; a state dict's activations are asked for (None: cancelled).

        Raises
        ------
        SessionFileError, WeightsFileError
            The file is refused.
        """
        try:
            return load_document(source)
        except NeedsActivations as needs:
            activations = self.ask_activations(source.name, needs.layer_sizes)
            if activations is None:
                return None
            return load_document(source, activations)

    def ask_to_save(self) -> QMessageBox.StandardButton:
        """Ask what to do with unsaved changes: Save, Discard or Cancel."""
        return QMessageBox.question(
            self.parent_widget,
            "Unsaved changes",
            f"Save the changes to “{self.display_name}” first?",
            QMessageBox.StandardButton.Save
            | QMessageBox.StandardButton.Discard
            | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Save,
        )

    def maybe_save(self) -> bool:
        """Offer to save the active document's unsaved changes; False if the user cancels
        (or saving fails)."""
        if not self.document.modified:
            return True
        answer = self.ask_to_save()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def maybe_save_all(self) -> bool:
        """Offer to save every shown document's changes (the window is closing)."""
        workspace = self.shell.workspace
        active = workspace.active
        try:
            for document in workspace.documents:
                if document.modified:
                    workspace.activate(document)
                    if not self.maybe_save():
                        return False
        finally:
            if active in workspace.documents:
                workspace.activate(active)
        return True

    def _dialog_folder(self) -> str:
        return str(self.path.parent) if self.path is not None else self.preferences.last_folder

    # -- opening --------------------------------------------------------------------------

    def _opened(self, path: Path | None) -> None:
        if path is not None:
            self.preferences.add_recent(str(path))
            self.preferences.last_folder = str(path.parent)

    def new(self) -> bool:
        """File ▸ New: ask for a shape and open a new network."""
        if not self.maybe_save():
            return False
        dialog = NewNetworkDialog(self.parent_widget)
        if dialog.exec() != QDialog.DialogCode.Accepted or dialog.network is None:
            return False
        network = dialog.network
        shape = "-".join(str(n) for n in network.layer_sizes)
        description = Description(
            name="untitled",
            title=f"Untitled {shape} network",
            description="A new network. Click any number to change it.",
        )
        self.document.open_state(
            DocumentState(network, np.zeros(network.input_size), None, 0.1, description)
        )
        self._opened(None)
        return True

    def open_preset(self, name: str) -> bool:
        """Open one of the lecture's networks."""
        if not self.maybe_save():
            return False
        self.document.open_state(DocumentState.from_preset(load_preset(name)))
        self._opened(None)
        return True

    def open_dialog(self, weights_only: bool = False) -> bool:
        """File ▸ Open (or Open weights): choose a file and open it."""
        if not self.maybe_save():
            return False
        caption = "Open weights" if weights_only else "Open a session or weights"
        name, _ = QFileDialog.getOpenFileName(
            self.parent_widget,
            caption,
            self._dialog_folder(),
            OPEN_WEIGHTS_FILTER if weights_only else OPEN_FILTER,
        )
        return bool(name) and self.open_path(name, ask=False)

    def open_path(
        self,
        path: str | os.PathLike[str],
        ask: bool = True,
        learning_rate: float | None = None,
    ) -> bool:
        """Open a session or weights file; a refused file changes nothing and says why.

        ``learning_rate`` replaces the file's η (a restored training run's recipe).
        """
        if ask and not self.maybe_save():
            return False
        source = Path(path)
        session_file = source if source.suffix.lower() == SESSION_SUFFIX else None
        try:
            read = self.read_document(source)
            if read is None:
                return False
            saved = read
            state = saved.state
            if learning_rate is not None:
                state = state.replace(learning_rate=learning_rate)
            after = (
                [reader(session_file) for reader in self.session_readers]
                if session_file is not None
                else []
            )
            if saved.data is not None:
                self.document.open_state(state, saved.view, path=session_file, data=saved.data)
            else:
                self.document.open_state(state, saved.view, path=session_file)
        except (SessionFileError, WeightsFileError, ValueError, OSError) as error:
            self.warn("Cannot open the file", str(error))
            return False
        except MemoryError as error:
            self.warn("Cannot open the file", f"{source.name}: {memory_error_text(error)}")
            return False
        for then in after:
            if then is not None:
                then()
        self._opened(session_file)
        return True

    # -- saving ---------------------------------------------------------------------------

    def save(self) -> bool:
        """File ▸ Save (Save As when the document has no session file yet)."""
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        """File ▸ Save As."""
        suggested = Path(self._dialog_folder()) / f"{self.document.description.name or 'untitled'}"
        name, _ = QFileDialog.getSaveFileName(
            self.parent_widget,
            "Save the session",
            str(suggested.with_suffix(SESSION_SUFFIX)),
            SESSION_FILTER,
        )
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != SESSION_SUFFIX:
            path = path.with_name(path.name + SESSION_SUFFIX)
        return self.save_to(path)

    def save_to(self, path: str | os.PathLike[str]) -> bool:
        """Write the session to ``path`` (atomically); on success it becomes the document."""
        target = Path(path)
        document = self.document
        extra: dict[str, Any] = {}
        for contribute in self.session_extras:
            extra.update(contribute(document))
        try:
            save_session(
                target, SessionDocument(document.snapshot(), document.view, document.data), extra
            )
        except OSError as error:
            self.warn("Cannot save the session", f"{target.name}: {error.strerror or error}")
            return False
        document.set_path(target)
        document.mark_saved()
        stack = undo_stack(document)
        if stack is not None:
            stack.setClean()
        self.preferences.add_recent(str(target))
        self.preferences.last_folder = str(target.parent)
        self.session_saved.emit(document, target)
        return True

    # -- exporting ------------------------------------------------------------------------

    def export_weights_dialog(self) -> bool:
        """File ▸ Export weights."""
        suggested = (
            Path(self._dialog_folder()) / f"{self.document.description.name or 'weights'}.npz"
        )
        name, chosen = QFileDialog.getSaveFileName(
            self.parent_widget,
            "Export weights",
            str(suggested),
            WEIGHTS_FILTER + (EXTRA_WEIGHTS_FILTER if extra_installed() else ""),
        )
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() not in EXPORT_SUFFIXES:
            suffix = chosen.rsplit("(*", 1)[-1].rstrip(")") if "(*" in chosen else ".npz"
            path = path.with_name(path.name + suffix)
        return self.export_weights_to(path)

    def _data_meta(self) -> dict[str, object]:
        """What the weights file says of a playground data set (its standardisation)."""
        source = self.document.data
        if source is None or raw_table(source) is None:
            return {}
        try:
            data = source.load()
        except ValueError:
            return {}
        if data.n_inputs != self.document.network.input_size:
            return {}
        return data_meta(data, self.document.network.output_size)

    def export_weights_to(self, path: str | os.PathLike[str]) -> bool:
        """Write the network's weights (npz, json, onnx or safetensors by suffix)."""
        target = Path(path)
        network = self.document.network
        extra = self.document.description.to_meta()
        for key, value in self._data_meta().items():
            extra.setdefault(key, value)
        # A failed run's weights never replace an existing file (nnviz.core.run_result).
        status = self.document.training.result_status(network)
        if status is not None:
            extra["training"] = {"status": status}
        try:
            place = save_run_result(
                target, status or COMPLETED, lambda path: export_network(path, network, extra)
            )
        except (WeightsFileError, CoreExportError, OSError) as error:
            self.warn("Cannot export the weights", str(error))
            return False
        if place.kept is not None:
            why = "did not finish" if status == "interrupted" else "diverged"
            self.warn(
                "The file was kept",
                f"“{place.kept.name}” was kept: these weights come from a training run that "
                f"{why}, so they were written beside it, to “{place.path.name}”.",
            )
        return True

    def export_diagram_dialog(self, suffix: str) -> bool:
        """File ▸ Export diagram as PNG or SVG."""
        kind = suffix.lstrip(".").upper()
        suggested = (
            Path(self._dialog_folder()) / f"{self.document.description.name or 'diagram'}{suffix}"
        )
        name, _ = QFileDialog.getSaveFileName(
            self.parent_widget,
            f"Export the diagram as {kind}",
            str(suggested),
            f"{kind} (*{suffix})",
        )
        if not name:
            return False
        path = Path(name)
        if path.suffix.lower() != suffix:
            path = path.with_name(path.name + suffix)
        return self.export_diagram_to(path)

    def export_diagram_to(self, path: str | os.PathLike[str]) -> bool:
        """Write the diagram as it is laid out now, PNG or SVG by suffix."""
        try:
            export_diagram(path, self.shell.scene, EXPORT_SCALE, self.document.description.title)
        except (ExportError, OSError) as error:
            self.warn("Cannot export the diagram", str(error))
            return False
        return True
