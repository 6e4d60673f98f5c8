"""Training data: validation, and float32 batches that follow the pixel / 255 convention."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.data import DataSet, Standardisation, TargetCoding
from nnviz.core.mnist import Dataset, pixels_to_inputs
from nnviz.core.training.data import BatchLoader


def loader_for(data: DataSet, capacity: int) -> BatchLoader:
    return BatchLoader(data, data.coding(data.n_classes or data.n_targets), capacity)


def test_every_pixel_value_becomes_pixel_over_255() -> None:
    pixels = np.arange(256, dtype=np.uint8).reshape(1, 256)
    loader = loader_for(DataSet.classification(pixels, [0], pixels, [0]), capacity=1)
    x, _, _ = loader.gather(pixels, np.zeros(1, np.intp), np.array([0]))
    # A 2-D array is one image to pixels_to_inputs: it flattens to (256,).
    np.testing.assert_array_equal(x[0], pixels_to_inputs(pixels).astype(np.float32))


def test_gather_takes_the_requested_rows(mnist: Dataset) -> None:
    data = DataSet.from_mnist(mnist)
    loader = loader_for(data, capacity=8)
    rows = np.array([5, 0, 59_999])
    x, targets, labels = loader.gather(data.train_inputs, data.train_targets, rows)
    np.testing.assert_allclose(x, pixels_to_inputs(mnist.train_images[rows]), rtol=1e-7)
    np.testing.assert_array_equal(labels, mnist.train_labels[rows])
    np.testing.assert_array_equal(targets.argmax(axis=1), mnist.train_labels[rows])
    assert targets.sum() == 3  # one-hot rows
    x, _, labels = loader.slice(data.test_inputs, data.test_targets, 10, 13)
    np.testing.assert_allclose(x, pixels_to_inputs(mnist.test_images[10:13]), rtol=1e-7)
    np.testing.assert_array_equal(labels, mnist.test_labels[10:13])


def test_float_inputs_are_used_as_they_are() -> None:
    data = DataSet.classification([[0.5, -2.0], [1.0, 3.0]], [0, 1], [[1.0, 1.0]], [1])
    assert data.n_classes == 2 and data.n_inputs == 2
    x, _, y = loader_for(data, 2).gather(data.train_inputs, data.train_targets, np.array([1, 0]))
    np.testing.assert_array_equal(x, [[1.0, 3.0], [0.5, -2.0]])
    np.testing.assert_array_equal(y, [1, 0])


def test_mnist_images_stay_uint8_and_are_not_copied(mnist: Dataset) -> None:
    data = DataSet.from_mnist(mnist)
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
        DataSet.classification(*arrays, n_classes=None if message != "outside" else 3)  # type: ignore[arg-type]


def test_real_targets_and_standardised_features() -> None:
    features = np.array([[1.0, 100.0], [3.0, 300.0], [5.0, 200.0]])
    values = np.array([0.5, -1.0, 2.0])
    scaling = Standardisation.fitted(features)
    data = DataSet.regression(features, values, features[:1], values[:1], standardisation=scaling)
    assert not data.classifies and data.n_targets == 1
    loader = loader_for(data, 3)
    x, targets, labels = loader.gather(data.train_inputs, data.train_targets, np.arange(3))
    assert labels is None
    np.testing.assert_allclose(x.mean(axis=0), 0.0, atol=1e-6)
    np.testing.assert_allclose(x.std(axis=0), 1.0, rtol=1e-5)
    np.testing.assert_array_equal(targets[:, 0], values.astype(np.float32))
    np.testing.assert_allclose(data.network_inputs(features), x, rtol=1e-6)


def test_codings_of_classes_and_values() -> None:
    two = DataSet.classification([[0.0], [1.0]], [0, 1], [[0.0]], [0])
    assert two.coding(2) == TargetCoding("one_hot", 2)
    binary = two.coding(1)
    assert binary.kind == "binary" and binary.n_classes == 2
    np.testing.assert_array_equal(binary.classes(np.array([[0.2], [0.7]])), [0, 1])
    with pytest.raises(ValueError, match="2 classes, so it needs 2"):
        two.coding(3)
    values = DataSet.regression([[0.0]], [[1.0, 2.0]], [[0.0]], [[1.0, 2.0]])
    assert values.coding(2).kind == "values" and not values.coding(2).classifies
    with pytest.raises(ValueError, match="2 target values"):
        values.coding(1)


def test_data_sources_are_read_once_each() -> None:
    from nnviz.core.data import GivenData, MnistSource, load

    first = GivenData(DataSet.classification([[0.0]], [0], [[0.0]], [0], 2, name="first"))
    second = GivenData(DataSet.classification([[1.0]], [1], [[1.0]], [1], 2, name="second"))
    assert first != second and MnistSource() == MnistSource()
    assert load(first).name == "first" and load(second).name == "second"
    assert load(first) is load(first)
