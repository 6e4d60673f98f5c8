"""The curves as CSV files, at full resolution (the plots show them thinned).

:func:`history_csv` writes the whole history as one table, a row per batch: position,
loss, accuracy, learning rate, then each layer's statistics on the batches that measured
them, and the epoch's train and test figures on the batch that ended it. :func:`series_csv`
writes the curves of one plot side by side (``name x``, ``name`` column pairs). Both are
written atomically and need no Qt.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

from nnviz.core.fileio import atomic_write_text
from nnviz.core.training import STAT_FIELDS
from nnviz.session.training_history import TrainingHistory

Series = tuple[str, NDArray[np.float64], NDArray[np.float64]]


def _number(value: float) -> str:
    return "" if not np.isfinite(value) else repr(float(value))


def history_rows(history: TrainingHistory) -> tuple[list[str], list[list[str]]]:
    """The table :func:`history_csv` writes: header and rows of text."""
    batch = {name: history.series("batch", name) for name in history.BATCH_FIELDS}
    n_layers = 0 if history.stats is None else history.stats.values.shape[1]
    layer_columns = [
        f"layer{layer}_{field}" for layer in range(1, n_layers + 1) for field in STAT_FIELDS
    ]
    epoch_names = ("train_loss", "train_accuracy", "test_loss", "test_accuracy")
    header = [
        "epochs",
        "step",
        "loss",
        "loss_smoothed",
        "accuracy",
        "accuracy_smoothed",
        "learning_rate",
        "elapsed_seconds",
        *layer_columns,
        *(f"epoch_{name}" for name in epoch_names),
    ]
    n = len(batch["x"])
    stats_at: dict[float, int] = {}
    if history.stats is not None:
        stats_at = {float(x): i for i, x in enumerate(history.stats_x.values)}
    epoch_x = history.series("epoch", "x")
    epoch_at = {float(x): i for i, x in enumerate(epoch_x)}
    rows = []
    for i in range(n):
        x = float(batch["x"][i])
        row = [repr(x), str(int(batch["step"][i]))]
        row += [_number(batch[name][i]) for name in history.BATCH_FIELDS[2:]]
        k = stats_at.get(x)
        if k is not None and history.stats is not None:
            row += [_number(v) for v in history.stats.values[k].ravel()]
        else:
            row += [""] * len(layer_columns)
        # The last batch of epoch e sits exactly at e (b / b is exactly 1).
        e = epoch_at.get(x)
        if e is not None:
            row += [_number(history.series("epoch", name)[e]) for name in epoch_names]
        else:
            row += [""] * len(epoch_names)
        rows.append(row)
    return header, rows


def history_csv(path: str | os.PathLike[str], history: TrainingHistory) -> None:
    """Write the whole history to ``path`` as one CSV table (atomically)."""
    header, rows = history_rows(history)
    _write(path, header, rows)


def series_csv(path: str | os.PathLike[str], series: Sequence[Series]) -> None:
    """Write curves side by side: for each, an ``"<name> x"`` and a ``"<name>"`` column."""
    header = []
    for name, _, _ in series:
        header += [f"{name} x", name]
    longest = max((len(x) for _, x, _ in series), default=0)
    rows = []
    for i in range(longest):
        row = []
        for _, x, y in series:
            row += [_number(x[i]), _number(y[i])] if i < len(x) else ["", ""]
        rows.append(row)
    _write(path, header, rows)


def _write(path: str | os.PathLike[str], header: list[str], rows: list[list[str]]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    atomic_write_text(path, buffer.getvalue())
