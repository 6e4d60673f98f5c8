"""The training process's loop, run in a thread here: what it sends for what it is told."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from multiprocessing import Pipe
from pathlib import Path

import numpy as np
import pytest

from nnviz.core.data import DataSet, GivenData, MnistSource
from nnviz.core.network import Network
from nnviz.core.training import (
    BatchChunk,
    BatchRecord,
    ChunkBuilder,
    Finished,
    Pause,
    Paused,
    Resume,
    Snapshot,
    Started,
    Trainer,
    TrainingConfig,
)
from nnviz.runner import DataLoaded, Failed, Load, Quit, RunCommand, RunRecord, StartRun
from nnviz.runner.child import TrainingLoop


def tiny_data(n: int = 64) -> DataSet:
    rng = np.random.default_rng(0)
    x = rng.random((n, 6))
    y = (x[:, 0] > 0.5).astype(int)
    return DataSet.classification(x, y, x[:16], y[:16], 2)


SOURCE = GivenData(tiny_data())


def tiny_network() -> Network:
    return Network.initialised((6, 5, 2), ("relu", "softmax"), "cross_entropy", seed=1)


class Loop:
    """A TrainingLoop in a thread, with the app's ends of its two pipes."""

    def __init__(self, **timing: float) -> None:
        command_reader, self.commands = Pipe(duplex=False)
        self.records, record_writer = Pipe(duplex=False)
        self.loop = TrainingLoop(command_reader, record_writer, **timing)
        self.thread = threading.Thread(target=self.loop.serve, daemon=True)
        self.thread.start()

    def receive(self, timeout: float = 10.0) -> object:
        assert self.records.poll(timeout), "nothing arrived"
        return self.records.recv()

    def until(self, kind: type, run_id: int | None = None) -> list[object]:
        """Messages up to and including the first record of ``kind``."""
        seen = []
        while True:
            message = self.receive()
            seen.append(message)
            wanted = isinstance(message, RunRecord) and isinstance(message.record, kind)
            if wanted and (run_id is None or message.run_id == run_id):  # type: ignore[union-attr]
                return seen


@pytest.fixture
def loop() -> Iterator[Loop]:
    running = Loop()
    yield running
    running.commands.send(Quit())
    running.thread.join(5)
    assert not running.thread.is_alive()


def _records(messages: list[object]) -> list[object]:
    return [
        m.record
        for m in messages
        if isinstance(m, RunRecord) and not isinstance(m.record, BatchChunk)
    ]


def _chunks(messages: list[object]) -> list[BatchChunk]:
    return [
        m.record for m in messages if isinstance(m, RunRecord) and isinstance(m.record, BatchChunk)
    ]


def test_a_run_sends_started_chunks_epochs_and_finished(loop: Loop) -> None:
    config = TrainingConfig(epochs=2, batch_size=16, stats_every=3)
    loop.commands.send(StartRun(1, tiny_network(), config, SOURCE))
    messages = loop.until(Finished)
    records = _records(messages)
    assert isinstance(records[0], Started)
    chunks = _chunks(messages)
    steps = np.concatenate([c.step for c in chunks])
    assert np.array_equal(steps, np.arange(1, 9))  # every batch, once, in order
    stats_steps = np.concatenate([c.stats_step for c in chunks])
    assert np.array_equal(stats_steps, [1, 4, 7])
    assert all(c.stats.shape[1:] == (2, 4) for c in chunks)
    finished = records[-1]
    assert isinstance(finished, Finished) and finished.reason == "completed"
    assert not any(isinstance(r, BatchRecord) for r in records)


def test_the_same_run_trained_in_the_loop_and_headless_agrees(loop: Loop) -> None:
    config = TrainingConfig(epochs=2, batch_size=16)
    loop.commands.send(StartRun(1, tiny_network(), config, SOURCE))
    finished = _records(loop.until(Finished))[-1]
    headless = list(Trainer(tiny_network(), tiny_data(), config).run())[-1]
    assert isinstance(finished, Finished) and isinstance(headless, Finished)
    for a, b in zip(finished.network.weights, headless.network.weights, strict=True):
        assert np.array_equal(a, b)


def test_pause_is_answered_once_with_a_snapshot_and_heartbeats_are_not_sent(loop: Loop) -> None:
    config = TrainingConfig(epochs=1, batch_size=16, start_paused=True)
    loop.commands.send(StartRun(7, tiny_network(), config, SOURCE))
    messages = loop.until(Snapshot)
    paused = [r for r in _records(messages) if isinstance(r, Paused)]
    assert len(paused) == 1 and paused[0].reason == "start"
    assert not loop.records.poll(0.35)  # three heartbeats' time: nothing forwarded
    loop.commands.send(RunCommand(99, Resume()))  # another run's command: ignored
    assert not loop.records.poll(0.2)
    loop.commands.send(RunCommand(7, Resume()))
    assert _records(loop.until(Finished))[-1].reason == "completed"  # type: ignore[union-attr]


