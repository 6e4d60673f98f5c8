"""The edit API on an undo stack: validation, names in Edit ▸ Undo, merging of nudges."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QUndoStack

from nnviz.core.presets import load_preset
from nnviz.qt.undo import attach_undo
from nnviz.session import Document
from nnviz.session.edits import nudged_value


class UndoableEdits:
    """A document's edit API with its edits on a QUndoStack (as in the window)."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.stack: QUndoStack = attach_undo(document)

    def __getattr__(self, name: str) -> object:
        return getattr(self.document.edits, name)


@pytest.fixture
def edits(qapp: object) -> UndoableEdits:
    return UndoableEdits(Document(load_preset("feedforward")))


def test_nudges_have_no_float_noise() -> None:
    value = 0.0
    for _ in range(3):
        value = nudged_value(value, 1, fine=False)
    assert value == 0.3
    assert nudged_value(2.0, -1, fine=True) == 1.99
    assert str(nudged_value(0.05, -0.5, fine=False)) == "0.0"


def test_each_edit_is_named_for_the_undo_menu(edits: UndoableEdits) -> None:
    edits.set_weight(2, 1, 0, "1")
    assert edits.stack.undoText() == "set w45 to 1"
    edits.set_bias(1, 0, "−0.5")
    assert edits.stack.undoText() == "set b3 to −0.5"
    edits.set_input(0, "3")
    assert edits.stack.undoText() == "set x1 to 3"
    edits.set_activation(1, "relu")
    assert edits.stack.undoText() == "use relu in layer 1"


def test_refused_values_push_nothing(edits: UndoableEdits) -> None:
    before = edits.document.snapshot()
    for bad in ("abc", "1e400", "", "inf"):
        with pytest.raises(ValueError):
            edits.set_weight(1, 0, 0, bad)
        with pytest.raises(ValueError):
            edits.set_bias(1, 0, bad)
        with pytest.raises(ValueError):
            edits.set_input(0, bad)
    with pytest.raises(ValueError):
        edits.set_activation(1, "wobbly")
    with pytest.raises(ValueError):
        edits.set_learning_rate("0")
    assert edits.stack.count() == 0
    assert edits.document.snapshot() == before


def test_an_edit_that_changes_nothing_is_not_an_undo_step(edits: UndoableEdits) -> None:
    edits.set_weight(1, 0, 0, "2")
    assert edits.stack.count() == 0


def test_nudges_merge_until_the_gesture_ends(edits: UndoableEdits) -> None:
    for _ in range(4):
        edits.nudge("weight", (1, 0, 0), 1, fine=False)
    edits.nudge("bias", (1, 0), 1, fine=False)  # another number: a new step
    assert edits.stack.count() == 2
    edits.close_gesture()
    edits.nudge("bias", (1, 0), 1, fine=False)
    assert edits.stack.count() == 3
    assert float(edits.document.network.biases[0][0]) == 0.2
    edits.stack.undo()
    edits.stack.undo()
    assert float(edits.document.network.weights[0][0, 0]) == 2.4
    edits.stack.undo()
    assert float(edits.document.network.weights[0][0, 0]) == 2.0


def test_removing_an_output_keeps_the_other_targets_and_labels(qapp: object) -> None:
    edits = UndoableEdits(Document(load_preset("softmax")))
    edits.remove_neuron(1, 0)
    session = edits.document
    assert session.network.output_size == 9
    assert session.description.output_labels == tuple("123456789")
    assert session.target is not None and int(np.argmax(session.target)) == 4  # label "5"
    edits.stack.undo()
    assert session.description.output_labels == tuple("0123456789")


def test_structure_limits(edits: UndoableEdits) -> None:
    for _ in range(14):
        edits.add_neuron(1)
    assert edits.document.network.layer_sizes == (2, 16, 1)
    with pytest.raises(ValueError, match="at most 16"):
        edits.add_neuron(1)
    for _ in range(5):
        edits.add_layer(1)
    with pytest.raises(ValueError, match="at most 8 layers"):
        edits.add_layer(1)
