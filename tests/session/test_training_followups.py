"""What the model makes of a run over time: a divergence on the curves and its message
cleared once training is healthy again, a steady speed, a stopped run continued, a
finished schedule told apart, and a history that keeps its histograms and divergences
in a file and forgets them on Reset."""

from __future__ import annotations

import numpy as np
import pytest
from test_training_model import SOURCE, _network, play

from nnviz.core.training import BatchChunk, SetLearningRate, Stop, TrainingConfig
from nnviz.session.training import IDLE, PAUSED, TrainingModel
from nnviz.session.training_history import TrainingHistory
from nnviz.session.training_speed import SpeedMeter


def test_a_divergence_is_on_the_curves_and_its_message_goes_once_training_is_healthy() -> None:
    model = TrainingModel(TrainingConfig(epochs=3, batch_size=12, learning_rate=1000.0))
    start = model.start(_network(), SOURCE)
    play(model, start)
    assert model.status == PAUSED and "diverged" in model.message
    x = model.history.series("divergence", "x")
    assert len(x) == 1 and 0 < x[0] <= 1.0
    # A smaller rate and Resume: the next healthy batches clear the advice.
    model.receive(start.run_id, _chunk(step=model.progress.step + 1))
    assert model.message == ""


def _chunk(step: int, n: int = 1, elapsed: float = 1.0, size: int = 100) -> BatchChunk:
    steps = np.arange(step, step + n, dtype=np.int64)
    return BatchChunk(
        batches_per_epoch=4,
        step=steps,
        epoch=np.ones(n, np.int64),
        batch=steps,
        size=np.full(n, size, np.int64),
        loss=np.full(n, 0.5),
        accuracy=np.full(n, 0.8),
        learning_rate=np.full(n, 0.1),
        elapsed=elapsed + 0.01 * np.arange(n),
        stats_step=np.zeros(0, np.int64),
        stats=np.zeros((0, 2, 4)),
        histograms=None,
    )


def test_the_speed_is_measured_over_two_seconds_not_per_chunk() -> None:
    meter = SpeedMeter()
    rates = []
    step, elapsed, rate = 0, 0.0, 0.0
    # Chunks of 1 and 10 batches, alternately, every 50 ms: per chunk the rate swings 10×.
    for i in range(200):
        n = 1 if i % 2 else 10
        chunk = _chunk(step + 1, n, elapsed + 0.05)
        rate = meter.add(chunk, step, elapsed, rate)
        step, elapsed = int(chunk.step[-1]), float(chunk.elapsed[-1])
        rates.append(rate)
    late = np.array(rates[60:])
    assert late.max() / late.min() < 1.1
    # 11 batches of 100 images every 0.19 s of training (a chunk of ten spans 90 ms).
    assert late.mean() == pytest.approx(1100 / 0.19, rel=0.03)


def test_a_stopped_run_continues_and_a_finished_one_is_a_new_schedule() -> None:
    model = TrainingModel(TrainingConfig(epochs=2, batch_size=12))
    arrived: list[object] = []
    model.network_arrived.connect(lambda n, kind: arrived.append(n))
    play(model, model.start(_network(), SOURCE), [Stop()])
    assert model.status == IDLE
    # Stopped before its first batch: a Start on the weights it ended with continues it
    # (the float32 weights it trains, not the float64 ones it was given).
    assert model.continuation(_network()) is None
    plan = model.start(arrived[-1], SOURCE)  # type: ignore[arg-type]
    assert plan.resume is not None and "Continuing the run" in model.message
    play(model, plan)
    final = arrived[-1]
    assert model.finished_schedule(final)  # type: ignore[arg-type]
    assert model.continuation(final) is None  # type: ignore[arg-type]
    assert not model.finished_schedule(_network())
    # Another recipe, or other weights, is a new run.
    model.set_config(epochs=3)
    assert not model.finished_schedule(_network())


def test_the_document_rate_is_the_continued_runs_base_rate() -> None:
    model = TrainingModel(TrainingConfig(epochs=2, batch_size=12))
    arrived: list[object] = []
    model.network_arrived.connect(lambda n, kind: arrived.append(n))
    start = model.start(_network(), SOURCE)
    play(model, start, [SetLearningRate(0.3), Stop()])
    model.follow_learning_rate(0.02)
    plan = model.start(arrived[-1], SOURCE)  # type: ignore[arg-type]
    assert plan.resume is not None and plan.resume.base_rate == 0.02


def test_histograms_and_divergences_survive_a_file_and_go_on_reset() -> None:
    model = TrainingModel(TrainingConfig(epochs=2, batch_size=12, learning_rate=1000.0))
    play(model, model.start(_network(), SOURCE))
    history = model.history
    assert history.histograms is not None and len(history.series("divergence", "x")) == 1
    again = TrainingHistory()
    again.load_arrays(history.to_arrays(), history.activations)
    assert again.histograms is not None
    for (a, b), (c, d) in zip(again.histograms, history.histograms, strict=True):
        np.testing.assert_array_equal(a, c)
        np.testing.assert_array_equal(b, d)
    np.testing.assert_array_equal(
        again.series("divergence", "loss"), history.series("divergence", "loss")
    )
    history.clear()
    assert history.histograms is None and len(history.series("divergence", "x")) == 0
