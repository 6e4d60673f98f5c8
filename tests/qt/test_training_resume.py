"""An interrupted run continues exactly in the window: after Stop and Start, and after
the window closed mid-run and the run was restored from its checkpoint, it ends with the
weights of the run that was never interrupted. Training on after a finished schedule asks
first."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from training_fixtures import feature_of, same_weights, shut, training_window, wait_for

from nnviz.core.network import Network
from nnviz.core.training import EpochRecord, Finished
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.session.training import IDLE
from nnviz.session.training_checkpoint import WEIGHTS_NAME, load_checkpoint

EPOCHS = 4


#: Dropout, augmentation and a validation split (issue 13 item 10) resume exactly too.
OPTIONS = {"dropout": 0.2, "augment_rotation": 10.0, "augment_noise": 0.05, "validation": 32}


def _recipe(window: MainWindow, **options: object) -> None:
    feature_of(window).controller.model.set_config(epochs=EPOCHS, batch_size=32, seed=3, **options)


def _run_to_the_end(qtbot: QtBot, window: MainWindow) -> Finished:
    model = feature_of(window).controller.model
    finished: list[Finished] = []
    model.finished.connect(finished.append)
    assert feature_of(window).controller.start()
    wait_for(qtbot, lambda: finished)
    assert finished[0].reason == "completed"
    return finished[0]


def _uninterrupted(qtbot: QtBot, window: MainWindow, **options: object) -> tuple[Network, Network]:
    """(the weights it began from, the weights it ended with); the window is reset."""
    start = window.document.network
    _recipe(window, **options)
    end = _run_to_the_end(qtbot, window).network
    feature_of(window).panel.reset_button.click()
    wait_for(qtbot, lambda: same_weights(window.document.network, start))
    return start, end


@pytest.fixture
def window(
    qtbot: QtBot, preferences: Preferences, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> MainWindow:
    return training_window(qtbot, preferences, monkeypatch, tmp_path / "training")


def test_stop_then_start_continues_the_run_exactly(qtbot: QtBot, window: MainWindow) -> None:
    _, whole = _uninterrupted(qtbot, window)
    feature = feature_of(window)
    model = feature.controller.model
    model.set_pace(20)  # slow enough to stop mid-run
    feature.controller.start()
    wait_for(qtbot, lambda: model.progress.step >= 11)
    feature.controller.stop()
    wait_for(qtbot, lambda: model.status == IDLE)
    stopped_at = model.progress.step
    assert 0 < stopped_at < EPOCHS * 8
    assert model.continuation(window.document.network) is not None
    model.set_pace(None)
    finished = _run_to_the_end(qtbot, window)
    assert "Continuing the run" not in model.message  # the run's end replaced it
    assert same_weights(finished.network, whole)
    assert same_weights(window.document.network, whole)
    # One history: the curves join where the run stopped, none repeated.
    assert model.history.n_batches == EPOCHS * 8
    assert list(model.history.series("epoch", "x")) == [1.0, 2.0, 3.0, 4.0]
    shut(window)


@pytest.mark.parametrize("options", [{}, OPTIONS], ids=["plain", "dropout-augment-validation"])
def test_a_run_restored_after_the_window_closed_ends_as_the_uninterrupted_one(
    qtbot: QtBot,
    window: MainWindow,
    preferences: Preferences,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    options: dict[str, object],
) -> None:
    folder = tmp_path / "training"
    _, whole = _uninterrupted(qtbot, window, **options)
    feature = feature_of(window)
    model = feature.controller.model
    model.set_pace(15)
    epochs: list[EpochRecord] = []
    model.epoch_ended.connect(epochs.append)
    feature.controller.start()
    wait_for(qtbot, lambda: len(epochs) >= 2 and (folder / WEIGHTS_NAME).exists())
    window.close()  # mid-run: the last epoch's state stays on disk
    wait_for(qtbot, lambda: not feature.controller.checkpoints.busy)
    saved = load_checkpoint(folder)
    assert saved is not None and saved.state is not None, saved
    assert 2 <= saved.run_epochs < EPOCHS
    assert f"of a {EPOCHS}-epoch run" in saved.describe()

    second = training_window(qtbot, preferences, monkeypatch, folder)
    again = feature_of(second)
    wait_for(qtbot, lambda: again.panel.notice.isVisibleTo(again.panel))
    buttons = again.panel.notice.findChildren(type(again.panel.start_button))
    qtbot.mouseClick(next(b for b in buttons if b.text() == "Restore"), Qt.MouseButton.LeftButton)
    assert "continues the run" in again.controller.model.message
    finished = _run_to_the_end(qtbot, second)
    assert finished.epochs_completed == EPOCHS
    assert same_weights(second.document.network, whole)
    assert again.controller.model.history.n_epochs == EPOCHS
    shut(second)


def test_training_on_after_a_finished_schedule_asks_first(
    qtbot: QtBot, window: MainWindow, warnings: list[tuple[str, str]]
) -> None:
    feature = feature_of(window)
    controller = feature.controller
    _recipe(window)
    trained = _run_to_the_end(qtbot, window).network
    asked: list[str] = []
    controller.confirm_new_schedule = lambda question: asked.append(question) or False
    assert not controller.start()  # declined: nothing starts
    assert len(asked) == 1 and "new schedule" in asked[0]
    controller.step_batch()
    assert len(asked) == 2 and controller.model.status == IDLE
    assert same_weights(window.document.network, trained)
    controller.confirm_new_schedule = lambda question: asked.append(question) or True
    finished = _run_to_the_end(qtbot, window)
    assert len(asked) == 3
    assert not same_weights(finished.network, trained)
    assert controller.model.history.n_epochs == 2 * EPOCHS  # the curves continue
    shut(window)
