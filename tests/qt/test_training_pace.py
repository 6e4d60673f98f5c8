"""The Training panel's speed control and its numbers: a slow pace shows every batch."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from pytestqt.qtbot import QtBot
from training_fixtures import feature_of, shut, wait_for

from nnviz.app import build_window
from nnviz.core.data import DataSet, GivenData
from nnviz.core.network import Network
from nnviz.core.notation import format_number
from nnviz.core.training import Finished
from nnviz.present.training.pace import PACES
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.session import Description, Document, DocumentState


def _blobs() -> DataSet:
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 2, 120)
    x = rng.normal(0, 0.7, (120, 2)) + np.where(labels[:, None] == 1, 1.5, -1.5)
    return DataSet.classification(x[:90], labels[:90], x[90:], labels[90:], 2, name="two blobs")


def _blobs_window(qtbot: QtBot, preferences: Preferences, folder: Path) -> MainWindow:
    network = Network.initialised((2, 4, 2), ("tanh", "softmax"), "cross_entropy", seed=1)
    state = DocumentState(network, np.zeros(2), None, 0.3, Description(title="Blobs"))
    document = Document(data=GivenData(_blobs()))
    document.open_state(state, data=GivenData(_blobs()))
    window = build_window(document, preferences, folder)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_the_speed_control_is_one_keyboard_slider_from_one_batch_a_second_to_full_speed(
    qtbot: QtBot, preferences: Preferences, tmp_path: Path
) -> None:
    window = _blobs_window(qtbot, preferences, tmp_path)
    training = feature_of(window)
    control = training.panel.pace
    model = training.controller.model
    assert model.pace is None and control.value_label.text() == "full speed"
    assert control.slider.value() == control.slider.maximum() == len(PACES) - 1
    assert "1 batch a second" in control.slider.toolTip()
    assert control.slider.focusPolicy() & Qt.FocusPolicy.TabFocus
    # Keys typed as a user types them (through the window, so shortcuts have their say):
    # while the slider has the focus they move it, not the step-through (→, ←, Home, End).
    window.activateWindow()
    control.slider.setFocus()
    qtbot.waitUntil(control.slider.hasFocus)
    stepper = window.document.stepper
    handle = window.windowHandle()
    QTest.keyClick(handle, Qt.Key.Key_Home)
    assert model.pace == 1 and control.value_label.text() == "1 batch/s"
    QTest.keyClick(handle, Qt.Key.Key_Right)
    assert model.pace == 2 and control.value_label.text() == "2 batches/s"
    QTest.keyClick(handle, Qt.Key.Key_End)
    assert model.pace is None
    assert not stepper.active and stepper.cursor == 0
    model.set_pace(20)  # the model's pace is what the slider shows
    assert control.slider.value() == PACES.index(20)
    assert control.value_label.text() == "20 batches/s"


def test_at_a_slow_pace_every_batchs_weights_reach_the_diagram_and_the_numbers_show(
    qtbot: QtBot, preferences: Preferences, tmp_path: Path
) -> None:
    window = _blobs_window(qtbot, preferences, tmp_path)
    training = feature_of(window)
    numbers = training.panel.numbers
    assert [label.text() for label in numbers.values.values()] == ["—"] * 4
    model = training.controller.model
    model.set_config(epochs=2, batch_size=30)  # three batches an epoch
    model.set_pace(10)
    document = window.document
    shown: list[Network] = []
    document.network_changed.connect(shown.append)
    finished: list[Finished] = []
    model.finished.connect(finished.append)
    training.controller.start()
    wait_for(qtbot, lambda: finished)
    # Six batches, each one's weights committed (the last ones twice over: epoch, final).
    distinct = {tuple(np.concatenate([w.ravel() for w in n.weights])) for n in shown}
    assert len(distinct) == 6
    wait_for(qtbot, lambda: numbers.values["epoch"].text() == "2 of 2")
    last = finished[0].last_epoch
    assert last is not None
    assert numbers.test_heading.text() == "Test accuracy"
    assert numbers.values["test"].text() == f"{last.test.accuracy:.2%}"
    assert numbers.values["batch"].text() == "3 of 3"
    loss = model.history.series("batch", "loss")[-1]
    assert numbers.values["batch_loss"].text() == format_number(float(loss))
    # Reset forgets them.
    training.panel.reset_button.click()
    wait_for(qtbot, lambda: numbers.values["epoch"].text() == "—")
    shut(window)


def test_the_pace_changes_while_a_run_goes(
    qtbot: QtBot, preferences: Preferences, tmp_path: Path
) -> None:
    window = _blobs_window(qtbot, preferences, tmp_path)
    training = feature_of(window)
    model = training.controller.model
    model.set_config(epochs=20, batch_size=15)  # 120 batches: two minutes at 1 batch/s
    model.set_pace(1)
    finished: list[Finished] = []
    model.finished.connect(finished.append)
    training.controller.start()
    wait_for(qtbot, lambda: model.progress.step >= 1)
    qtbot.wait(300)
    assert model.progress.step <= 2 and not finished
    training.panel.pace.slider.setValue(training.panel.pace.slider.maximum())  # full speed
    wait_for(qtbot, lambda: finished, timeout=15_000)
    assert finished[0].reason == "completed"
    shut(window)
