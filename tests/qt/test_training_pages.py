"""The Training and Evaluation pages, weights export and import, and saved training state."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot
from training_fixtures import N_TEST, feature_of, same_weights, shut, training_window, wait_for

from nnviz.core.export import export_network
from nnviz.core.presets import load_preset
from nnviz.core.training import EpochRecord, Finished
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.qt.training.weights_menu import import_weights
from nnviz.session.training import IDLE, RUNNING
from nnviz.session.training_checkpoint import WEIGHTS_NAME, load_checkpoint


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return tmp_path / "training"


@pytest.fixture
def window(
    qtbot: QtBot, preferences: Preferences, monkeypatch: pytest.MonkeyPatch, folder: Path
) -> MainWindow:
    return training_window(qtbot, preferences, monkeypatch, folder)


def _train(qtbot: QtBot, window: MainWindow, epochs: int = 2) -> Finished:
    model = feature_of(window).controller.model
    model.set_config(epochs=epochs, batch_size=32)
    finished: list[Finished] = []
    model.finished.connect(finished.append)
    feature_of(window).controller.start()
    wait_for(qtbot, lambda: finished)
    return finished[0]


def test_the_plots_follow_the_history_and_export_png_and_csv(
    qtbot: QtBot, window: MainWindow, tmp_path: Path
) -> None:
    feature = feature_of(window)
    window.pages.setCurrentIndex(feature.plots_index)
    _train(qtbot, window)
    plots = feature.plots
    wait_for(qtbot, lambda: plots.up_to_date)
    drawn = plots.repaints
    plots.repaint_plots()
    assert plots.repaints == drawn  # nothing new: nothing repainted
    loss_x, loss_y = plots._curves["loss"][0].line.getData()
    assert len(loss_x) == 16 and np.all(np.isfinite(loss_y))  # 2 epochs × 8 batches
    assert len(plots._curves["weights"]) == 3 and len(plots._curves["mean"]) == 2

    png = tmp_path / "plots.png"
    plots.export_png(png)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    table = tmp_path / "history.csv"
    plots.export_csv(table)
    rows = list(csv.reader(table.open()))
    assert rows[0][:3] == ["epochs", "step", "loss"] and len(rows) == 1 + 16
    assert rows[-1][-1] != ""  # the last batch carries the epoch's test accuracy
    one = tmp_path / "loss.csv"
    plots.export_plot("loss", one)
    header = next(csv.reader(one.open()))
    assert header[:4] == ["batch x", "batch", "smoothed x", "smoothed"]
    plots.export_plot("accuracy", tmp_path / "accuracy.png")
    assert (tmp_path / "accuracy.png").stat().st_size > 1000
    shut(window)


def test_the_evaluation_page_shows_confusion_mistakes_and_a_drawn_digit(
    qtbot: QtBot, window: MainWindow
) -> None:
    feature = feature_of(window)
    _train(qtbot, window)
    page = feature.evaluation
    window.pages.setCurrentIndex(feature.evaluation_index)
    wait_for(
        qtbot, lambda: page.result is not None and page.result.network is window.document.network
    )
    result = page.result
    assert result is not None
    assert int(result.confusion.sum()) == N_TEST
    assert page.table.rowCount() == 10 and page.table.item(3, 3).text() != ""
    wrong = int(N_TEST - np.trace(result.confusion))
    summary, per_class = page.summary.text().split("<br>")
    assert summary.endswith(
        f"({wrong:,} wrong) with the network on screen. Rows: the true digit; columns: the answer."
    )
    # The same per-class figures as nnviz evaluate's.
    first = result.confusion[0, 0] / result.confusion[0].sum()
    assert per_class.startswith(f"Per class: 0 {first:.1%} · 1 ")
    assert page.gallery.count() == wrong  # every mistake, most confident first
    # A cell shows exactly its images.
    true, predicted = np.unravel_index(np.argmax(result.confusion), result.confusion.shape)
    page.table.cellClicked.emit(int(true), int(predicted))
    assert page.gallery.count() == min(int(result.confusion[true, predicted]), 240)
    # A gallery digit goes onto the diagram with its label as the target.
    item = page.gallery.item(0)
    page.gallery.itemClicked.emit(item)
    index = int(item.data(Qt.ItemDataRole.UserRole))
    assert int(np.argmax(window.document.target)) == int(result.labels[index])
    # Drawing puts the digit into the network and the bars show its prediction.
    before = window.document.inputs.copy()
    pad = page.pad
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(100, 30))
    for y in range(30, 170, 10):
        qtbot.mouseMove(pad, QPoint(100, y))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(100, 170))
    assert not np.array_equal(window.document.inputs, before)
    output = window.document.forward.activations[-1]
    assert np.allclose(page.bars.probabilities(), output)
    assert "The network says" in page.answer.text()
    shut(window)


@pytest.mark.parametrize("suffix", [".npz", ".json", ".onnx", ".safetensors"])
def test_exported_weights_import_back(
    qtbot: QtBot, window: MainWindow, tmp_path: Path, suffix: str
) -> None:
    trained = _train(qtbot, window, epochs=1).network
    path = tmp_path / f"weights{suffix}"
    assert window.features.files.export_weights_to(path)
    window.edits.set_weight(1, 0, 0, 3.5)
    assert not same_weights(window.document.network, trained)
    assert import_weights(window.features.files, path)
    imported = window.document.network
    tolerance = 1e-6 if suffix in (".onnx", ".safetensors") else 0.0  # float32 files
    for a, b in zip(imported.weights, trained.weights, strict=True):
        assert np.allclose(a, b, atol=tolerance, rtol=0)
    window.undo_stack.undo()
    assert float(window.document.network.weights[0][0, 0]) == 3.5
    shut(window)


def test_weights_of_another_shape_are_refused(
    window: MainWindow, tmp_path: Path, warnings: list[tuple[str, str]]
) -> None:
    path = tmp_path / "small.npz"
    export_network(path, load_preset("xor").network)
    before = window.document.network
    assert not import_weights(window.features.files, path)
    assert window.document.network is before
    assert warnings and "2-2-1" in warnings[-1][1] and "784-100-50-10" in warnings[-1][1]
    garbage = tmp_path / "garbage.npz"
    garbage.write_bytes(b"not a zip")
    assert not import_weights(window.features.files, garbage)
    assert window.document.network is before and "garbage.npz" in warnings[-1][1]


def test_training_state_is_saved_each_epoch_and_offered_after_a_crash(
    qtbot: QtBot,
    window: MainWindow,
    preferences: Preferences,
    monkeypatch: pytest.MonkeyPatch,
    folder: Path,
) -> None:
    feature = feature_of(window)
    model = feature.controller.model
    model.set_config(epochs=200, batch_size=16)
    epochs: list[EpochRecord] = []
    model.epoch_ended.connect(epochs.append)
    feature.controller.start()
    wait_for(qtbot, lambda: len(epochs) >= 2 and (folder / WEIGHTS_NAME).exists())
    window.close()  # mid-run: the last epoch's state stays on disk
    wait_for(qtbot, lambda: not feature.controller.checkpoints.busy)
    saved = load_checkpoint(folder)
    assert saved is not None and saved.epochs_done >= 2 and saved.config.epochs == 200
    assert same_weights(saved.network, epochs[int(saved.epochs_done) - 1].network)

    second = training_window(qtbot, preferences, monkeypatch, folder)
    again = feature_of(second)
    wait_for(qtbot, lambda: again.panel.notice.isVisibleTo(again.panel))
    second.features.files.open_preset("feedforward")  # as `nnviz NAME` does after start-up
    assert load_checkpoint(folder) is not None  # still there to restore
    buttons = again.panel.notice.findChildren(type(again.panel.start_button))
    restore = next(b for b in buttons if b.text() == "Restore")
    qtbot.mouseClick(restore, Qt.MouseButton.LeftButton)
    assert same_weights(second.document.network, saved.network)
    assert again.controller.model.history.n_epochs == int(saved.epochs_done)
    # The whole run state was saved: Start continues the 200-epoch run where it was.
    assert again.controller.model.config.epochs == 200
    continued = again.controller.model.continuation(second.document.network)
    assert continued is not None and saved.state is not None
    assert continued.to_meta() == saved.state.to_meta()
    assert not again.panel.notice.isVisibleTo(again.panel)
    shut(second)


def test_a_completed_run_leaves_no_state_to_restore(
    qtbot: QtBot, window: MainWindow, folder: Path
) -> None:
    _train(qtbot, window, epochs=2)
    wait_for(qtbot, lambda: not feature_of(window).controller.checkpoints.busy)
    assert load_checkpoint(folder) is None
    assert feature_of(window).controller.model.status == IDLE
    shut(window)


def test_opening_another_network_stops_the_run_and_clears_the_curves(
    qtbot: QtBot, window: MainWindow
) -> None:
    feature = feature_of(window)
    model = feature.controller.model
    model.set_config(epochs=500, batch_size=16)
    feature.controller.start()
    wait_for(qtbot, lambda: model.status == RUNNING and model.history.n_batches > 0)
    window.features.files.open_preset("mnist")
    assert model.status == IDLE and model.history.empty
    shut(window)


def test_the_first_layer_weights_panel_shows_every_neuron_and_selects_one(
    qtbot: QtBot, window: MainWindow
) -> None:
    panel = feature_of(window).weights
    dock = feature_of(window).weights_dock
    dock.show()
    dock.raise_()
    wait_for(qtbot, lambda: panel.tiles.image is not None)
    tiles = panel.tiles
    assert tiles.count == 100 and tiles.columns == 10
    assert (tiles.image.width(), tiles.image.height()) == (290, 290)  # 10 × (28 + 1)
    # Each tile says the class its neuron fires most for, as the analysis computes it.
    from nnviz.present.training.analysis import neuron_preferences

    classes, _ = neuron_preferences(window.document.network, window.document.data.load("test"))
    assert tiles.preferences == [str(k) for k in classes]
    target = tiles._target()
    inside_tile_12 = QPoint(  # row 1, column 2
        target.left() + int(2.5 * 29 * target.width() / 290),
        target.top() + int(1.5 * 29 * target.height() / 290),
    )
    qtbot.mouseClick(tiles, Qt.MouseButton.LeftButton, pos=inside_tile_12)
    assert window.document.view.selected == (1, 12) and tiles.selected == 12
    window.features.files.open_preset("xor")
    assert tiles.image is None and "image" in panel.note.text()
    shut(window)


def test_a_divergence_is_marked_on_the_loss_plot_and_reset_clears_every_plot(
    qtbot: QtBot, window: MainWindow
) -> None:
    feature = feature_of(window)
    model = feature.controller.model
    window.pages.setCurrentIndex(feature.plots_index)
    plots = feature.plots
    model.set_config(epochs=2, batch_size=32)
    feature.panel.fields.learning_rate.setValue(1000.0)
    feature.controller.start()
    wait_for(
        qtbot, lambda: model.status == "paused" and len(model.history.series("divergence", "x"))
    )
    wait_for(qtbot, lambda: plots.up_to_date)
    marker = next(c for c in plots._curves["loss"] if c.spec.name == "diverged")
    assert marker.points is not None and len(marker.points.data) == 1
    tip = marker.points.data[0]["data"]
    assert "diverged at epoch" in tip and "not applied" in tip
    # Clipped: drawn within the plot's range, not at 10¹⁰.
    (low, high) = plots.plots["loss"].getViewBox().viewRange()[1]
    assert low <= marker.points.data[0]["y"] <= high < 4
    histogram = plots._curves["histogram"][0].line
    assert histogram.getData()[0] is not None and len(histogram.getData()[0]) > 0
    feature.panel.reset_button.click()
    wait_for(qtbot, lambda: model.status == IDLE and plots.up_to_date)
    for key, curves in plots._curves.items():
        for curve in curves:
            x, _ = curve.line.getData()
            assert x is None or len(x) == 0, key
            assert curve.points is None or len(curve.points.data) == 0, key
    shut(window)


def test_the_gallery_gives_its_items_new_digits_in_place(qtbot: QtBot) -> None:
    # An evaluation while training shows the mistakes again a few times a second: the
    # gallery keeps its items and each test image's thumbnail, and says the new answers.
    from nnviz.qt.training.gallery import DigitGallery

    gallery = DigitGallery()
    qtbot.addWidget(gallery)
    rng = np.random.default_rng(1)
    images = rng.integers(0, 256, size=(6, 784), dtype=np.uint8)
    labels = np.array([0, 1, 2, 3, 4, 5])
    first = np.eye(10)[[1, 1, 3, 3, 5, 5]]
    gallery.show_digits(np.array([0, 2, 4]), images, labels, first)
    items = [gallery.item(row) for row in range(3)]
    icons = {
        gallery.item(row).data(Qt.ItemDataRole.UserRole): items[row].icon().cacheKey()
        for row in range(3)
    }
    assert [item.text() for item in items] == ["0 → 1\n100%", "2 → 3\n100%", "4 → 5\n100%"]
    second = np.eye(10)[[1, 2, 2, 3, 4, 5]] * 0.9
    gallery.show_digits(np.array([4, 0]), images, labels, second)
    assert gallery.count() == 2 and [gallery.item(r) for r in range(2)] == items[:2]
    assert [gallery.item(r).text() for r in range(2)] == ["4 ✓\n90%", "0 → 1\n90%"]
    assert [gallery.item(r).data(Qt.ItemDataRole.UserRole) for r in range(2)] == [4, 0]
    assert gallery.item(0).icon().cacheKey() == icons[4]
    assert gallery.item(1).icon().cacheKey() == icons[0]
    assert "test image 4: labelled 4; the network says 4" in gallery.item(0).toolTip()
