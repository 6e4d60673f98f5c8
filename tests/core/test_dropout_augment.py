"""Dropout and augmentation: only while training, drawn per batch from the seed, and a
run with them resumes exactly."""

from __future__ import annotations

import pickle

import numpy as np
import pytest

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.core.training import EpochRecord, Finished, Trainer, TrainingConfig
from nnviz.core.training.augment import BatchNoise, augmented
from nnviz.core.training.fast import BatchedNetwork


def _images() -> DataSet:
    rng = np.random.default_rng(2)
    x = (rng.random((300, 8, 8)) * 255).astype(np.uint8)
    labels = (x[:, :4].mean(axis=(1, 2)) > x[:, 4:].mean(axis=(1, 2))).astype(int)
    return DataSet.classification(x[:240], labels[:240], x[240:], labels[240:], 2, name="toy")


def _network() -> Network:
    return Network.initialised((64, 12, 6, 2), ("relu", "tanh", "softmax"), "cross_entropy")


def test_a_dropped_neuron_is_a_neuron_whose_outgoing_weights_are_zero() -> None:
    network = _network()
    rng = np.random.default_rng(0)
    x = rng.random((5, 64)).astype(np.float32)
    y = np.eye(2, dtype=np.float32)[rng.integers(0, 2, 5)]
    masks = [np.ones((5, 12), np.float32), np.ones((5, 6), np.float32)]
    masks[0][:, 3] = 0.0
    dropped = BatchedNetwork(network, 5)
    dropped.forward(x, masks)
    loss = dropped.backward(x, y, masks)
    weights = [w.copy() for w in network.weights]
    weights[1][3, :] = 0.0
    cut = Network(
        network.layer_sizes, tuple(weights), network.biases, network.activations, network.loss
    )
    plain = BatchedNetwork(cut, 5)
    plain.forward(x)
    assert loss == pytest.approx(plain.backward(x, y), rel=1e-6)
    # Neuron 3 passes no gradient back, and every other weight's gradient is the same.
    np.testing.assert_array_equal(dropped.weight_gradients[0][:, 3], 0.0)
    np.testing.assert_allclose(dropped.weight_gradients[0], plain.weight_gradients[0], atol=1e-7)
    np.testing.assert_allclose(dropped.weight_gradients[2], plain.weight_gradients[2], atol=1e-7)
    # Evaluation never drops: the activations kept are the ones before the mask.
    assert np.any(dropped.activations_out[0][:5, 3] != 0.0) or np.all(
        x @ network.weights[0][:, 3] <= 0
    )


def test_the_masks_keep_the_expected_activation_and_repeat_per_step() -> None:
    config = TrainingConfig(dropout=0.25, seed=4)
    noise = BatchNoise(config, (64, 100, 50, 10), None, 64, 640)
    first = [m.copy() for m in noise.masks(7, 64) or []]
    values = np.unique(first[0])
    assert values.tolist() == [0.0, pytest.approx(1 / 0.75)]
    assert abs(float((first[0] == 0).mean()) - 0.25) < 0.03
    again = [m.copy() for m in noise.masks(7, 64) or []]
    other = [m.copy() for m in noise.masks(8, 64) or []]
    np.testing.assert_array_equal(first[0], again[0])
    assert not np.array_equal(first[0], other[0])
    assert BatchNoise(TrainingConfig(), (64, 100, 10), None, 64, 640).masks(1, 64) is None


def test_augmented_images_move_and_stay_in_range() -> None:
    rng = np.random.default_rng(0)
    image = np.zeros((1, 8, 8), np.float32)
    image[0, 2:6, 3] = 1.0
    out = augmented(image.reshape(1, -1), (8, 8), rng, 0.0, 2.0, 0.0)
    assert out.shape == (1, 64) and not np.allclose(out, image.reshape(1, -1))
    noisy = augmented(image.reshape(1, -1), (8, 8), rng, 30.0, 0.0, 0.2)
    assert noisy.min() >= 0.0 and noisy.max() <= 1.0
    with pytest.raises(ValueError, match="images"):
        BatchNoise(TrainingConfig(augment_shift=1.0), (2, 4, 2), None, 8, 80)


@pytest.mark.parametrize(
    "options",
    [
        {"dropout": 0.3},
        {"augment_rotation": 15.0, "augment_shift": 1.0, "augment_noise": 0.1},
        {"augment_shift": 2.0},
        {"dropout": 0.2, "augment_noise": 0.05, "validation": 40},
    ],
)
def test_a_run_with_dropout_or_augmentation_resumes_exactly(options: dict[str, float]) -> None:
    data = _images()
    config = TrainingConfig(epochs=3, batch_size=16, blas_threads=None, **options)  # type: ignore[arg-type]
    whole = list(Trainer(_network(), data, config).run())[-1]
    plain = list(
        Trainer(_network(), data, TrainingConfig(epochs=3, batch_size=16, blas_threads=None)).run()
    )[-1]
    assert isinstance(whole, Finished) and isinstance(plain, Finished)
    assert not np.array_equal(whole.network.weights[0], plain.network.weights[0])
    for record in Trainer(_network(), data, config).run():
        if isinstance(record, EpochRecord) and record.epoch == 1:
            state, network = pickle.loads(pickle.dumps(record.state)), record.network
            break
    rest = list(Trainer(network, data, config, resume=state).run())[-1]
    assert isinstance(rest, Finished)
    for a, b in zip(
        (*whole.network.weights, *whole.network.biases),
        (*rest.network.weights, *rest.network.biases),
        strict=True,
    ):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("dropout", 0.95),
        ("augment_rotation", -1.0),
        ("augment_noise", 2.0),
        ("augment_shift", 1.5),
        ("augment_shift", 11.0),
    ],
)
def test_an_option_out_of_range_is_refused_in_one_line(field: str, value: float) -> None:
    with pytest.raises(ValueError) as error:
        TrainingConfig(**{field: value})  # type: ignore[arg-type]
    assert "\n" not in str(error.value)


def test_whole_pixel_moves_keep_the_pixels_and_are_drawn_per_place_in_an_epoch() -> None:
    config = TrainingConfig(augment_shift=1.0, seed=3)
    noise = BatchNoise(config, (64, 10, 2), (8, 8), 16, 48)
    image = np.zeros((16, 8, 8), np.float32)
    image[:, 3:5, 2:6] = np.linspace(0.2, 1.0, 8, dtype=np.float32).reshape(2, 4)
    moves = noise.moves(2, 16, 16)
    assert moves is not None and moves.shape == (16, 2)
    assert set(np.unique(moves)) <= {-1, 0, 1} and len(np.unique(moves)) == 3
    out = noise.augment(image.reshape(16, -1).copy(), step=99, epoch=2, position=16)
    for picture, (right, down) in zip(out.reshape(16, 8, 8), moves, strict=True):
        # The same ink, one whole pixel over (the digit's edge is inside the frame).
        np.testing.assert_array_equal(picture, np.roll(image[0], (down, right), axis=(0, 1)))
    # The same place in the same epoch moves the same way; the step does not matter.
    again = BatchNoise(config, (64, 10, 2), (8, 8), 16, 48)
    np.testing.assert_array_equal(again.moves(2, 16, 16), moves)
    np.testing.assert_array_equal(
        again.augment(image.reshape(16, -1).copy(), step=1, epoch=2, position=16), out
    )
    assert not np.array_equal(again.moves(3, 16, 16), moves)
