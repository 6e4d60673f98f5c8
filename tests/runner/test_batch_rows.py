"""At a slow pace on a small data set the loop says which examples each batch trained on
(the playground rings them); at full speed, or for a large data set, it sends nothing."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np
import pytest
from test_child_loop import SOURCE, Loop, tiny_network

from nnviz.core.training import Finished, TrainingConfig
from nnviz.runner import BatchRows, Quit, SetPace, StartRun, child

#: 64 training examples in batches of 16: four batches an epoch.
CONFIG = TrainingConfig(epochs=2, batch_size=16)


@pytest.fixture
def loop() -> Iterator[Loop]:
    running = Loop()
    yield running
    running.commands.send(Quit())
    running.thread.join(5)
    assert not running.thread.is_alive()


def _rows_of_a_run(loop: Loop, pace: float | None) -> list[BatchRows]:
    loop.commands.send(SetPace(pace))
    loop.commands.send(StartRun(1, tiny_network(), CONFIG, SOURCE))
    messages = loop.until(Finished)
    return [m for m in messages if isinstance(m, BatchRows)]


def test_each_slow_batch_says_which_training_rows_it_was(loop: Loop) -> None:
    sent = _rows_of_a_run(loop, 10)
    assert [m.step for m in sent] == list(range(1, 9))
    assert all(m.run_id == 1 and m.rows.shape == (16,) for m in sent)
    # Each epoch's four batches are a shuffle of the 64 training rows.
    for epoch in (sent[:4], sent[4:]):
        assert sorted(np.concatenate([m.rows for m in epoch]).tolist()) == list(range(64))
    assert not np.array_equal(sent[0].rows, np.arange(16))  # shuffled, not in order
    assert not sent[0].rows.flags.writeable


def test_full_speed_sends_no_rows(loop: Loop) -> None:
    assert _rows_of_a_run(loop, None) == []
    assert _rows_of_a_run(loop, 200) == []  # fast, though paced


def test_a_large_data_set_sends_no_rows_even_slowly(
    loop: Loop, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(child, "ROWS_EXAMPLES", 63)  # the 64-example set is "large"
    assert _rows_of_a_run(loop, 10) == []


def test_rows_are_row_numbers() -> None:
    for bad in (np.array([[1, 2]]), np.array([0.5]), np.array([-1, 3])):
        with pytest.raises(ValueError, match="rows"):
            BatchRows(1, 1, bad)
    assert BatchRows(1, 1, np.array([3, 0], dtype=np.int32)).rows.dtype == np.intp
