"""What the training set looks like: examples per class, the average digit, the pixels'
histogram, and a preview of the augmented images a run would train on (Qt-free)."""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data import DataSet
from nnviz.core.training import TrainingConfig
from nnviz.core.training.augment import augmented


def class_examples(data: DataSet, per_class: int, seed: int = 0) -> list[NDArray[np.float64]]:
    """``per_class`` random training images of each class (fewer if a class has fewer).

    Parameters
    ----------
    data : DataSet
        With classes and an image shape.
    per_class : int
    seed : int
        Which ones: the same seed, the same images.

    Returns
    -------
    list of ndarray of float64, shape (k, rows, columns), one per class
        Pixels as the network sees them (pixel / 255).
    """
    shape = _shape(data)
    rng = np.random.default_rng(seed)
    out = []
    for label in range(data.n_classes):
        rows = np.flatnonzero(data.train_targets == label)
        chosen = np.sort(rng.choice(rows, size=min(per_class, rows.size), replace=False))
        out.append(_pixels(data, data.train_inputs[chosen]).reshape(-1, *shape))
    return out


def class_means(data: DataSet) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """The average training image of each class, and how many images each class has.

    Returns
    -------
    means : ndarray of float64, shape (n_classes, rows, columns)
        Pixel / 255 averaged over the class (NaN-free: an empty class is all 0).
    counts : ndarray of int64, shape (n_classes,)
    """
    shape = _shape(data)
    labels = np.asarray(data.train_targets)
    counts = np.bincount(labels, minlength=data.n_classes).astype(np.int64)
    inputs = data.train_inputs
    # Whole numbers add up exactly and 8x faster than floats (uint8 pixels, MNIST).
    kind = np.int64 if inputs.dtype == np.uint8 else np.float64
    sums = np.stack(
        [inputs[labels == label].sum(axis=0, dtype=kind) for label in range(data.n_classes)]
    ).astype(np.float64)
    if inputs.dtype == np.uint8:
        sums /= 255.0
    means = sums / np.maximum(counts, 1)[:, None]
    return means.reshape(data.n_classes, *shape), counts


def pixel_histogram(data: DataSet, bins: int = 32) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """How often each pixel value occurs in the training images.

    Returns
    -------
    counts : ndarray of int64, shape (bins,)
    edges : ndarray of float64, shape (bins + 1,)
        From 0 to 1 (pixel / 255).
    """
    edges = np.linspace(0.0, 1.0, bins + 1)
    inputs = data.train_inputs
    if inputs.dtype == np.uint8:
        # Count the 256 grey levels once, then put them into the bins.
        levels = np.zeros(256, np.int64)
        for start in range(0, inputs.shape[0], 5_000):  # bincount widens to 8 bytes a pixel
            levels += np.bincount(inputs[start : start + 5_000].ravel(), minlength=256)
        index = np.minimum((np.arange(256) / 255.0 * bins).astype(int), bins - 1)
        return np.bincount(index, weights=levels, minlength=bins).astype(np.int64), edges
    counts, _ = np.histogram(np.clip(inputs, 0.0, 1.0), bins=edges)
    return counts.astype(np.int64), edges


def augmented_preview(
    data: DataSet, config: TrainingConfig, count: int, draw: int = 0
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """``count`` training images and the same images as ``config`` augments them.

    Parameters
    ----------
    data : DataSet
        With an image shape.
    config : TrainingConfig
        Its ``augment_rotation``, ``augment_shift``, ``augment_noise`` and ``seed``.
    count : int
    draw : int
        Another number, another draw of images and augmentation.

    Returns
    -------
    originals, augmented : ndarray of float64, shape (count, rows, columns)
    """
    shape = _shape(data)
    rng = np.random.default_rng([config.seed, draw])
    rows = np.sort(rng.choice(data.n_train, size=min(count, data.n_train), replace=False))
    originals = _pixels(data, data.train_inputs[rows])
    changed = augmented(
        originals,
        shape,
        rng,
        config.augment_rotation,
        int(config.augment_shift),
        config.augment_noise,
    )
    return originals.reshape(-1, *shape), changed.astype(np.float64).reshape(-1, *shape)


def mosaic(images: NDArray[Any], columns: int, gap: int = 1) -> NDArray[np.float64]:
    """Lay images out in a grid, ``columns`` wide, with ``gap`` pixels of paper between.

    Parameters
    ----------
    images : ndarray, shape (k, rows, columns)
    columns : int

    Returns
    -------
    ndarray of float64, shape (H, W)
        Ink in [0, 1]; the gaps are 0 (paper).
    """
    images = np.asarray(images, np.float64)
    k, rows, width = images.shape
    lines = max(-(-k // columns), 1)
    out = np.zeros((lines * (rows + gap) - gap, columns * (width + gap) - gap))
    for i, image in enumerate(images):
        top, left = (i // columns) * (rows + gap), (i % columns) * (width + gap)
        out[top : top + rows, left : left + width] = image
    return out


def _shape(data: DataSet) -> tuple[int, int]:
    if data.image_shape is None:
        raise ValueError(f"{data.name} has no images to show")
    return data.image_shape


def _pixels(data: DataSet, inputs: NDArray[Any]) -> NDArray[np.float64]:
    """Rows of inputs as pixel / 255 (float data are taken as already in [0, 1])."""
    x = np.asarray(inputs, np.float64)
    return x / 255.0 if inputs.dtype == np.uint8 else x
