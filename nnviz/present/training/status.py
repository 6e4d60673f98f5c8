"""What the Training panel says about a run: the status line, the progress bar and the
numbers always on show (test accuracy, batch loss, epoch, batch).

Plain functions of the document's :class:`~nnviz.session.training.TrainingModel`, so the
panel only writes the text it is given.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from nnviz.core.notation import format_number
from nnviz.session.training import IDLE, PAUSED, RUNNING, STARTING, STOPPING, TrainingModel


def status_text(model: TrainingModel, refusal: str = "") -> str:
    """One or two lines: where the run is, or why the network cannot be trained.

    Parameters
    ----------
    model : TrainingModel
    refusal : str
        Why the document's network cannot be trained ("" if it can).
    """
    progress = model.progress
    status = model.status
    if status == IDLE and refusal:
        return refusal
    if status == STARTING and progress.step == 0:
        return "Starting…" if model.data is not None else "Loading the training data…"
    if progress.step == 0:
        data = model.data
        if data is None:
            return "Ready. Start trains the network on screen."
        return f"Ready to train on {data.n_train:,} images, testing on {data.n_test:,}."
    state = {RUNNING: "Training", PAUSED: "Paused", STOPPING: "Stopping"}.get(status, "Trained")
    text = (
        f"{state}: epoch {progress.epoch} of {progress.epochs} of this run, batch "
        f"{progress.batch:,} of {progress.batches_per_epoch:,} · {progress.elapsed:.1f} s"
    )
    if status == RUNNING and progress.examples_per_second > 0:
        text += f" · {progress.examples_per_second:,.0f} images/s"
    return text


def progress_permille(model: TrainingModel) -> int:
    """How far the run is through its planned batches, in thousandths (0 .. 1000)."""
    progress = model.progress
    total = max(progress.epochs * progress.batches_per_epoch, 1)
    return round(1000 * min(progress.step, total) / total)


#: What a number not known yet shows.
UNKNOWN = "—"


@dataclass(frozen=True)
class TrainingNumbers:
    """The Training panel's numbers, as text.

    Attributes
    ----------
    test_label : str
        ``"Test accuracy"``, or ``"Test loss"`` for real-valued targets.
    test : str
        The last test's accuracy (``"97.12%"``) or loss.
    batch_loss : str
        The loss of the last batch trained.
    epoch, batch : str
        Where the run is: ``"2 of 5"``, ``"120 of 600"``.
    """

    test_label: str
    test: str
    batch_loss: str
    epoch: str
    batch: str


def training_numbers(model: TrainingModel) -> TrainingNumbers:
    """The numbers of ``model``'s run (or of the last one); "—" for those not known yet."""
    history = model.history
    accuracy = history.series("epoch", "test_accuracy")
    test_loss = history.series("epoch", "test_loss")
    regression = (model.data is not None and model.data.n_classes == 0) or (
        len(accuracy) > 0 and math.isnan(accuracy[-1])
    )
    if not len(accuracy):
        test = UNKNOWN
    elif regression:
        test = format_number(float(test_loss[-1]))
    else:
        test = f"{accuracy[-1]:.2%}"
    label = "Test loss" if regression else "Test accuracy"
    losses = history.series("batch", "loss")
    batch_loss = format_number(float(losses[-1])) if len(losses) else UNKNOWN
    progress = model.progress
    if progress.step == 0:
        epoch = batch = UNKNOWN
    else:
        epoch = f"{progress.epoch:,} of {progress.epochs:,}"
        batch = f"{progress.batch:,} of {progress.batches_per_epoch:,}"
    return TrainingNumbers(label, test, batch_loss, epoch, batch)
