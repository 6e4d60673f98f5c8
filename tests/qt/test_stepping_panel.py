"""The Step panel: the quiz, the loss and its target, step activations, the update, MNIST."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from nnviz.core.mnist import load_test_set, pixels_to_inputs
from nnviz.core.notation import format_number
from nnviz.core.trace import gradient_descent_step
from nnviz.qt.main_window import MainWindow
from nnviz.qt.stepping import Stepping


def stepping(window: MainWindow) -> Stepping:
    window.features.stepping.set_animated(False)
    return window.features.stepping


def answer(qtbot: QtBot, parts: Stepping, text: str) -> None:
    field = parts.panel.card.answer_field
    field.setText(text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_quiz_accepts_right_answers_and_rejects_wrong_ones(
    window: MainWindow, qtbot: QtBot
) -> None:
    parts = stepping(window)
    card = parts.panel.card
    parts.panel.quiz.setChecked(True)
    assert parts.stepper.quiz
    parts.actions.forward.trigger()
    assert not card.question.isHidden()
    assert card.prompt.text() == "v3 = w13·x1 + w23·x2 = ?"
    assert window.scene.node_text(1, 0)[0] == "v3"  # not revealed yet
    assert window.scene.overlay.node_notes[(1, 0)] == "v3 = ?"
    answer(qtbot, parts, "−4")
    assert "Right: v3 = −4" in card.verdict.text()
    assert card.sentence.text() == "node 3: w13·x1 + w23·x2 = (2)(1) + (−3)(2) = −4"
    assert window.scene.node_text(1, 0)[0] == "v3 = −4"
    parts.actions.forward.trigger()
    answer(qtbot, parts, "1")
    assert "Not quite: you typed 1. Try again" in card.verdict.text()
    assert "Hint: z3 = step(v3) = step(□)" in card.verdict.text()
    assert not card.question.isHidden()  # another try
    card.show_button.click()
    assert "Shown: z3 = 0 (you typed 1)" in card.verdict.text()
    assert card.sentence.text() == "z3 = step(−4) = 0"  # the correct working, after
    assert card.score.text() == "1 of 2 right"
    assert card.score.toolTip() == "By phase: forward 1/2"
    assert not card.save_score.isHidden()


def test_quiz_refuses_text_that_is_not_a_number_in_place(window: MainWindow, qtbot: QtBot) -> None:
    parts = stepping(window)
    parts.panel.quiz.setChecked(True)
    parts.actions.forward.trigger()
    answer(qtbot, parts, "abc")
    card = parts.panel.card
    assert not card.error.isHidden() and "not a number" in card.error.text()
    assert parts.stepper.cursor == 0 and parts.stepper.question is not None
    assert card.score.text() == ""
    card.show_button.click()  # reveal without answering
    assert parts.stepper.cursor == 1 and parts.stepper.score.asked == 0


def test_quiz_with_every_number_asks_for_gradients(window: MainWindow, qtbot: QtBot) -> None:
    parts = stepping(window)
    parts.panel.quiz.setChecked(True)
    parts.panel.every.setChecked(True)
    parts.stepper.go_to(parts.stepper.phase_ranges()["backward"][0] + 1)
    parts.actions.forward.trigger()
    assert parts.panel.card.prompt.text() == "∂C/∂w35 = z3·δ5 = ?"
    answer(qtbot, parts, "0")
    assert parts.stepper.score.text == "1 of 1 right"


def test_the_loss_section_shows_the_formula_and_refuses_a_bad_target(window: MainWindow) -> None:
    parts = stepping(window)
    parts.stepper.start()
    parts.actions.phases["loss"].trigger()
    loss = parts.panel.loss
    assert not loss.isHidden()
    assert loss.formula.text() == "C = ½ Σ (y − ŷ)²"
    assert loss.target.text() == "1"
    for text, message in (("1, 2", "type 1 number, not 2"), ("abc", "not a number")):
        loss.target.setText(text)
        loss.target.editingFinished.emit()
        assert message in loss.message.text() and not loss.message.isHidden()
        assert "border" in loss.target.styleSheet()
        assert window.document.target is not None and window.document.target.tolist() == [1.0]
    loss.target.setText("0")
    loss.target.editingFinished.emit()
    assert window.document.target.tolist() == [0.0]
    assert loss.message.isHidden()
    parts.stepper.go_to(parts.stepper.phase_ranges()["loss"][1])
    assert loss.value.text() == "C = 0"


def test_cross_entropy_loss_is_chosen_and_shown(make_window) -> None:
    window = make_window("softmax")
    parts = stepping(window)
    parts.stepper.start()
    parts.actions.phases["loss"].trigger()
    loss = parts.panel.loss
    loss.loss.activated.emit(loss.loss.findData("cross_entropy"))
    assert window.document.network.loss == "cross_entropy"
    assert loss.formula.text() == "C = −Σ y ln ŷ"
    assert loss.target_class.currentText() == "“5”"
    parts.stepper.go_to(parts.stepper.phase_ranges()["loss"][1])
    assert parts.panel.card.sentence.text().endswith("= 1.083")


def test_no_target_means_forward_only(window: MainWindow) -> None:
    window.edits.set_target(None)
    parts = stepping(window)
    parts.stepper.start()
    assert [a.isEnabled() for a in parts.actions.phases.values()] == [True, False, False, False]
    assert not parts.panel.loss.isHidden()
    assert "No target" in parts.panel.loss.value.text()


def test_step_activations_say_why_gradients_vanish_and_offer_a_switch(
    window: MainWindow,
) -> None:
    parts = stepping(window)
    parts.stepper.start()
    parts.actions.phases["backward"].trigger()
    notice = parts.panel.notice
    assert not notice.isHidden()
    assert "derivative of the step function is 0 everywhere" in notice.text.text()
    notice.buttons["sigmoid"].click()
    assert window.document.network.activations == ("sigmoid", "sigmoid")
    assert parts.stepper.phase_ranges()["backward"][0] == parts.stepper.cursor
    parts.actions.forward.trigger()
    assert parts.panel.card.sentence.text().startswith("δ5 = (z5 − y5)·sigmoid′(v5)")
    assert notice.isHidden()
    window.undo_stack.undo()
    assert window.document.network.activations == ("step", "step")


def test_the_update_shows_old_and_new_loss_and_is_undoable(make_window) -> None:
    window = make_window("xor")
    window.edits.set_target([0.0])
    parts = stepping(window)
    parts.stepper.start()
    parts.actions.phases["update"].trigger()
    section = parts.panel.update_section
    assert not section.isHidden()
    session = window.document
    assert session.backward is not None
    before = session.backward.loss
    expected = gradient_descent_step(session.network, session.backward, session.learning_rate)
    first = parts.stepper.current
    assert first is not None and first.kind == "weight_update"
    new_w13 = float(expected.weights[0][0, 0])
    # 20 − 2e−08 is not 20: both the sentence and the edge say ≈ 20
    assert parts.stepper.current.text.endswith(" ≈ 20")
    assert window.scene.edge_text(1, 0, 0) == "w13 ≈ 20"
    # A change too small to show in four digits is written out.
    assert window.scene.overlay.edge_notes[(1, 0, 0)] == f"Δw = {format_number(new_w13 - 20)}"
    parts.actions.to_end.trigger()
    assert "C before = " in section.comparison.text() and "after = " in section.comparison.text()
    section.apply.click()
    assert float(session.network.weights[0][0, 0]) == new_w13
    assert session.backward.loss < before
    assert parts.stepper.cursor == parts.stepper.phase_ranges()["loss"][1]
    assert "Update applied" in parts.panel.card.verdict.text()
    assert parts.stepper.update_history == [(before, session.backward.loss)]
    window.undo_stack.undo()
    assert float(session.network.weights[0][0, 0]) == 20.0


def test_the_learning_rate_is_refused_in_place(make_window) -> None:
    window = make_window("xor")
    parts = stepping(window)
    parts.stepper.start()
    parts.actions.phases["update"].trigger()
    field = parts.panel.update_section.learning_rate
    for text in ("abc", "0", "-1"):
        field.setText(text)
        field.editingFinished.emit()
        assert not parts.panel.update_section.message.isHidden()
        assert window.document.learning_rate == 0.5
    field.setText("0.25")
    field.editingFinished.emit()
    assert window.document.learning_rate == 0.25
    # Only the update phase changed: it starts again, with the new η.
    assert parts.stepper.cursor == parts.stepper.phase_ranges()["update"][0]
    parts.actions.forward.trigger()
    assert "(0.25)" in parts.panel.card.sentence.text()


def test_the_progress_strip_jumps(window: MainWindow, qtbot: QtBot) -> None:
    parts = stepping(window)
    parts.stepper.start()
    strip = parts.panel.progress
    segments = strip.segments()
    assert [phase for phase, *_ in segments] == ["forward", "loss", "backward", "update"]
    _, rect, start, _end = segments[2]
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(int(rect.left()) + 2, 10))
    assert parts.stepper.cursor == start + 1 and parts.stepper.phase == "backward"
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(strip.width() - 2, 10))
    assert parts.stepper.at_end


def test_mnist_steps_layer_by_layer_with_probability_bars(make_window) -> None:
    window = make_window("mnist")
    parts = stepping(window)
    digit = parts.panel.digit
    assert not digit.isHidden()
    parts.stepper.start()
    assert len(parts.stepper.steps) == 33
    assert not np.any(digit.bars.probabilities())
    ranges = parts.stepper.phase_ranges()
    parts.stepper.go_to(ranges["forward"][1] - 1)
    assert not np.any(digit.bars.probabilities())  # the output is not computed yet
    parts.actions.forward.trigger()
    np.testing.assert_allclose(digit.bars.probabilities(), window.document.forward.output)
    assert "The network says" in digit.caption.text()
    # A hidden layer's dots show no value before it is reached.
    parts.stepper.go_to(0)
    content = window.scene.content
    assert content is not None and np.all(np.isnan(content.activations[1]))
    parts.actions.forward.trigger()
    parts.actions.forward.trigger()
    assert not np.any(np.isnan(window.scene.content.activations[1]))


def test_mnist_on_a_drawn_digit_and_a_test_digit(make_window) -> None:
    window = make_window("mnist")
    parts = stepping(window)
    parts.stepper.start()
    digit = parts.panel.digit
    ink = np.zeros((28, 28))
    ink[4:24, 13:16] = 1.0  # a "1"
    digit.pad.set_ink(ink)  # as if drawn: announced by the pad
    drawn = digit.pad.digit().ravel()
    np.testing.assert_allclose(window.document.inputs, drawn)
    assert window.undo_stack.undoText() == "draw a digit"
    images, labels = load_test_set()
    digit.index.setValue(3)
    np.testing.assert_allclose(window.document.inputs, pixels_to_inputs(images[3]))
    assert window.document.target is not None
    assert int(np.argmax(window.document.target)) == int(labels[3])
    window.undo_stack.undo()
    np.testing.assert_allclose(window.document.inputs, drawn)


def test_the_step_menu_sits_before_help_with_its_shortcuts(window: MainWindow) -> None:
    titles = [a.text().replace("&", "") for a in window.menuBar().actions()]
    assert titles.index("Step") == titles.index("Help") - 1
    actions = window.features.stepping.actions
    shortcuts = {
        a.shortcut().toString()
        for a in (actions.forward, actions.back, actions.play, actions.to_start, actions.to_end)
    }
    assert shortcuts == {"Right", "Left", "Space", "Home", "End"}


def test_dark_theme_recolours_the_panel(window: MainWindow) -> None:
    window.features.viewing.theme_actions["dark"].trigger()
    panel = window.features.stepping.panel
    assert panel.progress._text.name() == window.scene.diagram_style.theme.text.lower()


def test_after_an_answer_the_arrows_step_again(window: MainWindow, qtbot: QtBot) -> None:
    parts = stepping(window)
    parts.panel.quiz.setChecked(True)
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    field = parts.panel.card.answer_field
    assert parts.stepper.question is not None and field.hasFocus()
    field.setText("−4")
    qtbot.keyClick(field, Qt.Key.Key_Left)  # moves the text cursor: the question stays
    assert parts.stepper.question is not None and parts.stepper.cursor == 0
    qtbot.keyClick(field, Qt.Key.Key_Return)
    assert parts.stepper.cursor == 1
    focus = QApplication.focusWidget()
    assert focus is window.view
    qtbot.keyClick(focus, Qt.Key.Key_Right)
    assert parts.stepper.question is not None and parts.stepper.question.quantity == "z3"


def test_the_quiz_says_why_it_asks_nothing_of_mnist(make_window) -> None:
    window = make_window("mnist")
    parts = stepping(window)
    parts.panel.quiz.setChecked(True)
    parts.actions.forward.trigger()
    assert parts.stepper.question is None and parts.stepper.cursor == 1
    assert "stepped a whole layer at a time" in parts.panel.card.verdict.text()


def test_the_gradient_notice_never_gives_a_quiz_answer_away(window: MainWindow) -> None:
    parts = stepping(window)
    parts.panel.quiz.setChecked(True)
    assert parts.panel.every.isEnabled()
    parts.stepper.start()
    parts.actions.phases["backward"].trigger()
    assert parts.stepper.question is not None and parts.stepper.question.quantity == "δ5"
    assert parts.panel.notice.isHidden()
    parts.panel.card.show_button.click()
    assert not parts.panel.notice.isHidden()


def test_an_overflowing_update_is_refused_with_the_reason(window: MainWindow) -> None:
    window.features.stepping.panel.notice.buttons["sigmoid"].click()
    window.edits.set_target([1000.0])
    window.edits.set_learning_rate("1e308")
    parts = stepping(window)
    parts.stepper.start()
    parts.actions.phases["update"].trigger()
    assert parts.panel.card.sentence.text().startswith("no update: with η = 1e+308")
    before = window.document.network
    parts.actions.apply_update.trigger()
    assert window.document.network is before
    assert "choose a smaller learning rate" in window.statusBar().currentMessage()


def test_new_weights_redraw_the_strip_without_writing_the_step_list(
    window: MainWindow, monkeypatch
) -> None:
    # Training commits new weights 3 times a second; the panel, not stepping, shows only the
    # list's phases, which new numbers of the same network do not change.
    from nnviz.session import observable

    panel = stepping(window).panel
    assert panel.isVisible() and not panel.stepper.active
    before = [(phase, start, end) for phase, _, start, end in panel.progress.segments()]
    written = []
    real = observable.build_steps
    monkeypatch.setattr(
        observable, "build_steps", lambda *a, **k: written.append(1) or real(*a, **k)
    )
    network = window.document.network
    trained = network.replace(weights=tuple(np.asarray(w) * 0.5 for w in network.weights))
    window.edits.commit(window.document.snapshot().with_network(trained), "training")
    assert window.features.stepping.panel.progress.segments() and written == []
    after = [(phase, start, end) for phase, _, start, end in panel.progress.segments()]
    assert after == before
    window.edits.set_target(None)  # another shape: forward only, written once
    assert [phase for phase, *_ in panel.progress.segments()] == ["forward"]
    assert written == [1]
