"""Commands between batches: pause, resume, stop, learning rate, steps, snapshots, threads."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.core.training import (
    BatchRecord,
    Diverged,
    EpochRecord,
    Finished,
    LearningRateChanged,
    Pause,
    Paused,
    RequestSnapshot,
    Resume,
    Resumed,
    SetLearningRate,
    Snapshot,
    Started,
    StepBatch,
    StepEpoch,
    Stop,
    Trainer,
    TrainingConfig,
)
from nnviz.core.training.optimizers import schedule_factor


def network() -> Network:
    return Network.initialised(
        (784, 100, 50, 10), ("relu", "relu", "softmax"), "cross_entropy", seed=0
    )


def paused_trainer(data: DataSet, **config: object) -> Trainer:
    config.setdefault("start_paused", True)
    return Trainer(network(), data, TrainingConfig(**config))  # type: ignore[arg-type]


def test_stepping_batches_and_epochs_from_a_paused_start(small_data: DataSet) -> None:
    trainer = paused_trainer(small_data, epochs=3)
    run = trainer.run()
    assert isinstance(next(run), Started)
    paused = next(run)
    assert isinstance(paused, Paused) and paused.reason == "start" and paused.step == 0
    assert trainer.paused  # a driver waits for a command now
    assert next(run) is paused  # asked anyway: nothing happens, it says so again

    assert isinstance(run.send(StepBatch()), Resumed)
    batch = next(run)
    assert isinstance(batch, BatchRecord) and (batch.epoch, batch.batch, batch.step) == (1, 1, 1)
    after = next(run)
    assert isinstance(after, Paused) and after.reason == "step batch" and after.step == 1

    snapshot = run.send(RequestSnapshot())
    assert isinstance(snapshot, Snapshot) and snapshot.step == 1
    assert not np.array_equal(snapshot.network.weights[0], network().weights[0])

    changed = run.send(SetLearningRate(0.02))
    assert isinstance(changed, LearningRateChanged) and changed.base == 0.02
    expected_rate = 0.02 * schedule_factor(TrainingConfig().schedule, 1 / (15 * 3))
    assert changed.current == pytest.approx(expected_rate)

    assert isinstance(run.send(StepBatch()), Resumed)
    second = next(run)
    assert isinstance(second, BatchRecord) and second.step == 2
    assert second.learning_rate == pytest.approx(expected_rate)
    assert isinstance(next(run), Paused)

    # StepEpoch from batch 2 runs to the end of epoch 1, evaluates, and pauses.
    assert isinstance(run.send(StepEpoch()), Resumed)
    records = []
    while not isinstance(record := next(run), Paused):
        records.append(record)
    assert [r.batch for r in records if isinstance(r, BatchRecord)] == list(range(3, 16))
    assert isinstance(records[-1], EpochRecord) and records[-1].epoch == 1
    assert record.reason == "step epoch"


def drain_until(run, kind: type, limit: int = 10_000) -> list[object]:
    """Collect records up to and including the first of ``kind``."""
    records = []
    for _ in range(limit):
        record = next(run)
        records.append(record)
        if isinstance(record, kind):
            return records
    raise AssertionError(f"no {kind.__name__} in {limit} records")


def test_step_epoch_at_an_epoch_start_trains_one_whole_epoch(small_data: DataSet) -> None:
    run = paused_trainer(small_data, epochs=3).run()
    drain_until(run, Paused)
    run.send(StepEpoch())
    records = drain_until(run, Paused)
    batches = [r for r in records if isinstance(r, BatchRecord)]
    assert [(b.epoch, b.batch) for b in batches] == [(1, i) for i in range(1, 16)]
    assert [r.epoch for r in records if isinstance(r, EpochRecord)] == [1]
    assert records[-1].reason == "step epoch"


def test_pause_resume_and_stop(small_data: DataSet) -> None:
    run = paused_trainer(small_data, epochs=3, start_paused=False).run()
    drain_until(run, BatchRecord)
    paused = run.send(Pause())
    assert isinstance(paused, Paused) and paused.reason == "command" and paused.step == 1
    assert next(run) is paused and next(run) is paused
    assert isinstance(run.send(Resume()), Resumed)
    assert next(run).step == 2
    finished = run.send(Stop())
    assert isinstance(finished, Finished) and finished.reason == "stopped"
    assert finished.step == 2 and finished.epochs_completed == 0 and finished.last_epoch is None
    assert "stopped after 2 batches" in finished.message
    with pytest.raises(StopIteration):
        next(run)


def test_stop_while_paused(small_data: DataSet) -> None:
    trainer = paused_trainer(small_data)
    run = trainer.run()
    drain_until(run, Paused)
    trainer.send(Stop())
    finished = next(run)
    assert isinstance(finished, Finished) and finished.reason == "stopped" and finished.step == 0


def test_time_spent_paused_is_not_counted(small_data: DataSet) -> None:
    trainer = Trainer(network(), small_data, TrainingConfig(start_paused=True))
    run = trainer.run()
    drain_until(run, Paused)
    start = time.perf_counter()
    while time.perf_counter() - start < 0.3:
        assert isinstance(next(run), Paused)  # asked while paused: still paused, at once
    run.send(StepBatch())
    batch = next(run)
    assert isinstance(batch, BatchRecord) and batch.elapsed < 0.2


def test_commands_from_another_thread_drive_a_run_in_a_worker(small_data: DataSet) -> None:
    """A driver in a worker thread, commands from the main one: the driver, not the
    generator, waits while the run is paused."""
    trainer = Trainer(network(), small_data, TrainingConfig(epochs=200))
    records: list[object] = []

    def worker() -> None:
        for record in trainer.run():
            records.append(record)
            while trainer.paused:
                time.sleep(0.005)

    thread = threading.Thread(target=worker)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        while not any(isinstance(r, BatchRecord) for r in records):
            assert time.monotonic() < deadline
            time.sleep(0.005)
        trainer.send(Pause())
        while not any(isinstance(r, Paused) for r in records):
            assert time.monotonic() < deadline
            time.sleep(0.005)
        count = sum(isinstance(r, BatchRecord) for r in records)
        time.sleep(0.2)
        assert sum(isinstance(r, BatchRecord) for r in records) == count  # really paused
        trainer.send(SetLearningRate(0.01))
        trainer.send(Resume())
        time.sleep(0.05)
        trainer.send(Stop())
        thread.join(timeout=2)
        assert not thread.is_alive()
    finally:
        trainer.send(Stop())
        thread.join(timeout=5)
    assert isinstance(records[-1], Finished) and records[-1].reason == "stopped"
    assert any(isinstance(r, LearningRateChanged) for r in records)
    assert any(isinstance(r, Resumed) for r in records)


def test_divergence_restores_the_weights_of_the_last_healthy_batch(
    small_data: DataSet,
) -> None:
    trainer = paused_trainer(small_data, learning_rate=50.0, schedule="constant")
    run = trainer.run()
    drain_until(run, Paused)
    before: list[Network] = []  # the weights before each batch
    for _ in range(100):
        snapshot = run.send(RequestSnapshot())
        before.append(snapshot.network)
        run.send(StepBatch())
        outcome = next(run)
        if isinstance(outcome, Diverged):
            break
        next(run)  # Paused after the step
    else:
        pytest.fail("a learning rate of 50 did not diverge")
    k = len(before)  # batch k diverged; batch k − 1 was the last healthy one
    assert k >= 2
    assert outcome.network == before[k - 2]
    assert isinstance(next(run), Finished)


def test_divergence_can_pause_for_a_new_learning_rate(small_data: DataSet) -> None:
    trainer = Trainer(
        network(),
        small_data,
        TrainingConfig(epochs=2, learning_rate=1000.0, on_divergence="pause"),
    )
    run = trainer.run()
    drain_until(run, Diverged)
    paused = next(run)
    assert isinstance(paused, Paused) and paused.reason == "diverged"
    run.send(SetLearningRate(0.05))
    run.send(Resume())
    rest = drain_until(run, Finished)
    assert rest[-1].reason == "completed"
    epochs = [r for r in rest if isinstance(r, EpochRecord)]
    assert epochs and all(np.isfinite(e.train_loss) for e in epochs)
    assert epochs[-1].test.accuracy > 0.5


def test_blas_threads_are_limited_during_the_run_and_restored_after(
    small_data: DataSet,
) -> None:
    def blas_threads() -> set[int]:
        return {i["num_threads"] for i in threadpool_info() if i["user_api"] == "blas"}

    before = blas_threads()
    run = Trainer(network(), small_data, TrainingConfig(epochs=1, blas_threads=1)).run()
    next(run)
    assert blas_threads() == {1}
    for _ in run:
        pass
    assert blas_threads() == before


def test_bad_use_is_refused(small_data: DataSet) -> None:
    trainer = Trainer(network(), small_data, TrainingConfig(epochs=1))
    with pytest.raises(TypeError, match="not a training command"):
        trainer.send("pause")  # type: ignore[arg-type]
    trainer.run()
    with pytest.raises(RuntimeError, match="runs once"):
        trainer.run()
    small = Network.initialised((4, 10), ("softmax",), "cross_entropy")
    with pytest.raises(ValueError, match="784"):
        Trainer(small, small_data)
    three = Network.initialised((784, 3), ("softmax",), "cross_entropy")
    with pytest.raises(ValueError, match="10 classes"):
        Trainer(three, small_data)
