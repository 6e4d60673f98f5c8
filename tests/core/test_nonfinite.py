"""No silent numbers: ∞ and NaN are written as such, an activation never turns NaN into an
ordinary number, and the first non-finite number is explained once, in words."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.activations import ACTIVATION_NAMES, activate
from nnviz.core.network import Network
from nnviz.core.notation import format_number
from nnviz.core.presets import load_preset
from nnviz.core.trace import backward_trace, forward_trace, gradient_descent_step

pytestmark = pytest.mark.hostile


def test_infinity_and_nan_are_written_as_such() -> None:
    assert format_number(float("inf")) == "∞"
    assert format_number(float("-inf")) == "−∞"
    assert format_number(float("nan")) == "NaN"


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_no_activation_turns_nan_into_a_number_on_the_readable_path(name: str) -> None:
    out = activate(name, np.array([np.nan, 1.0, -1.0]))
    assert np.isnan(out[0])  # step(NaN) was 0


@pytest.mark.parametrize("name", ACTIVATION_NAMES)
def test_no_activation_turns_nan_into_a_number_on_the_fast_path(name: str) -> None:
    from nnviz.core.training.fast import BatchedNetwork

    loss = "cross_entropy" if name == "softmax" else "mse"
    network = Network((2, 2), (np.eye(2),), (np.zeros(2),), (name,), loss)
    batched = BatchedNetwork(network, 2)
    out = batched.forward(np.array([[np.nan, 1.0], [0.5, -0.5]], dtype=np.float32))
    assert np.isnan(out[0, 0]) and np.all(np.isfinite(out[1]))


def test_the_step_function_keeps_its_values_elsewhere() -> None:
    v = np.array([-np.inf, -1.0, -0.0, 0.0, 2.0, np.inf])
    assert activate("step", v).tolist() == [0.0, 0.0, 1.0, 1.0, 1.0, 1.0]


def _feedforward(*weights: tuple[int, int, int, float]) -> Network:
    network = load_preset("feedforward").network
    for layer, k, j, value in weights:
        network = network.with_weight(layer, k, j, value)
    return network


def _explain(network: Network, inputs: list[float], target: list[float] | None = None) -> object:
    from nnviz.core.nonfinite import explain_non_finite

    forward = forward_trace(network, inputs)
    backward = None if target is None else backward_trace(forward, target)
    return explain_non_finite(forward, backward)


@pytest.mark.filterwarnings("error::RuntimeWarning")
def test_nan_flows_to_the_loss_instead_of_a_normal_looking_one() -> None:
    network = _feedforward((1, 0, 0, 1e308), (1, 1, 0, -1e308))
    forward = forward_trace(network, [10, 10])
    backward = backward_trace(forward, [1.0])
    assert np.isnan(forward.weighted_sums[0][0]) and np.isnan(forward.activations[1][0])
    assert np.isnan(backward.loss)  # 0.1 gave C = 0.5 through step(NaN) = 0
    with pytest.raises(ValueError, match="a gradient is ∞ or NaN"):
        gradient_descent_step(network, backward, 0.1)


@pytest.mark.filterwarnings("error::RuntimeWarning")
@pytest.mark.parametrize(
    ("network", "inputs", "target", "title", "explanation"),
    [
        (
            _feedforward((1, 0, 0, 1e308), (1, 1, 0, -1e308)), [10, 10], [1],
            "Why is v3 NaN?",
            "v3 is NaN (not a number): w13·x1 = 1e308 × 10 overflowed to ∞ and w23·x2 = "
            "−1e308 × 10 to −∞, and ∞ − ∞ has no value",
        ),
        (
            _feedforward((1, 0, 0, 1e308)), [10, 10], None,
            "Why is v3 ∞?",
            "v3 overflowed: w13·x1 = 1e308 × 10 is beyond the largest number a float can hold "
            "(about 1.8e308)",
        ),
        (
            _feedforward((1, 0, 0, 9e307), (1, 1, 0, 9e307)), [1, 1], None,
            "Why is v3 ∞?",
            "v3 overflowed: its terms w13·x1 + w23·x2 = 9e307 + 9e307 add up past the largest "
            "number a float can hold (about 1.8e308)",
        ),
        (
            _feedforward((1, 0, 0, 1e200)).with_activation(1, "square"), [10, 0], None,
            "Why is z3 ∞?",
            "z3 overflowed: square(v3) = (1e201)² is beyond the largest number a float can "
            "hold (about 1.8e308)",
        ),
        (
            load_preset("feedforward").network.with_activation(2, "identity").with_bias(2, 0, 1e200),
            [1, 2], [0],
            "Why is C5 ∞?",
            "C5 overflowed to ∞: the loss term of z5 = 1e200 against y5 = 0 is beyond the "
            "largest number a float can hold (about 1.8e308)",
        ),
        (
            load_preset("feedforward").network.with_activation(1, "identity")
            .with_activation(2, "identity").with_weight(1, 0, 0, 1e200).with_weight(2, 0, 0, 1e-50),
            [1, 0], [0],
            "Why is ∂C/∂w35 ∞?",
            "∂C/∂w35 overflowed to ∞: z3·δ5 = 1e200 × 1e150 is beyond the largest number a "
            "float can hold (about 1.8e308)",
        ),
    ],
)  # fmt: skip
def test_the_first_non_finite_number_is_explained_in_words(
    network: Network, inputs: list[float], target: list[float] | None, title: str, explanation: str
) -> None:
    problem = _explain(network, inputs, target)
    assert problem is not None
    assert problem.title == title  # type: ignore[attr-defined]
    assert problem.explanation == explanation  # type: ignore[attr-defined]


def test_finite_passes_need_no_explanation() -> None:
    preset = load_preset("feedforward")
    assert _explain(preset.network, list(preset.inputs), [1.0]) is None


def test_nan_gradients_are_not_explained_as_zero_ones() -> None:
    from nnviz.core.diagnosis import explain_zero_gradients

    # 0.1 passed NaN through step as 0; with NaN kept, the zero-gradient story must not
    # be told (it crashed on an empty list of stalled layers).
    network = _feedforward((1, 0, 0, 1e308), (1, 1, 0, -1e308))
    assert explain_zero_gradients(backward_trace(forward_trace(network, [10, 10]), [1])) is None
