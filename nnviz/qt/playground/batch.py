"""The batch just trained, ringed on the data plot at a slow pace.

At a slow pace (:data:`~nnviz.core.training.SLOW_PACE` batches a second or fewer) the
training process says which training examples each batch was (for small data sets only:
see :mod:`nnviz.runner.child`); the data plot rings them until the next batch. At full
speed, and once no run goes, nothing is ringed.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QObject

from nnviz.core.training import is_slow
from nnviz.qt.binding import follow
from nnviz.qt.playground.plots import DataPlot
from nnviz.session.training import TrainingModel


class BatchHighlight(QObject):
    """Rings the latest batch's points on ``plot`` while ``model`` trains slowly.

    Parameters
    ----------
    plot : DataPlot
    model : TrainingModel
        The document's training (its ``batch_trained``, ``pace_changed`` and
        ``status_changed`` signals are followed while ``plot`` lives).
    """

    def __init__(self, plot: DataPlot, model: TrainingModel) -> None:
        super().__init__(plot)
        self.plot = plot
        self.model = model
        follow(self, model.batch_trained, self._trained)
        follow(self, model.pace_changed, self._pace_changed)
        follow(self, model.status_changed, self._status_changed)

    def _trained(self, rows: object) -> None:
        if is_slow(self.model.pace) and isinstance(rows, np.ndarray):
            self.plot.set_batch(rows)
        else:
            self.plot.set_batch(None)

    def _pace_changed(self, pace: float | None) -> None:
        if not is_slow(pace):
            self.plot.set_batch(None)

    def _status_changed(self, status: str) -> None:
        if not self.model.active:
            self.plot.set_batch(None)
