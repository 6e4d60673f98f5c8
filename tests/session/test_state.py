"""Snapshots, restore (the basis of undo) and view settings of the session."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.presets import load_preset
from nnviz.session import Document, DocumentState, ViewSettings


@pytest.fixture
def session() -> Document:
    return Document(load_preset("feedforward"))


def record(session: Document) -> list[str]:
    names = [
        "network_changed",
        "inputs_changed",
        "target_changed",
        "trace_changed",
        "description_changed",
        "learning_rate_changed",
        "view_changed",
        "opened",
    ]
    seen: list[str] = []
    for name in names:
        getattr(session, name).connect(lambda *_, n=name: seen.append(n))
    return seen


def test_restore_brings_back_network_inputs_and_outputs(session: Document) -> None:
    before = session.snapshot()
    session.edits.set_weight(2, 1, 0, 1.0)  # w45 = 1
    assert session.forward.activations[2][0] == 1.0  # z5 = f(1) = 1
    session.restore(before)
    assert session.network == before.network
    assert session.forward.activations[2][0] == 0.0  # z5 = 0 again
    assert session.modified


def test_restore_emits_only_what_changed(session: Document) -> None:
    after_inputs = DocumentState(
        session.network,
        np.array([0.0, 1.0]),
        session.target,
        session.learning_rate,
        session.description,
    )
    seen = record(session)
    session.restore(after_inputs)
    assert seen == ["inputs_changed", "trace_changed"]


def test_restore_keeps_a_removed_input_value_for_undo(session: Document) -> None:
    session.edits.set_inputs([5.0, 7.0])
    before = session.snapshot()
    session.edits.set_network(session.network.with_neuron_removed(0, 1))
    assert session.inputs.tolist() == [5.0]
    session.restore(before)
    assert session.inputs.tolist() == [5.0, 7.0]


def test_restore_refuses_a_state_that_does_not_fit(session: Document) -> None:
    before = session.snapshot()
    bad = DocumentState(session.network, np.zeros(3), None, 0.1, session.description)
    with pytest.raises(ValueError, match="takes 2 inputs"):
        session.restore(bad)
    assert session.snapshot() == before


def test_open_state_is_unmodified_and_says_opened(session: Document) -> None:
    session.edits.set_weight(1, 0, 0, 3.0)
    seen = record(session)
    session.open_state(DocumentState.from_preset(load_preset("xor")))
    assert not session.modified
    assert "opened" in seen
    assert session.description.title == "XOR"


def test_view_settings_are_validated(session: Document) -> None:
    session.set_view(selected=(1, 1), top_k=200)
    assert session.view == ViewSettings("activity", 200, (1, 1))
    for bad in ({"selected": (1, 5)}, {"top_k": 0}, {"edge_ranking": "loud"}, {"zoom": 2}):
        with pytest.raises(ValueError):
            session.set_view(**bad)
    assert session.view == ViewSettings("activity", 200, (1, 1))


def test_a_selection_that_disappears_is_dropped(session: Document) -> None:
    session.set_view(selected=(1, 1))
    session.edits.set_network(session.network.with_neuron_removed(1, 1))
    assert session.view.selected is None


def test_view_settings_json_round_trip() -> None:
    view = ViewSettings("weight", 321, (2, 0))
    assert ViewSettings.from_json(view.to_json()) == view
    with pytest.raises(ValueError):
        ViewSettings.from_json({"selected": [1]})
