"""Two training runs compared: a copy of the MNIST network with sigmoid in place of ReLU,
both trained with the same seed (each in its own training process), overlaid on the
Compare training page."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot
from training_fixtures import feature_of, training_window, wait_for

from nnviz.core.training import Finished
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences


@pytest.fixture
def window(
    qtbot: QtBot, preferences: Preferences, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> MainWindow:
    return training_window(qtbot, preferences, monkeypatch, tmp_path / "training")


def test_sigmoid_against_relu_trained_with_the_same_seed(qtbot: QtBot, window: MainWindow) -> None:
    assert window.features is not None and window.features.compare is not None
    compare = window.features.compare
    first = window.document
    first.training.set_config(epochs=2, batch_size=128, seed=7)
    window.registry.action("view.compare_copy").trigger()
    second = window.workspace.documents[1]
    assert second.training.config == first.training.config  # the same recipe
    second.edits.set_activation(1, "sigmoid")
    second.edits.set_activation(2, "sigmoid")
    second.training.set_config(seed=3)  # the button gives it the first's seed again
    pages = window.pages
    assert pages.tabText(pages.indexOf(compare.page)) == "Compare training"
    finished: list[Finished] = []
    for document in (first, second):
        document.training.finished.connect(finished.append)
    assert compare.train_both()
    assert second.training.config.seed == 7
    assert pages.currentWidget() is compare.page
    wait_for(qtbot, lambda: len(finished) == 2, timeout=60_000)
    assert all(f.reason == "completed" for f in finished)
    for side, document in enumerate((first, second)):
        history = document.training.history
        assert history.n_epochs == 2
        qtbot.waitUntil(lambda s=side: len(compare.page.curve_data(s)[0]) == 2)
        x, y = compare.page.curve_data(side)
        np.testing.assert_array_equal(x, history.series("epoch", "x"))
        np.testing.assert_array_equal(y, history.series("epoch", "test_accuracy"))
    # Different activations, so different runs; each took its own weights.
    assert not np.array_equal(first.network.weights[0], second.network.weights[0])
    legend = compare.page.legend.text()
    assert "relu, relu → softmax" in legend and "sigmoid, sigmoid → softmax" in legend
    assert legend.count("seed 7") == 2
    for view in window.area.views:
        feature_of(window).parts_of(view).controller.shutdown()
    window.registry.action("view.compare_close").trigger()
    assert pages.indexOf(compare.page) < 0
