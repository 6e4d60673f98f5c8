"""Files: new, open, save and save as a session; open and export weights; export pictures.

Every way in meets bad input with a message and leaves the current work untouched; every
way out writes atomically. Unsaved changes are offered to be saved before anything
replaces them (opening, New, closing the window).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoStack
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from nnviz.core.export import EXPORT_SUFFIXES, export_network
from nnviz.core.export import ExportError as CoreExportError
from nnviz.core.limits import memory_error_text
from nnviz.core.network import Network
from nnviz.core.presets import load_preset
from nnviz.core.run_result import COMPLETED, save_run_result
from nnviz.core.weights_import import extra_installed
from nnviz.core.weights_io import WeightsFileError
from nnviz.qt.diagram.scene import DiagramScene
from nnviz.qt.dialogs import NewNetworkDialog
from nnviz.qt.export import ExportError, export_diagram
from nnviz.qt.preferences import Preferences
from nnviz.session import Description, Session, SessionState
from nnviz.session.session_file import (
    SESSION_SUFFIX,
    SessionDocument,
    SessionFileError,
    load_document,
    save_session,
)

SESSION_FILTER = f"nnviz sessions (*{SESSION_SUFFIX})"
OPEN_FILTER = (
    f"Sessions and weights (*{SESSION_SUFFIX} *.npz *.json);;{SESSION_FILTER};;"
    "Weights (*.npz *.json)"
)
WEIGHTS_FILTER = "Weights, NumPy archive (*.npz);;Weights, JSON (*.json)"
#: With the export extra installed, File ▸ Export weights also writes these.
EXTRA_WEIGHTS_FILTER = ";;ONNX model (*.onnx);;safetensors (*.safetensors)"

#: Exported pictures are drawn at twice the window's pixels (sharp on slides).
EXPORT_SCALE = 2.0


class Documents(QObject):
    """The document behind the window: its file, and everything that reads or writes one.

    Signals
    -------
    path_changed()
        The document's file (or its name) changed: the window title should follow.
    """

    path_changed = Signal()

    def __init__(
        self,
        parent: QWidget,
        session: Session,
        stack: QUndoStack,
        preferences: Preferences,
        scene: DiagramScene,
    ) -> None:
        super().__init__(parent)
        self.parent_widget = parent
        self.session = session
        self.stack = stack
        self.preferences = preferences
        self.scene = scene
        self.path: Path | None = None
        #: Whether a network is a failed training run's result ("interrupted", "diverged"
        #: or None); the training feature sets it. Exports of such a network never replace
        #: an existing file (nnviz.core.run_result).
        self.result_status: Callable[[Network], str | None] = lambda network: None
        stack.cleanChanged.connect(self._clean_changed)

    @property
    def display_name(self) -> str:
        """What the window title calls the document."""
        return self.path.name if self.path is not None else self.session.description.title

    # -- asking ---------------------------------------------------------------------------

    def warn(self, title: str, text: str) -> None:
        """Tell the user something went wrong (nothing was changed)."""
        QMessageBox.warning(self.parent_widget, title, text)

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
        """Offer to save unsaved changes; False if the user cancels (or saving fails)."""
        if not self.session.modified:
            return True
        answer = self.ask_to_save()
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def _dialog_folder(self) -> str:
        return str(self.path.parent) if self.path is not None else self.preferences.last_folder

    # -- opening --------------------------------------------------------------------------

    def _opened(self, path: Path | None) -> None:
        self.stack.clear()
        self.path = path
        if path is not None:
            self.preferences.add_recent(str(path))
            self.preferences.last_folder = str(path.parent)
        self.path_changed.emit()

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
        self.session.open_state(
            SessionState(network, np.zeros(network.input_size), None, 0.1, description)
        )
        self._opened(None)
        return True

    def open_preset(self, name: str) -> bool:
        """Open one of the lecture's networks."""
        if not self.maybe_save():
            return False
        self.session.open_state(SessionState.from_preset(load_preset(name)))
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
            "Weights (*.npz *.json)" if weights_only else OPEN_FILTER,
        )
        return bool(name) and self.open_path(name, ask=False)

    def open_path(self, path: str | os.PathLike[str], ask: bool = True) -> bool:
        """Open a session or weights file; a refused file changes nothing and says why."""
        if ask and not self.maybe_save():
            return False
        source = Path(path)
        try:
            document = load_document(source)
            self.session.open_state(document.state, document.view)
        except (SessionFileError, WeightsFileError, ValueError, OSError) as error:
            self.warn("Cannot open the file", str(error))
            return False
        except MemoryError as error:
            self.warn("Cannot open the file", f"{source.name}: {memory_error_text(error)}")
            return False
        self._opened(source if source.suffix.lower() == SESSION_SUFFIX else None)
        return True

    # -- saving ---------------------------------------------------------------------------

    def save(self) -> bool:
        """File ▸ Save (Save As when the document has no session file yet)."""
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        """File ▸ Save As."""
        suggested = Path(self._dialog_folder()) / f"{self.session.description.name or 'untitled'}"
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
        document = SessionDocument(self.session.snapshot(), self.session.view)
        try:
            save_session(target, document)
        except OSError as error:
            self.warn("Cannot save the session", f"{target.name}: {error.strerror or error}")
            return False
        self.path = target
        self.session.mark_saved()
        self.stack.setClean()
        self.preferences.add_recent(str(target))
        self.preferences.last_folder = str(target.parent)
        self.path_changed.emit()
        return True

    # -- exporting ------------------------------------------------------------------------

    def export_weights_dialog(self) -> bool:
        """File ▸ Export weights."""
        suggested = (
            Path(self._dialog_folder()) / f"{self.session.description.name or 'weights'}.npz"
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

    def export_weights_to(self, path: str | os.PathLike[str]) -> bool:
        """Write the network's weights (npz, json, onnx or safetensors by suffix)."""
        target = Path(path)
        description = self.session.description
        extra: dict[str, Any] = {
            "title": description.title,
            "description": description.description,
        }
        if description.output_labels is not None:
            extra["output_labels"] = list(description.output_labels)
        if description.input_image_shape is not None:
            extra["input_image_shape"] = list(description.input_image_shape)
        network = self.session.network
        status = self.result_status(network)
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
            Path(self._dialog_folder()) / f"{self.session.description.name or 'diagram'}{suffix}"
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
            export_diagram(path, self.scene, EXPORT_SCALE, self.session.description.title)
        except (ExportError, OSError) as error:
            self.warn("Cannot export the diagram", str(error))
            return False
        return True

    def _clean_changed(self, clean: bool) -> None:
        # Undoing back to the saved state means there is nothing unsaved any more.
        if clean:
            self.session.mark_saved()
