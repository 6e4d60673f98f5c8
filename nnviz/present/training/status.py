"""What the Training panel says about a run: the status line and the progress bar.

Plain functions of the document's :class:`~nnviz.session.training.TrainingModel`, so the
panel only writes the text it is given.
"""

from __future__ import annotations

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
