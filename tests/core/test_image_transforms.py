"""Image transforms: exact where a transform is a permutation of pixels (quarter turns,
whole-pixel shifts), background from outside, strokes thicker and thinner."""

from __future__ import annotations

import numpy as np

from nnviz.core.image_transforms import add_noise, rotate, shift, thicken, warp


def _images() -> np.ndarray:
    rng = np.random.default_rng(0)
    return rng.random((3, 7, 7))


def test_a_quarter_turn_is_numpys_rot90() -> None:
    images = _images()
    np.testing.assert_allclose(rotate(images, 90.0), np.rot90(images, 1, axes=(1, 2)), atol=1e-9)
    np.testing.assert_allclose(rotate(images, 0.0), images, atol=1e-12)


def test_a_whole_pixel_shift_moves_pixels_and_fills_with_background() -> None:
    images = _images()
    moved = shift(images, 2, -1)
    np.testing.assert_allclose(moved[:, :-1, 2:], images[:, 1:, :-2], atol=1e-12)
    assert np.all(moved[:, :, :2] == 0) and np.all(moved[:, -1, :] == 0)
    # One shift each, and the same through warp.
    each = warp(images, shift=np.array([[1, 0], [0, 1], [0, 0]]))
    np.testing.assert_allclose(each[2], images[2], atol=1e-12)
    np.testing.assert_allclose(each[0][:, 1:], images[0][:, :-1], atol=1e-12)


def test_noise_is_seeded_and_stays_in_range() -> None:
    images = _images()
    a = add_noise(images, 0.3, np.random.default_rng(1))
    b = add_noise(images, 0.3, np.random.default_rng(1))
    np.testing.assert_array_equal(a, b)
    assert a.min() >= 0 and a.max() <= 1 and not np.allclose(a, images)


def test_thicker_then_thinner_strokes() -> None:
    image = np.zeros((1, 7, 7))
    image[0, 3, 3] = 1.0
    thick = thicken(image, 1)
    assert thick.sum() == 5 and thick[0, 2, 3] == 1 and thick[0, 3, 2] == 1
    np.testing.assert_array_equal(thicken(thick, -1), image)
    assert image.sum() == 1  # nothing in place
