"""Live training in the window: the feature that puts every part of it in place.

:class:`Training` adds the Training panel (docked beside the Network panel), the
first-layer weights panel, the Training page (live plots) and the Evaluation page beside
the diagram, the Train menu and File ▸ Import weights. For every document the window
shows it makes that document's parts (:class:`DocumentTraining`: a controller with its own
training process, the follower that puts the weights into the document, a panel, plots, an
evaluation page, a weights panel); the panels and pages show the active document's, and
the menu acts on it. When the window is asked to close, every running run pauses at once
(before "save the changes?"), resumes if the close is cancelled, and every training
process stops when the window closes (within a second, with nothing left behind).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import platformdirs
from PySide6.QtCore import QObject
from PySide6.QtWidgets import QDockWidget

from nnviz.qt.binding import Following, follow, later
from nnviz.qt.document_area import DocumentStack
from nnviz.qt.document_view import DocumentView
from nnviz.qt.files import Files
from nnviz.qt.shell import Shell
from nnviz.qt.training.controller import TrainingController
from nnviz.qt.training.evaluation_page import EvaluationPage
from nnviz.qt.training.following import DocumentFollower
from nnviz.qt.training.panel import TrainingPanel
from nnviz.qt.training.plots import TrainingPlots
from nnviz.qt.training.restore_offer import offer_restore
from nnviz.qt.training.weights_grid import WeightsPanel
from nnviz.qt.training.weights_menu import add_import_action
from nnviz.session.training import PAUSED, RUNNING


def default_checkpoint_dir() -> Path:
    """Where the training state is saved: the user's data folder for nnviz."""
    return platformdirs.user_data_path("nnviz", appauthor=False) / "training"


@dataclass
class DocumentTraining:
    """The training parts of one shown document."""

    controller: TrainingController
    follower: DocumentFollower
    panel: TrainingPanel
    plots: TrainingPlots
    evaluation: EvaluationPage
    weights: WeightsPanel
    paused_for_close: bool = False

    def close_requested(self) -> None:
        """The window was asked to close: pause a running run at once (it must not go on
        behind the "save the changes?" question), and put its newest weights in the
        session, so that the question offers to save them."""
        self.paused_for_close = self.controller.pause()
        self.follower.flush()

    def close_cancelled(self) -> None:
        """The user chose to keep the window: a run paused by the close goes on."""
        if self.paused_for_close:
            self.paused_for_close = False
            if self.controller.model.status in (PAUSED, RUNNING):
                self.controller.resume()


