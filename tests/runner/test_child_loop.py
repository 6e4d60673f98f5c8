"""The training process's loop, run in a thread here: what it sends for what it is told."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from multiprocessing import Pipe

import numpy as np
import pytest

from nnviz.core.network import Network
from nnviz.core.training import (
    BatchRecord,
    Finished,
    Pause,
    Paused,
    Resume,
    Snapshot,
    Started,
    Trainer,
    TrainingConfig,
    TrainingData,
)
from nnviz.runner import BatchChunk, Quit, RunCommand, RunRecord, StartRun, refrozen
from nnviz.runner.child import ChunkBuilder, TrainingLoop


def tiny_data(n: int = 64) -> TrainingData:
    rng = np.random.default_rng(0)
    x = rng.random((n, 6))
    y = (x[:, 0] > 0.5).astype(int)
    return TrainingData.from_arrays(x, y, x[:16], y[:16], 2)


def tiny_network() -> Network:
    return Network.initialised((6, 5, 2), ("relu", "softmax"), "cross_entropy", seed=1)


class Loop:
    """A TrainingLoop in a thread, with the app's ends of its two pipes."""

    def __init__(self, **timing: float) -> None:
        command_reader, self.commands = Pipe(duplex=False)
        self.records, record_writer = Pipe(duplex=False)
        self.loop = TrainingLoop(command_reader, record_writer, tiny_data(), **timing)
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
    return [m.record for m in messages if isinstance(m, RunRecord)]


def test_a_run_sends_started_chunks_epochs_and_finished(loop: Loop) -> None:
    config = TrainingConfig(epochs=2, batch_size=16, stats_every=3)
    loop.commands.send(StartRun(1, tiny_network(), config))
    messages = loop.until(Finished)
    records = _records(messages)
    assert isinstance(records[0], Started)
    chunks = [m for m in messages if isinstance(m, BatchChunk)]
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
    loop.commands.send(StartRun(1, tiny_network(), config))
    finished = _records(loop.until(Finished))[-1]
    headless = list(Trainer(tiny_network(), tiny_data(), config).run())[-1]
    assert isinstance(finished, Finished) and isinstance(headless, Finished)
    for a, b in zip(finished.network.weights, headless.network.weights, strict=True):
        assert np.array_equal(a, b)


def test_pause_is_answered_once_with_a_snapshot_and_heartbeats_are_not_sent(loop: Loop) -> None:
    config = TrainingConfig(epochs=1, batch_size=16, start_paused=True)
    loop.commands.send(StartRun(7, tiny_network(), config))
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
    loop.commands.send(StartRun(1, tiny_network(), slow))
    loop.until(Started, 1)
    loop.commands.send(StartRun(2, tiny_network(), TrainingConfig(epochs=1, batch_size=16)))
    first = _records(loop.until(Finished, 1))[-1]
    assert isinstance(first, Finished) and first.reason == "stopped"
    second = _records(loop.until(Finished, 2))[-1]
    assert isinstance(second, Finished) and second.reason == "completed"


def test_quit_ends_a_run_and_the_loop() -> None:
    running = Loop()
    running.commands.send(StartRun(1, tiny_network(), TrainingConfig(epochs=10_000, batch_size=1)))
    running.until(Started)
    running.commands.send(RunCommand(1, Pause()))
    running.until(Paused)
    running.commands.send(Quit())
    running.thread.join(2)
    assert not running.thread.is_alive()


def test_the_loop_ends_when_the_app_goes_away() -> None:
    running = Loop()
    running.commands.send(StartRun(1, tiny_network(), TrainingConfig(epochs=10_000, batch_size=1)))
    running.until(Started)
    running.commands.close()
    running.records.close()
    running.thread.join(2)
    assert not running.thread.is_alive()


def test_a_network_that_does_not_fit_the_data_fails_with_a_message(loop: Loop) -> None:
    wrong = Network.initialised((3, 2), ("softmax",), "cross_entropy")
    loop.commands.send(StartRun(3, wrong, TrainingConfig()))
    failed = loop.receive()
    assert failed.run_id == 3 and "inputs" in failed.message  # type: ignore[attr-defined]


def test_chunks_hold_the_batches_as_arrays() -> None:
    builder = ChunkBuilder(5, n_layers=2)
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


def test_networks_come_back_read_only(loop: Loop) -> None:
    loop.commands.send(StartRun(1, tiny_network(), TrainingConfig(epochs=1, batch_size=16)))
    finished = _records(loop.until(Finished))[-1]
    again = refrozen(finished)  # type: ignore[arg-type]
    assert not again.network.weights[0].flags.writeable  # type: ignore[union-attr]
