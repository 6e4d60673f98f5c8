"""Network surgery (core): each change does what it says, and is refused in one line."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.network import Network
from nnviz.core.surgery import (
    Prune,
    ScaleIncoming,
    ShiftBias,
    SwitchOff,
    Temperature,
    WeightNoise,
)


@pytest.fixture
def network() -> Network:
    return Network.initialised((6, 5, 4, 3), ("relu", "relu", "softmax"), "cross_entropy", seed=1)


def test_switching_a_neuron_off_silences_it_downstream(network: Network) -> None:
    after = SwitchOff(1, 2).apply(network)
    assert np.all(after.weights[1][2] == 0) and np.any(network.weights[1][2] != 0)
    # Nothing else changed, and its own inputs still reach it.
    assert np.array_equal(np.delete(after.weights[1], 2, 0), np.delete(network.weights[1], 2, 0))
    assert np.array_equal(after.weights[0], network.weights[0])
    # The outputs are those of a network whose neuron's activation is 0.
    x = np.random.default_rng(0).normal(size=(7, 6))
    hidden = np.maximum(x @ network.weights[0] + network.biases[0], 0)
    hidden[:, 2] = 0
    second = np.maximum(hidden @ network.weights[1] + network.biases[1], 0)
    z = second @ network.weights[2] + network.biases[2]
    expected = np.exp(z - z.max(1, keepdims=True))
    expected /= expected.sum(1, keepdims=True)
    np.testing.assert_allclose(after.predict(x), expected, rtol=1e-12)
    assert SwitchOff(1, 2).text(network) == "switch off z9"


def test_scale_and_shift_touch_one_neuron(network: Network) -> None:
    scaled = ScaleIncoming(2, 1, 0.5).apply(network)
    np.testing.assert_array_equal(scaled.weights[1][:, 1], network.weights[1][:, 1] * 0.5)
    np.testing.assert_array_equal(
        np.delete(scaled.weights[1], 1, 1), np.delete(network.weights[1], 1, 1)
    )
    assert np.array_equal(scaled.biases[1], network.biases[1])
    shifted = ShiftBias(3, 0, 1.5).apply(network)
    assert shifted.biases[2][0] == network.biases[2][0] + 1.5
    assert np.array_equal(shifted.weights[2], network.weights[2])


def test_pruning_zeroes_exactly_the_smallest_share(network: Network) -> None:
    per_layer = Prune(0.5, "layer").apply(network)
    for before, after in zip(network.weights, per_layer.weights, strict=True):
        zeroed = after == 0
        assert zeroed.sum() == round(0.5 * before.size)
        assert np.abs(before[zeroed]).max() <= np.abs(before[~zeroed]).min()
        assert np.array_equal(after[~zeroed], before[~zeroed])
    everywhere = Prune(0.5, "global").apply(network)
    values = np.concatenate([w.ravel() for w in network.weights])
    kept = np.concatenate([w.ravel() for w in everywhere.weights]) != 0
    assert (~kept).sum() == round(0.5 * values.size)
    assert np.abs(values[~kept]).max() <= np.abs(values[kept]).min()
    assert all(np.array_equal(a, b) for a, b in zip(everywhere.biases, network.biases, strict=True))
    assert Prune(0, "layer").apply(network) == network
    assert all(np.all(w == 0) for w in Prune(1.0, "global").apply(network).weights)


def test_weight_noise_is_seeded_and_leaves_biases(network: Network) -> None:
    one, again, other = (WeightNoise(0.1, s).apply(network) for s in (3, 3, 4))
    assert one == again and one != other
    differences = np.concatenate(
        [(a - b).ravel() for a, b in zip(one.weights, network.weights, strict=True)]
    )
    assert 0.05 < differences.std() < 0.15
    assert all(np.array_equal(a, b) for a, b in zip(one.biases, network.biases, strict=True))


def test_temperature_changes_confidence_not_the_answers(network: Network) -> None:
    x = np.random.default_rng(2).normal(size=(50, 6))
    hot = Temperature(4.0).apply(network)
    assert np.array_equal(hot.predict(x).argmax(1), network.predict(x).argmax(1))
    assert hot.predict(x).max(1).mean() < network.predict(x).max(1).mean()
    # T once, then T again, is T².
    np.testing.assert_allclose(
        Temperature(2.0).apply(Temperature(2.0).apply(network)).predict(x),
        hot.predict(x),
        rtol=1e-12,
    )


@pytest.mark.parametrize(
    ("surgery", "message"),
    [
        (SwitchOff(3, 0), "an output neuron cannot be switched off"),
        (SwitchOff(0, 0), "layer 0 has no neurons with weights"),
        (SwitchOff(1, 9), "layer 1 has no neuron 10"),
        (ScaleIncoming(1, 0, float("nan")), "a scale factor must be a finite number"),
        (ShiftBias(1, 0, float("inf")), "a bias shift must be a finite number"),
        (Prune(1.5), "the share to prune must be 0 to 100 %"),
        (Prune(0.5, "row"), "prune per 'layer' or 'global'"),  # type: ignore[arg-type]
        (WeightNoise(-1.0), "the noise σ must be 0 or more"),
        (Temperature(0.0), "the temperature must be more than 0"),
    ],
)
def test_refusals_are_one_line(network: Network, surgery: object, message: str) -> None:
    with pytest.raises(ValueError, match=message) as caught:
        surgery.apply(network)  # type: ignore[attr-defined]
    assert "\n" not in str(caught.value)


def test_a_temperature_needs_a_softmax() -> None:
    network = Network.initialised((2, 2, 1), ("tanh", "sigmoid"), "binary_cross_entropy", seed=0)
    with pytest.raises(ValueError, match="a temperature needs a softmax output"):
        Temperature(2.0).apply(network)
