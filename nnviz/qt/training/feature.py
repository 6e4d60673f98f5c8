"""Live training in the main window: one call installs every part of it.

:func:`install_training` adds the Training panel (docked beside the Network panel), the
Training page (live plots) and the Evaluation page beside the diagram, a Train menu, and
File ▸ Import weights; it makes the session follow training. When the window is asked to
close, a running run pauses at once (before "save the changes?"), resumes if the close is
cancelled, and the training process stops when the window closes (within a second, with
nothing left behind).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import platformdirs
from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.qt.dialogs import SHORTCUTS
from nnviz.qt.training.controller import TrainingController
from nnviz.qt.training.evaluation_page import EvaluationPage
from nnviz.qt.training.following import SessionFollower
from nnviz.qt.training.panel import TrainingPanel
from nnviz.qt.training.plots import TrainingPlots
from nnviz.qt.training.weights_grid import WeightsPanel
from nnviz.qt.training.weights_menu import add_import_action
from nnviz.session.training import PAUSED, RUNNING
from nnviz.session.training_checkpoint import CheckpointError, load_checkpoint, remove_checkpoint
from nnviz.training_process import DataSource

if TYPE_CHECKING:
    from nnviz.qt.main_window import MainWindow


#: Added to Help ▸ Keyboard and mouse shortcuts.
TRAINING_SHORTCUTS = (
    ("F5 / Shift+F5", "start / stop training"),
    ("F6", "pause or resume training"),
    ("F10 / F11", "train one batch / one epoch, then pause"),
)


def default_checkpoint_dir() -> Path:
    """Where the training state is saved: the user's data folder for nnviz."""
    return platformdirs.user_data_path("nnviz", appauthor=False) / "training"


@dataclass
class TrainingFeature:
    """The parts :func:`install_training` made (tests and the benchmark reach them here)."""

    controller: TrainingController
    follower: SessionFollower
    panel: TrainingPanel
    dock: QDockWidget
    plots: TrainingPlots
    evaluation: EvaluationPage
    plots_index: int
    evaluation_index: int
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

    def closed(self) -> None:
        """The window closes: stop the training process now (not when the app quits)."""
        self.controller.shutdown()


def install_training(
    window: MainWindow,
    source: DataSource | None = None,
    checkpoint_dir: Path | None = None,
) -> TrainingFeature:
    """Add live training to ``window``; return its parts.

    Parameters
    ----------
    window : MainWindow
    source : DataSource, optional
        The training data (the bundled MNIST by default; tests give a few examples).
    checkpoint_dir : Path, optional
        Where training state is saved at each epoch's end (default: the user's data
        folder, see :func:`default_checkpoint_dir`).
    """
    folder = checkpoint_dir if checkpoint_dir is not None else default_checkpoint_dir()
    controller = TrainingController(window.session, source, folder, parent=window)
    evaluation = EvaluationPage(window, controller)

    weights_panel = WeightsPanel(window.session, window.scene)

    def diagram_visible() -> bool:
        return window.view.isVisible() or evaluation.glimpse.isVisible() or weights_panel.on_screen

    follower = SessionFollower(controller, window.edits, diagram_visible)

    def reset() -> None:
        origin = controller.reset()
        if origin is not None and not controller.refusal(origin):
            follower.reset_to(origin)

    panel = TrainingPanel(controller, reset)
    network_dock = window.findChild(QDockWidget, "networkPanel")
    dock = window.add_panel(panel, "Training", "trainingDock", tabify_with=network_dock)
    weights_dock = window.add_panel(
        weights_panel, "First-layer weights", "weightsDock", tabify_with=network_dock
    )
    weights_dock.visibilityChanged.connect(weights_panel.set_on_screen)
    plots = TrainingPlots(controller.model)
    plots_index = window.add_page(plots, "Training")
    evaluation_index = window.add_page(evaluation, "Evaluation")
    feature = TrainingFeature(
        controller,
        follower,
        panel,
        dock,
        plots,
        evaluation,
        plots_index,
        evaluation_index,
        weights_panel,
    )
    _build_menu(window, feature, reset)
    add_import_action(window, controller)
    window.documents.result_status = controller.model.result_status
    controller.message.connect(window.show_message)
    controller.model.diverged.connect(lambda record: window.show_message(record.message))
    window.pages.currentChanged.connect(
        lambda index: controller.warm_up() if index in (plots_index, evaluation_index) else None
    )
    app = QApplication.instance()
    if app is not None:  # a last resort: the window's closeEvent shuts training down first
        app.aboutToQuit.connect(controller.shutdown)

    def raise_panel() -> None:
        # The Training panel comes forward for a network it can train (MNIST); the
        # Network panel for the others (the lecture's small examples).
        chosen = network_dock if controller.refusal() and network_dock is not None else dock
        chosen.raise_()

    window.session.opened.connect(raise_panel)
    # After the window has put back the docks as the user left them (restoreState).
    QTimer.singleShot(0, raise_panel)
    QTimer.singleShot(0, lambda: _offer_restore(window, feature))
    for entry in TRAINING_SHORTCUTS:
        if entry not in SHORTCUTS:
            SHORTCUTS.insert(max(len(SHORTCUTS) - 1, 0), entry)  # before F1, "this list"
    return feature


