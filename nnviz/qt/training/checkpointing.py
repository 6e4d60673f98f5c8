"""A document's training state on disk: saved at each epoch's end, removed when the run ends.

The saving runs in a worker thread (:class:`~nnviz.qt.training.background.LatestJob`:
only the newest waiting save is kept), so an epoch's end never waits for the disk. A run
that ends (completed or stopped) leaves nothing to restore; one that diverged, or one going
when the window closes, keeps its last checkpoint, which the next start-up offers to
restore (:mod:`nnviz.qt.training.restore`).
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject

from nnviz.core.training import EpochRecord, Finished
from nnviz.qt.binding import follow
from nnviz.qt.training.background import LatestJob
from nnviz.session import Document
from nnviz.session.training_checkpoint import remove_checkpoint, save_checkpoint

__all__ = ["CheckpointKeeper"]


class CheckpointKeeper(QObject):
    """Saves and removes one document's training state (see the module docstring).

    Parameters
    ----------
    document : Document
        Its training model's epochs and ends are followed.
    folder : Path or None
        Where the state is saved (None: never).
    jobs : LatestJob
        The worker that writes and removes the files (its ``failed`` says a failure).
    parent : QObject, optional
    """

    def __init__(
        self,
        document: Document,
        folder: Path | None,
        jobs: LatestJob,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.folder = folder
        self.jobs = jobs
        self.model = document.training
        follow(self, self.model.epoch_ended, self.save)
        follow(self, self.model.finished, self._finished)

    def save(self, record: EpochRecord) -> None:
        """Save the state at the end of the epoch ``record`` reports (in the background)."""
        folder = self.folder
        if folder is None:
            return
        history = self.model.history.to_arrays()
        config = self.model.config
        limit = self.model.train_limit
        meta = self.document.description.to_meta()
        network, state = record.network, record.state
        # An epoch that ended on a divergence's last good weights does not replace the
        # healthy checkpoint (nnviz.core.run_result's rule).
        status = "diverged" if self.model.result_status(network) == "diverged" else "in progress"
        self.jobs.submit(
            lambda: save_checkpoint(
                folder, network, config, history, meta, limit, status, state=state
            )
        )

    def remove(self) -> None:
        """Remove the saved state (in the background, after any save under way)."""
        folder = self.folder
        if folder is not None:
            self.jobs.submit(lambda: remove_checkpoint(folder))

    def unfollow(self) -> None:
        """Stop following the training model (the window is closing)."""
        self.model.epoch_ended.disconnect(self.save)
        self.model.finished.disconnect(self._finished)

    def _finished(self, record: Finished) -> None:
        if record.reason != "diverged":
            # The run ended: its result is in the document, nothing is left to restore.
            self.remove()
