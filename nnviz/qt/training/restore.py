"""Bring back a training run that never ended (the app crashed, or was closed mid-run)."""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from nnviz.session.training_checkpoint import WEIGHTS_NAME, Checkpoint

if TYPE_CHECKING:
    from nnviz.qt.main_window import MainWindow
    from nnviz.qt.training.feature import TrainingFeature


def restore_checkpoint(
    window: MainWindow, feature: TrainingFeature, checkpoint: Checkpoint
) -> bool:
    """Open the checkpoint's network, its curves and its recipe; False if cancelled.

    The network opens as a document (as File ▸ Open weights would open the checkpoint's
    weights file); the recipe's epochs become those the run had left, so that Start
    trains on to where the run was going (the learning-rate schedule starts afresh, and
    Reset goes back to the restored weights: the run's first weights were not saved).
    """
    controller = feature.controller
    folder = controller.checkpoint_dir
    if folder is None or not window.documents.open_path(folder / WEIGHTS_NAME, ask=True):
        return False
    model = controller.model
    left = max(1, checkpoint.config.epochs - round(checkpoint.epochs_done))
    recipe = dataclasses.asdict(checkpoint.config)
    recipe.update(epochs=left, on_divergence="pause", start_paused=False)
    model.set_config(**recipe)
    model.set_train_limit(checkpoint.train_limit)
    try:
        model.history.load_arrays(checkpoint.history, window.session.network.activations)
    except ValueError as error:
        window.show_message(f"The curves could not be restored: {error}")
    model.origin = window.session.network
    model.progress_changed.emit()
    model.say(
        f"Restored {checkpoint.describe()}. Start trains the {left} epoch"
        f"{'s' if left != 1 else ''} it had left."
    )
    window.pages.setCurrentIndex(feature.plots_index)
    return True
