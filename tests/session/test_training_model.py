"""The training model: what each button asks for, and what each record changes (no process)."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from nnviz.core.data import DataSet, GivenData, MnistSource
from nnviz.core.network import Network
from nnviz.core.presets import load_preset
from nnviz.core.training import (
    BatchRecord,
    ChunkBuilder,
    EpochRecord,
    Pause,
    Resume,
    SetLearningRate,
    StepBatch,
    Stop,
    Trainer,
    TrainingConfig,
)
from nnviz.core.training.recipes import MNIST_RECIPE
from nnviz.session.document import Document
from nnviz.session.training import (
    IDLE,
    PAUSED,
    RUNNING,
    STARTING,
    STOPPING,
    DataFacts,
    RunOrder,
    RunPlan,
    TrainingModel,
)


def _data() -> DataSet:
    rng = np.random.default_rng(5)
    x = rng.random((48, 5))
    y = (x[:, 2] > 0.5).astype(int)
    return DataSet.classification(x, y, x[:12], y[:12], 2)


def _network() -> Network:
    return Network.initialised((5, 6, 2), ("relu", "softmax"), "cross_entropy", seed=4)


SOURCE = GivenData(_data())


def play(model: TrainingModel, start: RunPlan, commands: list[object] | None = None) -> None:
    """Run ``start`` with a real Trainer here and hand the model what the process would."""
    trainer = Trainer(start.network, start.data.load(), start.config, resume=start.resume)
    for command in commands or []:
        trainer.send(command)  # type: ignore[arg-type]
    builder = ChunkBuilder(len(start.network.weights))
    for record in trainer.run():
        if isinstance(record, BatchRecord):
            builder.add(record)
            continue
        chunk = builder.take()
        if chunk is not None:
            model.receive(start.run_id, chunk)
        model.receive(start.run_id, record)
        if model.status == PAUSED and getattr(record, "reason", "") != "start":
            break


def test_start_runs_to_the_end_and_reports_each_state() -> None:
    model = TrainingModel(TrainingConfig(epochs=2, batch_size=12))
    statuses: list[str] = []
    model.status_changed.connect(statuses.append)
    arrived: list[str] = []
    model.network_arrived.connect(lambda network, kind: arrived.append(kind))
    start = model.start(_network(), SOURCE)
    assert start.config.on_divergence == "pause" and not start.config.start_paused
    play(model, start)
    assert statuses == [STARTING, RUNNING, IDLE]
    assert arrived == ["epoch", "epoch", "final"]
    assert model.history.n_batches == 8 and model.progress.step == 8
    assert "Finished 2 epochs" in model.message
    assert model.origin is start.network


def test_buttons_become_messages_for_the_active_run() -> None:
    model = TrainingModel()
    assert model.command(Pause()) is None  # no run
    start = model.start(_network(), SOURCE)
    with pytest.raises(ValueError, match="already"):
        model.start(_network(), SOURCE)
    message = model.command(Resume())
    assert isinstance(message, RunOrder) and message.run_id == start.run_id
    assert model.follow_learning_rate(0.5) == RunOrder(start.run_id, SetLearningRate(0.5))
    assert model.config.learning_rate == 0.5
    with pytest.raises(ValueError, match="Stop first"):
        model.set_config(epochs=3)
    stop = model.command(Stop())
    assert stop is not None and model.status == STOPPING


def test_step_from_idle_starts_a_paused_run_then_steps() -> None:
    model = TrainingModel(TrainingConfig(epochs=1, batch_size=12))
    messages = model.step(_network(), SOURCE, StepBatch())
    assert isinstance(messages[0], RunPlan) and messages[0].config.start_paused
    assert messages[1] == RunOrder(messages[0].run_id, StepBatch())
    play(model, messages[0], [StepBatch()])
    assert model.status == PAUSED and model.history.n_batches == 1


def test_a_learning_rate_of_1000_diverges_and_pauses_with_the_last_good_weights() -> None:
    model = TrainingModel(TrainingConfig(epochs=3, batch_size=12, learning_rate=1000.0))
    diverged: list[object] = []
    model.diverged.connect(diverged.append)
    kinds: list[tuple[str, Network]] = []
    model.network_arrived.connect(lambda network, kind: kinds.append((kind, network)))
    play(model, model.start(_network(), SOURCE))
    assert model.status == PAUSED and diverged
    assert "diverged" in model.message and "smaller learning rate" in model.message
    kind, network = kinds[-1]
    assert kind == "diverged" and all(np.all(np.isfinite(w)) for w in network.weights)


def test_records_of_an_abandoned_run_are_ignored() -> None:
    model = TrainingModel(TrainingConfig(epochs=1, batch_size=12))
    start = model.start(_network(), SOURCE)
    stop = model.abandon("stopped: the network changed")
    assert stop == RunOrder(start.run_id, Stop())
    assert model.status == IDLE and "network changed" in model.message
    play(model, start)
    assert model.history.empty and model.status == IDLE


def test_reset_returns_the_first_weights_and_clears_the_history() -> None:
    model = TrainingModel(TrainingConfig(epochs=1, batch_size=12))
    first = _network()
    play(model, model.start(first, SOURCE))
    play(
        model,
        model.start(
            Network.initialised((5, 6, 2), ("relu", "softmax"), "cross_entropy", seed=9), SOURCE
        ),
    )
    assert model.history.n_epochs == 2
    origin, stop = model.reset()
    assert origin is first and stop is None and model.history.empty and model.origin is None


def test_failures_and_readiness() -> None:
    model = TrainingModel()
    ready: list[object] = []
    model.data_ready.connect(ready.append)
    model.receive_data(DataFacts(60_000, 10_000, 784, 10, 0.4))
    assert ready and model.data is not None and model.data.n_train == 60_000
    start = model.start(_network(), SOURCE)
    model.receive_failure("training failed: boom", start.run_id)
    assert model.status == IDLE and model.message == "training failed: boom"
    with pytest.raises(ValueError):
        model.set_train_limit(0)
    model.set_train_limit(1000)
    assert model.train_limit == 1000


def test_the_pace_is_the_models_own_and_can_change_at_any_time() -> None:
    model = TrainingModel()
    paces: list[object] = []
    model.pace_changed.connect(paces.append)
    assert model.pace is None  # full speed
    model.set_pace(5)
    plan = model.start(_network(), SOURCE)
    model.set_pace(None)  # while the run is active, too
    model.set_pace(None)
    assert paces == [5.0, None] and model.pace is None
    assert plan.config == dataclasses.replace(plan.config)  # the recipe does not hold it
    for refused in (0, 0.5, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="pace"):
            model.set_pace(refused)
    assert model.pace is None


@pytest.mark.hostile
def test_the_model_says_which_weights_are_a_failed_runs_result() -> None:
    from nnviz.core.run_result import DIVERGED, INTERRUPTED

    # For the rule that a failed run's result never replaces a file the user keeps.
    model = TrainingModel(TrainingConfig(epochs=3, batch_size=12, learning_rate=1000.0))
    mine = _network()
    assert model.result_status(mine) is None
    start = model.start(mine, SOURCE)
    assert model.result_status(mine) == INTERRUPTED  # a run is going
    kinds: list[tuple[str, Network]] = []
    model.network_arrived.connect(lambda network, kind: kinds.append((kind, network)))
    play(model, start)
    assert model.status == PAUSED and model.result_status(kinds[-1][1]) == DIVERGED
    # Stopped while paused on the divergence: its weights are still a diverged run's.
    model.command(Stop())
    play(model, start, [Stop()])
    last = kinds[-1][1]
    assert model.status == IDLE and model.result_status(last) == DIVERGED
    assert model.result_status(last.with_bias(1, 0, 0.5)) is None  # the user edited them


@pytest.mark.hostile
def test_a_completed_run_and_a_dead_process() -> None:
    from nnviz.core.run_result import INTERRUPTED

    model = TrainingModel(TrainingConfig(epochs=1, batch_size=12))
    kinds: list[Network] = []
    model.network_arrived.connect(lambda network, kind: kinds.append(network))
    play(model, model.start(_network(), SOURCE))
    assert model.status == IDLE and model.result_status(kinds[-1]) is None
    model.set_config(epochs=5)
    start = model.start(_network(), SOURCE)
    trainer = Trainer(start.network, _data(), start.config)
    for record in trainer.run():  # the process dies after its first epoch
        if not isinstance(record, BatchRecord):
            model.receive(start.run_id, record)
        if isinstance(record, EpochRecord):
            break
    model.receive_failure("the training process ended unexpectedly", start.run_id)
    assert model.status == IDLE and model.result_status(kinds[-1]) == INTERRUPTED


def test_a_document_on_mnist_moves_its_images_and_one_on_other_data_does_not() -> None:
    mnist = Document(load_preset("mnist"))
    assert isinstance(mnist.data, MnistSource)
    assert mnist.training.config.augment_shift == MNIST_RECIPE.augment_shift == 1
    toy = Document(load_preset("feedforward"))
    assert not isinstance(toy.data, MnistSource)
    assert toy.training.config.augment_shift == 0
    # A document that turns to MNIST gets its shift; one that leaves it, none.
    toy.open_preset("mnist")
    assert isinstance(toy.data, MnistSource) and toy.training.config.augment_shift == 1
    toy.set_data(None)
    assert toy.training.config.augment_shift == 0
