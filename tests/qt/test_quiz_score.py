"""The quiz's score saved by the teacher (issue 14)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nnviz.qt.main_window import MainWindow


def test_the_score_is_saved_as_csv(window: MainWindow, qtbot: QtBot, tmp_path: Path) -> None:
    parts = window.features.stepping
    parts.set_animated(False)
    parts.panel.quiz.setChecked(True)
    card = parts.panel.card
    assert card.save_score.isHidden()
    parts.actions.forward.trigger()
    card.answer_field.setText("-4")
    qtbot.keyClick(card.answer_field, Qt.Key.Key_Return)
    assert not card.save_score.isHidden()
    path = tmp_path / "score.csv"
    parts.panel.save_score(str(path))
    lines = path.read_text().splitlines()
    assert lines[1] == "1,forward,v3,-4.0,-4.0,1,right"
    assert lines[-1] == "total,,,,,1,1 of 1 right"
    parts.panel.save_score(str(tmp_path / "missing" / "score.csv"))  # refused, said
    assert "not saved" in window.statusBar().currentMessage()


def test_export_this_step_as_a_slide(window: MainWindow, tmp_path: Path) -> None:
    from PySide6.QtGui import QImage

    parts = window.features.stepping
    parts.set_animated(False)
    for _ in range(13):  # into the backward pass: δ5 and ∂C/∂w35 on the diagram
        parts.actions.forward.trigger()
    assert window.scene.overlay.edge_notes
    presentation = window.features.presentation
    png = tmp_path / "step.png"
    assert presentation.export_step_to(str(png))
    image = QImage(str(png))
    canvas = window.scene.canvas_rect()
    assert image.width() <= 2 * canvas.width() + 30 and image.width() > canvas.width()
    svg = tmp_path / "step.svg"
    assert presentation.export_step_to(str(svg))
    text = svg.read_text()
    assert "∂C/∂w35" in text and "δ5" in text  # the notes as they are now, as text
    assert not presentation.export_step_to(str(tmp_path / "step.gif"))
    assert "not exported" in window.statusBar().currentMessage()


def test_the_gradient_check_dialog(window: MainWindow) -> None:
    from nnviz.qt.gradient_check_dialog import GradientCheckDialog

    window.edits.set_activation(1, "sigmoid")
    window.edits.set_activation(2, "sigmoid")
    dialog = GradientCheckDialog(window.document, 2, 0, 0, window)
    assert dialog.windowTitle() == "Gradient check: ∂C/∂w35"
    assert dialog.backprop.text().startswith("∂C/∂w35 = ")
    assert "they agree" in dialog.verdict.text()
    dialog.step.setCurrentIndex(0)  # h = 1
    assert "h is large" in dialog.verdict.text()
    window.edits.set_target(None)
    assert "Set a target first" in dialog.verdict.text()
    dialog.deleteLater()


def test_the_activation_gallery(window: MainWindow) -> None:
    import numpy as np

    from nnviz.present.activation_gallery import activation_curves

    curves = {c.name: c for c in activation_curves()}
    assert "softmax" not in curves and {"step", "sigmoid", "relu"} <= set(curves)
    assert not np.any(curves["step"].slope)  # no gradient, anywhere
    assert curves["sigmoid"].slope.max() == 0.25 and curves["sigmoid"].slope[0] < 0.003
    assert not np.any(curves["relu"].slope[curves["relu"].v < 0])  # dead below 0
    window.registry.action("help.activations").trigger()
    gallery = window.features.presentation.gallery
    assert set(gallery.plots) == set(curves)
    gallery.close()
