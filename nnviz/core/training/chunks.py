"""Many batch records as one: the columnar form in which batches travel and are kept.

A run yields a :class:`~nnviz.core.training.records.BatchRecord` per batch (about 2,000 a
second for MNIST). Whoever carries them further (the training process to the window, the
window into its history) takes them a chunk at a time: a :class:`ChunkBuilder` collects
records and :meth:`ChunkBuilder.take` turns them into one :class:`BatchChunk` of arrays,
a handful of objects instead of a hundred.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnviz.core.training.frozen import freeze_on_unpickle
from nnviz.core.training.records import BatchRecord

#: Statistics columns of :attr:`BatchChunk.stats`, in order.
STAT_FIELDS = ("mean_activation", "dead_fraction", "weight_norm", "gradient_norm")

Histograms = tuple[tuple[NDArray[np.int64], NDArray[np.float64]], ...]


@freeze_on_unpickle
@dataclass(frozen=True)
class BatchChunk:
    """Consecutive batches of one run, coalesced into arrays.

    Attributes
    ----------
    batches_per_epoch : int
    step, epoch, batch : ndarray of int64, shape (n,)
        Where each batch was (see :class:`~nnviz.core.training.BatchRecord`).
    size : ndarray of int64, shape (n,)
    loss, accuracy, learning_rate, elapsed : ndarray of float64, shape (n,)
        ``accuracy`` is NaN for real-valued targets.
    stats_step : ndarray of int64, shape (k,)
        The steps whose batch carried per-layer statistics.
    stats : ndarray of float64, shape (k, n_layers, 4)
        Their columns, in the order of :data:`STAT_FIELDS`.
    histograms : tuple of (counts, edges), or None
        The last statistics' activation histogram of each layer 1 .. L (None if the chunk
        has no statistics).
    """

    batches_per_epoch: int
    step: NDArray[np.int64]
    epoch: NDArray[np.int64]
    batch: NDArray[np.int64]
    size: NDArray[np.int64]
    loss: NDArray[np.float64]
    accuracy: NDArray[np.float64]
    learning_rate: NDArray[np.float64]
    elapsed: NDArray[np.float64]
    stats_step: NDArray[np.int64]
    stats: NDArray[np.float64]
    histograms: Histograms | None

    def __post_init__(self) -> None:
        for name in ("step", "epoch", "batch", "size", "loss", "accuracy", "learning_rate",
                     "elapsed", "stats_step", "stats"):  # fmt: skip
            getattr(self, name).setflags(write=False)

    def __len__(self) -> int:
        return int(self.step.shape[0])


class ChunkBuilder:
    """Collects batch records and turns them into one :class:`BatchChunk`.

    Parameters
    ----------
    n_layers : int
        Layers with weights (1 .. L): the width of the statistics.
    """

    def __init__(self, n_layers: int) -> None:
        self.n_layers = n_layers
        self.batches_per_epoch = 0
        self._rows: list[tuple[int, int, int, int, float, float, float, float]] = []
        self._stats_steps: list[int] = []
        self._stats: list[list[tuple[float, float, float, float]]] = []
        self._histograms: Histograms | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, record: BatchRecord) -> None:
        """Keep one batch record."""
        self.batches_per_epoch = record.batches_per_epoch
        self._rows.append(
            (
                record.step,
                record.epoch,
                record.batch,
                record.size,
                record.loss,
                record.accuracy,
                record.learning_rate,
                record.elapsed,
            )
        )
        if record.layer_stats is not None:
            self._stats_steps.append(record.step)
            self._stats.append(
                [
                    (s.mean_activation, s.dead_fraction, s.weight_norm, s.gradient_norm)
                    for s in record.layer_stats
                ]
            )
            self._histograms = tuple(
                (s.histogram_counts, s.histogram_edges) for s in record.layer_stats
            )

    def take(self) -> BatchChunk | None:
        """Return the batches kept so far as one chunk (None if there are none) and forget
        them."""
        if not self._rows:
            return None
        columns = list(zip(*self._rows, strict=True))
        step, epoch, batch, size = (np.array(c, dtype=np.int64) for c in columns[:4])
        loss, accuracy, rate, elapsed = (np.array(c, dtype=np.float64) for c in columns[4:])
        chunk = BatchChunk(
            batches_per_epoch=self.batches_per_epoch,
            step=step,
            epoch=epoch,
            batch=batch,
            size=size,
            loss=loss,
            accuracy=accuracy,
            learning_rate=rate,
            elapsed=elapsed,
            stats_step=np.array(self._stats_steps, dtype=np.int64),
            stats=np.array(self._stats, dtype=np.float64).reshape(-1, self.n_layers, 4),
            histograms=self._histograms,
        )
        self._rows.clear()
        self._stats_steps.clear()
        self._stats.clear()
        self._histograms = None
        return chunk
