"""The Inside page: a map of a layer's activations and the weight histograms, following
training; hovering shows an image, clicking puts it on the diagram."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot
from training_fixtures import feature_of, shut, training_window, wait_for

from nnviz.core.training import EpochRecord
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences


@pytest.fixture
def window(
    qtbot: QtBot, preferences: Preferences, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> MainWindow:
    return training_window(qtbot, preferences, monkeypatch, tmp_path / "training")


def test_the_inside_page_maps_a_layer_and_follows_training(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.features is not None and window.features.inside is not None
    inside = window.features.inside
    window.pages.setCurrentIndex(inside.index)
    page = inside.page
    wait_for(qtbot, lambda: page.data is not None and not page.busy)
    assert page.layer_box.currentText().startswith("hidden layer 2")
    assert page.map_points is not None and len(page.map_points) == page.data.n_test  # 200
    assert sum(len(item.data) for item in page.scatters) == page.data.n_test
    assert "Classes apart" in page.summary.text()
    assert [h.initial is None for h in page.weights_histograms] == [True] * 3
    before = page.map_points.copy()
    # Training: the page keeps the weights coming and redraws from them.
    model = feature_of(window).controller.model
    model.set_config(epochs=3, batch_size=32)
    epochs: list[EpochRecord] = []
    model.epoch_ended.connect(epochs.append)
    feature_of(window).controller.start()
    wait_for(qtbot, lambda: len(epochs) == 3 and model.status == "idle")
    wait_for(
        qtbot,
        lambda: (
            not page.busy
            and all(h.initial is not None for h in page.weights_histograms)
            and not np.array_equal(page.map_points, before)
        ),
    )
    assert all("→" in h.summary() for h in page.weights_histograms)
    # Another layer; hover and click.
    page.layer_box.setCurrentIndex(1)
    wait_for(qtbot, lambda: not page.busy)
    page.show_point(5)
    assert page.seen.shown is not None and "test image 5" in page.hover_text.text()
    page.put_on_diagram(5)
    expected = page.data.network_inputs(page.data.test_inputs[5:6])[0]
    np.testing.assert_allclose(window.document.inputs, expected)
    assert window.undo_stack.undoText().startswith("show test image 5")
    shut(window)


def test_the_weight_plots_are_made_when_the_page_is_shown(qtbot: QtBot, window: MainWindow) -> None:
    # Not when the first histograms arrive, in the middle of a training run.
    assert window.features is not None and window.features.inside is not None
    inside = window.features.inside
    page = inside.page
    window.pages.setCurrentIndex(inside.index)
    plots = list(page.weights.ci.items)
    assert len(plots) == len(window.document.network.weights) == 3
    assert page.weights_histograms == []  # the first histograms are on their way
    wait_for(qtbot, lambda: page.weights_histograms != [] and not page.busy)
    assert list(page.weights.ci.items) == plots


def test_a_tsne_map_beside_the_pca_map_hovers_and_clicks_like_it(
    qtbot: QtBot, window: MainWindow
) -> None:
    assert window.features is not None and window.features.inside is not None
    inside = window.features.inside
    window.pages.setCurrentIndex(inside.index)
    page, section = inside.page, inside.tsne
    wait_for(qtbot, lambda: page.data is not None and not page.busy)
    assert not section.map.isVisible()
    section.button.click()
    assert not section.button.isEnabled()  # computing, off the GUI thread
    wait_for(qtbot, lambda: section.embedding is not None and not section.busy, 60_000)
    embedding = section.embedding
    assert embedding is not None and embedding.points.shape == (page.data.n_test, 2)
    assert np.all(np.isfinite(embedding.points)) and section.button.isEnabled()
    assert sum(len(item.data) for item in section.scatters) == page.data.n_test
    assert f"{page.data.n_test:,} test images" in section.status.text()
    # Each class has its own colour; hovering and clicking go through the page.
    colours = {item.opts["brush"].color().name() for item in section.scatters}
    assert len(colours) == len(np.unique(page.data.test_targets))
    item = section.scatters[0]
    point = item.points()[0]
    item.sigHovered.emit(item, [point], None)
    assert f"test image {int(point.data())}" in page.hover_text.text()
    item.sigClicked.emit(item, [point], None)
    assert window.undo_stack.undoText().startswith("show test image")
    shut(window)
