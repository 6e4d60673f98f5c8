"""Training meets sizes it cannot meet with one line, and a diverging run warns nobody."""

from __future__ import annotations

import tracemalloc

import numpy as np
import pytest

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.core.training import Finished, Trainer, TrainingConfig

pytestmark = pytest.mark.hostile


def _network() -> Network:
    return Network.initialised((784, 100, 50, 10), ("relu", "relu", "softmax"), "cross_entropy")


def test_a_batch_larger_than_the_training_set_allocates_only_what_a_batch_can_hold(
    small_data: DataSet,
) -> None:
    tracemalloc.start()
    try:
        trainer = Trainer(_network(), small_data, TrainingConfig(batch_size=10_000_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # 0.1 sized its buffers by the option: 10 million rows of 784 float32s (31 GB).
    assert peak < 64 << 20
    assert trainer.batches_per_epoch == 1
    records = list(trainer.run())
    assert isinstance(records[-1], Finished) and records[-1].reason == "completed"


def test_the_estimate_is_what_a_run_allocates(small_data: DataSet) -> None:
    from nnviz.core.training.memory import training_memory

    network = Network.initialised((784, 1000, 10), ("relu", "softmax"), "cross_entropy")
    tracemalloc.start()
    try:
        for _ in Trainer(network, small_data, TrainingConfig(epochs=1)).run():
            pass
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    estimate = training_memory(network.layer_sizes, 300, "sgd")
    assert 0.8 * peak < estimate < 1.25 * peak


def test_a_run_larger_than_the_memory_there_is_is_refused_by_the_trainer(
    small_data: DataSet, monkeypatch: pytest.MonkeyPatch
) -> None:
    from nnviz.core.limits import TooLargeError

    monkeypatch.setattr("nnviz.core.limits.available_memory", lambda: 1_000_000)
    with pytest.raises(
        TooLargeError,
        match=r"84,060 parameters: training it would need about 7\.\d MB of memory; 1\.0 MB",
    ):
        Trainer(_network(), small_data)


def test_a_network_past_the_parameter_limit_is_refused_with_what_it_needs() -> None:
    from nnviz.core.limits import TooLargeError
    from nnviz.core.training.memory import check_trainable

    with pytest.raises(TooLargeError, match="would need about 484.0 GB of memory"):
        check_trainable((784, 100_000, 100_000, 10), 64)


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize("optimizer", ["sgd", "adam"])
def test_a_diverging_run_raises_no_numpy_warning(small_data: DataSet, optimizer: str) -> None:
    config = TrainingConfig(epochs=1, learning_rate=1e30, optimizer=optimizer)
    finished = list(Trainer(_network(), small_data, config).run())[-1]
    assert isinstance(finished, Finished) and finished.reason == "diverged"
    assert all(np.all(np.isfinite(w)) for w in finished.network.weights)
