"""The observable session: edits recompute everything, signals follow, bad values change nothing."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.presets import load_preset
from nnviz.session import Document


@pytest.fixture
def session() -> Document:
    return Document(load_preset("feedforward"))


def test_setting_w45_to_1_makes_z5_one(session: Document) -> None:
    assert session.forward.output[0] == 0
    events: list[str] = []
    session.network_changed.connect(lambda _n: events.append("network"))
    session.trace_changed.connect(lambda: events.append("trace"))
    session.edits.set_weight(2, 1, 0, "1")  # w45: from node 4 (hidden neuron 1) to node 5
    assert session.network.weights[1][1, 0] == 1
    assert session.forward.weighted_sums[1][0] == 1 and session.forward.output[0] == 1
    assert events == ["network", "trace"]
    assert session.modified


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", "“abc” is not a number"),
        ("", "type a number"),
        ("1e400", "“1e400” is not a finite number"),
        ("nan", "“nan” is not a number"),
        ("inf", "“inf” is not a finite number"),
        (None, "a weight must be a number, not None"),
    ],
)
def test_bad_weight_changes_nothing(session: Document, text: object, message: str) -> None:
    # One edit API: text is read as a student types it (the editors show these messages),
    # anything else must be a number.
    before = session.network
    events: list[object] = []
    session.network_changed.connect(events.append)
    with pytest.raises(ValueError, match=message):
        session.edits.set_weight(1, 0, 0, text)
    assert session.network is before and not events and not session.modified


def test_inputs_and_targets(session: Document) -> None:
    session.edits.set_input(1, 0.0)
    np.testing.assert_array_equal(session.inputs, [1, 0])
    assert session.forward.weighted_sums[0].tolist() == [2, 1]
    with pytest.raises(ValueError):
        session.edits.set_inputs([1, 2, 3])
    with pytest.raises(ValueError):
        session.edits.set_target([1, 2])
    np.testing.assert_array_equal(session.inputs, [1, 0])
    session.edits.set_target(None)
    assert session.backward is None
    assert {s.phase for s in session.steps} == {"forward"}


def test_steps_follow_the_learning_rate(session: Document) -> None:
    session.edits.set_learning_rate(0.25)
    assert any("(0.25)" in s.text for s in session.steps if s.phase == "update")
    for bad in ("0", "-1", "abc"):
        with pytest.raises(ValueError):
            session.edits.set_learning_rate(bad)
    assert session.learning_rate == 0.25


def test_opening_a_preset_replaces_everything(session: Document) -> None:
    titles: list[str] = []
    session.description_changed.connect(lambda d: titles.append(d.title))
    session.edits.set_weight(1, 0, 0, 5)
    session.open_preset("softmax")
    assert session.network.layer_sizes == (1, 10)
    assert session.description.output_labels == tuple("0123456789")
    assert titles == ["Softmax and cross-entropy"] and not session.modified
    assert session.backward is not None and round(session.backward.loss, 3) == 1.822


def test_a_refused_file_leaves_the_session_untouched(session: Document, tmp_path) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "broken.npz"
    path.write_bytes(b"not a zip")
    before = session.network
    with pytest.raises(ValueError, match="broken.npz"):
        session.open_source(path)
    assert session.network is before


def test_growing_the_network_keeps_the_input_that_fits(session: Document) -> None:
    session.edits.set_network(session.network.with_neuron_added(0))
    assert session.network.layer_sizes == (3, 2, 1)
    np.testing.assert_array_equal(session.inputs, [1, 2, 0])
    # The new input neuron has zero weights, so nothing downstream changed.
    assert session.forward.weighted_sums[0].tolist() == [-4, 9]
