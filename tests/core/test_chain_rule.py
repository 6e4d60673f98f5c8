"""The chain-rule graph of a neuron holds the document's own backpropagation numbers."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.chain_rule import chain_graph
from nnviz.core.network import Network
from nnviz.core.presets import load_preset
from nnviz.core.steps import Step
from nnviz.session import Document

LECTURE = ("perceptron", "feedforward", "xor", "softmax")


def _softmax_cross_entropy() -> Document:
    """A 2-3-3 network with a softmax output fitted by cross-entropy (the fused delta)."""
    network = Network.initialised((2, 3, 3), ("sigmoid", "softmax"), "cross_entropy", seed=3)
    document = Document()
    document.edits.set_network(network)
    document.edits.set_inputs([0.5, -1.0])
    document.edits.set_target([0.0, 1.0, 0.0])
    return document


def _documents() -> list[tuple[str, Document]]:
    documents = [(name, Document(load_preset(name))) for name in LECTURE]
    documents.append(("softmax+cross-entropy", _softmax_cross_entropy()))
    documents.append(("xor, z4 relu", _xor_with_a_relu_neuron()))
    return documents


def _xor_with_a_relu_neuron() -> Document:
    """The lecture's XOR with hidden neuron z4 given its own activation (relu)."""
    document = Document(load_preset("xor"))
    document.edits.set_neuron_activation(1, 1, "relu")
    return document


def _ids(value: object) -> str:
    return value if isinstance(value, str) else ""


def _neurons(network: Network) -> list[tuple[int, int]]:
    sizes = network.layer_sizes
    return [(layer, j) for layer in range(1, len(sizes)) for j in range(sizes[layer])]


def _step(steps: tuple[Step, ...], kind: str, layer: int, neuron: int, source=None) -> float:
    (match,) = [
        s
        for s in steps
        if s.kind == kind and s.layer == layer and s.neuron == neuron and s.source == source
    ]
    assert match.value is not None
    return match.value


@pytest.mark.parametrize(("name", "document"), _documents(), ids=_ids)
def test_every_gradient_is_the_step_lists_own(name: str, document: Document) -> None:
    network = document.network
    assert document.backward is not None
    for layer, j in _neurons(network):
        graph = chain_graph(document.forward, document.backward, layer, j)
        steps = document.steps
        delta = _step(steps, "delta", layer, j)
        assert graph.node("v").gradient == delta
        assert graph.node("b").gradient == _step(steps, "bias_gradient", layer, j)
        for k in range(network.layer_sizes[layer - 1]):
            expected = _step(steps, "weight_gradient", layer, j, source=k)
            assert graph.node(f"w{k}").gradient == expected
            assert graph.node(f"times{k}").gradient == delta
        # each step reveals exactly the number its node carries
        for step in graph.steps:
            assert step.value == graph.node(step.nodes[-1]).gradient
        # the forward values are the document's too
        assert graph.node("v").value == document.forward.weighted_sums[layer - 1][j]
        assert graph.node("z").value == document.forward.activations[layer][j]


@pytest.mark.parametrize(("name", "document"), _documents(), ids=_ids)
def test_the_local_step_multiplies_out(name: str, document: Document) -> None:
    """∂C/∂v = ∂C/∂z · f′(v) with the numbers the sentence shows."""
    backward = document.backward
    assert backward is not None
    network = document.network
    for layer, j in _neurons(network):
        graph = chain_graph(document.forward, backward, layer, j)
        sentence = next(s.text for s in graph.steps if s.nodes == ("v",))
        name_ = network.activation_of(layer, j)
        if name_ == "softmax":
            assert "every" in sentence
            continue
        upstream = graph.node("z").gradient
        assert upstream is not None
        derivative = backward.activation_derivatives[layer - 1][j]
        assert np.isclose(upstream * derivative, graph.node("v").gradient)
        assert f"{name_}′(" in sentence


def test_the_order_runs_from_the_loss_back_to_each_weight() -> None:
    document = Document(load_preset("xor"))
    graph = chain_graph(document.forward, document.backward, 2, 0)
    order = [step.nodes for step in graph.steps]
    assert order[:4] == [("C",), ("z",), ("v",), ("b",)]
    # then, per incoming term: the product, its weight, the share it passes back
    assert order[4:] == [
        ("times0",),
        ("w0",),
        ("x0",),
        ("times1",),
        ("w1",),
        ("x1",),
    ]
    assert graph.steps[2].text.startswith("∂C/∂v5 = δ5 = ∂C/∂z5·sigmoid′(v5) = ")


