"""Comparing two documents: linked input and target, lockstep stepping, the differences
found, and the second document kept in a session file under its own key."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from nnviz.core.presets import load_preset
from nnviz.core.trace import backward_trace, forward_trace
from nnviz.present.compare import differences
from nnviz.session import Document, Workspace
from nnviz.session.compare_file import (
    SavedComparison,
    comparison_payload,
    parse_comparison,
    read_comparison,
)
from nnviz.session.comparison import Comparison
from nnviz.session.session_file import (
    SessionDocument,
    SessionFileError,
    load_session,
    save_session,
)


def _pair(second_preset: str = "feedforward") -> tuple[Comparison, Document, Document]:
    first = Document(load_preset("feedforward"))
    comparison = Comparison(Workspace(first))
    second = Document(load_preset(second_preset))
    comparison.start(second)
    return comparison, first, second


def test_linked_input_and_target_follow_either_side() -> None:
    comparison, first, second = _pair()
    first.edits.set_input(0, "3")
    assert second.inputs[0] == 3.0
    second.edits.set_target_value(0, "0.25")
    assert first.target is not None and first.target[0] == 0.25
    comparison.set_linked(False)
    first.edits.set_input(0, "5")
    assert second.inputs[0] == 3.0


def test_networks_of_other_shapes_cannot_be_linked() -> None:
    comparison, _first, _second = _pair("softmax")
    assert not comparison.linked  # turned off when the comparison started
    with pytest.raises(ValueError, match="cannot be linked: the networks take"):
        comparison.set_linked(True)
    assert not comparison.linked


def test_linking_ends_when_a_network_changes_shape() -> None:
    comparison, first, second = _pair()
    changes: list[None] = []
    comparison.changed.connect(lambda: changes.append(None))
    second.edits.set_network(load_preset("softmax").network)
    assert not comparison.linked and changes
    first.edits.set_input(0, "4")  # nothing to copy into a network of another shape
    assert second.inputs.shape != first.inputs.shape


def test_lockstep_moves_both_step_throughs() -> None:
    comparison, first, second = _pair()
    second.edits.set_activation(1, "relu")
    first.stepper.start()
    assert second.stepper.active and second.stepper.cursor == 0
    first.stepper.step_forward()
    first.stepper.step_forward()
    assert second.stepper.cursor == 2
    second.stepper.step_back()
    assert first.stepper.cursor == 1
    first.stepper.stop()
    assert not second.stepper.active
    comparison.set_lockstep(False)
    first.stepper.start()
    assert not second.stepper.active


def test_stopping_leaves_the_first_document_alone() -> None:
    comparison, first, second = _pair()
    comparison.stop()
    assert comparison.workspace.documents == (first,)
    first.edits.set_input(0, "9")
    assert second.inputs[0] != 9.0  # no longer linked


def test_differences_name_activations_weights_values_and_deltas() -> None:
    preset = load_preset("xor")
    network, x = preset.network, np.array([1.0, 0.0])
    y = np.array([1.0])
    other = network.with_activation(1, "relu").with_weight(2, 0, 0, 5.0)
    fa, fb = forward_trace(network, x), forward_trace(other, x)
    found = differences(fa, fb, backward_trace(fa, y), backward_trace(fb, y))
    assert found.activation_layers == (1,)
    assert found.edges == ((2, 0, 0),) and found.n_weights == 1 and found.n_biases == 0
    assert {(1, 0), (1, 1), (2, 0)} <= found.value_nodes and (0, 0) not in found.value_nodes
    assert {(1, 0), (1, 1), (2, 0)} <= found.delta_nodes
    assert found.summary.startswith("layer 1: sigmoid vs relu; 1 weights and 0 biases differ")
    assert found.largest_output_difference > 0
    same = differences(fa, forward_trace(network, x))
    assert same.none and same.summary == "the two networks are the same"


def test_many_differing_weights_are_capped_largest_first() -> None:
    network = load_preset("mnist").network
    rng = np.random.default_rng(0)
    other = network.replace(
        weights=tuple(w + rng.normal(0, 1e-3, w.shape) for w in network.weights)
    )
    other = other.with_weight(2, 3, 4, float(network.weights[1][3, 4]) + 10)
    x = np.zeros(784)
    found = differences(forward_trace(network, x), forward_trace(other, x), limit=50)
    assert found.n_weights == sum(w.size for w in network.weights)
    assert len(found.edges) == 50 and found.edges[0] == (2, 3, 4)


def test_a_session_keeps_the_second_document_under_compare(tmp_path: Path) -> None:
    _comparison, first, second = _pair()
    second.edits.set_activation(1, "tanh")
    path = tmp_path / "pair.nnviz"
    saved = SavedComparison(SessionDocument(second.snapshot(), second.view), True, False)
    save_session(
        path, SessionDocument(first.snapshot(), first.view), {"compare": comparison_payload(saved)}
    )
    payload = json.loads(path.read_text())
    assert set(payload["compare"]) == {"document", "linked", "lockstep"}
    assert load_session(path).state == first.snapshot()  # the first document's keys, unchanged
    again = read_comparison(path)
    assert again is not None and again.document.state == second.snapshot()
    assert (again.linked, again.lockstep) == (True, False)
    bare = tmp_path / "one.nnviz"
    save_session(bare, SessionDocument(first.snapshot(), first.view))
    assert read_comparison(bare) is None


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        ([], "'compare' must be an object"),
        ({"document": 3}, "'compare.document' must be an object"),
        ({"document": {}, "linked": "yes"}, "'compare.linked' must be true or false"),
        ({"document": {"network": {}}}, "compare.document: network: missing key"),
    ],
)
def test_a_broken_comparison_is_refused_in_one_line(payload: object, message: str) -> None:
    with pytest.raises(SessionFileError, match=message.replace("(", r"\(")):
        parse_comparison(payload)
