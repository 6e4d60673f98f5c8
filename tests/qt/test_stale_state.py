"""State that must not go stale: stepping after opening, a drawn digit's target, the Step
panel from the menu, the quiz's verdict (issue 14)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nnviz.qt.main_window import MainWindow


def test_opening_another_network_ends_stepping(window: MainWindow) -> None:
    parts = window.features.stepping
    parts.set_animated(False)
    parts.actions.forward.trigger()
    assert parts.stepper.active and window.scene.node_text(1, 0)[0] == "v3 = −4"
    assert window.features.files.open_preset("xor")
    assert not parts.stepper.active
    # every number shows, and the panel says stepping is off
    assert window.scene.node_text(1, 0)[1] == "z3 = 0.99995"
    assert parts.panel.toggle.text() == "Start"
    assert parts.actions.stepping.text() == "Start stepping"


def test_a_drawn_digit_has_no_target(make_window) -> None:
    window = make_window("mnist")
    parts = window.features.stepping
    digit = parts.panel.digit
    digit.index.setValue(0)
    assert window.document.target is not None
    ink = np.zeros((28, 28))
    ink[4:24, 13:16] = 1.0
    digit.pad.set_ink(ink)  # as if drawn: announced by the pad
    assert window.document.target is None
    assert all("y = 1" not in window.scene.node_text(3, j) for j in range(10))
    assert "no target" in digit.caption.text()


def test_step_forward_from_the_menu_shows_the_step_panel(window: MainWindow, qtbot: QtBot) -> None:
    parts = window.features.stepping
    parts.set_animated(False)
    parts.actions.forward.trigger()
    parts.dock.close()  # mid-pass
    assert not parts.dock.isVisible()
    parts.actions.back.trigger()
    assert parts.dock.isVisible() and parts.panel.isVisible()


def test_the_verdict_does_not_linger_under_the_next_question(
    window: MainWindow, qtbot: QtBot
) -> None:
    parts = window.features.stepping
    parts.set_animated(False)
    parts.panel.quiz.setChecked(True)
    card = parts.panel.card
    parts.actions.forward.trigger()
    card.answer_field.setText("-4")
    qtbot.keyClick(card.answer_field, Qt.Key.Key_Return)
    assert not card.verdict.isHidden() and "Right" in card.verdict.text()
    parts.actions.forward.trigger()  # the next question
    assert not card.question.isHidden()
    assert card.verdict.isHidden()


def test_the_network_panel_says_when_its_description_is_stale(window: MainWindow) -> None:
    panel = window.features.network_panel
    assert panel.stale.isHidden()
    window.edits.set_weight(1, 0, 0, 3.0)
    assert not panel.stale.isHidden() and not panel.description.isEnabled()
    window.undo_stack.undo()
    assert panel.stale.isHidden() and panel.description.isEnabled()


def test_the_description_dialog_writes_a_teachers_text(window: MainWindow) -> None:
    from nnviz.qt.description_dialog import DescriptionDialog

    window.edits.set_weight(1, 0, 0, 3.0)
    dialog = DescriptionDialog(window.document, window)
    dialog.title.setText("")
    dialog.save()
    assert not dialog.error.isHidden() and "empty" in dialog.error.text()
    dialog.title.setText("Three")
    dialog.text.setPlainText("w13 = 3 now.")
    dialog.save()
    panel = window.features.network_panel
    assert panel.title.text() == "Three" and panel.description.text() == "w13 = 3 now."
    assert panel.stale.isHidden()
    window.undo_stack.undo()
    assert panel.title.text() == "Feedforward example"
