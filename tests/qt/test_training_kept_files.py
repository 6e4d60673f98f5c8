"""The window follows the rule of every run's result: File ▸ Export weights of a run that is
going (or diverged) and the checkpoint of an epoch that diverged never replace a file."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from training_fixtures import feature_of, shut, training_window, wait_for

from nnviz.core.weights_io import load_weights
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.session.training import IDLE, PAUSED, RUNNING

pytestmark = pytest.mark.hostile


@pytest.fixture
def window(
    qtbot: QtBot, preferences: Preferences, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> MainWindow:
    return training_window(qtbot, preferences, monkeypatch, tmp_path / "training")


def test_exporting_a_run_that_is_going_writes_beside_a_kept_file(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, warnings: list[tuple[str, str]]
) -> None:
    kept = tmp_path / "important.npz"
    kept.write_bytes(b"the weights the user keeps")
    feature = feature_of(window)
    model = feature.controller.model
    model.set_config(epochs=500, batch_size=16)
    feature.controller.start()
    wait_for(qtbot, lambda: model.status == RUNNING and model.history.n_batches > 0)
    assert window.features.files.export_weights_to(kept)
    assert kept.read_bytes() == b"the weights the user keeps"
    beside = tmp_path / "important.interrupted.npz"
    assert load_weights(beside).meta["training"]["status"] == "interrupted"
    assert warnings[-1] == (
        "The file was kept",
        "“important.npz” was kept: these weights come from a training run that did not "
        "finish, so they were written beside it, to “important.interrupted.npz”.",
    )
    feature.controller.stop()
    wait_for(qtbot, lambda: model.status == IDLE)
    # Stopped by the user: the weights on screen are theirs to replace the file with.
    assert window.features.files.export_weights_to(kept)
    assert load_weights(kept).network.layer_sizes == (784, 100, 50, 10)
    shut(window)


def test_a_diverged_epoch_leaves_the_healthy_checkpoint(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, warnings: list[tuple[str, str]]
) -> None:
    feature = feature_of(window)
    controller, model = feature.controller, feature.controller.model
    folder = tmp_path / "training"
    model.set_config(epochs=5, batch_size=128)  # two batches an epoch
    controller.step_epoch()
    wait_for(qtbot, lambda: model.status == PAUSED and model.history.n_epochs == 1)
    wait_for(qtbot, lambda: (folder / "checkpoint.npz").exists())
    controller.checkpoints.wait(5)
    healthy = (folder / "checkpoint.npz").read_bytes()
    window.edits.set_learning_rate(1e30)  # the second batch of epoch 2 diverges
    controller.step_epoch()
    wait_for(qtbot, lambda: model.history.n_epochs == 2)
    wait_for(qtbot, lambda: (folder / "checkpoint.diverged.npz").exists())
    controller.checkpoints.wait(5)
    assert (folder / "checkpoint.npz").read_bytes() == healthy
    assert load_weights(folder / "checkpoint.diverged.npz").meta["training"]["status"] == (
        "diverged"
    )
    kept = tmp_path / "mine.json"
    kept.write_text("{}")
    assert window.features.files.export_weights_to(kept)
    assert kept.read_text() == "{}" and (tmp_path / "mine.diverged.json").exists()
    assert "a training run that diverged" in warnings[-1][1]
    shut(window)
