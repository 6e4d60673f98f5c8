"""The playground feature: a Playground menu and panel for every document.

Playground ▸ Show the playground raises the panel (its data, its network's shape, the
boundary and cost plots, see :mod:`.panel`); Open a CSV file… reads a table (standardised
from its training split) and trains on it; the lessons open the lecture's regression
recap and XOR as documents with their data and recipe. Whenever a document's data set
becomes a small one, its recipe becomes :func:`~nnviz.core.training.recipes.recipe_for`'s
(Adam, a fitting batch and number of epochs) unless a run is going.
"""

from __future__ import annotations

import functools

import numpy as np
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget, QFileDialog, QFrame, QScrollArea

from nnviz.core.data import DataSource, MnistSource
from nnviz.core.data.csv_table import CsvError, read_csv
from nnviz.core.lessons import LESSONS, lesson
from nnviz.core.training.config import TrainingConfig
from nnviz.core.training.recipes import recipe_for
from nnviz.qt.binding import follow
from nnviz.qt.document_area import DocumentStack
from nnviz.qt.document_view import DocumentView
from nnviz.qt.files import Files
from nnviz.qt.playground.batch import BatchHighlight
from nnviz.qt.playground.panel import PlaygroundPanel
from nnviz.qt.playground.ten_outputs import TenOutputsPage
from nnviz.qt.shell import Shell
from nnviz.session.state import Description, DocumentState

LESSON_TITLES = {
    "linear_regression": "&Linear regression (J(w, b))",
    "logistic_regression": "L&ogistic regression (J(w, b))",
    "xor": "&XOR from scratch (2-2-1 sigmoid)",
}
#: The recipe fields the playground sets when the data set changes (η is the document's;
#: a table's recipe moves no pixels).
RECIPE_FIELDS = (
    "epochs",
    "batch_size",
    "optimizer",
    "momentum",
    "schedule",
    "weight_decay",
    "shuffle",
    "augment_rotation",
    "augment_shift",
)


class Playground(QObject):
    """The playground of a window (see the module docstring)."""

    def __init__(self, shell: Shell, files: Files, beside: QDockWidget | None = None) -> None:
        super().__init__(shell.widget)
        self.shell = shell
        self.files = files
        self.panels = DocumentStack(shell.area, self._make)
        self.dock = shell.add_panel(
            self.panels, "Playground", "playgroundPanel", tabify_with=beside
        )
        #: Playground ▸ Why ten outputs (a page, added when first shown).
        self.ten_outputs: TenOutputsPage | None = None
        self._register()

    def _make(self, view: DocumentView) -> QScrollArea:
        panel = PlaygroundPanel(view)
        panel.message.connect(self.shell.show_message)
        BatchHighlight(panel.plot, view.document.training)  # owned by the plot
        follow(
            panel, view.document.data_changed, lambda source, v=view: self._data_changed(v, source)
        )
        # In a scroll area: the panel's plots never make the window's least size larger.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(panel)
        scroll.setMinimumSize(120, 120)
        return scroll

    @property
    def panel(self) -> PlaygroundPanel:
        """The active document's panel."""
        scroll = self.panels.currentWidget()
        assert isinstance(scroll, QScrollArea)
        panel = scroll.widget()
        assert isinstance(panel, PlaygroundPanel)
        return panel

    def _register(self) -> None:
        registry = self.shell.registry
        registry.add(
            "playground.show",
            "Show the &playground",
            self.show,
            menu="Playground",
            section="data",
            help="the playground: train small networks on data you can see",
            help_section="train",
        )
        registry.add(
            "playground.use",
            "&Use the chosen built-in set",
            self.use_settings,
            menu="Playground",
            section="data",
        )
        registry.add(
            "playground.csv",
            "Open a &CSV file…",
            self.open_csv_dialog,
            menu="Playground",
            section="data",
        )
        for name in LESSONS:
            registry.add(
                f"playground.lesson.{name}",
                LESSON_TITLES[name],
                functools.partial(self.open_lesson, name),
                menu="Playground",
                section="lessons",
            )

        registry.add(
            "playground.ten_outputs",
            "&Why ten outputs (slide 7)",
            self.show_ten_outputs,
            menu="Playground",
            section="lessons",
            help="one output predicting the digit by squared error, beside ten softmax outputs",
            help_section="train",
        )

    def show_ten_outputs(self) -> bool:
        """Show the lecture's "why ten outputs" as a page beside the diagram."""
        page = self.ten_outputs
        if page is None:
            page = self.ten_outputs = TenOutputsPage()
        pages = self.shell.pages
        if pages.indexOf(page) < 0:
            self.shell.add_page(page, "Why ten outputs")
        pages.setCurrentWidget(page)
        return True

    def use_settings(self) -> bool:
        """Train the active document on the built-in set its panel describes."""
        self.show()
        return self.panel.use_settings()

    def show(self) -> bool:
        """Show and raise the Playground panel."""
        self.dock.show()
        self.dock.raise_()
        return True

    # -- data ------------------------------------------------------------------------------------

    def open_csv(self, path: str, target: str | None = None) -> bool:
        """Train the active document on a CSV file (a refused file changes nothing)."""
        try:
            source = read_csv(path, target)
        except CsvError as error:
            self.files.warn("Cannot use the CSV file", str(error))
            return False
        self.show()
        return self.panel.use(source, f"use {source.name}")

    def open_csv_dialog(self) -> bool:
        name, _ = QFileDialog.getOpenFileName(
            self.shell.widget, "Train on a CSV file", "", "CSV tables (*.csv);;All files (*)"
        )
        return bool(name) and self.open_csv(name)

    def _data_changed(self, view: DocumentView, source: DataSource | None) -> None:
        model = view.document.training
        if source is None or isinstance(source, MnistSource) or model.active:
            return
        try:
            recipe = recipe_for(source.load())
        except ValueError:
            return
        model.set_config(**{name: getattr(recipe, name) for name in RECIPE_FIELDS})

    # -- lessons ---------------------------------------------------------------------------------

    def open_lesson(self, name: str) -> bool:
        """Open a lesson as the active document (after offering to save it)."""
        if not self.files.maybe_save():
            return False
        chosen = lesson(name)
        document = self.shell.document
        document.training.reset()
        network = chosen.network
        description = Description(name=name, title=chosen.title, description=chosen.description)
        state = DocumentState(
            network, np.zeros(network.input_size), None, chosen.config.learning_rate, description
        )
        document.open_state(state, data=chosen.data)
        recipe: TrainingConfig = chosen.config
        document.training.set_config(**{field: getattr(recipe, field) for field in RECIPE_FIELDS})
        self.show()
        return True


__all__ = ["Playground"]
