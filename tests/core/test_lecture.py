"""Every worked example of LECTURE.md, reproduced by the core."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.activations import activate
from nnviz.core.losses import loss_terms, loss_value
from nnviz.core.mnist import load_dataset
from nnviz.core.presets import load_preset
from nnviz.core.steps import build_steps
from nnviz.core.trace import backward_trace, forward_trace


def test_perceptron_sums_to_6_and_outputs_36() -> None:
    preset = load_preset("perceptron")
    np.testing.assert_array_equal(preset.inputs, [1, 4, -2])
    np.testing.assert_array_equal(preset.network.weights[0][:, 0], [-2, 3, 2])
    assert preset.network.activations == ("square",)
    forward = forward_trace(preset.network, preset.inputs)
    # (1)(−2) + (4)(3) + (−2)(2) = 6, term by term
    np.testing.assert_array_equal(forward.terms[0][:, 0], [-2, 12, -4])
    assert forward.weighted_sums[0][0] == 6
    assert forward.output[0] == 36


def test_feedforward_network_matches_the_lecture() -> None:
    preset = load_preset("feedforward")
    network = preset.network
    W1, W2 = network.weights
    # w13 = 2, w23 = −3, w14 = 1, w24 = 4, w35 = 2, w45 = −1 (W[k, j] is node k+1 → node j+3)
    assert (W1[0, 0], W1[1, 0], W1[0, 1], W1[1, 1]) == (2, -3, 1, 4)
    assert (W2[0, 0], W2[1, 0]) == (2, -1)
    assert all(not b.any() for b in network.biases)
    forward = forward_trace(network, preset.inputs)
    np.testing.assert_array_equal(forward.inputs, [1, 2])
    np.testing.assert_array_equal(forward.weighted_sums[0], [-4, 9])
    np.testing.assert_array_equal(forward.activations[1], [0, 1])  # z3 = 0, z4 = 1
    assert forward.weighted_sums[1][0] == -1
    assert forward.output[0] == 0  # z5 = 0


def test_feedforward_steps_read_like_the_lecture() -> None:
    preset = load_preset("feedforward")
    texts = [s.text for s in build_steps(preset.network, preset.inputs)]
    assert texts == [
        "node 3: w13·x1 + w23·x2 = (2)(1) + (−3)(2) = −4",
        "z3 = step(−4) = 0",
        "node 4: w14·x1 + w24·x2 = (1)(1) + (4)(2) = 9",
        "z4 = step(9) = 1",
        "node 5: w35·z3 + w45·z4 = (2)(0) + (−1)(1) = −1",
        "z5 = step(−1) = 0",
    ]


def test_step_network_has_zero_gradients_everywhere() -> None:
    preset = load_preset("feedforward")
    backward = backward_trace(forward_trace(preset.network, preset.inputs), [1.0])
    assert backward.loss == 0.5
    for gradients in (*backward.weight_gradients, *backward.bias_gradients, *backward.deltas):
        assert not np.any(gradients)


def test_activation_functions_of_the_lecture() -> None:
    v = np.array([-2.0, 0.0, 3.0])
    np.testing.assert_array_equal(activate("step", v), [0, 1, 1])  # f(v) = 1 if v ≥ 0
    np.testing.assert_allclose(activate("sigmoid", v), 1 / (1 + np.exp(-v)))
    np.testing.assert_allclose(activate("tanh", v), np.tanh(v))
    np.testing.assert_array_equal(activate("relu", v), [0, 0, 3])


def test_one_output_mse_losses_for_label_5() -> None:
    # The lecture's table is the squared error (y − ŷ)², twice our ½(y − ŷ)².
    predictions = np.arange(10.0)
    losses = [2 * loss_value("mse", [p], [5.0]) for p in predictions]
    assert losses == [25, 16, 9, 4, 1, 0, 1, 4, 9, 16]
    outputs = [0.79, 1.83, 2.54, 2.99, 3.45, 4.89, 5.32, 6.22, 7.13, 8.72]
    expected = [17.72, 10.04, 6.051, 4.040, 2.402, 0.012, 0.102, 1.488, 4.536, 13.83]
    for output, loss in zip(outputs, expected, strict=True):
        # The slide truncates (10.0489 is printed 10.04, 4.5369 is printed 4.536).
        assert 0 <= 2 * loss_value("mse", [output], [5.0]) - loss < 0.01


def test_softmax_table() -> None:
    preset = load_preset("softmax")
    forward = forward_trace(preset.network, preset.inputs)
    np.testing.assert_array_equal(
        forward.weighted_sums[0], [4.1, 2.2, 2.9, -1.8, 2.5, 4.2, 3.3, -2.5, -1.5, 1.1]
    )
    np.testing.assert_allclose(
        forward.output,
        [0.3063, 0.0458, 0.0923, 0.0008, 0.0618, 0.3385, 0.1376, 0.0004, 0.0011, 0.0152],
        atol=5e-5,
    )
    assert preset.target is not None and int(np.argmax(preset.target)) == 5
    backward = backward_trace(forward, preset.target)
    assert backward.loss_name == "binary_cross_entropy"
    assert round(backward.loss, 3) == 1.822
    assert sum(loss_terms("binary_cross_entropy", forward.output, preset.target)) == pytest.approx(
        backward.loss
    )
    categorical = backward_trace(forward, preset.target, "cross_entropy")
    assert round(categorical.loss, 3) == 1.083


def test_mnist_network_shape_and_parameters() -> None:
    preset = load_preset("mnist")
    network = preset.network
    assert network.layer_sizes == (784, 100, 50, 10)
    assert network.activations == ("relu", "relu", "softmax")
    assert network.loss == "cross_entropy"
    assert sum(w.size for w in network.weights) == 83_900
    assert sum(b.size for b in network.biases) == 160
    # He initialisation: standard deviation sqrt(2 / n_in), reproducible from the seed.
    assert np.std(network.weights[0]) == pytest.approx(np.sqrt(2 / 784), rel=0.02)
    assert network == load_preset("mnist").network
    # The default input is the first test image, a 7, scaled to [0, 1].
    assert preset.inputs.shape == (784,) and preset.inputs.min() >= 0 and preset.inputs.max() <= 1
    assert preset.target is not None and int(np.argmax(preset.target)) == 7
    assert preset.input_image_shape == (28, 28)


def test_mnist_first_twenty_training_labels() -> None:
    dataset = load_dataset()
    assert dataset.train_labels[:20].tolist() == [
        5, 0, 4, 1, 9, 2, 1, 3, 1, 4, 3, 5, 3, 6, 1, 7, 2, 8, 6, 9,
    ]  # fmt: skip


def test_xor_preset_computes_xor() -> None:
    network = load_preset("xor").network
    for x1 in (0, 1):
        for x2 in (0, 1):
            output = network.predict([x1, x2])[0]
            assert round(output) == x1 ^ x2
            assert abs(output - (x1 ^ x2)) < 1e-3