class Training(QObject):
    """The training feature (see the module docstring).

    Parameters
    ----------
    shell : Shell
    files : Files
        Opens a restored run's weights; File ▸ Import weights goes beside its actions.
    checkpoint_dir : Path, optional
        Where training state is saved at each epoch's end (default: the user's data
        folder, see :func:`default_checkpoint_dir`).
    beside : QDockWidget, optional
        The panel the Training panel shares a tab with (the Network panel).
    """

    def __init__(
        self,
        shell: Shell,
        files: Files,
        checkpoint_dir: Path | None = None,
        beside: QDockWidget | None = None,
    ) -> None:
        super().__init__(shell.widget)
        self.shell = shell
        self.files = files
        self.checkpoint_dir = (
            checkpoint_dir if checkpoint_dir is not None else default_checkpoint_dir()
        )
        self.beside = beside
        self._parts: dict[int, DocumentTraining] = {}
        #: Other views that show a document's weights as they train (the Inside page):
        #: while one says so, the weights reach the document a few times a second.
        self.weights_watchers: list[Callable[[DocumentView], bool]] = []
        self._watched = Following(self)
        area = shell.area
        self.panels = DocumentStack(area, lambda v: self._make(v).panel)
        self.weights_stack = DocumentStack(area, lambda v: self._parts[id(v)].weights)
        self.plots_stack = DocumentStack(area, lambda v: self._parts[id(v)].plots)
        self.evaluation_stack = DocumentStack(area, lambda v: self._parts[id(v)].evaluation)
        self.dock = shell.add_panel(self.panels, "Training", "trainingDock", tabify_with=beside)
        self.weights_dock = shell.add_panel(
            self.weights_stack, "First-layer weights", "weightsDock", tabify_with=beside
        )
        self.weights_dock.visibilityChanged.connect(self._weights_on_screen)
        self.plots_index = shell.add_page(self.plots_stack, "Training")
        self.evaluation_index = shell.add_page(self.evaluation_stack, "Evaluation")
        self._register()
        add_import_action(files)
        shell.pages.currentChanged.connect(self._page_changed)
        area.view_removed.connect(self._removed)
        area.active_changed.connect(self._follow)
        shell.closing.connect(self.close_requested)
        shell.close_cancelled.connect(self.close_cancelled)
        shell.closed.connect(self.shutdown)
        self._follow(area.active_view)
        # After the window has put back the docks as the user left them (restoreState).
        later(self, self.raise_panel)
        later(self, self._offer_restore)

    # -- per document -------------------------------------------------------------------------

    def _make(self, view: DocumentView) -> DocumentTraining:
        document = view.document
        controller = TrainingController(document, self.checkpoint_dir, parent=view)
        weights = WeightsPanel(document, view.scene)
        evaluation = EvaluationPage(controller, view.scene, self.shell.show_message)

        def diagram_visible() -> bool:
            shown = view.view.isVisible() or evaluation.glimpse.isVisible()
            return shown or weights.on_screen or any(w(view) for w in self.weights_watchers)

        follower = DocumentFollower(controller, diagram_visible)
        panel = TrainingPanel(controller, lambda: self._reset(controller))
        plots = TrainingPlots(controller.model)
        controller.message.connect(self.shell.show_message)
        follow(view, document.training.diverged, self._diverged)
        follow(view, document.opened, self.raise_panel)
        parts = DocumentTraining(controller, follower, panel, plots, evaluation, weights)
        self._parts[id(view)] = parts
        return parts

    def _removed(self, view: DocumentView) -> None:
        parts = self._parts.pop(id(view), None)
        if parts is not None:
            parts.controller.shutdown()
            parts.evaluation.job.stop(1.0)

    def parts_of(self, view: DocumentView) -> DocumentTraining:
        """The training parts of the document ``view`` shows."""
        return self._parts[id(view)]

    @property
    def active(self) -> DocumentTraining:
        """The training parts of the active document."""
        return self._parts[id(self.shell.area.active_view)]

    @property
    def controller(self) -> TrainingController:
        """The active document's controller."""
        return self.active.controller

    @property
    def follower(self) -> DocumentFollower:
        """The active document's follower."""
        return self.active.follower

    @property
    def panel(self) -> TrainingPanel:
        """The active document's Training panel."""
        return self.active.panel

    @property
    def plots(self) -> TrainingPlots:
        """The active document's plots."""
        return self.active.plots

    @property
    def evaluation(self) -> EvaluationPage:
        """The active document's evaluation page."""
        return self.active.evaluation

    @property
    def weights(self) -> WeightsPanel:
        """The active document's first-layer weights panel."""
        return self.active.weights

    def _reset(self, controller: TrainingController) -> None:
        origin = controller.reset()
        parts = next((p for p in self._parts.values() if p.controller is controller), None)
        if parts is not None and origin is not None and not controller.refusal(origin):
            parts.follower.reset_to(origin)

    def _diverged(self, record: object) -> None:
        self.shell.show_message(getattr(record, "message", ""))

    def _weights_on_screen(self, shown: bool) -> None:
        for parts in self._parts.values():
            parts.weights.set_on_screen(shown)

    def _page_changed(self, index: int) -> None:
        if index in (self.plots_index, self.evaluation_index):
            self.controller.warm_up()

    # -- the menu -----------------------------------------------------------------------------

    def _register(self) -> None:
        actions = self.shell.registry
        add = actions.add

        def on_active(method: str) -> Callable[[], object]:
            return lambda: getattr(self.controller, method)()

        self.start_action = add(
            "train.start",
            "&Start",
            on_active("start"),
            menu="Train",
            section="run",
            shortcut="F5",
            help="start / stop training",
        )
        self.pause_action = add(
            "train.pause",
            "&Pause or resume",
            on_active("pause_or_resume"),
            menu="Train",
            section="run",
            shortcut="F6",
            help="pause or resume training",
        )
        self.stop_action = add(
            "train.stop",
            "S&top",
            on_active("stop"),
            menu="Train",
            section="run",
            shortcut="Shift+F5",
            help_with="train.start",
        )
        add(
            "train.step_batch",
            "Step one &batch",
            on_active("step_batch"),
            menu="Train",
            section="run",
            shortcut="F10",
            help="train one batch / one epoch, then pause",
        )
        add(
            "train.step_epoch",
            "Step one &epoch",
            on_active("step_epoch"),
            menu="Train",
            section="run",
            shortcut="F11",
            help_with="train.step_batch",
        )
        add(
            "train.reset",
            "&Reset",
            lambda: self._reset(self.controller),
            menu="Train",
            section="run",
        )
        add(
            "train.show_panel",
            "Show the training &panel",
            lambda: _show_dock(self.dock),
            menu="Train",
            section="show",
        )
        add(
            "train.show_plots",
            "Show the p&lots",
            lambda: self.shell.pages.setCurrentIndex(self.plots_index),
            menu="Train",
            section="show",
        )
        add(
            "train.show_evaluation",
            "Show the e&valuation",
            lambda: self.shell.pages.setCurrentIndex(self.evaluation_index),
            menu="Train",
            section="show",
        )
        add(
            "train.show_weights",
            "Show the first-layer &weights",
            lambda: _show_dock(self.weights_dock),
            menu="Train",
            section="show",
        )
        add(
            "train.save_png",
            "Save the plots as PN&G…",
            lambda: self.plots.export_png_dialog(),
            menu="Train",
            section="save",
        )
        add(
            "train.save_csv",
            "Save the training data as &CSV…",
            lambda: self.plots.export_csv_dialog(),
            menu="Train",
            section="save",
        )

    def _follow(self, view: DocumentView) -> None:
        parts = self._parts.get(id(view))
        if parts is None:
            return
        self._watched.clear()
        self._watched.link(parts.controller.model.status_changed, self._update_actions)
        self._update_actions()

    def _update_actions(self, *_: object) -> None:
        model = self.controller.model
        status = model.status
        self.pause_action.setEnabled(status in (RUNNING, PAUSED))
        self.pause_action.setText("&Resume" if status == PAUSED else "&Pause")
        self.stop_action.setEnabled(model.active)
        self.start_action.setEnabled(not model.active)

    def raise_panel(self, *_: object) -> None:
        """Bring the Training panel forward for a network it can train (MNIST), the Network
        panel for the others (the lecture's small examples)."""
        beside = self.beside
        chosen = beside if self.controller.refusal() and beside is not None else self.dock
        chosen.raise_()

    # -- the end ------------------------------------------------------------------------------

    def flush(self) -> None:
        """Put the newest weights into every document now (the window is about to ask
        "save the changes?": they are what it saves)."""
        for parts in self._parts.values():
            parts.follower.flush()

    def close_requested(self) -> None:
        """The window was asked to close: every running run pauses, and every document
        gets its newest weights (the window is about to ask "save the changes?")."""
        for parts in self._parts.values():
            parts.close_requested()

    def close_cancelled(self) -> None:
        """The window stays open: the runs the close paused go on."""
        for parts in self._parts.values():
            parts.close_cancelled()

    def shutdown(self) -> None:
        """Stop every training process (the window closed or the application quits), and
        every evaluation still being computed."""
        for parts in self._parts.values():
            parts.controller.shutdown()
            parts.evaluation.job.stop(1.0)

    # -- a run that never ended ---------------------------------------------------------------

    def _offer_restore(self) -> None:
        """If a run never ended (a crash, the window closed), offer to bring it back."""
        parts = self.active
        offer_restore(
            self.shell,
            self.files,
            self.checkpoint_dir,
            parts.controller,
            parts.panel,
            self.dock,
            lambda: self.shell.pages.setCurrentIndex(self.plots_index),
        )


def _show_dock(dock: QDockWidget) -> None:
    dock.show()
    dock.raise_()
