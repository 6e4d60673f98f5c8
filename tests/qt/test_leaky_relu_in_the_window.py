"""leaky_relu in the window: the menus offer it, the diagram and the step-through show it,
and the quiz checks its numbers (all from the one registry entry)."""

from __future__ import annotations

from PySide6.QtWidgets import QMenu

from nnviz.qt.dialogs import NewNetworkDialog
from nnviz.qt.main_window import MainWindow


def test_the_menus_offer_it_and_the_diagram_shows_it(window: MainWindow) -> None:
    menu = QMenu()
    window.diagram.add_activation_actions(menu, 1)
    assert "leaky_relu" in [a.text() for a in menu.actions()]
    leaky = next(a for a in menu.actions() if a.text() == "leaky_relu")
    assert leaky.toolTip() == "leaky_relu(v) = v if v > 0, else 0.01·v"
    leaky.trigger()  # the feedforward example's hidden layer: v3 = −4, v4 = 3
    assert window.document.network.activations[0] == "leaky_relu"
    assert window.scene.node_text(1, 0)[:2] == ["v3 = −4", "z3 = −0.04"]
    assert window.undo_stack.undoText() == "use leaky_relu in layer 1"
    window.diagram.edit_neuron(1, 0)
    box = window.diagram.neuron_editor.activation
    assert box.findData("leaky_relu") >= 0 and box.currentData() == "leaky_relu"
    dialog = NewNetworkDialog()
    assert dialog.hidden.findText("leaky_relu") >= 0 and dialog.output.findText("leaky_relu") >= 0


def test_the_step_through_narrates_it_and_the_quiz_checks_it(window: MainWindow) -> None:
    window.document.edits.set_activation(1, "leaky_relu")
    assert window.features is not None
    stepping = window.features.stepping
    stepping.set_animated(False)
    stepper = stepping.stepper
    stepper.start()
    stepper.step_forward()  # v3
    stepper.step_forward()  # z3
    assert stepper.current is not None
    assert stepper.current.text == "z3 = leaky_relu(−4) = −0.04"
    stepper.set_quiz(True)
    stepper.go_to(0)
    stepper.step_forward()  # asks for v3
    assert stepper.question is not None and stepper.question.quantity == "v3"
    assert stepper.answer("-4").correct
    stepper.step_forward()  # asks for z3 = leaky_relu(−4) = −0.04
    assert stepper.question is not None and stepper.question.quantity == "z3"
    wrong = stepper.answer("0")  # what ReLU would give
    # another try, with the working's shape as a hint (the answer is not given away)
    assert not wrong.correct and "leaky_relu(□)" in wrong.verdict
    assert "−0.04" in wrong.shown
    stepper.go_to(1)
    stepper.step_forward()  # z3 again
    assert stepper.question is not None and stepper.question.quantity == "z3"
    assert stepper.answer("−0.04").correct
