"""Training belongs to the document: its data set (not only MNIST, not only images), and its
one learning rate, shown alike by the Network, Step and Training panels."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot
from training_fixtures import feature_of, shut, training_window, wait_for

from nnviz.app import build_window
from nnviz.core.data import DataSet, GivenData
from nnviz.core.network import Network
from nnviz.core.training import Finished
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.session import Description, Document, DocumentState
from nnviz.session.training import DataFacts


def _blobs() -> DataSet:
    rng = np.random.default_rng(3)
    labels = rng.integers(0, 2, 120)
    x = rng.normal(0, 0.7, (120, 2)) + np.where(labels[:, None] == 1, 1.5, -1.5)
    return DataSet.classification(x[:90], labels[:90], x[90:], labels[90:], 2, name="two blobs")


def test_a_document_trains_on_its_own_two_dimensional_data(
    qtbot: QtBot, preferences: Preferences, tmp_path: Path
) -> None:
    network = Network.initialised((2, 4, 2), ("tanh", "softmax"), "cross_entropy", seed=1)
    state = DocumentState(network, np.zeros(2), None, 0.3, Description(title="Blobs"))
    document = Document(data=GivenData(_blobs()))
    document.open_state(state, data=GivenData(_blobs()))
    window = build_window(document, preferences, tmp_path)
    qtbot.addWidget(window)
    window.show()
    training = feature_of(window)
    assert training.controller.refusal() == ""
    model = training.controller.model
    model.set_config(epochs=3, batch_size=15)
    finished: list[Finished] = []
    model.finished.connect(finished.append)
    training.controller.start()
    wait_for(qtbot, lambda: finished)
    assert finished[0].last_epoch is not None and finished[0].last_epoch.test.accuracy > 0.9
    assert model.config.learning_rate == 0.3  # the document's η
    # The evaluation page reads the document's data set: no images, so no gallery or pad.
    page = training.evaluation
    window.pages.setCurrentIndex(training.evaluation_index)
    wait_for(qtbot, lambda: page.result is not None and page.result.network is document.network)
    assert page.table.rowCount() == 2 and "test examples right" in page.summary.text()
    assert not page.gallery.isVisible() and not page.pad.isVisible()
    page.show_test_image(0)
    np.testing.assert_allclose(document.inputs, _blobs().test_inputs[0])
    shut(window)


def test_a_network_without_a_data_set_says_so(window: MainWindow) -> None:
    training = feature_of(window)
    assert window.document.data is None
    reason = training.controller.refusal()
    assert "no data set to train on" in reason
    assert not training.panel.start_button.isEnabled()
    assert not training.controller.start() and training.controller.process is None


@pytest.fixture
def mnist_window(
    qtbot: QtBot, preferences: Preferences, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> MainWindow:
    return training_window(qtbot, preferences, monkeypatch, tmp_path / "training")


def test_one_learning_rate_everywhere(qtbot: QtBot, mnist_window: MainWindow) -> None:
    window = mnist_window
    assert window.features is not None
    network_field = window.features.network_panel.learning_rate
    training = feature_of(window)
    training_field = training.panel.fields.learning_rate
    step_field = window.features.stepping.panel.update_section.learning_rate
    assert network_field.text() == "0.1" and training_field.value() == 0.1
    training_field.setValue(0.02)  # the Training panel edits the document's η ...
    assert window.document.learning_rate == 0.02
    assert network_field.text() == "0.02" and step_field.text() == "0.02"
    assert training.controller.model.config.learning_rate == 0.02
    window.undo_stack.undo()  # ... as an undoable edit
    assert window.document.learning_rate == 0.1 and training_field.value() == 0.1
    network_field.setText("0.5")
    network_field.editingFinished.emit()
    assert training_field.value() == 0.5 and training.controller.model.config.learning_rate == 0.5
    shut(window)


def test_the_training_panel_follows_the_documents_data_set(window: MainWindow) -> None:
    training = feature_of(window)
    panel = training.panel
    model = training.controller.model
    assert not panel.start_button.isEnabled()  # the feedforward example: nothing to train on
    model.receive_data(DataFacts(90, 30, 2, 2))
    window.document.open_preset("mnist")  # from File ▸ Open a lecture network
    assert training.controller.refusal() == ""
    assert panel.start_button.isEnabled() and panel.step_batch_button.isEnabled()
    assert model.data is None  # what was known of the last data set no longer holds
    assert panel.status_label.text() == "Ready. Start trains the network on screen."
    window.document.open_preset("xor")  # MNIST stays its data set, which it does not fit
    assert not panel.start_button.isEnabled()
    assert panel.status_label.text().startswith("The training data (MNIST) has 784 inputs")
