"""The main window: title, files, settings, themes, panels."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot

from nnviz.app import build_window
from nnviz.core.presets import load_preset
from nnviz.core.weights_io import load_weights, save_weights
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.session import Document


def test_title_names_the_network_and_nnviz(window: MainWindow) -> None:
    assert "nnviz" in window.windowTitle()
    assert "Feedforward example" in window.windowTitle()
    assert window.features.network_panel.title.text() == "Feedforward example"


def test_size_and_place_are_remembered(qtbot: QtBot, preferences: Preferences, make_window) -> None:
    first = make_window("xor")
    first.setGeometry(QRect(30, 20, 700, 500))  # inside the offscreen 800×600 screen
    first.close()
    assert preferences.geometry is not None
    second = build_window(Document(load_preset("xor")), preferences)
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 500)


def test_settings_stay_out_of_the_users_folder(preferences: Preferences, tmp_path: Path) -> None:
    assert Path(preferences.settings.fileName()).parent == tmp_path


def test_theme_and_palette_switch_and_are_remembered(
    window: MainWindow, preferences: Preferences
) -> None:
    assert window.scene.diagram_style.palette.colour_blind_safe
    window.features.viewing.theme_actions["dark"].trigger()
    assert window.scene.diagram_style.theme.key == "dark"
    assert (
        window.scene.backgroundBrush().color().name()
        == window.scene.diagram_style.theme.background.lower()
    )
    window.features.viewing.palette_actions["purple-green"].trigger()
    assert window.scene.diagram_style.palette.key == "purple-green"
    assert (preferences.theme, preferences.palette) == ("dark", "purple-green")


def test_opening_mnist_shows_the_digit_and_edge_controls(qtbot: QtBot, window: MainWindow) -> None:
    window.features.files.open_preset("mnist")
    layout = window.scene.layout
    assert layout is not None and layout.layers[0].style == "image"
    assert all(action.isVisible() for action in window.features.toolbar.edge_actions)
    window.features.toolbar.top_k_box.setValue(300)
    assert window.document.view.top_k == 300
    assert window.scene.drawn_edge_count <= 900
    window.features.network_panel.image_index.setValue(1)
    assert window.document.target is not None and int(np.argmax(window.document.target)) == 2
    assert window.undo_stack.count() == 1
    assert "“2”" in window.features.network_panel.target_class.currentText()


def test_the_test_digit_field_names_only_the_digit_shown(qtbot: QtBot, window: MainWindow) -> None:
    window.features.files.open_preset("mnist")
    spin = window.features.network_panel.image_index
    spin.setValue(3)
    assert spin.text() == "3"
    # Any other input (a drawn digit, a weights file's all-zero input) is no test digit:
    # the field read "Test digit 3" (or 0) while the diagram showed something else.
    window.edits.set_inputs(np.zeros(784))
    assert spin.value() == -1 and spin.text() == "—"
    spin.setValue(0)
    assert spin.text() == "0"
    assert window.document.inputs.any()  # test digit 0 is on the diagram


def test_edge_controls_are_hidden_for_small_networks(window: MainWindow) -> None:
    assert not any(action.isVisible() for action in window.features.toolbar.edge_actions)


def test_save_and_open_a_session(window: MainWindow, tmp_path: Path) -> None:
    window.edits.set_weight(2, 1, 0, "1")
    window.document.set_view(selected=(1, 1))
    path = tmp_path / "lesson.nnviz"
    assert window.features.files.save_to(path)
    assert not window.document.modified
    assert not window.isWindowModified()
    assert "lesson.nnviz" in window.windowTitle()
    window.features.files.open_preset("perceptron")
    assert window.document.network.layer_sizes == (3, 1)
    assert window.features.files.open_path(path)
    assert float(window.document.network.weights[1][1, 0]) == 1.0
    assert window.document.view.selected == (1, 1)
    assert window.scene.node_text(2, 0)[1] == "z5 = 1"
    assert window.undo_stack.count() == 0


@pytest.mark.parametrize(
    "content", [b"", b"{not json", b'{"format": "nnviz-session", "version": 9}']
)
def test_a_bad_file_is_refused_and_the_work_is_kept(
    window: MainWindow, warnings: list, tmp_path: Path, content: bytes
) -> None:
    window.edits.set_weight(1, 0, 0, "5")
    before = window.document.snapshot()
    path = tmp_path / "broken.nnviz"
    path.write_bytes(content)
    assert not window.features.files.open_path(path, ask=False)
    assert warnings and "broken.nnviz" in warnings[-1][1]
    assert window.document.snapshot() == before
    assert window.document.modified
    assert window.undo_stack.count() == 1


def test_weights_export_and_open(window: MainWindow, tmp_path: Path, warnings: list) -> None:
    window.edits.set_weight(1, 1, 0, "0.25")
    path = tmp_path / "w.npz"
    assert window.features.files.export_weights_to(path)
    assert load_weights(path).network == window.document.network
    assert window.features.files.open_path(path)
    assert float(window.document.network.weights[0][1, 0]) == 0.25
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"PK\x03\x04 truncated")
    assert not window.features.files.open_path(bad)
    assert warnings


def test_unsaved_changes_are_asked_about(
    qtbot: QtBot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    asked: list[int] = []

    def answer(self: object) -> QMessageBox.StandardButton:
        asked.append(1)
        return QMessageBox.StandardButton.Cancel

    monkeypatch.setattr("nnviz.qt.files.Files.ask_to_save", answer)
    window.edits.set_weight(1, 0, 0, "3")
    assert not window.features.files.open_preset("xor")
    assert window.document.description.title == "Feedforward example"
    assert not window.close()
    assert window.isVisible()
    assert len(asked) == 2
    window.undo_stack.undo()  # back to the state as opened: nothing to ask about
    assert window.features.files.open_preset("xor")
    assert len(asked) == 2


def test_export_diagram_png_and_svg(window: MainWindow, tmp_path: Path) -> None:
    png = tmp_path / "d.png"
    svg = tmp_path / "d.svg"
    assert window.features.files.export_diagram_to(png)
    assert window.features.files.export_diagram_to(svg)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    text = svg.read_text(encoding="utf-8")
    assert "<svg" in text and "w45 = −1" in text
    assert "<image" not in text  # vectors, not a bitmap of the scene
    assert not window.features.files.export_diagram_to(tmp_path / "d.bmp")


def test_target_and_learning_rate_refuse_bad_text(qtbot: QtBot, window: MainWindow) -> None:
    panel = window.features.network_panel
    field = panel.target_fields[0]
    field.setText("abc")
    field.editingFinished.emit()
    assert panel.message.isVisibleTo(panel)
    assert window.document.target is not None and window.document.target.tolist() == [1.0]
    field.setText("0")
    field.editingFinished.emit()
    assert window.document.target.tolist() == [0.0]
    assert not panel.message.isVisibleTo(panel)
    panel.learning_rate.setText("-1")
    panel.learning_rate.editingFinished.emit()
    assert window.document.learning_rate == 0.1
    assert "greater than 0" in panel.message.text()


def test_loss_choice_is_undoable(window: MainWindow) -> None:
    panel = window.features.network_panel
    index = panel.loss.findData("binary_cross_entropy")
    panel.loss.setCurrentIndex(index)
    panel.loss.activated.emit(index)
    assert window.document.network.loss == "binary_cross_entropy"
    window.undo_stack.undo()
    assert window.document.network.loss == "mse"


def test_panels_and_pages_can_be_added(window: MainWindow) -> None:
    from PySide6.QtWidgets import QLabel

    dock = window.add_panel(QLabel("steps"), "Steps", "stepsPanel")
    assert dock.toggleViewAction() in window.panels_menu.actions()
    before = window.pages.count()
    index = window.add_page(QLabel("another page"), "Another")
    assert window.pages.count() == before + 1 and index == before


def test_structure_edits_are_refused_for_mnist(window: MainWindow) -> None:
    window.features.files.open_preset("mnist")
    with pytest.raises(ValueError, match="small networks"):
        window.edits.add_neuron(1)
    window.diagram.attempt(lambda: window.edits.add_layer(1))
    assert "small networks" in window.statusBar().currentMessage()


def test_session_file_written_is_json(window: MainWindow, tmp_path: Path) -> None:
    path = tmp_path / "s.nnviz"
    window.features.files.save_to(path)
    payload = json.loads(path.read_text(encoding="utf-8"))
    assert payload["format"] == "nnviz-session" and payload["version"] == 1


def test_open_weights_with_metadata_keeps_labels(window: MainWindow, tmp_path: Path) -> None:
    preset = load_preset("softmax")
    path = tmp_path / "soft.json"
    save_weights(
        path, preset.network, extra_meta={"output_labels": list(preset.output_labels or ())}
    )
    assert window.features.files.open_path(path)
    assert window.document.description.output_labels == tuple("0123456789")


def test_keyboard_zoom_and_fit(qtbot: QtBot, window: MainWindow) -> None:
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoom == pytest.approx(1.25)
    qtbot.keyClick(window.view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.view.zoom == 1.0 and window.view.fitted