def _build_menu(window: MainWindow, feature: TrainingFeature, reset: object) -> None:
    controller = feature.controller
    menu = window.menuBar().addMenu("&Train")
    help_action = next((a for a in window.menuBar().actions() if a.text() == "&Help"), None)
    if help_action is not None:
        window.menuBar().insertMenu(help_action, menu)

    def show_page(index: int) -> None:
        window.pages.setCurrentIndex(index)

    entries = (
        ("&Start", controller.start, "F5"),
        ("&Pause or resume", controller.pause_or_resume, "F6"),
        ("S&top", controller.stop, "Shift+F5"),
        ("Step one &batch", controller.step_batch, "F10"),
        ("Step one &epoch", controller.step_epoch, "F11"),
        ("&Reset", reset, None),
    )
    actions = {}
    for text, slot, key in entries:
        action = menu.addAction(text)
        action.triggered.connect(lambda _=False, s=slot: s())
        if key:
            action.setShortcut(QKeySequence(key))
        actions[text] = action
    menu.addSeparator()
    menu.addAction("Show the training &panel").triggered.connect(
        lambda _=False: _show_dock(feature.dock)
    )
    menu.addAction("Show the p&lots").triggered.connect(
        lambda _=False: show_page(feature.plots_index)
    )
    menu.addAction("Show the e&valuation").triggered.connect(
        lambda _=False: show_page(feature.evaluation_index)
    )
    weights_dock = feature.weights.parentWidget()
    if isinstance(weights_dock, QDockWidget):
        menu.addAction("Show the first-layer &weights").triggered.connect(
            lambda _=False: _show_dock(weights_dock)
        )
    menu.addSeparator()
    menu.addAction("Save the plots as PN&G…").triggered.connect(
        lambda _=False: feature.plots.export_png_dialog()
    )
    menu.addAction("Save the training data as &CSV…").triggered.connect(
        lambda _=False: feature.plots.export_csv_dialog()
    )

    def update(*_: object) -> None:
        status = controller.model.status
        actions["&Pause or resume"].setEnabled(status in (RUNNING, PAUSED))
        actions["&Pause or resume"].setText("&Resume" if status == PAUSED else "&Pause")
        actions["S&top"].setEnabled(controller.model.active)
        actions["&Start"].setEnabled(not controller.model.active)

    controller.model.status_changed.connect(update)
    update()


def _show_dock(dock: QDockWidget) -> None:
    dock.show()
    dock.raise_()


def _offer_restore(window: MainWindow, feature: TrainingFeature) -> None:
    """If a run never ended (a crash, the window closed), offer to bring it back."""
    folder = feature.controller.checkpoint_dir
    if folder is None:
        return
    try:
        checkpoint = load_checkpoint(folder)
    except CheckpointError as error:
        feature.controller.message.emit(f"{error} (it was removed)")
        remove_checkpoint(folder)
        return
    if checkpoint is None:
        return
    box = QWidget()
    layout = QVBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    label = QLabel(f"A training run did not finish: {checkpoint.describe()}.")
    label.setWordWrap(True)
    buttons = QHBoxLayout()
    restore = QPushButton("Restore")
    restore.setToolTip(
        "Open its weights and curves; Start then trains on for the epochs it had left"
    )
    discard = QPushButton("Discard")
    layout.addWidget(label)
    buttons.addStretch(1)
    buttons.addWidget(restore)
    buttons.addWidget(discard)
    layout.addLayout(buttons)

    def do_restore() -> None:
        from nnviz.qt.training.restore import restore_checkpoint

        if restore_checkpoint(window, feature, checkpoint):
            feature.panel.set_notice(None)

    def do_discard() -> None:
        remove_checkpoint(folder)
        feature.panel.set_notice(None)

    restore.clicked.connect(lambda _=False: do_restore())
    discard.clicked.connect(lambda _=False: do_discard())
    feature.panel.set_notice(box)
    feature.dock.show()
    feature.dock.raise_()
    window.show_message("A training run did not finish: the Training panel offers to restore it.")
