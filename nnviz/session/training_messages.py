"""The one-line messages a document's training says when a run continues or ends (Qt-free)."""

from __future__ import annotations

from nnviz.core.training import Finished, RunState

__all__ = ["continuing_text", "finished_text"]


def continuing_text(state: RunState) -> str:
    """What the message says when a Start continues the run ``state`` is where it stopped
    (the next batch, counted from 1)."""
    per_epoch = state.batches_per_epoch
    epoch, batch = state.epoch, state.batch + 1
    if state.batch >= per_epoch:
        epoch, batch = epoch + 1, 1
    return (
        f"Continuing the run where it stopped: epoch {epoch} of {state.config.epochs}, "
        f"batch {batch:,} of {per_epoch:,}, with its schedule, momentum and shuffling."
    )


def finished_text(record: Finished) -> str:
    """What the message says when a run ends, completed or stopped (not diverged): how
    far it got, and its last test accuracy and loss."""
    last = record.last_epoch
    if last is None:
        return f"Stopped after {record.step:,} batches, before the first epoch ended."
    accuracy = f"test accuracy {last.test.accuracy:.2%}, test loss {last.test.loss:.4f}"
    if record.reason == "completed":
        return f"Finished {record.epochs_completed} epochs in {record.elapsed:.1f} s: {accuracy}."
    return (
        f"Stopped after {record.step:,} batches ({record.epochs_completed} whole epochs): "
        f"{accuracy} after epoch {last.epoch}."
    )
