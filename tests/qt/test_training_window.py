"""Training in the window: runs, pause/resume/stop, steps, divergence, closing mid-run.

Each test trains the MNIST network on 256 images in a real training process (spawned,
as in the app), driven through the window's controller and buttons.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from training_fixtures import feature_of, same_weights, shut, training_window, wait_for

from nnviz.core.training import Diverged, Finished
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.session.training import IDLE, PAUSED, RUNNING


@pytest.fixture
def window(
    qtbot: QtBot, preferences: Preferences, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> MainWindow:
    return training_window(qtbot, preferences, monkeypatch, tmp_path / "training")


def test_a_two_batch_run_shows_progress_then_finishes(qtbot: QtBot, window: MainWindow) -> None:
    feature = feature_of(window)
    model = feature.controller.model
    model.set_config(epochs=1, batch_size=128)
    start = window.document.network
    statuses: list[str] = []
    model.status_changed.connect(statuses.append)
    finished: list[Finished] = []
    model.finished.connect(finished.append)
    progress: list[int] = []
    model.progress_changed.connect(lambda: progress.append(model.progress.step))

    qtbot.mouseClick(feature.panel.start_button, _left())
    wait_for(qtbot, lambda: finished)

    assert statuses[0] == "starting" and RUNNING in statuses and statuses[-1] == IDLE
    assert progress and max(progress) == 2
    assert finished[0].reason == "completed" and finished[0].step == 2
    history = model.history
    assert history.n_batches == 2 and history.n_epochs == 1
    assert np.all(np.isfinite(history.series("batch", "loss")))
    # The session took the trained weights, as one undoable step.
    assert same_weights(window.document.network, finished[0].network)
    assert not same_weights(window.document.network, start)
    assert "Finished 1 epochs" in feature.panel.message_label.text()
    window.undo_stack.undo()
    assert same_weights(window.document.network, start)
    shut(window)


def test_pause_resume_and_stop(qtbot: QtBot, window: MainWindow) -> None:
    feature = feature_of(window)
    controller, model, panel = feature.controller, feature.controller.model, feature.panel
    model.set_config(epochs=500, batch_size=16)  # 8,000 batches: seconds of work
    controller.start()
    wait_for(qtbot, lambda: model.status == RUNNING and model.history.n_batches > 0)
    assert panel.pause_button.isEnabled() and not panel.start_button.isEnabled()

    qtbot.mouseClick(panel.pause_button, _left())
    wait_for(qtbot, lambda: model.status == PAUSED)
    assert panel.pause_button.text() == "Resume"
    qtbot.wait(100)  # what was already in the pipe has arrived
    paused_at = model.history.n_batches
    qtbot.wait(300)
    assert model.history.n_batches == paused_at  # nothing trains while paused

    qtbot.mouseClick(panel.pause_button, _left())
    wait_for(qtbot, lambda: model.status == RUNNING and model.history.n_batches > paused_at)

    finished: list[Finished] = []
    model.finished.connect(finished.append)
    qtbot.mouseClick(panel.stop_button, _left())
    wait_for(qtbot, lambda: finished)
    assert finished[0].reason == "stopped" and model.status == IDLE
    assert same_weights(window.document.network, finished[0].network)
    assert panel.start_button.isEnabled() and not panel.stop_button.isEnabled()
    shut(window)


def test_steps_train_one_batch_then_one_epoch(qtbot: QtBot, window: MainWindow) -> None:
    feature = feature_of(window)
    controller, model = feature.controller, feature.controller.model
    model.set_config(epochs=3, batch_size=64)  # 4 batches an epoch
    start = window.document.network
    controller.step_batch()
    wait_for(qtbot, lambda: model.status == PAUSED and model.progress.step == 1)
    wait_for(qtbot, lambda: not same_weights(window.document.network, start))
    assert model.history.n_batches == 1
    controller.step_epoch()
    wait_for(qtbot, lambda: model.history.n_epochs == 1 and model.status == PAUSED)
    assert model.progress.step == 4 and model.history.n_batches == 4
    shut(window)


def test_reset_repeats_the_same_run(qtbot: QtBot, window: MainWindow) -> None:
    feature = feature_of(window)
    controller, model = feature.controller, feature.controller.model
    model.set_config(epochs=1, batch_size=128)
    start = window.document.network
    finished: list[Finished] = []
    model.finished.connect(finished.append)
    controller.start()
    wait_for(qtbot, lambda: finished)
    first_losses = np.array(model.history.series("batch", "loss"))

    qtbot.mouseClick(feature.panel.reset_button, _left())
    assert model.history.empty
    assert same_weights(window.document.network, start)
    controller.start()
    wait_for(qtbot, lambda: len(finished) == 2)
    assert np.array_equal(model.history.series("batch", "loss"), first_losses)
    assert same_weights(finished[0].network, finished[1].network)
    shut(window)


def test_the_learning_rate_changes_while_running(qtbot: QtBot, window: MainWindow) -> None:
    feature = feature_of(window)
    model = feature.controller.model
    model.set_config(epochs=500, batch_size=16, schedule="constant")
    feature.controller.start()
    wait_for(qtbot, lambda: model.status == RUNNING and model.history.n_batches > 5)
    feature.panel.fields.learning_rate.setValue(0.02)
    wait_for(qtbot, lambda: model.history.series("batch", "learning_rate")[-1] == 0.02)
    assert model.config.learning_rate == 0.02
    assert not feature.panel.fields.epochs.isEnabled()  # the rest of the recipe is locked
    feature.controller.stop()
    wait_for(qtbot, lambda: model.status == IDLE)
    shut(window)


def test_a_learning_rate_of_1000_diverges_pauses_and_keeps_good_weights(
    qtbot: QtBot, window: MainWindow
) -> None:
    feature = feature_of(window)
    model = feature.controller.model
    model.set_config(epochs=2, batch_size=32)
    feature.panel.fields.learning_rate.setValue(1000.0)
    diverged: list[Diverged] = []
    model.diverged.connect(diverged.append)
    feature.controller.start()
    wait_for(qtbot, lambda: diverged and model.status == PAUSED)
    network = window.document.network
    assert same_weights(network, diverged[0].network)  # the last good weights are shown
    assert all(np.all(np.isfinite(w)) for w in network.weights)
    text = feature.panel.message_label.text()
    assert "diverged" in text and "smaller learning rate" in text
    assert feature.panel.message_label.isVisible()
    assert "diverged" in window.statusBar().currentMessage()
    # A smaller rate and Resume carry on from there.
    feature.panel.fields.learning_rate.setValue(0.05)
    finished: list[Finished] = []
    model.finished.connect(finished.append)
    feature.controller.pause_or_resume()
    wait_for(qtbot, lambda: finished)
    assert finished[0].reason == "completed"
    shut(window)


def test_closing_mid_training_stops_the_process_within_a_second(
    qtbot: QtBot, window: MainWindow
) -> None:
    feature = feature_of(window)
    controller, model = feature.controller, feature.controller.model
    model.set_config(epochs=500, batch_size=16)
    window.pages.setCurrentIndex(feature.plots_index)  # the diagram is off screen: ...
    start = window.document.network
    controller.start()
    newest: list[object] = []
    model.network_arrived.connect(lambda network, kind: newest.append(network))
    wait_for(qtbot, lambda: model.status == RUNNING and newest)
    assert same_weights(window.document.network, start)  # ... so it waits for new weights
    process = controller.process
    assert process is not None and process.is_alive()
    window.close()
    qtbot.waitUntil(lambda: not process.is_alive(), timeout=1000)
    assert controller.closing and not window.isVisible()
    # The newest weights went into the session before "save the changes?" was asked.
    assert window.document.modified
    assert same_weights(window.document.network, newest[-1])


def test_a_network_edit_during_a_run_stops_it(qtbot: QtBot, window: MainWindow) -> None:
    feature = feature_of(window)
    model = feature.controller.model
    model.set_config(epochs=500, batch_size=16)
    feature.controller.start()
    wait_for(qtbot, lambda: model.status == RUNNING and model.history.n_batches > 0)
    window.edits.set_weight(3, 0, 0, 0.5)
    assert model.status == IDLE
    assert "changed" in feature.panel.message_label.text()
    assert float(window.document.network.weights[2][0, 0]) == 0.5
    shut(window)


def test_networks_that_do_not_fit_the_data_are_refused(qtbot: QtBot, window: MainWindow) -> None:
    feature = feature_of(window)
    window.features.files.open_preset("feedforward")
    assert not feature.panel.start_button.isEnabled()
    assert "784 inputs" in feature.panel.status_label.text()
    assert not feature.controller.start()
    assert feature.controller.process is None  # nothing was started for it


def _left():  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    return Qt.MouseButton.LeftButton


def test_the_diagram_follows_the_weights_while_it_is_on_screen(
    qtbot: QtBot, window: MainWindow
) -> None:
    feature = feature_of(window)
    model = feature.controller.model
    model.set_config(epochs=500, batch_size=16)
    window.pages.setCurrentIndex(0)
    feature.controller.start()
    wait_for(qtbot, lambda: feature.follower.commits >= 3)  # a few a second
    window.pages.setCurrentIndex(feature.plots_index)
    qtbot.wait(400)
    commits = feature.follower.commits
    qtbot.wait(700)
    assert feature.follower.commits == commits  # off screen: no more commits
    feature.controller.stop()
    wait_for(qtbot, lambda: model.status == IDLE)
    shut(window)


@pytest.mark.hostile
def test_closing_mid_training_pauses_the_run_before_the_save_question(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    feature = feature_of(window)
    controller, model = feature.controller, feature.controller.model
    model.set_config(epochs=500, batch_size=16)
    controller.start()
    wait_for(qtbot, lambda: model.status == RUNNING and window.document.modified)
    process = controller.process
    assert process is not None
    seen: list[tuple[str, int, int]] = []

    def ask(self: object) -> QMessageBox.StandardButton:
        # The question is up (a modal loop): does the run go on behind it?
        wait_for(qtbot, lambda: model.status == PAUSED, timeout=5000)
        qtbot.wait(100)  # what was already in the pipe has arrived
        before = model.history.n_batches
        qtbot.wait(400)
        seen.append((model.status, before, model.history.n_batches))
        return (
            QMessageBox.StandardButton.Cancel
            if len(seen) == 1
            else (QMessageBox.StandardButton.Discard)
        )

    monkeypatch.setattr("nnviz.qt.files.Files.ask_to_save", ask)
    window.close()  # cancelled: the run goes on
    assert seen[0][0] == PAUSED and seen[0][1] == seen[0][2]  # 0.1 trained on behind it
    assert window.isVisible()
    wait_for(qtbot, lambda: model.status == RUNNING and model.history.n_batches > seen[0][2])
    window.close()  # discarded: the training process stops as the window closes
    assert len(seen) == 2 and not window.isVisible()
    assert controller.closing and not process.is_alive()  # not at the application's quit
