"""Fixtures for the core tests: real MNIST, loaded once, and small slices of it."""

from __future__ import annotations

import pytest

from nnviz.core.data import DataSet
from nnviz.core.mnist import Dataset, load_dataset


@pytest.fixture(scope="session")
def mnist() -> Dataset:
    """The bundled MNIST (verified; about 0.3 s to load)."""
    return load_dataset()


@pytest.fixture(scope="session")
def small_data(mnist: Dataset) -> DataSet:
    """The first 960 training and 300 test images: 15 batches of 64 per epoch."""
    return DataSet.classification(
        mnist.train_images[:960],
        mnist.train_labels[:960],
        mnist.test_images[:300],
        mnist.test_labels[:300],
        n_classes=10,
    )
