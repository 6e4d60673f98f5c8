"""Hand-drawn digits are normalised like MNIST's: fitted to 20×20 and centred by mass."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.drawing import resample, to_mnist_image


def test_resample_preserves_the_mean_when_shrinking() -> None:
    image = np.random.default_rng(0).uniform(size=(280, 280))
    small = resample(image, 28, 28)
    assert small.shape == (28, 28)
    assert small.mean() == pytest.approx(image.mean())
    np.testing.assert_allclose(resample(np.ones((7, 9)), 3, 4), np.ones((3, 4)))


def test_a_small_off_centre_stroke_is_scaled_and_centred() -> None:
    canvas = np.zeros((280, 280))
    canvas[10:60, 200:210] = 1.0  # a short vertical bar in the top-right corner
    image = to_mnist_image(canvas)
    rows = np.flatnonzero(image.max(axis=1) > 0.05)
    assert rows[-1] - rows[0] + 1 == 20  # its height now fills the 20-pixel box
    centre = (image.sum(axis=1) * np.arange(28)).sum() / image.sum()
    assert abs(centre - 13.5) <= 0.5
    column_centre = (image.sum(axis=0) * np.arange(28)).sum() / image.sum()
    assert abs(column_centre - 13.5) <= 0.5
    assert image.min() >= 0 and image.max() <= 1


def test_an_empty_canvas_gives_zeros() -> None:
    assert not to_mnist_image(np.zeros((50, 50))).any()


def test_mnist_digits_keep_their_shape(mnist) -> None:  # type: ignore[no-untyped-def]
    # MNIST's own digits already fill a 20-pixel box and are centred by mass: normalising
    # them again must give the same geometry.
    for image in mnist.test_images[:50] / 255.0:
        again = to_mnist_image(image)
        rows = np.flatnonzero(again.max(axis=1) > 0.05)
        columns = np.flatnonzero(again.max(axis=0) > 0.05)
        assert max(rows[-1] - rows[0], columns[-1] - columns[0]) + 1 == 20
        centre = (again.sum(axis=1) * np.arange(28)).sum() / again.sum()
        assert abs(centre - 13.5) <= 1.0
