"""The training history: positions in epochs, smoothing, continued runs, save and load."""

from __future__ import annotations

import math

import numpy as np
import pytest

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.core.training import (
    BatchRecord,
    ChunkBuilder,
    EpochRecord,
    Started,
    Trainer,
    TrainingConfig,
)
from nnviz.session.training_history import GrowingArray, TrainingHistory


def _data() -> DataSet:
    rng = np.random.default_rng(3)
    x = rng.random((40, 5))
    y = (x[:, 1] > 0.5).astype(int)
    return DataSet.classification(x, y, x[:10], y[:10], 2)


def _network() -> Network:
    return Network.initialised((5, 4, 2), ("relu", "softmax"), "cross_entropy", seed=2)


def record_run(history: TrainingHistory, epochs: int = 2, chunk_every: int = 3) -> list[object]:
    """Feed a real run (batch 10: 4 batches an epoch) into ``history`` in chunks."""
    config = TrainingConfig(epochs=epochs, batch_size=10, stats_every=2)
    builder = ChunkBuilder(2)
    records = list(Trainer(_network(), _data(), config).run())
    for record in records:
        if isinstance(record, Started):
            history.begin_run(record)
        elif isinstance(record, BatchRecord):
            builder.add(record)
            if len(builder) == chunk_every:
                history.add_chunk(builder.take())  # type: ignore[arg-type]
        elif isinstance(record, EpochRecord):
            chunk = builder.take()
            if chunk is not None:
                history.add_chunk(chunk)
            history.add_epoch(record)
    return records


def test_batches_sit_at_fractions_of_an_epoch_and_epochs_at_whole_ones() -> None:
    history = TrainingHistory()
    records = record_run(history)
    assert history.n_batches == 8 and history.n_epochs == 2
    assert np.allclose(history.series("batch", "x"), [0.25, 0.5, 0.75, 1, 1.25, 1.5, 1.75, 2])
    assert list(history.series("epoch", "x")) == [1.0, 2.0]
    losses = [r.loss for r in records if isinstance(r, BatchRecord)]
    assert np.array_equal(history.series("batch", "loss"), losses)
    tests = [r.test.accuracy for r in records if isinstance(r, EpochRecord)]
    assert np.array_equal(history.series("epoch", "test_accuracy"), tests)
    assert np.array_equal(history.stats_x.values, [0.25, 0.75, 1.25, 1.75])
    assert history.layer_stat(1, "weight_norm").shape == (4,)
    assert history.confusion is not None and history.confusion.sum() == 10
    assert history.epochs_done == 2.0


def test_smoothing_is_a_debiased_moving_average() -> None:
    history = TrainingHistory(smoothing=0.5)
    record_run(history, epochs=1)
    loss = history.series("batch", "loss")
    smoothed = history.series("batch", "loss_smoothed")
    assert smoothed[0] == pytest.approx(loss[0])  # debiased: the first value is itself
    expected = (0.5 * 0.5 * loss[0] + 0.5 * loss[1]) / (1 - 0.25)
    assert smoothed[1] == pytest.approx(expected)


def test_a_second_run_continues_the_curves() -> None:
    history = TrainingHistory()
    record_run(history, epochs=1)
    version = history.version
    record_run(history, epochs=1)
    assert history.version > version
    assert list(history.series("epoch", "x")) == [1.0, 2.0]
    assert history.series("batch", "x")[-1] == 2.0
    steps = history.series("batch", "step")
    assert list(steps) == list(range(1, 9))
    elapsed = history.series("batch", "elapsed")
    assert np.all(np.diff(elapsed) >= 0)


def test_clear_and_save_and_load() -> None:
    history = TrainingHistory()
    record_run(history)
    saved = history.to_arrays()
    other = TrainingHistory()
    other.load_arrays(saved, ("relu", "softmax"))
    for name in TrainingHistory.BATCH_FIELDS:
        assert np.array_equal(other.series("batch", name), history.series("batch", name))
    assert np.array_equal(
        other.layer_stat(2, "gradient_norm"), history.layer_stat(2, "gradient_norm")
    )
    assert other.epochs_done == 2.0
    history.clear()
    assert history.empty and history.epochs_done == 0.0
    broken = dict(saved)
    broken["batch/loss"] = broken["batch/loss"][:-1]
    with pytest.raises(ValueError, match="length"):
        other.load_arrays(broken, ())
    assert other.n_batches == 8  # refused: unchanged
    del broken["batch/loss"]
    with pytest.raises(ValueError, match="batch/loss"):
        other.load_arrays(broken, ())


def test_growing_arrays_keep_every_row() -> None:
    array = GrowingArray((2,))
    for i in range(100):
        array.extend(np.array([[i, -i]], dtype=np.float64))
    assert len(array) == 100 and array.values[99, 1] == -99
    assert not array.values.flags.writeable
    array.clear()
    assert len(array) == 0 and math.isclose(float(array.values.sum()), 0.0)
