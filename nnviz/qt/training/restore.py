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
    checkpoint's weights file), with the run's base learning rate. With the run's whole
    state saved (every checkpoint nnviz writes now), Start continues the run exactly where
    it was: same schedule position, momentum and shuffling, so it ends with the weights
    the uninterrupted run would have had. An older checkpoint (or one whose optimiser file
    is unusable) has only its weights: Start then trains the epochs the run had left, with
    a fresh schedule, and the message says so. Reset goes back to the restored weights
    (the run's first weights were not saved).
    """
    folder = controller.checkpoint_dir
    state = checkpoint.state
    rate = state.base_rate if state is not None else checkpoint.config.learning_rate
    if folder is None or not files.open_path(folder / WEIGHTS_NAME, ask=True, learning_rate=rate):
        return False
    model = controller.model
    document = controller.document
    recipe = dataclasses.asdict(checkpoint.config)
    left = max(1, checkpoint.config.epochs - round(checkpoint.run_epochs))
    if state is None:
        recipe.update(epochs=left)
    recipe.update(on_divergence="pause", start_paused=False)
    del recipe["learning_rate"]  # the document's, set as it was opened
    model.set_config(**recipe)
    model.set_train_limit(checkpoint.train_limit)
    try:
        model.history.load_arrays(checkpoint.history, document.network.activations)
    except ValueError as error:
        files.shell.show_message(f"The curves could not be restored: {error}")
    model.origin = document.network
    model.progress_changed.emit()
    if state is not None:
        model.restore_run(state, document.network)
        model.say(
            f"Restored {checkpoint.describe()}. Start continues the run where it stopped "
            "(its schedule, momentum and shuffling too)."
        )
    else:
        why = f" ({checkpoint.state_problem})" if checkpoint.state_problem else ""
        model.say(
            f"Restored {checkpoint.describe()}. Its run state was not saved{why}: Start "
            f"trains the {left} epoch{'s' if left != 1 else ''} it had left with a new "
            "schedule."
        )
    show_plots()
    return True
