"""The step-through on the diagram: the sequence shown, stepping back, the lecture's numbers,
the keyboard, animations and edits mid-pass."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from nnviz.app import build_window
from nnviz.core.presets import load_preset
from nnviz.core.steps import build_steps
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.qt.stepping import Stepping
from nnviz.session import Document


def stepping(window: MainWindow, animated: bool = False) -> Stepping:
    window.features.stepping.set_animated(animated)
    return window.features.stepping


def display(window: MainWindow) -> tuple[object, ...]:
    """Everything the step-through shows: the diagram's numbers, texts and overlay, and
    the panel's card, history and progress."""
    scene = window.scene
    content = scene.content
    assert content is not None and scene.layout is not None
    sizes = content.layer_sizes
    nodes = tuple(
        tuple(scene.node_text(layer, j)) for layer in range(len(sizes)) for j in range(sizes[layer])
    )
    edges = (
        tuple(
            scene.edge_text(layer, k, j)
            for layer in range(1, len(sizes))
            for k in range(sizes[layer - 1])
            for j in range(sizes[layer])
        )
        if scene.layout.detailed
        else ()
    )
    numbers = tuple(
        np.nan_to_num(array, nan=12345.0).tobytes()
        for group in (content.activations, content.weighted_sums, content.weights, content.biases)
        for array in group
    )
    panel = window.features.stepping.panel
    card = panel.card
    history = tuple(panel.history.item(i).text() for i in range(panel.history.count()))
    sections = tuple(
        not widget.isHidden()
        for widget in (panel.loss, panel.update_section, panel.notice, card.question, card.verdict)
    )
    return (
        nodes,
        edges,
        numbers,
        scene.overlay,
        card.title.text(),
        card.sentence.text(),
        card.verdict.text() if not card.verdict.isHidden() else "",
        history,
        sections,
        window.features.stepping.stepper.cursor,
    )


def test_the_sequence_shown_is_the_core_step_list(window: MainWindow) -> None:
    parts = stepping(window)
    preset = load_preset("feedforward")
    core = build_steps(
        preset.network, preset.inputs, preset.target, learning_rate=preset.learning_rate
    )
    shown = []
    while not parts.stepper.at_end:
        parts.actions.forward.trigger()
        shown.append(parts.panel.card.sentence.text())
    assert shown == [step.text for step in core]
    history = [parts.panel.history.item(i).text() for i in range(parts.panel.history.count())]
    assert history == [f"{i}. {step.text}" for i, step in enumerate(core, start=1)]
    assert parts.panel.position.text() == f"{len(core)} of {len(core)}"


@pytest.mark.parametrize("preset", ["feedforward", "xor", "softmax"])
def test_stepping_back_restores_the_previous_display_exactly(make_window, preset: str) -> None:
    window = make_window(preset)
    parts = stepping(window)
    parts.actions.to_start.trigger()
    total = len(parts.stepper.steps)
    for _ in range(total):
        before = display(window)
        parts.actions.forward.trigger()
        after = display(window)
        assert after != before
        parts.actions.back.trigger()
        assert display(window) == before
        parts.actions.forward.trigger()
        assert display(window) == after


def test_stepping_back_during_an_animation_restores_the_display(window: MainWindow) -> None:
    parts = stepping(window, animated=True)
    parts.actions.to_start.trigger()
    parts.actions.forward.trigger()
    parts.presenter.finish()
    before = display(window)
    parts.actions.forward.trigger()  # node 3's activation: no motion
    parts.actions.forward.trigger()  # node 4's sum: terms travel
    assert parts.presenter.animation.running
    parts.actions.back.trigger()
    parts.actions.back.trigger()
    assert not parts.presenter.animation.running
    assert display(window) == before


