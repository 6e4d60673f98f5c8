"""View ▸ Compare: a second network beside the first, kept in step, its differences marked.

The feature opens a second document into the window's workspace (a copy of the active
network, a lecture network or a file: a session, weights, ONNX or safetensors) and keeps a
:class:`~nnviz.session.comparison.Comparison` of the two: input and target linked, the
step-throughs in lockstep, each with its own undo (the document area gives every document
its own stack). Both diagrams mark what differs from the other
(:mod:`nnviz.qt.compare_marks`), and the status bar says it in one line. A session saved
while comparing keeps the second document under its own key (``compare``), and opening it
shows the comparison again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QFileDialog

from nnviz.core.data import DataSource
from nnviz.core.presets import load_preset, preset_names
from nnviz.core.weights_io import WeightsFileError
from nnviz.present.compare import Differences, differences
from nnviz.qt.binding import follow
from nnviz.qt.compare_marks import DifferenceMarks
from nnviz.qt.compare_training import CompareTrainingPage
from nnviz.qt.document_view import DocumentView
from nnviz.qt.files import OPEN_FILTER, Files
from nnviz.qt.shell import Shell
from nnviz.qt.training.feature import Training
from nnviz.session import Document, DocumentState, ViewSettings
from nnviz.session.compare_file import (
    COMPARE_KEY,
    SavedComparison,
    comparison_payload,
    read_comparison,
)
from nnviz.session.comparison import Comparison
from nnviz.session.session_file import SessionDocument, SessionFileError

#: The diagram the panels act on, while two are shown: a line of the palette's blue on top.
ACTIVE_STYLE = "QGraphicsView { border: none; border-top: 3px solid #0072b2; }"


class Compare(QObject):
    """The compare feature of a window (see the module docstring)."""

    def __init__(self, shell: Shell, files: Files, training: Training) -> None:
        super().__init__(shell.widget)
        self.shell = shell
        self.files = files
        self.training = training
        self.comparison = Comparison(shell.workspace)
        self.page = CompareTrainingPage(self.comparison, self.train_both)
        self.page.setParent(shell.widget)
        self.page.hide()
        self._marks: dict[int, tuple[DifferenceMarks, DifferenceMarks]] = {}
        self._highlight = True
        self.last: Differences | None = None
        self._register()
        files.session_extras.append(self._session_extra)
        files.session_readers.append(self._session_reader)
        files.session_saved.connect(self._saved)
        area = shell.area
        area.view_added.connect(self._view_added)
        area.view_removed.connect(self._view_removed)
        area.active_changed.connect(lambda *_: self._mark_active())
        for view in area.views:
            self._view_added(view)
        follow(self, self.comparison.changed, self._follow_comparison)
        self._follow_comparison()

    # -- actions --------------------------------------------------------------------------

    def _register(self) -> None:
        registry = self.shell.registry
        add = partial(registry.add, menu="View", section="compare")
        add(
            "view.compare_copy",
            "Compare with a &copy of this network",
            self.compare_with_copy,
            help="compare: a copy of the network beside it, to change one thing",
            help_section="view",
        )
        add("view.compare_file", "Compare with a &file…", self.compare_with_file_dialog)
        presets = registry.add_submenu("View", "Compare with a &lecture network", "compare")
        for name in preset_names():
            action = presets.addAction(load_preset(name).title)
            action.triggered.connect(lambda _=False, n=name: self.compare_with_preset(n))
        self.link_action = add(
            "view.compare_link", "&Link input and target", self.toggle_linked, checkable=True
        )
        self.lockstep_action = add(
            "view.compare_lockstep", "Step in l&ockstep", self.toggle_lockstep, checkable=True
        )
        self.highlight_action = add(
            "view.compare_highlight",
            "&Mark the differences",
            self.toggle_highlight,
            checkable=True,
        )
        self.train_action = add(
            "view.compare_train", "&Train both with the same seed", self.train_both
        )
        self.close_action = add("view.compare_close", "Close the &comparison", self.close)

    def _actions(self) -> tuple[QAction, ...]:
        return (
            self.link_action,
            self.lockstep_action,
            self.highlight_action,
            self.train_action,
            self.close_action,
        )

    def train_both(self) -> bool:
        """Start both documents' training (the second with the first's seed) and show the
        Compare training page; False if either cannot start (its panel says why)."""
        pair = self.comparison.pair
        if pair is None:
            return False
        first, second = pair
        seed = first.training.config.seed
        if second.training.config.seed != seed and not second.training.active:
            second.training.set_config(seed=seed)
        started = [
            self.training.parts_of(self.shell.area.view_of(d)).controller.start() for d in pair
        ]
        pages = self.shell.pages
        if pages.indexOf(self.page) >= 0:
            pages.setCurrentWidget(self.page)
        return all(started)

    # -- starting -------------------------------------------------------------------------

    def compare_with(
        self,
        state: DocumentState,
        view: ViewSettings | None = None,
        data: DataSource | None = None,
        linked: bool | None = None,
        lockstep: bool | None = None,
    ) -> bool:
        """Show ``state`` as a second document beside the first; False if refused."""
        if self.comparison.active:
            self.comparison.stop()
        second = Document()
        try:
            if data is None:
                second.open_state(state, view)
            else:
                second.open_state(state, view, data=data)
        except ValueError as error:
            self.files.warn("Cannot compare", str(error))
            return False
        self.comparison.start(second, linked=linked, lockstep=lockstep)
        self.shell.workspace.activate(second)
        return True

    def compare_with_copy(self) -> bool:
        """View ▸ Compare with a copy: the first (left) network, its input, target, data set
        and training recipe, beside it."""
        document = self.shell.workspace.documents[0]
        state = document.snapshot()
        description = state.description
        copy = state.replace(
            description=dataclasses.replace(description, title=f"{description.title} (copy)")
        )
        if not self.compare_with(copy, document.view, document.data):
            return False
        # The same recipe too, so that a run differs only in what the user changes.
        config = document.training.config
        recipe = {
            f.name: getattr(config, f.name)
            for f in dataclasses.fields(config)
            if f.name not in ("learning_rate", "on_divergence")
        }
        second = self.shell.workspace.documents[-1]
        second.training.set_config(**recipe)
        second.training.set_train_limit(document.training.train_limit)
        return True

    def compare_with_preset(self, name: str) -> bool:
        """Compare with one of the lecture's networks."""
        return self.compare_with(DocumentState.from_preset(load_preset(name)))

    def compare_with_file_dialog(self) -> bool:
        """View ▸ Compare with a file…"""
        name, _ = QFileDialog.getOpenFileName(
            self.shell.widget, "Compare with a file", self.files._dialog_folder(), OPEN_FILTER
        )
        return bool(name) and self.compare_with_path(name)

    def compare_with_path(self, path: str | Path) -> bool:
        """Compare with the network of a file (a refused file changes nothing)."""
        source = Path(path)
        try:
            read = self.files.read_document(source)
        except (SessionFileError, WeightsFileError, ValueError, OSError) as error:
            self.files.warn("Cannot compare with the file", str(error))
            return False
        if read is None:
            return False
        return self.compare_with(read.state, read.view)

    def close(self) -> None:
        """View ▸ Close the comparison: the first network stays."""
        self.comparison.stop()

    # -- options --------------------------------------------------------------------------

    def toggle_linked(self) -> None:
        """Link or unlink input and target (refused, with a message, for other shapes)."""
        try:
            self.comparison.set_linked(self.link_action.isChecked())
        except ValueError as error:
            self.shell.show_message(str(error))
        self._follow_comparison()

    def toggle_lockstep(self) -> None:
        """Step both networks together, or each on its own."""
        self.comparison.set_lockstep(self.lockstep_action.isChecked())

    def toggle_highlight(self) -> None:
        """Mark the differences on both diagrams, or not."""
        self._highlight = self.highlight_action.isChecked()
        self.refresh()

    # -- marks ----------------------------------------------------------------------------

    def marks_of(self, view: DocumentView) -> tuple[DifferenceMarks, DifferenceMarks]:
        """The node and edge marks of a document's diagram."""
        return self._marks[id(view)]

    def _view_added(self, view: DocumentView) -> None:
        self._marks[id(view)] = (
            DifferenceMarks(view.scene, "nodes"),
            DifferenceMarks(view.scene, "edges"),
        )
        document = view.document
        for signal in (document.trace_changed, document.network_changed):
            follow(view, signal, lambda *_: self.refresh())

    def _view_removed(self, view: DocumentView) -> None:
        self._marks.pop(id(view), None)

    def _mark_active(self) -> None:
        """While comparing, a line over the diagram the panels and menus act on."""
        comparing = self.comparison.active
        active = self.shell.workspace.active
        for view in self.shell.area.views:
            on = comparing and view.document is active
            view.view.setStyleSheet(ACTIVE_STYLE if on else "")

    def _follow_comparison(self) -> None:
        comparison = self.comparison
        pages = self.shell.pages
        shown = pages.indexOf(self.page)
        if comparison.active and shown < 0:
            self.shell.add_page(self.page, "Compare training")
        elif not comparison.active and shown >= 0:
            pages.removeTab(shown)
            self.page.hide()
        for action in self._actions():
            action.setEnabled(comparison.active)
        self.link_action.setChecked(comparison.linked)
        self.lockstep_action.setChecked(comparison.lockstep)
        self.highlight_action.setChecked(self._highlight)
        self._mark_active()
        self.refresh()

    def refresh(self) -> None:
        """Recompute the differences and mark them (or clear the marks)."""
        pair = self.comparison.pair
        found = None
        if pair is not None:
            a, b = pair
            found = differences(a.forward, b.forward, a.backward, b.backward)
            self.shell.show_message(f"Compared: {found.summary}.")
        self.last = found
        shown = found if self._highlight else None
        for view in self.shell.area.views:
            marks = self._marks.get(id(view))
            if marks is not None:
                for item in marks:
                    item.show_differences(shown)

    # -- session files --------------------------------------------------------------------

    def _session_extra(self, document: Document) -> Mapping[str, Any]:
        pair = self.comparison.pair
        if pair is None or document is not pair[0]:
            return {}
        second = pair[1]
        saved = SavedComparison(
            SessionDocument(second.snapshot(), second.view, second.data),
            self.comparison.linked,
            self.comparison.lockstep,
        )
        return {COMPARE_KEY: comparison_payload(saved)}

    def _session_reader(self, path: Path) -> Callable[[], None] | None:
        saved = read_comparison(path)
        if saved is None:
            return None
        if self.shell.workspace.active is not self.shell.workspace.documents[0]:
            return None  # opened into the second document: a comparison of its own is not nested

        def show() -> None:
            self.compare_with(
                saved.document.state,
                saved.document.view,
                saved.document.data,
                saved.linked,
                saved.lockstep,
            )
            self.shell.workspace.activate(self.shell.workspace.documents[0])
            pair = self.comparison.pair
            if pair is not None:
                pair[1].mark_saved()

        return show

    def _saved(self, document: Document, path: Path) -> None:
        pair = self.comparison.pair
        if pair is not None and document is pair[0]:
            pair[1].mark_saved()
            stack = self.shell.area.view_of(pair[1]).undo_stack
            stack.setClean()