def test_a_new_run_stops_the_one_going(loop: Loop) -> None:
    slow = TrainingConfig(epochs=10_000, batch_size=1)
    loop.commands.send(StartRun(1, tiny_network(), slow, SOURCE))
    loop.until(Started, 1)
    loop.commands.send(StartRun(2, tiny_network(), TrainingConfig(epochs=1, batch_size=16), SOURCE))
    first = _records(loop.until(Finished, 1))[-1]
    assert isinstance(first, Finished) and first.reason == "stopped"
    second = _records(loop.until(Finished, 2))[-1]
    assert isinstance(second, Finished) and second.reason == "completed"


def test_quit_ends_a_run_and_the_loop() -> None:
    running = Loop()
    running.commands.send(
        StartRun(1, tiny_network(), TrainingConfig(epochs=10_000, batch_size=1), SOURCE)
    )
    running.until(Started)
    running.commands.send(RunCommand(1, Pause()))
    running.until(Paused)
    running.commands.send(Quit())
    running.thread.join(2)
    assert not running.thread.is_alive()


def test_the_loop_ends_when_the_app_goes_away() -> None:
    running = Loop()
    running.commands.send(
        StartRun(1, tiny_network(), TrainingConfig(epochs=10_000, batch_size=1), SOURCE)
    )
    running.until(Started)
    running.commands.close()
    running.records.close()
    running.thread.join(2)
    assert not running.thread.is_alive()


def test_a_network_that_does_not_fit_the_data_fails_with_a_message(loop: Loop) -> None:
    wrong = Network.initialised((3, 2), ("softmax",), "cross_entropy")
    loop.commands.send(StartRun(3, wrong, TrainingConfig(), SOURCE))
    loaded = loop.receive()  # the data set is read once, and said so
    assert isinstance(loaded, DataLoaded) and loaded.n_train == 64 and loaded.n_inputs == 6
    failed = loop.receive()
    assert failed.run_id == 3 and "inputs" in failed.message  # type: ignore[attr-defined]


def test_data_is_loaded_once_and_a_bad_source_fails_its_run_only(
    loop: Loop, tmp_path: Path
) -> None:
    loop.commands.send(Load(SOURCE))
    loaded = loop.receive()
    assert isinstance(loaded, DataLoaded) and loaded.name == SOURCE.describe()
    bad = MnistSource(str(tmp_path))
    loop.commands.send(StartRun(4, tiny_network(), TrainingConfig(epochs=1), bad))
    failed = loop.receive()
    assert isinstance(failed, Failed) and failed.run_id == 4
    assert "cannot load the training data" in failed.message
    # The loop serves on, and the first data set is not read again.
    loop.commands.send(StartRun(5, tiny_network(), TrainingConfig(epochs=1, batch_size=16), SOURCE))
    messages = loop.until(Finished, 5)
    assert not any(isinstance(m, DataLoaded) for m in messages)
    # A Load is always answered (the app asks again when a document takes it back).
    loop.commands.send(Load(SOURCE))
    again = loop.receive()
    assert isinstance(again, DataLoaded) and again.n_train == 64


def test_chunks_hold_the_batches_as_arrays() -> None:
    builder = ChunkBuilder(n_layers=2)
    assert builder.take() is None
    records = [r for r in Trainer(tiny_network(), tiny_data(), TrainingConfig(
        epochs=1, batch_size=8, stats_every=4)).run() if isinstance(r, BatchRecord)]  # fmt: skip
    for record in records:
        builder.add(record)
    chunk = builder.take()
    assert chunk is not None and len(chunk) == 8 and builder.take() is None
    assert np.array_equal(chunk.loss, [r.loss for r in records])
    assert chunk.stats.shape == (2, 2, 4) and list(chunk.stats_step) == [1, 5]
    assert chunk.histograms is not None and len(chunk.histograms) == 2


def test_records_arrive_valid_and_read_only(loop: Loop) -> None:
    loop.commands.send(StartRun(1, tiny_network(), TrainingConfig(epochs=1, batch_size=16), SOURCE))
    messages = loop.until(Finished)
    finished = _records(messages)[-1]
    assert isinstance(finished, Finished)
    # Unpickled through their constructors: checked networks, read-only arrays.
    assert not finished.network.weights[0].flags.writeable
    assert finished.last_epoch is not None
    assert not finished.last_epoch.network.biases[0].flags.writeable
    assert not finished.last_epoch.test.confusion.flags.writeable
    chunk = _chunks(messages)[0]
    assert not chunk.loss.flags.writeable