def test_a_hidden_neuron_starts_from_the_gradient_arriving_from_above() -> None:
    document = Document(load_preset("xor"))
    backward = document.backward
    assert backward is not None
    graph = chain_graph(document.forward, backward, 1, 1)
    first = graph.steps[0]
    assert first.nodes == ("up", "z")
    w45 = document.network.weights[1][1, 0]
    assert np.isclose(first.value, w45 * backward.deltas[1][0])
    assert first.text.startswith("∂C/∂z4 = w45·δ5 = ")
    assert graph.node("up").note == "from node 5"
    # an input of the network gets no gradient: the pass stops at its weights
    assert graph.node("x0").gradient is None
    assert all("x0" not in step.nodes for step in graph.steps)
    assert "C" not in graph.keys


def test_a_softmax_output_says_how_the_loss_couples_the_outputs() -> None:
    document = _softmax_cross_entropy()
    graph = chain_graph(document.forward, document.backward, 2, 0)
    sentence = next(s.text for s in graph.steps if s.nodes == ("v",))
    assert "z6 − y6" in sentence and "every output" in sentence
    assert any("depends on every v" in note for note in graph.notes)
    # ∂C/∂z6 alone is 0 (y6 = 0), yet δ6 = z6 is not: v6 reaches C through the other zₖ
    assert graph.node("z").gradient == 0
    assert graph.node("v").gradient == pytest.approx(document.forward.output[0])


def test_mnist_folds_the_weak_terms_into_one_node() -> None:
    document = Document(load_preset("mnist"))
    forward = document.forward
    graph = chain_graph(forward, document.backward, 3, 4)
    assert graph.n_terms == 50 and graph.folded == 40
    assert graph.node("more").name == "+ 40 more"
    drawn = [node for node in graph.nodes if node.kind == "product"]
    assert len(drawn) == 10
    total = sum(n.value for n in drawn) + graph.node("more").value + graph.node("b").value
    assert np.isclose(total, graph.node("v").value)
    smallest_drawn = min(abs(n.value) for n in drawn)
    terms = forward.terms[2][:, 4]
    folded = [k for k in range(50) if f"times{k}" not in graph.keys]
    assert np.all(np.abs(terms[folded]) <= smallest_drawn)
    backward = document.backward
    assert backward is not None
    assert graph.node("v").gradient == backward.deltas[2][4]
    strongest = int(drawn[0].key.removeprefix("times"))
    assert graph.node(f"w{strongest}").gradient == backward.weight_gradients[2][strongest, 4]
    first_layer = chain_graph(forward, document.backward, 1, 0)
    assert first_layer.folded == 774
    assert any("784 incoming terms" in note for note in first_layer.notes)
    assert first_layer.node("z").name == "z¹₁"


def test_without_a_target_there_are_values_and_no_gradients() -> None:
    document = Document(load_preset("feedforward"))
    document.edits.set_target(None)
    graph = chain_graph(document.forward, document.backward, 2, 0)
    assert graph.steps == ()
    assert all(node.gradient is None for node in graph.nodes)
    assert graph.node("v").value == -1
    assert any("set a target" in note for note in graph.notes)


@pytest.mark.parametrize(("layer", "neuron"), [(0, 0), (3, 0), (1, 2), (1, -1)])
def test_a_neuron_that_is_not_there_is_refused(layer: int, neuron: int) -> None:
    document = Document(load_preset("feedforward"))
    with pytest.raises(ValueError, match="layer"):
        chain_graph(document.forward, document.backward, layer, neuron)


def test_the_shares_passed_back_add_up_to_the_sources_gradient() -> None:
    """What each neuron's graph hands back to z3 sums to ∂C/∂z3 (the arriving gradient of
    node 3's own graph)."""
    document = _softmax_cross_entropy()
    backward = document.backward
    assert backward is not None
    for source in range(3):
        shares = [
            chain_graph(document.forward, backward, 2, j).node(f"x{source}").gradient
            for j in range(3)
        ]
        own = chain_graph(document.forward, backward, 1, source).node("up").gradient
        assert own is not None and all(share is not None for share in shares)
        assert np.isclose(sum(s for s in shares if s is not None), own)


def test_a_neuron_with_its_own_activation_is_written_with_it() -> None:
    document = _xor_with_a_relu_neuron()
    assert document.backward is not None
    own = chain_graph(document.forward, document.backward, 1, 1)
    layers = chain_graph(document.forward, document.backward, 1, 0)
    assert any("relu′(v4)" in step.text for step in own.steps)
    assert not any("relu" in step.text for step in layers.steps)
    assert any("sigmoid′(v3)" in step.text for step in layers.steps)
