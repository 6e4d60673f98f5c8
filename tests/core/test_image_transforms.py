"""Image transforms for robustness tests (core, NumPy)."""

from __future__ import annotations

import numpy as np
import pytest

from nnviz.core.image_transforms import add_noise, rotate, shift, thicken, warp


def dot(row: int, column: int, size: int = 7) -> np.ndarray:
    image = np.zeros((1, size, size), np.uint8)
    image[0, row, column] = 255
    return image


def test_a_quarter_turn_counter_clockwise_moves_the_top_to_the_left() -> None:
    turned = rotate(dot(0, 3), 90.0)
    assert turned.dtype == np.uint8 and turned[0, 3, 0] == 255 and turned.sum() == 255
    assert rotate(dot(0, 3), -90.0)[0, 3, 6] == 255
    # A full turn, and none, leave the image; per-image angles are per image.
    both = np.concatenate([dot(1, 2), dot(1, 2)])
    np.testing.assert_array_equal(rotate(both, np.array([0.0, 360.0])), both)


def test_shift_moves_whole_pixels_and_fills_with_background() -> None:
    moved = shift(dot(3, 3), 2, -1)
    assert moved[0, 5, 2] == 255 and moved.sum() == 255
    assert shift(dot(3, 3), 0, 9).sum() == 0


def test_thickness_dilates_and_erodes_with_a_cross() -> None:
    thick = thicken(dot(3, 3), 1)
    assert (thick > 0).sum() == 5 and thick[0, 2, 3] == thick[0, 3, 2] == 255
    assert (thicken(dot(3, 3), 2) > 0).sum() == 13
    np.testing.assert_array_equal(thicken(thick, -1), dot(3, 3))
    # A stroke along the border is not eaten by the outside.
    edge = np.zeros((1, 4, 4), np.uint8)
    edge[0, :, 0:2] = 255
    assert thicken(edge, -1)[0, :, 0].min() == 255


def test_noise_is_seeded_clipped_and_of_its_sigma() -> None:
    images = np.full((20, 28, 28), 128, np.uint8)
    one = add_noise(images, 0.1, np.random.default_rng(5))
    again = add_noise(images, 0.1, np.random.default_rng(5))
    np.testing.assert_array_equal(one, again)
    assert one.dtype == np.uint8
    assert 0.09 < (one.astype(float) - 128).std() / 255 < 0.11
    bright = add_noise(np.full((2, 5, 5), 250, np.uint8), 0.5, np.random.default_rng(0))
    assert bright.max() == 255  # clipped, not wrapped
    floats = add_noise(np.zeros((1, 3, 3)), 0.0, np.random.default_rng(0))
    assert floats.dtype == np.float64 and not floats.any()


def test_a_single_image_is_refused_in_one_line() -> None:
    with pytest.raises(ValueError, match=r"images must be a batch \(n, rows, columns\)"):
        rotate(np.zeros((28, 28), np.uint8), 10)


def _floats() -> np.ndarray:
    return np.random.default_rng(0).random((3, 7, 7))


def test_a_quarter_turn_is_numpys_rot90() -> None:
    images = _floats()
    np.testing.assert_allclose(rotate(images, 90.0), np.rot90(images, 1, axes=(1, 2)), atol=1e-6)
    np.testing.assert_allclose(rotate(images, 0.0), images, atol=1e-6)


def test_warp_shifts_each_image_its_own_way_and_fills_with_background() -> None:
    images = _floats()
    each = warp(images, shift=np.array([[1, 0], [0, 1], [0, 0]]))  # (right, down) each
    np.testing.assert_allclose(each[2], images[2], atol=1e-12)
    np.testing.assert_allclose(each[0][:, 1:], images[0][:, :-1], atol=1e-12)
    assert np.all(each[0][:, 0] == 0)
    np.testing.assert_allclose(each[1][1:], images[1][:-1], atol=1e-12)
    # A whole-pixel warp is the whole-pixel shift.
    np.testing.assert_allclose(warp(images, shift=(2, -1)), shift(images, -1, 2), atol=1e-12)
    # A quarter turn by warp is numpy's too.
    np.testing.assert_allclose(warp(images, 90.0), np.rot90(images, 1, axes=(1, 2)), atol=1e-9)


def test_noise_works_on_flattened_images_too() -> None:
    flat = _floats().reshape(3, -1).astype(np.float32)  # what augmentation passes
    noisy = add_noise(flat, 0.3, np.random.default_rng(1))
    assert noisy.shape == flat.shape and noisy.dtype == np.float32
    assert noisy.min() >= 0 and noisy.max() <= 1 and not np.allclose(noisy, flat)


def test_shift_takes_each_image_its_own_whole_pixel_move() -> None:
    rng = np.random.default_rng(5)
    images = rng.integers(0, 256, (40, 6, 7)).astype(np.uint8)
    down = rng.integers(-8, 9, 40)
    right = rng.integers(-8, 9, 40)
    moved = shift(images, down, right)
    assert moved.dtype == np.uint8 and moved.shape == images.shape
    for image, out, d, r in zip(images, moved, down, right, strict=True):
        expected = np.zeros_like(image)
        for y in range(6):
            for x in range(7):
                if 0 <= y - d < 6 and 0 <= x - r < 7:
                    expected[y, x] = image[y - d, x - r]
        np.testing.assert_array_equal(out, expected)
