"""Training data: validation, and float32 batches that follow the pixel / 255 convention."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.mnist import Dataset, pixels_to_inputs
from nnviz.core.training import TrainingData
from nnviz.core.training.data import BatchLoader


def test_every_pixel_value_becomes_pixel_over_255() -> None:
    pixels = np.arange(256, dtype=np.uint8).reshape(1, 256)
    loader = BatchLoader(256, capacity=1)
    x, _ = loader.gather(pixels, np.zeros(1, np.intp), np.array([0]))
    # A 2-D array is one image to pixels_to_inputs: it flattens to (256,).
    np.testing.assert_array_equal(x[0], pixels_to_inputs(pixels).astype(np.float32))


def test_gather_takes_the_requested_rows(mnist: Dataset) -> None:
    data = TrainingData.from_dataset(mnist)
    loader = BatchLoader(data.n_inputs, capacity=8)
    rows = np.array([5, 0, 59_999])
    x, y = loader.gather(data.train_inputs, data.train_labels, rows)
    np.testing.assert_allclose(x, pixels_to_inputs(mnist.train_images[rows]), rtol=1e-7)
    np.testing.assert_array_equal(y, mnist.train_labels[rows])
    x, y = loader.slice(data.test_inputs, data.test_labels, 10, 13)
    np.testing.assert_allclose(x, pixels_to_inputs(mnist.test_images[10:13]), rtol=1e-7)


def test_float_inputs_are_used_as_they_are() -> None:
    data = TrainingData.from_arrays([[0.5, -2.0], [1.0, 3.0]], [0, 1], [[1.0, 1.0]], [1])
    assert data.n_classes == 2 and data.n_inputs == 2
    x, y = BatchLoader(2, 2).gather(data.train_inputs, data.train_labels, np.array([1, 0]))
    np.testing.assert_array_equal(x, [[1.0, 3.0], [0.5, -2.0]])
    np.testing.assert_array_equal(y, [1, 0])


def test_mnist_images_stay_uint8_and_are_not_copied(mnist: Dataset) -> None:
    data = TrainingData.from_dataset(mnist)
    assert data.train_inputs.dtype == np.uint8
    assert np.shares_memory(data.train_inputs, mnist.train_images)
    assert (data.n_train, data.n_test, data.n_inputs, data.n_classes) == (60_000, 10_000, 784, 10)


@pytest.mark.parametrize(
    ("arrays", "message"),
    [
        (([[1.0]], [0, 1], [[1.0]], [0]), "labels for"),
        (([[1.0, 2.0]], [0], [[1.0]], [0]), "inputs, test examples"),
        ((np.zeros((0, 2)), [], [[1.0, 2.0]], [0]), "empty"),
        (([[np.nan]], [0], [[1.0]], [0]), "not finite"),
        (([[1.0]], [0.5], [[1.0]], [0]), "whole numbers"),
        (([[1.0]], [-1], [[1.0]], [0]), "outside"),
        (([[1.0]], [0], [[1.0]], [7]), "outside"),
        (([["a"]], [0], [[1.0]], [0]), "numbers"),
    ],
)
def test_bad_arrays_are_refused(arrays: tuple[object, ...], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        TrainingData.from_arrays(*arrays, n_classes=None if message != "outside" else 3)  # type: ignore[arg-type]
