"""The step list: its order, its numbers, and its sentences."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.network import Network
from nnviz.core.notation import format_number
from nnviz.core.presets import load_preset
from nnviz.core.steps import PHASES, STEP_KINDS, build_steps, choose_granularity
from nnviz.core.trace import backward_trace, forward_trace, gradient_descent_step


@pytest.mark.parametrize(
    ("value", "text"),
    [(-4.0, "−4"), (36.0, "36"), (0.0, "0"), (-0.0, "0"), (1.8222553, "1.822"),
     (0.30630273, "0.3063"), (197.0, "197"), (-0.944, "−0.944"), (1.5e-7, "1.5e−07"),
     (123456.7, "123456.7"), (25_000_000.5, "2.5e07"), (25_000_000.0, "25000000"), (float("inf"), "∞")],
)  # fmt: skip
def test_number_format(value: float, text: str) -> None:
    assert format_number(value) == text


def test_full_feedforward_list() -> None:
    preset = load_preset("feedforward")
    steps = build_steps(preset.network, preset.inputs, preset.target, learning_rate=0.1)
    phases = [s.phase for s in steps]
    assert phases == sorted(phases, key=PHASES.index)  # phases in order, never interleaved
    assert [s.kind for s in steps if s.phase == "loss"] == ["loss_term", "loss"]
    backward = [s.text for s in steps if s.phase == "backward"]
    assert backward[0].startswith("δ5 = (z5 − y5)·step′(v5) = (0 − 1)(0) = 0")
    assert "step′(v) = 0 everywhere" in backward[0]
    assert backward[1] == "∂C/∂w35 = z3·δ5 = (0)(0) = 0"
    assert backward[2] == "∂C/∂w45 = z4·δ5 = (1)(0) = 0"
    assert backward[3] == "∂C/∂b5 = δ5 = 0"
    assert backward[4].startswith("δ3 = (w35·δ5)·step′(v3) = ((2)(0))(0) = 0")
    assert backward[5] == "∂C/∂w13 = x1·δ3 = (1)(0) = 0"
    update = [s.text for s in steps if s.phase == "update"]
    assert update[0] == "w13 ← w13 − η·∂C/∂w13 = 2 − (0.1)(0) = 2"
    assert update[-1] == "C after the update = 0.5 (before: 0.5; unchanged)"
    for step in steps:
        assert step.kind in STEP_KINDS[step.phase]


def test_step_values_equal_the_traces() -> None:
    rng = np.random.default_rng(0)
    network = Network(
        (3, 4, 2),
        (rng.normal(size=(3, 4)), rng.normal(size=(4, 2))),
        (rng.normal(size=4), rng.normal(size=2)),
        ("sigmoid", "softmax"),
        "cross_entropy",
    )
    x, y = rng.normal(size=3), np.array([0.0, 1.0])
    forward = forward_trace(network, x)
    backward = backward_trace(forward, y)
    updated = gradient_descent_step(network, backward, 0.3)
    steps = build_steps(network, x, y, learning_rate=0.3)
    seen = 0
    for s in steps:
        if s.kind == "weighted_sum":
            assert s.value == forward.weighted_sums[s.layer - 1][s.neuron]
        elif s.kind == "activation":
            assert s.value == forward.activations[s.layer][s.neuron]
        elif s.kind == "loss_term":
            assert s.value == backward.loss_terms[s.neuron]
        elif s.kind == "loss":
            assert s.value == backward.loss
        elif s.kind == "delta":
            assert s.value == backward.deltas[s.layer - 1][s.neuron]
        elif s.kind == "weight_gradient":
            assert s.value == backward.weight_gradients[s.layer - 1][s.source, s.neuron]
        elif s.kind == "bias_gradient":
            assert s.value == backward.bias_gradients[s.layer - 1][s.neuron]
        elif s.kind == "weight_update":
            assert s.value == updated.weights[s.layer - 1][s.source, s.neuron]
        elif s.kind == "bias_update":
            assert s.value == updated.biases[s.layer - 1][s.neuron]
        seen += 1
    # 6 sums and activations, 2 loss terms + total, 6 deltas, 3·4 + 4·2 weight gradients,
    # 6 bias gradients, as many updates, and the new loss.
    assert seen == 12 + 3 + (6 + 20 + 6) + (20 + 6 + 1)


def test_softmax_activations_follow_all_sums_of_their_layer() -> None:
    preset = load_preset("softmax")
    forward = [s for s in build_steps(preset.network, preset.inputs) if s.phase == "forward"]
    assert [s.kind for s in forward] == ["weighted_sum"] * 10 + ["activation"] * 10
    assert (
        forward[10].text
        == "z2 = softmax: e^v2 / Σₖ e^vₖ = e^(4.1) / 196.996 = 60.34 / 196.996 = 0.3063"
    )
    # 196.996 is not written 197: a rounded value never reads as a whole number it is not


def test_softmax_table_loss_steps() -> None:
    preset = load_preset("softmax")
    steps = build_steps(
        preset.network, preset.inputs, preset.target, output_labels=preset.output_labels
    )
    loss = [s for s in steps if s.phase == "loss"]
    assert loss[5].text.startswith("class 5: C7 = −[y7·ln(z7) + (1 − y7)·ln(1 − z7)]")
    assert loss[5].text.endswith("= 1.083")
    assert loss[-1].text.endswith("= 1.822")


def test_perceptron_steps() -> None:
    preset = load_preset("perceptron")
    texts = [s.text for s in build_steps(preset.network, preset.inputs)]
    assert texts == [
        "node 4: w14·x1 + w24·x2 + w34·x3 = (−2)(1) + (3)(4) + (2)(−2) = 6",
        "z4 = square(6) = 36",
    ]


def test_a_bias_joins_the_sum() -> None:
    network = load_preset("feedforward").network.with_bias(1, 0, -0.5)
    text = build_steps(network, [1, 2])[0].text
    assert text == "node 3: w13·x1 + w23·x2 + b3 = (2)(1) + (−3)(2) + (−0.5) = −4.5"


def test_mnist_is_stepped_layer_by_layer() -> None:
    preset = load_preset("mnist")
    assert choose_granularity(preset.network) == "layer"
    steps = build_steps(preset.network, preset.inputs, preset.target, learning_rate=0.05,
                        output_labels=preset.output_labels)  # fmt: skip
    forward = [s for s in steps if s.phase == "forward"]
    assert len(forward) == 6 and all(s.is_layer_step for s in forward)
    assert forward[-1].values is not None and forward[-1].values.shape == (10,)
    assert "softmax" in forward[-1].text
    loss = [s for s in steps if s.phase == "loss"]
    assert loss[7].text.startswith("class 7: C7 = −y7·ln(z7)")
    gradients = [s for s in steps if s.kind == "weight_gradient"]
    assert [g.values.shape for g in gradients if g.values is not None] == [
        (50, 10),
        (100, 50),
        (784, 100),
    ]
    assert steps[-1].kind == "new_loss" and steps[-1].value is not None
    assert steps[-1].value < next(s for s in loss if s.kind == "loss").value  # type: ignore[operator]


def test_without_target_only_forward() -> None:
    preset = load_preset("xor")
    steps = build_steps(preset.network, preset.inputs)
    assert {s.phase for s in steps} == {"forward"}


def test_each_neuron_step_names_its_quantity_and_formula() -> None:
    preset = load_preset("feedforward")
    steps = build_steps(preset.network, preset.inputs, preset.target, learning_rate=0.1)
    named = {(s.quantity, s.formula) for s in steps}
    assert ("v3", "w13·x1 + w23·x2") in named
    assert ("z3", "step(v3)") in named
    assert ("C5", "½(y5 − z5)²") in named
    assert ("C", "C5") in named
    assert ("δ5", "(z5 − y5)·step′(v5)") in named
    assert ("δ3", "(w35·δ5)·step′(v3)") in named
    assert ("∂C/∂w35", "z3·δ5") in named
    assert ("∂C/∂b5", "δ5") in named
    assert ("new w13", "w13 − η·∂C/∂w13") in named
    assert steps[-1].quantity == "C after the update" and steps[-1].formula is None
    for step in steps:
        assert step.quantity is not None
        # The formula is the question: symbols only, no numbers worked out.
        if step.formula is not None:
            assert (
                "=" not in step.formula and "(" + format_number(step.value or 0) not in step.formula
            )


def test_softmax_and_cross_entropy_formulas() -> None:
    preset = load_preset("softmax")
    steps = build_steps(preset.network, preset.inputs, preset.target, loss="cross_entropy")
    activation = next(s for s in steps if s.kind == "activation")
    assert (activation.quantity, activation.formula) == ("z2", "e^v2 / Σₖ e^vₖ")
    delta = next(s for s in steps if s.kind == "delta")
    assert (delta.quantity, delta.formula) == ("δ2", "z2 − y2")
    term = next(s for s in steps if s.kind == "loss_term")
    assert term.formula == "−y2·ln(z2)"


def test_layer_steps_have_no_single_quantity() -> None:
    preset = load_preset("mnist")
    steps = build_steps(preset.network, preset.inputs, preset.target, learning_rate=0.05)
    for step in steps:
        if step.is_layer_step:
            assert step.quantity is None and step.formula is None
    terms = [s for s in steps if s.kind == "loss_term"]
    assert [s.quantity for s in terms[:3]] == ["C0", "C1", "C2"]


def test_an_update_that_overflows_is_said_not_done() -> None:
    network = load_preset("feedforward").network
    network = network.with_activation(1, "sigmoid").with_activation(2, "sigmoid")
    steps = build_steps(network, [1, 2], [1000.0], learning_rate=1e308)
    assert [s.phase for s in steps].count("update") == 1
    last = steps[-1]
    assert last.kind == "new_loss" and last.value is None
    assert last.text.startswith("no update: with η = 1e+308 the step leaves a weight")
