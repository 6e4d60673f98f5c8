"""The step-through's cursor, what it reveals, its restarts after edits, and the quiz."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.presets import load_preset
from nnviz.core.trace import gradient_descent_step
from nnviz.session import Document
from nnviz.session.numbers import NumberTextError
from nnviz.session.quiz import check_answer, is_askable, question_text, tolerance
from nnviz.session.reveal import reveal
from nnviz.session.stepper import Stepper, phase_ranges


@pytest.fixture
def session() -> Document:
    return Document(load_preset("feedforward"))


@pytest.fixture
def stepper(session: Document) -> Stepper:
    return Stepper(session)


def test_walks_exactly_the_sessions_step_list(session: Document, stepper: Stepper) -> None:
    stepper.start()
    seen = []
    while stepper.step_forward():
        seen.append(stepper.current)
    assert tuple(seen) == session.steps
    assert stepper.at_end and not stepper.step_forward()
    while stepper.step_back():
        pass
    assert stepper.cursor == 0 and stepper.current is None


def test_phase_ranges_and_jumps(stepper: Stepper) -> None:
    stepper.start()
    ranges = stepper.phase_ranges()
    assert list(ranges) == ["forward", "loss", "backward", "update"]
    assert ranges["forward"] == (0, 6) and ranges["loss"] == (6, 8)
    stepper.go_to_phase("backward")
    assert stepper.current is not None and stepper.current.text.startswith("δ5 =")
    assert stepper.cursor == ranges["backward"][0] + 1
    stepper.go_to_end()
    assert stepper.cursor == len(stepper.steps)
    stepper.go_to_start()
    assert stepper.cursor == 0


def test_no_target_means_forward_only(session: Document, stepper: Stepper) -> None:
    session.edits.set_target(None)
    stepper.start()
    assert list(stepper.phase_ranges()) == ["forward"]
    with pytest.raises(ValueError, match="no loss phase"):
        stepper.go_to_phase("loss")


def test_reveal_masks_follow_the_cursor(session: Document) -> None:
    steps = session.steps
    sizes = session.network.layer_sizes
    nothing = reveal(steps, 0, sizes)
    assert not any(mask.any() for mask in nothing.activations)
    first = reveal(steps, 1, sizes)  # node 3's weighted sum, not yet its output
    assert first.weighted_sums[0].tolist() == [True, False]
    assert not first.activations[0].any()
    everything = reveal(steps, len(steps), sizes)
    assert all(mask.all() for mask in everything.weight_updates)
    assert everything.loss and everything.new_loss
    assert reveal(steps, 7, sizes) == reveal(steps, 7, sizes)
    assert reveal(steps, 7, sizes) != reveal(steps, 8, sizes)


def test_an_edit_mid_pass_restarts_the_current_phase(session: Document, stepper: Stepper) -> None:
    stepper.start()
    stepper.go_to(phase_ranges(session.steps)["backward"][0] + 3)
    assert stepper.phase == "backward"
    session.edits.set_weight(2, 1, 0, 1.0)  # w45 = 1: z5 becomes 1
    assert float(session.network.weights[1][1, 0]) == 1.0  # the edit is kept
    assert stepper.cursor == phase_ranges(stepper.steps)["backward"][0]
    assert stepper.steps == session.steps
    assert "= 1" in stepper.steps[5].text  # z5 = step(1) = 1, recomputed


def test_a_change_after_the_cursor_keeps_it(session: Document, stepper: Stepper) -> None:
    stepper.start(3)
    events: list[str] = []
    stepper.steps_changed.connect(lambda: events.append("steps"))
    session.edits.set_learning_rate(0.5)  # only the update phase changes
    assert stepper.cursor == 3 and events == ["steps"]
    assert any("(0.5)" in s.text for s in stepper.steps if s.phase == "update")


def test_removing_the_target_in_the_backward_pass(session: Document, stepper: Stepper) -> None:
    stepper.start()
    stepper.go_to_phase("backward")
    session.edits.set_target(None)
    assert stepper.cursor == len(stepper.steps) == 6


def test_opening_another_network_starts_over(session: Document, stepper: Stepper) -> None:
    stepper.start(5)
    stepper.record_update(0.5, 0.4)
    session.open_preset("xor")
    assert stepper.cursor == 0 and stepper.update_history == []
    assert stepper.steps == session.steps


def test_after_update_is_one_gradient_descent_step() -> None:
    session = Document(load_preset("xor"))
    stepper = Stepper(session)
    assert session.backward is not None
    expected = gradient_descent_step(session.network, session.backward, session.learning_rate)
    after = stepper.after_update
    assert after is not None
    for got, want in zip(after.weights, expected.weights, strict=True):
        np.testing.assert_array_equal(got, want)
    final = [s for s in stepper.steps if s.kind == "weight_update"]
    assert final[0].value == float(expected.weights[0][0, 0])


def test_inactive_stepper_does_not_announce_edits(session: Document, stepper: Stepper) -> None:
    events: list[str] = []
    stepper.steps_changed.connect(lambda: events.append("steps"))
    session.edits.set_weight(1, 0, 0, 5.0)
    assert events == []
    assert stepper.steps == session.steps


# -- the quiz ---------------------------------------------------------------------------------


def test_quiz_asks_before_revealing(stepper: Stepper) -> None:
    stepper.set_quiz(True)
    stepper.start()
    stepper.step_forward()
    question = stepper.question
    assert question is not None and stepper.cursor == 0
    assert question_text(question) == "v3 = w13·x1 + w23·x2 = ?"
    result = stepper.answer("−4")
    assert result.correct and result.verdict == "Right: v3 = −4"
    assert stepper.cursor == 1 and stepper.question is None
    stepper.step_forward()
    result = stepper.answer("1")
    assert not result.correct
    # a wrong try keeps the question, with a hint: the formula, its numbers blank
    assert result.verdict == (
        "Not quite: you typed 1. Try again, or press Show me. Hint: z3 = step(v3) = step(□)"
    )
    assert stepper.cursor == 1 and stepper.question is not None and stepper.tries == (1.0,)
    result = stepper.answer("0")
    assert result.correct and result.attempt == 2 and result.verdict == "Right at try 2: z3 = 0"
    assert stepper.cursor == 2
    assert stepper.score.text == "2 of 2 right, 1 at the first try"


def test_quiz_score_by_phase_and_its_export(stepper: Stepper) -> None:
    stepper.set_quiz(True, every_number=True)
    stepper.start()
    stepper.step_forward()
    stepper.answer("-4")  # v3, right
    stepper.step_forward()
    stepper.answer("7")  # z3, wrong ...
    stepper.step_forward()  # ... then shown
    assert stepper.cursor == 2 and stepper.question is None
    stepper.go_to_phase("loss")  # asks C5
    stepper.answer("0.5")
    score = stepper.score
    assert (score.right, score.asked, score.right_first) == (2, 3, 2)
    assert score.by_phase() == {"forward": (1, 2), "loss": (1, 1)}
    assert score.phase_text == "forward 1/2 · loss 1/1"
    rows = score.to_csv().splitlines()
    assert rows[0] == "step,phase,quantity,exact value,typed,tries,outcome"
    assert rows[1] == "1,forward,v3,-4.0,-4.0,1,right"
    assert rows[2] == "2,forward,z3,0.0,7.0,1,shown"
    assert rows[-1] == "total,,,,,3,2 of 3 right"


def test_quiz_refuses_text_that_is_not_a_number(stepper: Stepper) -> None:
    stepper.set_quiz(True)
    stepper.start()
    stepper.step_forward()
    with pytest.raises(NumberTextError):
        stepper.answer("abc")
    assert stepper.question is not None and stepper.cursor == 0
    assert stepper.score.asked == 0


def test_quiz_back_withdraws_and_forward_reveals(stepper: Stepper) -> None:
    stepper.set_quiz(True)
    stepper.start()
    stepper.step_forward()
    assert stepper.step_back() and stepper.question is None and stepper.cursor == 0
    stepper.step_forward()
    stepper.step_forward()  # reveal without answering
    assert stepper.cursor == 1 and stepper.score.asked == 0


def test_quiz_skips_what_it_does_not_ask(session: Document, stepper: Stepper) -> None:
    stepper.set_quiz(True)
    stepper.start(phase_ranges(session.steps)["loss"][0])
    stepper.step_forward()  # a loss term: not a node value
    assert stepper.question is None and stepper.cursor == 7
    stepper.set_quiz(True, every_number=True)
    stepper.step_forward()
    assert stepper.question is not None and stepper.question.kind == "loss"


@pytest.mark.parametrize(
    ("typed", "right"),
    [("-4", True), ("−4.004", True), ("-4.02", True), ("-4.1", False), ("4", False)],
)
def test_tolerance(session: Document, typed: str, right: bool) -> None:
    step = session.steps[0]
    assert tolerance(-4.0) == pytest.approx(0.025)
    assert check_answer(step, typed).correct is right


def test_softmax_quiz_accepts_a_rounded_probability() -> None:
    session = Document(load_preset("softmax"))
    step = next(s for s in session.steps if s.kind == "activation")
    assert is_askable(step)
    assert check_answer(step, "0.31").correct  # 0.3063 to two decimals
    assert not check_answer(step, "0.33").correct
    layer = Document(load_preset("mnist")).steps[0]
    assert not is_askable(layer, every_number=True)


def test_edits_in_a_row_restart_the_same_phase(session: Document, stepper: Stepper) -> None:
    stepper.start()
    stepper.go_to_phase("backward")
    for value in (1.0, 2.0, 3.0):
        session.edits.set_weight(1, 0, 0, value)
        assert stepper.restarted == "backward"
        assert stepper.cursor == phase_ranges(stepper.steps)["backward"][0]
    stepper.step_forward()
    assert stepper.restarted is None and stepper.phase == "backward"


def test_a_change_of_shape_mid_pass_restarts_in_the_new_list(session: Document) -> None:
    stepper = Stepper(session)
    stepper.start()
    stepper.go_to_phase("update")
    session.edits.set_network(session.network.with_neuron_added(1))
    assert stepper.steps == session.steps and len(stepper.steps) == 41
    assert stepper.cursor == phase_ranges(stepper.steps)["update"][0]
    revealed = stepper.revealed()
    assert [mask.shape for mask in revealed.weight_gradients] == [(2, 3), (3, 1)]
