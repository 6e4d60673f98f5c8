"""A main window on the MNIST network whose training process trains on a few examples."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from pytestqt.qtbot import QtBot

from nnviz.app import build_window
from nnviz.core.data import DataSet, GivenData
from nnviz.core.mnist import load_dataset
from nnviz.core.presets import load_preset
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.qt.training.feature import Training
from nnviz.session import Document

#: Examples the tests train on: 256 training images (two batches of 128), 200 test images.
N_TRAIN, N_TEST = 256, 200


@functools.cache
def small_mnist() -> DataSet:
    """The first 256 training and 200 test images of MNIST."""
    data = load_dataset()
    return DataSet.classification(
        data.train_images[:N_TRAIN],
        data.train_labels[:N_TRAIN],
        data.test_images[:N_TEST],
        data.test_labels[:N_TEST],
        10,
    )


def training_window(
    qtbot: QtBot, preferences: Preferences, monkeypatch: pytest.MonkeyPatch, folder: Path
) -> MainWindow:
    """A shown MNIST window whose document trains on :func:`small_mnist` and saves its
    training state into ``folder``."""
    del monkeypatch  # the checkpoint folder is given to the window, not patched in
    document = Document(load_preset("mnist"), data=GivenData(small_mnist()))
    window = build_window(document, preferences, folder)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def feature_of(window: MainWindow) -> Training:
    """The training feature of ``window`` (its parts are the active document's)."""
    assert window.features is not None
    return window.features.training


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