def test_the_feedforward_forward_steps_show_the_lecture_numbers(window: MainWindow) -> None:
    parts = stepping(window)
    scene = window.scene
    parts.actions.to_start.trigger()
    # Nodes not yet reached show no value.
    assert scene.node_text(1, 0) == ["v3", "z3", "b3 = 0"]
    assert scene.node_text(2, 0) == ["v5", "z5", "b5 = 0"]
    assert scene.node_text(0, 0) == ["x1 = 1"] and scene.node_text(0, 1) == ["x2 = 2"]
    expected = [
        ("node 3: w13·x1 + w23·x2 = (2)(1) + (−3)(2) = −4", (1, 0), ["v3 = −4", "z3", "b3 = 0"]),
        ("z3 = step(−4) = 0", (1, 0), ["v3 = −4", "z3 = 0", "b3 = 0"]),
        ("node 4: w14·x1 + w24·x2 = (1)(1) + (4)(2) = 9", (1, 1), ["v4 = 9", "z4", "b4 = 0"]),
        ("z4 = step(9) = 1", (1, 1), ["v4 = 9", "z4 = 1", "b4 = 0"]),
        ("node 5: w35·z3 + w45·z4 = (2)(0) + (−1)(1) = −1", (2, 0), ["v5 = −1", "z5", "b5 = 0"]),
        ("z5 = step(−1) = 0", (2, 0), ["v5 = −1", "z5 = 0", "b5 = 0"]),
    ]
    for sentence, node, lines in expected:
        parts.actions.forward.trigger()
        assert parts.panel.card.sentence.text() == sentence
        assert scene.node_text(*node) == lines
        assert node in scene.overlay.nodes
    assert scene.node_text(1, 1) == ["v4 = 9", "z4 = 1", "b4 = 0"]
    assert parts.stepper.phase == "forward"
    # The current neuron's incoming edges are highlighted while its sum is computed.
    parts.stepper.go_to(5)
    assert scene.overlay.edges == {(2, 0, 0), (2, 1, 0)}


def test_backward_notes_deltas_on_nodes_and_gradients_on_edges(window: MainWindow) -> None:
    parts = stepping(window)
    parts.stepper.start()
    parts.actions.phases["backward"].trigger()
    overlay = window.scene.overlay
    assert overlay.node_notes[(2, 0)] == "δ5 = 0"
    parts.actions.forward.trigger()
    assert window.scene.overlay.edge_notes[(2, 0, 0)] == "∂C/∂w35 = 0"
    assert window.scene.overlay.edges == {(2, 0, 0)}


def test_stopping_shows_every_number_again(window: MainWindow) -> None:
    parts = stepping(window)
    parts.actions.forward.trigger()
    assert window.scene.node_text(2, 0) == ["v5", "z5", "b5 = 0"]
    parts.actions.stepping.trigger()
    assert not parts.stepper.active
    assert window.scene.node_text(2, 0) == ["v5 = −1", "z5 = 0", "b5 = 0"]
    assert window.scene.overlay.empty and window.diagram.content_filter is None


def test_a_step_animates_its_terms_along_the_edges(window: MainWindow, qtbot: QtBot) -> None:
    parts = stepping(window, animated=True)
    parts.presenter.duration_ms = 60
    parts.actions.forward.trigger()
    moves = parts.presenter.traveller.moves
    assert sorted(m.text for m in moves) == ["2", "−6"]  # (2)(1) and (−3)(2)
    # The sum appears when its terms arrive.
    assert window.scene.node_text(1, 0)[0] == "v3"
    qtbot.waitUntil(lambda: not parts.presenter.animation.running, timeout=2000)
    assert window.scene.node_text(1, 0)[0] == "v3 = −4"
    assert not parts.presenter.traveller.isVisible()


