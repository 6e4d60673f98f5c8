"""What training has done so far, as growing arrays: the data behind every live plot.

A :class:`TrainingHistory` accumulates the batches, per-layer statistics and epochs of one
or more consecutive runs (a run started after another continues its curves; Reset clears
them). Positions are measured in epochs from the start of the history: batch b of epoch e
of a run that began after ``k`` epochs sits at ``k + (e − 1) + b / batches_per_epoch``, and
the end of epoch e at ``k + e``.

Qt-free; the GUI reads the arrays (views, never copies) when it repaints, at a bounded
rate, using :attr:`TrainingHistory.version` to tell whether anything changed.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.training import STAT_FIELDS, BatchChunk, Diverged, EpochRecord, Started

#: Smoothing of the batch loss and accuracy curves: an exponential moving average with
#: this weight on the past (about the last 50 batches count).
SMOOTHING = 0.98


class GrowingArray:
    """A NumPy array that grows by appending (capacity doubles; appends are amortised O(1)).

    Parameters
    ----------
    tail : tuple of int
        The shape of one row (``()`` for scalars).
    dtype : numpy dtype
    """

    def __init__(self, tail: tuple[int, ...] = (), dtype: Any = np.float64) -> None:
        self._data: NDArray[Any] = np.empty((64, *tail), dtype=dtype)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    @property
    def values(self) -> NDArray[Any]:
        """The rows so far (a read-only view; appending may move the data)."""
        view = self._data[: self._n]
        view.flags.writeable = False
        return view

    def extend(self, rows: NDArray[Any]) -> None:
        """Append ``rows`` (shape (k, *tail))."""
        k = len(rows)
        if self._n + k > len(self._data):
            capacity = max(2 * len(self._data), self._n + k)
            grown = np.empty((capacity, *self._data.shape[1:]), dtype=self._data.dtype)
            grown[: self._n] = self._data[: self._n]
            self._data = grown
        self._data[self._n : self._n + k] = rows
        self._n += k

    def clear(self) -> None:
        """Forget every row (keeps the memory)."""
        self._n = 0


class TrainingHistory:
    """The batches, layer statistics and epochs of the runs since the last :meth:`clear`.

    Attributes
    ----------
    batch : dict of str to GrowingArray
        Per batch: ``x`` (epochs), ``step`` (batches since the history began), ``loss``,
        ``loss_smoothed``, ``accuracy``, ``accuracy_smoothed``, ``learning_rate``, ``elapsed``
        (training seconds since the history began).
    stats_x : GrowingArray
        Positions (epochs) of the batches that carried layer statistics.
    stats : GrowingArray or None
        Their values, shape (k, n_layers, 4), columns as in ``STAT_FIELDS``.
    histograms : tuple of (counts, edges) or None
        The latest activation histogram of each layer 1 .. L.
    epoch : dict of str to GrowingArray
        Per epoch: ``x``, ``train_loss``, ``train_accuracy``, ``test_loss``,
        ``test_accuracy``, ``learning_rate``, ``elapsed``, ``validation_loss``,
        ``validation_accuracy`` (NaN for an epoch of a run without a validation split).
    divergence : dict of str to GrowingArray
        Per divergence (a batch whose loss exploded, or became NaN or infinite, and was
        not applied): ``x`` (epochs) and ``loss`` (as it was: NaN and ∞ included).
    confusion : ndarray of int64, shape (K, K), or None
        The last epoch's test confusion matrix (``[true, predicted]``).
    activations : tuple of str
        The activation of each layer 1 .. L (for plot legends).
    version : int
        Grows with every change: a view repaints only when it has moved.
    """

    BATCH_FIELDS = (
        "x",
        "step",
        "loss",
        "loss_smoothed",
        "accuracy",
        "accuracy_smoothed",
        "learning_rate",
        "elapsed",
    )
    EPOCH_FIELDS = (
        "x",
        "train_loss",
        "train_accuracy",
        "test_loss",
        "test_accuracy",
        "learning_rate",
        "elapsed",
        "validation_loss",
        "validation_accuracy",
    )
    #: Columns a history saved before they existed may lack (read as NaN).
    OPTIONAL_EPOCH_FIELDS = ("validation_loss", "validation_accuracy")

    def __init__(self, smoothing: float = SMOOTHING) -> None:
        self.smoothing = smoothing
        self.batch = {name: GrowingArray() for name in self.BATCH_FIELDS}
        self.epoch = {name: GrowingArray() for name in self.EPOCH_FIELDS}
        self.divergence = {name: GrowingArray() for name in ("x", "loss")}
        self.stats_x = GrowingArray()
        self.stats: GrowingArray | None = None
        self.histograms: tuple[tuple[NDArray[np.int64], NDArray[np.float64]], ...] | None = None
        self.confusion: NDArray[np.int64] | None = None
        self.activations: tuple[str, ...] = ()
        self.version = 0
        self._reset_offsets()

    def _reset_offsets(self) -> None:
        self._epoch_offset = 0.0
        self._step_offset = 0
        self._elapsed_offset = 0.0
        self._run_epoch_base = 0.0
        self._batches_per_epoch = 1
        self._ema = [0.0, 0.0]
        self._ema_count = 0

    # -- what is in it ------------------------------------------------------------------------

    @property
    def n_batches(self) -> int:
        """Batches recorded."""
        return len(self.batch["x"])

    @property
    def n_epochs(self) -> int:
        """Epochs completed (and evaluated)."""
        return len(self.epoch["x"])

    @property
    def empty(self) -> bool:
        """Whether nothing has been recorded."""
        return self.n_batches == 0 and self.n_epochs == 0

    @property
    def epochs_done(self) -> float:
        """Where the history ends, in epochs (the next run continues from here)."""
        return self._epoch_offset

    def series(self, kind: str, name: str) -> NDArray[np.float64]:
        """One column: ``series("batch", "loss")``, ``series("epoch", "test_accuracy")``."""
        tables = {"batch": self.batch, "epoch": self.epoch, "divergence": self.divergence}
        return tables[kind][name].values

    def layer_stat(self, layer: int, field: str) -> NDArray[np.float64]:
        """One statistic of layer ``layer`` (1 .. L) over time, shape (k,)."""
        if self.stats is None:
            return np.zeros(0)
        return self.stats.values[:, layer - 1, STAT_FIELDS.index(field)]

    # -- recording ----------------------------------------------------------------------------

    def clear(self) -> None:
        """Forget everything (Reset)."""
        columns = (*self.batch.values(), *self.epoch.values(), *self.divergence.values())
        for array in (*columns, self.stats_x):
            array.clear()
        self.stats = None
        self.histograms = None
        self.confusion = None
        self._reset_offsets()
        self.version += 1

    def begin_run(self, started: Started) -> None:
        """A run starts: a new one continues where the history ends (whole epochs); a
        resumed one (``started.step`` > 0) counts its epochs and batches from where its
        run stopped, so its curves join the history where they left off."""
        if started.step:
            self._run_epoch_base = max(self._epoch_offset - started.epochs_done, 0.0)
            self._step_offset = max(self.n_batches - started.step, 0)
        else:
            self._epoch_offset = float(math.ceil(self._epoch_offset - 1e-9))
            self._run_epoch_base = self._epoch_offset
            self._step_offset = self.n_batches
        elapsed = self.epoch["elapsed"].values
        batches = self.batch["elapsed"].values
        self._elapsed_offset = float(max(elapsed[-1] if len(elapsed) else 0.0,
                                         batches[-1] if len(batches) else 0.0))  # fmt: skip
        self._batches_per_epoch = started.batches_per_epoch
        self.activations = started.network.activations
        n_layers = len(started.network.weights)
        if self.stats is None or self.stats.values.shape[1] != n_layers:
            self.stats = GrowingArray((n_layers, len(STAT_FIELDS)))
            self.stats_x.clear()
        self.version += 1

    def add_chunk(self, chunk: BatchChunk) -> None:
        """Record a chunk of batches of the current run."""
        n = len(chunk)
        if n == 0:
            return
        base = self._run_epoch_base
        per_epoch = max(chunk.batches_per_epoch, 1)
        x = base + (chunk.epoch - 1) + chunk.batch / per_epoch
        self.batch["x"].extend(x)
        self.batch["step"].extend(self._step_offset + chunk.step.astype(np.float64))
        self.batch["loss"].extend(chunk.loss)
        self.batch["accuracy"].extend(chunk.accuracy)
        self.batch["learning_rate"].extend(chunk.learning_rate)
        self.batch["elapsed"].extend(self._elapsed_offset + chunk.elapsed)
        smoothed = self._smooth(chunk.loss, chunk.accuracy)
        self.batch["loss_smoothed"].extend(smoothed[:, 0])
        self.batch["accuracy_smoothed"].extend(smoothed[:, 1])
        self._epoch_offset = float(x[-1])
        if len(chunk.stats_step) and self.stats is not None:
            rows = np.searchsorted(chunk.step, chunk.stats_step)
            self.stats_x.extend(x[rows])
            self.stats.extend(chunk.stats)
        if chunk.histograms is not None:
            self.histograms = chunk.histograms
        self.version += 1

    def _smooth(self, loss: NDArray[np.float64], accuracy: NDArray[np.float64]) -> NDArray[Any]:
        """Debiased exponential moving averages of loss and accuracy, shape (n, 2)."""
        beta = self.smoothing
        out = np.empty((len(loss), 2))
        ema_loss, ema_accuracy = self._ema
        count = self._ema_count
        for i, (value, hit) in enumerate(zip(loss.tolist(), accuracy.tolist(), strict=True)):
            if math.isfinite(value):
                ema_loss = beta * ema_loss + (1.0 - beta) * value
                ema_accuracy = beta * ema_accuracy + (1.0 - beta) * hit
                count += 1
            debias = 1.0 - beta**count if count else 1.0
            out[i] = (ema_loss / debias, ema_accuracy / debias)
        self._ema = [ema_loss, ema_accuracy]
        self._ema_count = count
        return out

    def add_divergence(self, record: Diverged) -> None:
        """Record a batch that diverged (it was not applied: the run kept its last good
        weights)."""
        per_epoch = max(self._batches_per_epoch, 1)
        x = self._run_epoch_base + (record.epoch - 1) + record.batch / per_epoch
        self.divergence["x"].extend(np.array([x], np.float64))
        self.divergence["loss"].extend(np.array([record.loss], np.float64))
        self.version += 1

    def add_epoch(self, record: EpochRecord) -> None:
        """Record the end of an epoch of the current run (with its test evaluation)."""
        base = self._run_epoch_base
        x = base + record.epoch
        values = {
            "x": x,
            "train_loss": record.train_loss,
            "train_accuracy": record.train_accuracy,
            "test_loss": record.test.loss,
            "test_accuracy": record.test.accuracy,
            "learning_rate": record.learning_rate,
            "elapsed": self._elapsed_offset + record.elapsed,
            "validation_loss": math.nan if record.validation is None else record.validation.loss,
            "validation_accuracy": (
                math.nan if record.validation is None else record.validation.accuracy
            ),
        }
        for name, value in values.items():
            self.epoch[name].extend(np.array([value], dtype=np.float64))
        self.confusion = np.array(record.test.confusion, dtype=np.int64)
        self._epoch_offset = float(x)
        self.version += 1

    # -- files --------------------------------------------------------------------------------

    def to_arrays(self) -> dict[str, NDArray[Any]]:
        """Every column as a plain array (copies), for a checkpoint file."""
        arrays: dict[str, NDArray[Any]] = {}
        for name, array in self.batch.items():
            arrays[f"batch/{name}"] = np.array(array.values)
        for name, array in self.epoch.items():
            arrays[f"epoch/{name}"] = np.array(array.values)
        arrays["stats/x"] = np.array(self.stats_x.values)
        if self.stats is not None:
            arrays["stats/values"] = np.array(self.stats.values)
        if self.confusion is not None:
            arrays["epoch/confusion"] = np.array(self.confusion)
        for name, array in self.divergence.items():
            arrays[f"divergence/{name}"] = np.array(array.values)
        for layer, (counts, edges) in enumerate(self.histograms or (), start=1):
            arrays[f"histogram/{layer}/counts"] = np.array(counts)
            arrays[f"histogram/{layer}/edges"] = np.array(edges)
        return arrays

    def load_arrays(self, arrays: dict[str, NDArray[Any]], activations: tuple[str, ...]) -> None:
        """Replace the history with one saved by :meth:`to_arrays`.

        Raises
        ------
        ValueError
            If the columns are missing or of different lengths (nothing changes then).
        """
        try:
            batch = {name: np.asarray(arrays[f"batch/{name}"], np.float64) for name in self.batch}
            count = len(arrays["epoch/x"])
            epoch = {
                name: np.asarray(
                    arrays[f"epoch/{name}"]
                    if name not in self.OPTIONAL_EPOCH_FIELDS or f"epoch/{name}" in arrays
                    else np.full(count, np.nan),
                    np.float64,
                )
                for name in self.epoch
            }
            stats_x = np.asarray(arrays["stats/x"], np.float64)
        except KeyError as error:
            raise ValueError(f"the saved history has no {error.args[0]!r}") from None
        stats = arrays.get("stats/values")
        lengths = {len(v) for v in batch.values()}
        if len(lengths) > 1 or len({len(v) for v in epoch.values()}) > 1:
            raise ValueError("the saved history's columns differ in length")
        if stats is not None and (stats.ndim != 3 or len(stats) != len(stats_x)):
            raise ValueError("the saved layer statistics do not fit their positions")
        self.clear()
        for name, values in batch.items():
            self.batch[name].extend(values)
        for name, values in epoch.items():
            self.epoch[name].extend(values)
        if stats is not None:
            self.stats = GrowingArray(stats.shape[1:])
            self.stats.extend(np.asarray(stats, np.float64))
            self.stats_x.extend(stats_x)
        confusion = arrays.get("epoch/confusion")
        self.confusion = None if confusion is None else np.asarray(confusion, np.int64)
        x, loss = arrays.get("divergence/x"), arrays.get("divergence/loss")
        if x is not None and loss is not None and len(x) == len(loss):
            self.divergence["x"].extend(np.asarray(x, np.float64))
            self.divergence["loss"].extend(np.asarray(loss, np.float64))
        self.histograms = _histograms(arrays)
        self.activations = activations
        ends = [values[-1] for values in (batch["x"], epoch["x"]) if len(values)]
        self._epoch_offset = float(max(ends)) if ends else 0.0
        self._run_epoch_base = self._epoch_offset
        self.version += 1


def _histograms(
    arrays: dict[str, NDArray[Any]],
) -> tuple[tuple[NDArray[np.int64], NDArray[np.float64]], ...] | None:
    """The saved activation histograms of layers 1, 2, … (None if there are none, or if
    they do not fit together)."""
    found = []
    layer = 1
    while f"histogram/{layer}/counts" in arrays:
        counts = np.asarray(arrays[f"histogram/{layer}/counts"])
        edges = np.asarray(arrays.get(f"histogram/{layer}/edges", np.zeros(0)))
        if counts.ndim != 1 or edges.shape != (len(counts) + 1,):
            return None
        found.append((counts.astype(np.int64), edges.astype(np.float64)))
        layer += 1
    return tuple(found) or None
