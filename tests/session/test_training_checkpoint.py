"""Training state on disk: written whole, read back, cut to its weights, or refused."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from nnviz.core.presets import load_preset
from nnviz.core.training import TrainingConfig
from nnviz.core.weights_io import load_weights
from nnviz.session.training_checkpoint import (
    HISTORY_NAME,
    WEIGHTS_NAME,
    CheckpointError,
    load_checkpoint,
    remove_checkpoint,
    save_checkpoint,
)


def _history(epochs: int) -> dict[str, np.ndarray]:
    x = np.arange(1, 4 * epochs + 1) / 4
    return {
        "batch/x": x,
        "batch/loss": np.linspace(2, 0.1, x.size),
        "epoch/x": np.arange(1.0, epochs + 1),
        "epoch/test_accuracy": np.linspace(0.9, 0.98, epochs),
        "epoch/confusion": np.eye(10, dtype=np.int64) * 100,
        "stats/x": x[::2],
    }


def test_a_checkpoint_round_trips(tmp_path: Path) -> None:
    network = load_preset("mnist").network
    config = TrainingConfig(epochs=15, learning_rate=0.05, seed=3)
    save_checkpoint(tmp_path, network, config, _history(3), {"title": "MNIST"}, 1000)
    saved = load_checkpoint(tmp_path)
    assert saved is not None
    assert saved.config == config and saved.epochs_done == 3.0 and saved.train_limit == 1000
    assert saved.test_accuracy == pytest.approx(0.98)
    assert np.allclose(saved.network.weights[0], network.weights[0], atol=1e-7)  # float32
    assert np.array_equal(saved.history["batch/loss"], _history(3)["batch/loss"])
    assert "epoch 3 of a 15-epoch run" in saved.describe()
    # The weights are an ordinary weights file too.
    assert load_weights(tmp_path / WEIGHTS_NAME).meta["training"]["status"] == "in progress"
    remove_checkpoint(tmp_path)
    assert load_checkpoint(tmp_path) is None
    remove_checkpoint(tmp_path)  # nothing there: fine


def test_a_history_newer_than_its_weights_is_cut(tmp_path: Path) -> None:
    network = load_preset("mnist").network
    save_checkpoint(tmp_path, network, TrainingConfig(), _history(2))
    weights = (tmp_path / WEIGHTS_NAME).read_bytes()
    save_checkpoint(tmp_path, network, TrainingConfig(), _history(3))
    (tmp_path / WEIGHTS_NAME).write_bytes(weights)  # a crash between the two writes
    saved = load_checkpoint(tmp_path)
    assert saved is not None and saved.epochs_done == 2.0
    assert len(saved.history["batch/x"]) == 8 and len(saved.history["epoch/x"]) == 2


def test_damaged_checkpoints_are_refused_or_lose_only_their_curves(tmp_path: Path) -> None:
    network = load_preset("mnist").network
    save_checkpoint(tmp_path, network, TrainingConfig(), _history(1))
    (tmp_path / HISTORY_NAME).write_bytes(b"garbage")
    saved = load_checkpoint(tmp_path)
    assert saved is not None and saved.history == {}
    (tmp_path / WEIGHTS_NAME).write_bytes(b"garbage")
    with pytest.raises(CheckpointError, match="cannot be read"):
        load_checkpoint(tmp_path)


@pytest.mark.hostile
def test_a_diverged_epoch_never_replaces_the_healthy_checkpoint(tmp_path: Path) -> None:
    network = load_preset("mnist").network
    save_checkpoint(tmp_path, network, TrainingConfig(), _history(2))
    healthy = {name: (tmp_path / name).read_bytes() for name in (WEIGHTS_NAME, HISTORY_NAME)}
    worse = network.with_bias(1, 0, 3.0)
    written = save_checkpoint(tmp_path, worse, TrainingConfig(), _history(3), status="diverged")
    assert written == tmp_path / "checkpoint.diverged.npz"
    assert {name: (tmp_path / name).read_bytes() for name in healthy} == healthy
    assert load_weights(written).meta["training"]["status"] == "diverged"
    assert (tmp_path / "checkpoint.diverged-history.npz").exists()
    saved = load_checkpoint(tmp_path)
    assert saved is not None and saved.epochs_done == 2.0  # the healthy one is offered
    remove_checkpoint(tmp_path)
    assert list(tmp_path.iterdir()) == []
