"""A run continued from its saved state ends with the weights of the run that was never
interrupted: at an epoch's end or mid-epoch, with SGD (velocity) or Adam (moments, t),
across a pipe (pickle) and through a file's JSON and arrays."""

from __future__ import annotations

import json
import pickle

import numpy as np
import pytest

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.core.training import (
    BatchRecord,
    EpochRecord,
    Finished,
    SetLearningRate,
    Started,
    Stop,
    Trainer,
    TrainingConfig,
)
from nnviz.core.training.run_state import RunState, RunStateError


def _data() -> DataSet:
    rng = np.random.default_rng(1)
    x = rng.random((500, 8))
    labels = (x[:, 0] > x[:, 1]).astype(int) + (x[:, 2] > 0.7).astype(int)
    return DataSet.classification(x[:400], labels[:400], x[400:], labels[400:], 3, name="toy")


def _network() -> Network:
    return Network.initialised((8, 6, 3), ("relu", "softmax"), "cross_entropy", seed=0)


def _config(optimizer: str) -> TrainingConfig:
    rate = 0.05 if optimizer == "sgd" else 0.01
    return TrainingConfig(
        epochs=4, batch_size=32, optimizer=optimizer, learning_rate=rate, blas_threads=None
    )


def _final(records: list[object]) -> Finished:
    last = records[-1]
    assert isinstance(last, Finished)
    return last


def _same(a: Network, b: Network) -> None:
    for x, y in zip((*a.weights, *a.biases), (*b.weights, *b.biases), strict=True):
        np.testing.assert_array_equal(x, y)


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_run_continued_after_an_epoch_ends_as_the_uninterrupted_one(optimizer: str) -> None:
    data, config = _data(), _config(optimizer)
    whole = _final(list(Trainer(_network(), data, config).run()))
    state = network = None
    for record in Trainer(_network(), data, config).run():
        if isinstance(record, EpochRecord) and record.epoch == 2:
            state, network = pickle.loads(pickle.dumps(record.state)), record.network
            break
    assert isinstance(state, RunState) and network is not None
    assert state.epochs_done == 2.0
    rest = list(Trainer(network, data, config, resume=state).run())
    epochs = [r.epoch for r in rest if isinstance(r, EpochRecord)]
    assert epochs == [3, 4]
    _same(_final(rest).network, whole.network)


@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_run_stopped_mid_epoch_continues_exactly(optimizer: str) -> None:
    data, config = _data(), _config(optimizer)
    whole = list(Trainer(_network(), data, config).run())
    trainer = Trainer(_network(), data, config)
    records = []
    for record in trainer.run():
        records.append(record)
        if isinstance(record, BatchRecord) and (record.epoch, record.batch) == (3, 5):
            trainer.send(Stop())
    stopped = _final(records)
    assert stopped.reason == "stopped" and stopped.state is not None
    rest = list(Trainer(stopped.network, data, config, resume=stopped.state).run())
    started = rest[0]
    assert isinstance(started, Started) and started.step == stopped.step
    first = next(r for r in rest if isinstance(r, BatchRecord))
    assert (first.epoch, first.batch) == (3, 6)
    _same(_final(rest).network, _final(whole).network)
    # The epoch that was cut in two reports the same training loss as the whole one.
    whole_3 = next(r for r in whole if isinstance(r, EpochRecord) and r.epoch == 3)
    rest_3 = next(r for r in rest if isinstance(r, EpochRecord) and r.epoch == 3)
    assert rest_3.train_loss == pytest.approx(whole_3.train_loss, rel=1e-12)
    assert rest_3.test.accuracy == whole_3.test.accuracy


def test_a_changed_learning_rate_is_part_of_the_state() -> None:
    data, config = _data(), _config("sgd")

    def run_with_change(stop_at_epoch: int | None) -> list[object]:
        trainer = Trainer(_network(), data, config)
        records: list[object] = []
        for record in trainer.run():
            records.append(record)
            if isinstance(record, BatchRecord) and (record.epoch, record.batch) == (1, 3):
                trainer.send(SetLearningRate(0.02))
            if isinstance(record, EpochRecord) and record.epoch == stop_at_epoch:
                break
        return records

    whole = _final(run_with_change(None))
    cut = run_with_change(2)[-1]
    assert isinstance(cut, EpochRecord) and cut.state is not None
    assert cut.state.base_rate == 0.02
    rest = list(Trainer(cut.network, data, config, resume=cut.state).run())
    _same(_final(rest).network, whole.network)


def test_the_state_survives_a_file_as_json_and_arrays() -> None:
    data, config = _data(), _config("adam")
    record = next(r for r in Trainer(_network(), data, config).run() if isinstance(r, EpochRecord))
    assert record.state is not None
    meta = json.loads(json.dumps(record.state.to_meta()))
    arrays = {k: np.array(v) for k, v in record.state.arrays().items()}
    back = RunState.from_meta(meta, arrays, config)
    assert back.to_meta() == record.state.to_meta()
    for a, b in zip(back.optimizer, record.state.optimizer, strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"epoch": -1}, "whole number"),
        ({"base_rate": float("nan")}, "finite"),
        ({"shuffle_state": "{}"}, "shuffling"),
        ({"recipe": {"epochs": 4, "colour": 1}}, "recipe"),
        ({"batch": 99}, "past the end"),
    ],
)
def test_a_damaged_state_is_refused_in_one_line(change: dict[str, object], words: str) -> None:
    data, config = _data(), _config("sgd")
    record = next(r for r in Trainer(_network(), data, config).run() if isinstance(r, EpochRecord))
    assert record.state is not None
    meta = {**record.state.to_meta(), **change}
    with pytest.raises(RunStateError, match=words) as caught:
        RunState.from_meta(meta, dict(record.state.arrays()))
    assert "\n" not in str(caught.value)


def test_a_state_of_another_recipe_or_data_is_refused() -> None:
    data, config = _data(), _config("sgd")
    record = next(r for r in Trainer(_network(), data, config).run() if isinstance(r, EpochRecord))
    assert record.state is not None
    with pytest.raises(RunStateError, match="batch size"):
        Trainer(record.network, data, TrainingConfig(epochs=4, batch_size=16), resume=record.state)
    with pytest.raises(RunStateError, match="finished"):
        done = _final(list(Trainer(_network(), data, config).run()))
        assert done.state is not None
        Trainer(done.network, data, config, resume=done.state)