def test_update_steps_glide_the_weight_from_old_to_new(window: MainWindow, qtbot: QtBot) -> None:
    session = window.document
    session.edits.set_network(
        session.network.with_activation(1, "sigmoid").with_activation(2, "sigmoid")
    )
    session.edits.set_learning_rate(10)  # w13: 2 → 2.051
    parts = stepping(window, animated=True)
    # Long enough that a loaded machine still paints frames between the two ends (at 200 ms
    # a suite run beside a CPU hog painted one).
    parts.presenter.duration_ms = 1000
    start = parts.stepper.phase_ranges()["update"][0]
    parts.stepper.go_to(start)
    frames: list[str] = []
    window.scene.redrawn.connect(lambda: frames.append(window.scene.edge_text(1, 0, 0)))
    parts.actions.forward.trigger()
    qtbot.waitUntil(lambda: not parts.presenter.animation.running, timeout=5000)
    new = parts.stepper.current
    assert new is not None and new.kind == "weight_update"
    assert frames[-1] == "w13 = 2.051"
    assert window.scene.overlay.edge_notes[(1, 0, 0)] == "was 2"
    assert len(set(frames)) > 3  # it moved through the values in between


def test_keys_step_but_never_steal_from_a_text_field(window: MainWindow, qtbot: QtBot) -> None:
    parts = stepping(window)
    window.activateWindow()
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert parts.stepper.active and parts.stepper.cursor == 2
    qtbot.keyClick(window.view, Qt.Key.Key_Left)
    assert parts.stepper.cursor == 1
    qtbot.keyClick(window.view, Qt.Key.Key_End)
    assert parts.stepper.at_end
    qtbot.keyClick(window.view, Qt.Key.Key_Home)
    assert parts.stepper.cursor == 0
    field = window.features.network_panel.learning_rate
    window.features.network_panel.parentWidget().raise_()
    field.setFocus()
    field.setCursorPosition(0)
    for key in (Qt.Key.Key_Right, Qt.Key.Key_End, Qt.Key.Key_Space):
        qtbot.keyClick(field, key)
    assert parts.stepper.cursor == 0 and not parts.player.playing
    assert field.text() == "0.1 " and field.cursorPosition() == 4
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert parts.player.playing
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert not parts.player.playing


def test_play_runs_to_the_end_and_stops(window: MainWindow, qtbot: QtBot) -> None:
    parts = stepping(window)
    parts.player.set_speed(5)  # 8 steps/s
    parts.actions.play.trigger()
    assert parts.player.playing and parts.actions.play.text() == "Pause"
    qtbot.waitUntil(lambda: parts.stepper.at_end, timeout=10000)
    qtbot.waitUntil(lambda: not parts.player.playing, timeout=2000)
    assert parts.actions.play.text() == "Play"


def test_editing_a_weight_mid_pass_restarts_the_phase_and_keeps_the_edit(
    window: MainWindow,
) -> None:
    parts = stepping(window)
    parts.stepper.start()
    parts.stepper.go_to_phase("backward")
    parts.actions.forward.trigger()
    window.diagram.edit_weight(2, 1, 0)
    window.diagram.number_editor.field.setText("1")
    window.diagram.number_editor.field.returnPressed.emit()
    assert float(window.document.network.weights[1][1, 0]) == 1.0
    ranges = parts.stepper.phase_ranges()
    assert parts.stepper.cursor == ranges["backward"][0]
    # Earlier phases show the new numbers; the backward pass waits to be walked again.
    assert window.scene.node_text(2, 0) == ["v5 = 1", "z5 = 1", "b5 = 0"]
    assert (2, 0) not in window.scene.overlay.node_notes or "δ" not in (
        window.scene.overlay.node_notes[(2, 0)]
    )
    assert "backward phase starts again" in parts.panel.card.verdict.text()
    window.undo_stack.undo()
    assert float(window.document.network.weights[1][1, 0]) == -1.0
    assert window.scene.node_text(2, 0) == ["v5 = −1", "z5 = 0", "b5 = 0"]


def test_closing_a_window_with_changes_discarded_is_quiet(
    qtbot: QtBot, preferences: Preferences
) -> None:
    # Its undo stack, destroyed unclean, used to announce that to actions already gone
    # (tracebacks on quitting, and in any test that ran the event loop after it).
    window = build_window(Document(load_preset("feedforward")), preferences)
    window.show()
    parts = stepping(window)
    parts.actions.forward.trigger()
    window.edits.set_weight(1, 0, 0, 5.0)
    window.close()  # "save changes?" answers Discard in the tests
    window.deleteLater()
    qtbot.wait(20)
