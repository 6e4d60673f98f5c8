"""∞ and NaN on screen: written as such on the diagram, in its tooltips and in the step-
through, never as a blank that looks like "not computed yet", and explained once, in words,
in the Network panel and (once revealed) in the step-through."""

from __future__ import annotations

import pytest

from nnviz.present.diagram.tooltips import node_tooltip
from nnviz.qt.main_window import MainWindow

pytestmark = pytest.mark.hostile

NAN_REASON = (
    "v3 is NaN (not a number): w13·x1 = 1e308 × 10 overflowed to ∞ and w23·x2 = −1e308 × 10 "
    "to −∞, and ∞ − ∞ has no value"
)


def _overflow(window: MainWindow, second: float) -> None:
    window.edits.set_weight(1, 0, 0, "1e308")
    window.edits.set_weight(1, 1, 0, second)
    window.edits.set_inputs([10.0, 10.0])


def test_an_edit_that_overflows_shows_infinity_and_says_why(window: MainWindow) -> None:
    _overflow(window, 1.0)
    assert window.scene.node_text(1, 0) == ["v3 = ∞", "z3 = 1", "b3 = 0"]
    panel = window.features.network_panel
    assert panel.non_finite.isVisible()
    assert "Why is v3 ∞?" in panel.non_finite.text()
    assert "w13·x1 = 1e308 × 10 is beyond the largest number a float can hold" in (
        panel.non_finite.text()
    )


def test_nan_is_written_nan_never_a_blank_or_a_number(window: MainWindow) -> None:
    _overflow(window, -1e308)
    scene, session = window.scene, window.document
    assert scene.node_text(1, 0) == ["v3 = NaN", "z3 = NaN", "b3 = 0"]  # 0.1: "v3", "z3 = 0"
    assert scene.node_text(2, 0)[:2] == ["v5 = NaN", "z5 = NaN"]
    assert window.features.network_panel.loss_value.text() == "Loss C = NaN"  # 0.1: a normal loss
    assert NAN_REASON in window.features.network_panel.non_finite.text().replace(
        "\u2060", ""
    ).replace("\u00a0", " ")
    assert scene.content is not None
    tip = node_tooltip(scene.content, session.forward, session.backward, 1, 0)
    assert "not computed yet" not in tip and "= NaN" in tip
    window.undo_stack.undo()  # back to a finite input: the explanation goes
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert not window.features.network_panel.non_finite.isVisible()


def test_the_step_through_shows_nan_once_revealed_and_explains_it_then(
    window: MainWindow,
) -> None:
    _overflow(window, -1e308)
    parts = window.features.stepping
    parts.set_animated(False)
    parts.actions.forward.trigger()  # the first step: node 3's weighted sum
    assert window.scene.node_text(1, 0)[:2] == ["v3 = NaN", "z3"]  # z3 not computed yet
    assert window.scene.node_text(1, 1)[:2] == ["v4", "z4"]
    assert not parts.panel.notice.isHidden()
    assert parts.panel.notice.title.text() == "Why is v3 NaN?"
    assert (
        parts.panel.notice.text.text().replace("\u2060", "").replace("\u00a0", " ")
        == NAN_REASON + "."
    )
    assert "= NaN" in parts.panel.card.sentence.text()
    parts.actions.back.trigger()  # before it: nothing to explain yet
    assert parts.panel.notice.isHidden()
