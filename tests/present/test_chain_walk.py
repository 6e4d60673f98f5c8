"""Stepping the backward pass through a neuron's graph: blanks until reached, in order."""

from __future__ import annotations

from nnviz.core.chain_rule import chain_graph
from nnviz.core.presets import load_preset
from nnviz.present.chain_rule import ChainWalk, node_texts
from nnviz.session import Document


def _walk(preset: str = "xor", layer: int = 2, neuron: int = 0) -> tuple[Document, ChainWalk]:
    document = Document(load_preset(preset))
    return document, ChainWalk(chain_graph(document.forward, document.backward, layer, neuron))


def test_before_the_first_step_only_values_are_shown() -> None:
    _, walk = _walk()
    texts = walk.texts()
    assert texts["v"].value.startswith("v5 = ")
    assert texts["v"].gradient == "∂C/∂v5 ="
    assert {t.state for t in texts.values()} <= {"pending", "constant"}
    assert texts["y"].state == "constant"
    assert "Step the backward pass from C" in walk.caption()


def test_each_step_reveals_one_node_and_says_the_chain_rule() -> None:
    document, walk = _walk()
    walk.forward()
    assert walk.texts()["C"].gradient == "∂C/∂C = 1"
    assert walk.texts()["C"].state == "current"
    assert walk.texts()["z"].gradient == "∂C/∂z5 ="
    walk.forward()
    walk.forward()
    texts = walk.texts()
    assert texts["C"].state == "done" and texts["v"].state == "current"
    assert document.backward is not None
    delta = document.backward.deltas[1][0]
    assert texts["v"].gradient == f"∂C/∂v5 = {_written(delta)}"
    assert walk.caption().startswith("Step 3 of 10: ∂C/∂v5 = δ5 = ∂C/∂z5·sigmoid′(v5)")
    assert texts["w0"].gradient == "∂C/∂w35 ="


def test_back_start_and_end() -> None:
    _, walk = _walk()
    assert not walk.back()
    walk.to_end()
    assert walk.position == walk.n_steps == 10
    assert not walk.forward()
    assert all(t.state in ("done", "current", "constant") for t in walk.texts().values())
    assert walk.back() and walk.position == 9
    walk.to_start()
    assert walk.position == 0


def test_an_edit_keeps_the_place_and_another_neuron_starts_again() -> None:
    document, walk = _walk()
    walk.forward()
    walk.forward()
    document.edits.set_weight(2, 0, 0, 1.5)
    walk.replace_graph(chain_graph(document.forward, document.backward, 2, 0))
    assert walk.position == 2
    assert walk.texts()["w0"].value == "w35 = 1.5"
    walk.replace_graph(chain_graph(document.forward, document.backward, 1, 0))
    assert walk.position == 0


def test_positions_out_of_range_are_clamped() -> None:
    _, walk = _walk()
    assert node_texts(walk.graph, 99) == node_texts(walk.graph, walk.n_steps)
    assert node_texts(walk.graph, -3) == node_texts(walk.graph, 0)


def _written(value: float) -> str:
    from nnviz.core.notation import format_number

    return format_number(float(value))
