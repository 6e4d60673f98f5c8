"""Bring back a training run that never ended (the app crashed, or was closed mid-run)."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from nnviz.qt.files import Files
from nnviz.qt.training.controller import TrainingController
from nnviz.session.training_checkpoint import WEIGHTS_NAME, Checkpoint


def restore_checkpoint(
    files: Files,
    controller: TrainingController,
    checkpoint: Checkpoint,
    show_plots: Callable[[], None],
) -> bool:
    """Open the checkpoint's network, its curves and its recipe; False if cancelled.

    The network opens as the active document (as File ▸ Open weights would open the
    checkpoint's weights file), with the recipe's learning rate; the recipe's epochs become
    those the run had left, so that Start trains on to where the run was going (the
    learning-rate schedule starts afresh, and Reset goes back to the restored weights: the
    run's first weights were not saved).
    """
    folder = controller.checkpoint_dir
    rate = checkpoint.config.learning_rate
    if folder is None or not files.open_path(folder / WEIGHTS_NAME, ask=True, learning_rate=rate):
        return False
    model = controller.model
    document = controller.document
    left = max(1, checkpoint.config.epochs - round(checkpoint.epochs_done))
    recipe = dataclasses.asdict(checkpoint.config)
    recipe.update(epochs=left, on_divergence="pause", start_paused=False)
    del recipe["learning_rate"]  # the document's, set as it was opened
    model.set_config(**recipe)
    model.set_train_limit(checkpoint.train_limit)
    try:
        model.history.load_arrays(checkpoint.history, document.network.activations)
    except ValueError as error:
        files.shell.show_message(f"The curves could not be restored: {error}")
    model.origin = document.network
    model.progress_changed.emit()
    model.say(
        f"Restored {checkpoint.describe()}. Start trains the {left} epoch"
        f"{'s' if left != 1 else ''} it had left."
    )
    show_plots()
    return True
