"""Item 10 of issue 13 in the window: the training set browser (Train ▸ Browse the
training set), the augmented images' preview, the recipe's new fields, and the
validation curves."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot
from training_fixtures import feature_of, shut, training_window, wait_for

from nnviz.core.training import EpochRecord
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.qt.training.data_browser import PER_CLASS, DataBrowser


@pytest.fixture
def window(
    qtbot: QtBot, preferences: Preferences, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> MainWindow:
    return training_window(qtbot, preferences, monkeypatch, tmp_path / "training")


def _browser(qtbot: QtBot, window: MainWindow) -> DataBrowser:
    window.registry.action("train.browse_data").trigger()
    assert window.features is not None and window.features.data_browsing is not None
    dialog = window.features.data_browsing.dialog
    assert dialog is not None
    wait_for(qtbot, lambda: dialog.ready)
    return dialog


def test_without_a_validation_split_the_legend_has_no_validation_curve(
    qtbot: QtBot, window: MainWindow
) -> None:
    feature = feature_of(window)
    feature.controller.model.set_config(epochs=1)
    epochs: list[EpochRecord] = []
    feature.controller.model.epoch_ended.connect(epochs.append)
    window.pages.setCurrentIndex(feature.plots_index)
    feature.controller.start()
    wait_for(qtbot, lambda: epochs and feature.controller.model.status == "idle")
    wait_for(qtbot, lambda: feature.plots.up_to_date)
    assert "test" in feature.plots.plots["accuracy"].titleLabel.text
    assert "val." not in feature.plots.plots["accuracy"].titleLabel.text
    shut(window)


def test_the_browser_shows_each_class_its_average_and_the_pixels(
    qtbot: QtBot, window: MainWindow
) -> None:
    dialog = _browser(qtbot, window)
    assert dialog.isVisible() and "256 training images" in dialog.status.text()
    assert dialog.tabs.count() == 4
    # A row of examples per class, each row PER_CLASS images wide (or the class's count).
    pictures = [w for w in dialog.examples.findChildren(type(dialog.status)) if w.pixmap()]
    assert len(pictures) == 10
    assert max(p.pixmap().width() for p in pictures) == 2 * (PER_CLASS * 29 - 1)
    means = [dialog.means.findChild(type(dialog.status), f"classMean{i}") for i in range(10)]
    assert all(m is not None and not m.pixmap().isNull() for m in means)
    items = dialog.histogram.getPlotItem().listDataItems()
    assert len(items) == 1 and "background" in dialog.histogram.getPlotItem().titleLabel.text
    # Opened again, the same dialog comes back (the data set is read once).
    window.registry.action("train.browse_data").trigger()
    assert window.features is not None and window.features.data_browsing is not None
    assert window.features.data_browsing.dialog is dialog
    dialog.close()
    shut(window)


def test_the_preview_follows_the_recipes_augmentation(qtbot: QtBot, window: MainWindow) -> None:
    dialog = _browser(qtbot, window)
    dialog.show_preview()
    np.testing.assert_allclose(dialog.preview_originals, dialog.preview_changed, atol=1e-6)
    assert "as they are" in dialog.preview_text.text()
    panel = feature_of(window).panel
    panel.fields.augment_rotation.setValue(20.0)
    panel.fields.augment_noise.setValue(0.2)
    model = feature_of(window).controller.model
    assert model.config.augment_rotation == 20.0 and model.config.augment_noise == 0.2
    assert not np.array_equal(dialog.preview_originals, dialog.preview_changed)
    assert "±20°" in dialog.preview_text.text()
    first = dialog.preview_changed.copy()
    dialog.findChild(type(panel.start_button), "otherImages").click()
    assert not np.array_equal(first, dialog.preview_changed)
    dialog.close()
    shut(window)


def test_a_run_with_validation_and_dropout_draws_validation_curves(
    qtbot: QtBot, window: MainWindow
) -> None:
    feature = feature_of(window)
    panel, model = feature.panel, feature.controller.model
    panel.fields.validation.setValue(56)
    panel.fields.dropout.setValue(0.2)
    panel.fields.epochs.setValue(2)
    assert model.config.validation == 56 and model.config.dropout == 0.2
    epochs: list[EpochRecord] = []
    model.epoch_ended.connect(epochs.append)
    feature.controller.start()
    wait_for(qtbot, lambda: len(epochs) == 2 and model.status == "idle")
    assert all(r.validation is not None for r in epochs)
    assert int(epochs[0].validation.confusion.sum()) == 56  # type: ignore[union-attr]
    accuracy = model.history.series("epoch", "validation_accuracy")
    assert len(accuracy) == 2 and np.all(np.isfinite(accuracy))
    window.pages.setCurrentIndex(feature.plots_index)
    plots = feature.plots
    wait_for(qtbot, lambda: plots.up_to_date)
    curves = {name: (x, y) for name, x, y in plots.series("accuracy")}
    x, y = curves["val."]
    assert list(x) == [1.0, 2.0] and np.all(np.isfinite(y))
    # Its legend entry is there only once the run has a validation split.
    assert "val." in plots.plots["accuracy"].titleLabel.text
    assert "validation" in plots.plots["loss"].titleLabel.text
    shut(window)
