"""A main window on the MNIST network whose training process trains on a few examples."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from nnviz.core.mnist import load_dataset
from nnviz.core.presets import load_preset
from nnviz.core.training import TrainingData
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.qt.training.feature import TrainingFeature
from nnviz.runner import DataSource
from nnviz.session import Session

#: Examples the tests train on: 256 training images (two batches of 128), 200 test images.
N_TRAIN, N_TEST = 256, 200


@functools.cache
def small_mnist() -> TrainingData:
    """The first 256 training and 200 test images of MNIST."""
    data = load_dataset()
    return TrainingData.from_arrays(
        data.train_images[:N_TRAIN],
        data.train_labels[:N_TRAIN],
        data.test_images[:N_TEST],
        data.test_labels[:N_TEST],
        10,
    )


def training_window(
    qtbot: QtBot, preferences: Preferences, monkeypatch: pytest.MonkeyPatch, folder: Path
) -> MainWindow:
    """A shown MNIST window whose training uses :func:`small_mnist` and saves into
    ``folder``."""
    monkeypatch.setattr("nnviz.qt.training.feature.default_checkpoint_dir", lambda: folder)
    window = MainWindow(Session(load_preset("mnist")), preferences)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    feature = feature_of(window)
    feature.controller.source = DataSource(data=small_mnist())
    return window


def feature_of(window: MainWindow) -> TrainingFeature:
    """The training parts of ``window``."""
    feature = window.training  # type: ignore[attr-defined]
    assert isinstance(feature, TrainingFeature)
    return feature


def wait_for(qtbot: QtBot, condition: Callable[[], object], timeout: int = 20_000) -> None:
    """Process events until ``condition()`` holds (fail after ``timeout`` ms)."""
    qtbot.waitUntil(lambda: bool(condition()), timeout=timeout)


def shut(window: MainWindow) -> None:
    """End the window's training process (tests that keep the window open)."""
    feature_of(window).controller.shutdown()


def same_weights(first: object, second: object) -> bool:
    """Whether two networks have the same weights and biases."""
    return all(
        np.array_equal(a, b)
        for a, b in zip(
            (*first.weights, *first.biases),  # type: ignore[attr-defined]
            (*second.weights, *second.biases),  # type: ignore[attr-defined]
            strict=True,
        )
    )
