"""Why gradients vanish: step activations, dead ReLU outputs, a target already met."""

from __future__ import annotations

from nnviz.core.diagnosis import explain_zero_gradients
from nnviz.core.presets import load_preset
from nnviz.core.trace import trace


def test_step_network_every_gradient_is_zero() -> None:
    preset = load_preset("feedforward")
    result = explain_zero_gradients(trace(preset.network, preset.inputs, [1.0]))
    assert result is not None
    assert result.all_zero and result.step_layers == (1, 2)
    assert "derivative of the step function is 0 everywhere" in result.explanation
    assert "every gradient is 0" in result.explanation


def test_sigmoid_lets_the_error_through() -> None:
    network = load_preset("feedforward").network
    network = network.with_activation(1, "sigmoid").with_activation(2, "sigmoid")
    assert explain_zero_gradients(trace(network, [1, 2], [1.0])) is None


def test_a_step_hidden_layer_stalls_only_the_weights_before_it() -> None:
    network = load_preset("feedforward").network.with_activation(2, "sigmoid")
    result = explain_zero_gradients(trace(network, [1, 2], [1.0]))
    assert result is not None and not result.all_zero
    assert result.stalled_layers == (1,)
    assert "into layer 1 are 0" in result.explanation


def test_relu_output_with_negative_sum_is_dead() -> None:
    network = load_preset("feedforward").network
    network = network.with_activation(1, "relu").with_activation(2, "relu")
    result = explain_zero_gradients(trace(network, [1, 2], [1.0]))
    assert result is not None and result.all_zero and result.step_layers == ()
    assert "relu′(v) = 0 at every output (v5 = −9" in result.explanation


def test_target_already_met() -> None:
    preset = load_preset("feedforward")
    result = explain_zero_gradients(trace(preset.network, preset.inputs, [0.0]))
    assert result is not None  # a step network: the step explanation comes first
    network = preset.network.with_activation(1, "relu").with_activation(2, "relu")
    result = explain_zero_gradients(trace(network, [1, 2], [0.0]))
    assert result is not None and "already equals the target" in result.explanation
