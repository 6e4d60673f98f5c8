"""A neuron's own activation in the session file and in the compare view (issue 14)."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from nnviz.core.presets import load_preset
from nnviz.core.trace import forward_trace
from nnviz.present.compare import differences
from nnviz.session.session_file import SessionDocument, load_session, save_session
from nnviz.session.state import DocumentState


def test_a_session_keeps_each_neurons_own_activation(tmp_path: Path) -> None:
    preset = load_preset("feedforward")
    network = preset.network.with_neuron_activation(1, 1, "relu")
    state = DocumentState.from_preset(preset).replace(network=network)
    save_session(tmp_path / "own.nnviz", SessionDocument(state))
    loaded = load_session(tmp_path / "own.nnviz")
    assert loaded.state.network == network
    assert loaded.state.network.activation_of(1, 1) == "relu"


def test_the_compare_view_names_a_neurons_own_activation() -> None:
    network = load_preset("feedforward").network
    changed = network.with_neuron_activation(1, 1, "relu")
    x = np.array([1.0, 2.0])
    found = differences(forward_trace(network, x), forward_trace(changed, x))
    assert found.activation_layers == (1,)
    assert "layer 1: step vs step (node 4: relu)" in found.summary
    assert (1, 1) in found.value_nodes
