"""The offer, at start-up, to bring back a training run that never ended.

A run going when nnviz crashed or its window closed left its last checkpoint behind; the
Training panel then shows a notice with Restore (its weights and curves come back, and
Start trains on for the epochs it had left) and Discard (the checkpoint is removed). A
checkpoint that cannot be read is removed, and the status bar says so.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from nnviz.qt.files import Files
from nnviz.qt.shell import Shell
from nnviz.qt.training.controller import TrainingController
from nnviz.qt.training.panel import TrainingPanel
from nnviz.qt.training.restore import restore_checkpoint
from nnviz.session.training_checkpoint import CheckpointError, load_checkpoint, remove_checkpoint

__all__ = ["offer_restore"]


def offer_restore(
    shell: Shell,
    files: Files,
    folder: Path,
    controller: TrainingController,
    panel: TrainingPanel,
    dock: QDockWidget,
    show_plots: Callable[[], None],
) -> None:
    """If a run never ended, offer to bring it back (a notice on the Training panel).

    Parameters
    ----------
    shell : Shell
        The window (its status bar says what is offered).
    files : Files
        Opens the run's weights.
    folder : Path
        Where the training state is saved.
    controller : TrainingController
        The active document's, whose messages say a checkpoint could not be read.
    panel : TrainingPanel
        The active document's Training panel, which shows the notice.
    dock : QDockWidget
        The Training panel's dock (brought forward).
    show_plots : callable
        Shows the Training page (after restoring).
    """
    try:
        checkpoint = load_checkpoint(folder)
    except CheckpointError as error:
        controller.message.emit(f"{error} (it was removed)")
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
        if restore_checkpoint(files, controller, checkpoint, show_plots):
            panel.set_notice(None)

    def do_discard() -> None:
        remove_checkpoint(folder)
        panel.set_notice(None)

    restore.clicked.connect(lambda _=False: do_restore())
    discard.clicked.connect(lambda _=False: do_discard())
    panel.set_notice(box)
    dock.show()
    dock.raise_()
    shell.show_message("A training run did not finish: the Training panel offers to restore it.")
