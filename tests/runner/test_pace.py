"""The runner's pace: at most N batches a second, kept by its loop (never the generator)."""

from __future__ import annotations

import math
import time
from collections.abc import Iterator

import numpy as np
import pytest
from test_child_loop import SOURCE, Loop, tiny_data, tiny_network

from nnviz.core.training import (
    SLOW_PACE,
    BatchChunk,
    Finished,
    Pause,
    Paused,
    Snapshot,
    Trainer,
    TrainingConfig,
    check_pace,
    is_slow,
)
from nnviz.runner import Quit, RunCommand, RunRecord, SetPace, StartRun, WatchWeights

#: 64 training examples in batches of 16: four batches an epoch.
CONFIG = TrainingConfig(epochs=2, batch_size=16)


@pytest.fixture
def loop() -> Iterator[Loop]:
    running = Loop()
    yield running
    running.commands.send(Quit())
    running.thread.join(5)
    assert not running.thread.is_alive()


def _arrivals(loop: Loop) -> list[tuple[float, object]]:
    """(time, record) of everything the run sends, up to its Finished."""
    seen = []
    while True:
        message = loop.receive()
        if not isinstance(message, RunRecord):
            continue  # DataLoaded
        seen.append((time.perf_counter(), message.record))
        if isinstance(message.record, Finished):
            return seen


def test_a_pace_is_a_number_of_batches_a_second_from_one_or_full_speed() -> None:
    assert check_pace(None) is None
    assert check_pace(1) == 1.0
    assert check_pace(250.5) == 250.5
    for refused in (0.5, 0, -3, math.nan, math.inf, True, "10"):
        with pytest.raises(ValueError, match="pace"):
            SetPace(refused)  # type: ignore[arg-type]
    assert is_slow(1) and is_slow(SLOW_PACE) and not is_slow(SLOW_PACE + 1) and not is_slow(None)


def test_at_a_slow_pace_every_batch_comes_alone_with_its_weights_at_that_pace(loop: Loop) -> None:
    loop.commands.send(SetPace(10))
    started = time.perf_counter()
    loop.commands.send(StartRun(1, tiny_network(), CONFIG, SOURCE))
    arrivals = _arrivals(loop)
    took = time.perf_counter() - started
    chunks = [(t, r) for t, r in arrivals if isinstance(r, BatchChunk)]
    assert [len(r) for _, r in chunks] == [1] * 8  # every batch at once, on its own
    # Each batch is followed by the weights it left, before the next batch (a snapshot,
    # or the epoch's end, which carries them).
    kinds = [type(r).__name__ for _, r in arrivals]
    for i, kind in enumerate(kinds):
        if kind == "BatchChunk":
            assert {"Snapshot", "EpochRecord"} & set(kinds[i + 1 : i + 2]), kinds
    snapshots = [r for _, r in arrivals if isinstance(r, Snapshot)]
    assert [s.step for s in snapshots] == list(range(1, 8))  # the last is in Finished
    # At most ten batches a second: eight batches take at least 0.7 s (7 gaps of 0.1 s).
    assert took >= 0.69
    gaps = np.diff([t for t, _ in chunks])
    assert gaps.min() >= 0.08, gaps


def test_the_pace_does_not_change_what_is_learnt(loop: Loop) -> None:
    loop.commands.send(SetPace(50))
    loop.commands.send(StartRun(1, tiny_network(), CONFIG, SOURCE))
    finished = _arrivals(loop)[-1][1]
    headless = list(Trainer(tiny_network(), tiny_data(), CONFIG).run())[-1]
    assert isinstance(finished, Finished) and isinstance(headless, Finished)
    for a, b in zip(finished.network.weights, headless.network.weights, strict=True):
        assert np.array_equal(a, b)


def test_the_pace_changes_mid_run(loop: Loop) -> None:
    loop.commands.send(SetPace(1))
    loop.commands.send(StartRun(1, tiny_network(), CONFIG, SOURCE))
    while not isinstance((first := loop.receive()), RunRecord) or not isinstance(
        first.record, BatchChunk
    ):
        pass
    changed = time.perf_counter()
    loop.commands.send(SetPace(None))  # full speed: the seven batches left at once
    _arrivals(loop)
    assert time.perf_counter() - changed < 0.9


def test_a_pause_ends_a_paces_wait_at_once(loop: Loop) -> None:
    loop.commands.send(WatchWeights(False))
    loop.commands.send(SetPace(1))
    loop.commands.send(StartRun(1, tiny_network(), CONFIG, SOURCE))
    while True:
        message = loop.receive()
        if isinstance(message, RunRecord) and isinstance(message.record, BatchChunk):
            break
    asked = time.perf_counter()
    loop.commands.send(RunCommand(1, Pause()))
    while True:
        message = loop.receive()
        assert isinstance(message, RunRecord)
        assert not isinstance(message.record, BatchChunk)  # nothing trained meanwhile
        if isinstance(message.record, Paused):
            break
    assert time.perf_counter() - asked < 0.6
    assert message.record.step == 1
