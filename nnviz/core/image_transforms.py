"""Image transforms for testing how robust a network is: added noise, rotation, shift and
stroke thickness of grey images such as MNIST's digits. NumPy only.

Every function takes a batch of images, ``(n, rows, columns)`` of uint8 pixels (0 dark
background … 255 ink, MNIST's convention) or of floats in 0 … 1, and returns a new batch of
the same shape and dtype (uint8 results are rounded and clipped, so the data set's own
``pixel / 255`` still applies). Randomness comes from a ``numpy.random.Generator`` the
caller seeds, so a run repeats.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray


def _as_unit(images: NDArray[Any]) -> NDArray[np.float32]:
    """The pixels as float32 in 0 … 1 (float32: these batches are 10,000 images)."""
    if images.ndim != 3:
        raise ValueError(f"images must be a batch (n, rows, columns), not shape {images.shape}")
    x = np.array(images, np.float32)
    if images.dtype == np.uint8:
        x /= 255.0
    return x


def _like(values: NDArray[Any], images: NDArray[Any]) -> NDArray[Any]:
    """``values`` (0 … 1) back in the dtype of ``images``."""
    values = np.clip(values, 0.0, 1.0)
    if images.dtype == np.uint8:
        return np.rint(values * 255.0).astype(np.uint8)
    return values.astype(images.dtype, copy=False)


def add_noise(images: NDArray[Any], sigma: float, rng: np.random.Generator) -> NDArray[Any]:
    """Add Gaussian noise of standard deviation ``sigma`` (in units of the full pixel
    range: 0.1 is a tenth of black to white) to every pixel, clipped to the range.

    Parameters
    ----------
    images : ndarray, shape (n, rows, columns), uint8 or float
    sigma : float
        At least 0.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray, same shape and dtype as ``images``
    """
    if not sigma >= 0:
        raise ValueError(f"the noise σ must be 0 or more, not {sigma}")
    x = _as_unit(images)
    x += sigma * rng.standard_normal(x.shape, dtype=np.float32)
    return _like(x, images)


def rotate(images: NDArray[Any], degrees: NDArray[Any] | float) -> NDArray[Any]:
    """Rotate each image about its centre by ``degrees`` (counter-clockwise as seen;
    one angle for all, or one per image, shape (n,)), bilinear, background outside.

    Returns
    -------
    ndarray, same shape and dtype as ``images``
    """
    x = _as_unit(images)
    n, rows, columns = x.shape
    angles = np.broadcast_to(np.radians(np.asarray(degrees, np.float32)), (n,))
    cy, cx = (rows - 1) / 2.0, (columns - 1) / 2.0
    yy, xx = np.mgrid[0:rows, 0:columns].astype(np.float32)
    dy, dx = yy - cy, xx - cx
    cos, sin = np.cos(angles)[:, None, None], np.sin(angles)[:, None, None]
    # Where each output pixel comes from (the inverse rotation; rows grow downwards): for
    # a counter-clockwise quarter turn the left pixel comes from the top, the top from
    # the right.
    source_y = cy + cos * dy + sin * dx
    source_x = cx - sin * dy + cos * dx
    return _like(_bilinear(x, source_y, source_x), images)


def _bilinear(
    x: NDArray[np.float32], source_y: NDArray[Any], source_x: NDArray[Any]
) -> NDArray[np.float32]:
    """Sample each image of ``x`` at (source_y, source_x), shape (n, rows, columns); 0
    outside the image."""
    n, rows, columns = x.shape
    width = columns + 2
    padded = np.zeros((n, rows + 2, width), np.float32)
    padded[:, 1:-1, 1:-1] = x
    flat = padded.reshape(-1)
    # In the padded image, pixel (r, c) is at (r + 1, c + 1); beyond one pixel outside the
    # image everything is background.
    sy = np.clip(source_y + 1.0, 0.0, rows + 1.0).astype(np.float32)
    sx = np.clip(source_x + 1.0, 0.0, columns + 1.0).astype(np.float32)
    y0 = np.minimum(sy.astype(np.intp), rows)
    x0 = np.minimum(sx.astype(np.intp), columns)
    fy, fx = sy - y0, sx - x0
    # One flat index per sample (np.take with mode="clip" is much faster than indexing
    # with three broadcast index arrays).
    corner = (np.arange(n)[:, None, None] * (rows + 2) + y0) * width + x0
    top_left = np.take(flat, corner, mode="clip")
    top_right = np.take(flat, corner + 1, mode="clip")
    bottom_left = np.take(flat, corner + width, mode="clip")
    bottom_right = np.take(flat, corner + width + 1, mode="clip")
    top = top_left + (top_right - top_left) * fx
    bottom = bottom_left + (bottom_right - bottom_left) * fx
    return np.asarray(top + (bottom - top) * fy, np.float32)


def shift(
    images: NDArray[Any], rows_down: NDArray[Any] | int, columns_right: NDArray[Any] | int
) -> NDArray[Any]:
    """Move each image by whole pixels (one offset for all, or one per image, shape (n,)),
    filling with background.

    Returns
    -------
    ndarray, same shape and dtype as ``images``
    """
    if images.ndim != 3:
        raise ValueError(f"images must be a batch (n, rows, columns), not shape {images.shape}")
    n, rows, columns = images.shape
    down = np.broadcast_to(np.asarray(rows_down, np.intp), (n,))
    right = np.broadcast_to(np.asarray(columns_right, np.intp), (n,))
    yy, xx = np.mgrid[0:rows, 0:columns]
    source_y = yy[None] - down[:, None, None]
    source_x = xx[None] - right[:, None, None]
    inside = (source_y >= 0) & (source_y < rows) & (source_x >= 0) & (source_x < columns)
    index = np.arange(n)[:, None, None]
    moved = images[index, np.clip(source_y, 0, rows - 1), np.clip(source_x, 0, columns - 1)]
    return np.where(inside, moved, np.zeros((), images.dtype)).astype(images.dtype)


def thicken(images: NDArray[Any], steps: int) -> NDArray[Any]:
    """Make the strokes thicker (``steps`` > 0: grey dilation) or thinner (< 0: grey
    erosion), one pixel per step, with a 3 × 3 cross (a pixel and its four neighbours).

    Returns
    -------
    ndarray, same shape and dtype as ``images``
    """
    if images.ndim != 3:
        raise ValueError(f"images must be a batch (n, rows, columns), not shape {images.shape}")
    x = np.asarray(images)
    combine = np.maximum if steps > 0 else np.minimum
    # Outside the image is background (0) for dilation; for erosion it must not eat the
    # strokes that touch the border, so it counts as ink there.
    fill = 0 if steps > 0 else (255 if x.dtype == np.uint8 else 1)
    for _ in range(abs(int(steps))):
        padded = np.pad(x, ((0, 0), (1, 1), (1, 1)), constant_values=fill)
        x = combine.reduce(
            [
                padded[:, 1:-1, 1:-1],
                padded[:, :-2, 1:-1],
                padded[:, 2:, 1:-1],
                padded[:, 1:-1, :-2],
                padded[:, 1:-1, 2:],
            ]
        )
    return np.array(x, dtype=images.dtype)
