"""Transforms of grey images such as MNIST's digits: added noise, rotation, a shift by whole
pixels, stroke thickness, and :func:`warp` (rotation and a fractional shift at once).
NumPy only.

They test how robust a trained network is (the Robustness page, ``nnviz evaluate
--robustness``) and augment training images (``core/training/augment.py``: a rotated or
shifted digit is still the same digit).

Every function takes a batch of images, ``(n, rows, columns)`` of uint8 pixels (0 dark
background … 255 ink, MNIST's convention) or of floats in 0 … 1, and returns a new batch of
the same shape and dtype (uint8 results are rounded and clipped, so the data set's own
``pixel / 255`` still applies). Randomness comes from a ``numpy.random.Generator`` the
caller seeds, so a run repeats.
"""

from __future__ import annotations

import functools
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

Images = NDArray[np.floating]


def _as_unit(images: NDArray[Any], batch: bool = True) -> NDArray[np.float32]:
    """The pixels as float32 in 0 … 1 (float32: these batches are 10,000 images); with
    ``batch``, refused unless shaped (n, rows, columns)."""
    if batch and images.ndim != 3:
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
    images : ndarray, uint8 or float, any shape (a batch of images, or of flattened ones)
    sigma : float
        At least 0.
    rng : numpy.random.Generator

    Returns
    -------
    ndarray, same shape and dtype as ``images``
    """
    if not sigma >= 0:
        raise ValueError(f"the noise σ must be 0 or more, not {sigma}")
    x = _as_unit(images, batch=False)
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

    Parameters
    ----------
    images : ndarray, shape (n, rows, columns), uint8 or float
    rows_down, columns_right : int or array_like of int, shape (n,)
        How far each image moves down and right (negative: up, left). A move of a whole
        image or more leaves only background.

    Returns
    -------
    ndarray, same shape and dtype as ``images``
    """
    if images.ndim != 3:
        raise ValueError(f"images must be a batch (n, rows, columns), not shape {images.shape}")
    n, rows, columns = images.shape
    down = np.clip(np.broadcast_to(np.asarray(rows_down, np.intp), (n,)), -rows, rows)
    right = np.clip(np.broadcast_to(np.asarray(columns_right, np.intp), (n,)), -columns, columns)
    reach = int(max(np.abs(down).max(initial=0), np.abs(right).max(initial=0)))
    return WholePixelShift(n, (rows, columns), reach, images.dtype)(images, down, right)


class WholePixelShift:
    """Moves batches of images by whole pixels, reusing its buffer (a training batch is
    moved this way every step when shifts augment the data).

    Each moved image is a window of the image framed in ``reach`` pixels of background:
    moving down by d starts the window d rows above the image, so taking one window per
    image is a single copy.

    Parameters
    ----------
    capacity : int
        The most images moved at once.
    image_shape : (rows, columns)
    reach : int
        The largest move, either way (at least 0).
    dtype : numpy dtype
        The images'.
    """

    def __init__(self, capacity: int, image_shape: tuple[int, int], reach: int, dtype: Any) -> None:
        rows, columns = image_shape
        self.reach = int(reach)
        self.image_shape = (rows, columns)
        self._framed = np.zeros(
            (capacity, rows + 2 * self.reach, columns + 2 * self.reach), np.dtype(dtype)
        )
        self._windows = np.lib.stride_tricks.sliding_window_view(
            self._framed, (rows, columns), axis=(1, 2)
        )
        self._images = np.arange(capacity)

    def __call__(
        self,
        images: NDArray[Any],
        rows_down: NDArray[np.integer],
        columns_right: NDArray[np.integer],
    ) -> NDArray[Any]:
        """Return ``images`` moved, a new array of shape (b, rows, columns).

        Parameters
        ----------
        images : ndarray, shape (b, rows, columns) or (b, rows · columns), b ≤ capacity
        rows_down, columns_right : ndarray of int, shape (b,)
            Each image's move, at most ``reach`` either way.
        """
        b = images.shape[0]
        rows, columns = self.image_shape
        r = self.reach
        self._framed[:b, r : r + rows, r : r + columns] = images.reshape(b, rows, columns)
        return self._windows[self._images[:b], r - rows_down, r - columns_right]


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


def warp(images: Images, degrees: ArrayLike = 0.0, shift: ArrayLike = 0.0) -> Images:
    """Rotate each image about its centre and then shift it, with bilinear interpolation.

    Parameters
    ----------
    images : ndarray of float, shape (n, rows, columns)
    degrees : float or array_like of float, shape (n,)
        Anticlockwise rotation of each image (one angle for all, or one each).
    shift : float or array_like of float, shape (n, 2) or (2,)
        Each image's shift in pixels as (right, down); one number shifts both ways.

    Returns
    -------
    ndarray of the same float dtype (float64 for integer images), shape (n, rows, columns)
    """
    images = np.asarray(images)
    n, rows, columns = images.shape
    dtype = images.dtype if images.dtype.kind == "f" else np.dtype(np.float64)
    angle = np.broadcast_to(np.radians(np.asarray(degrees, dtype=np.float64)), (n,))
    moved = np.asarray(shift, dtype=np.float64)
    moved = np.broadcast_to(moved if moved.ndim else np.array([moved, moved]), (n, 2))
    cos, sin = np.cos(angle)[:, None], np.sin(angle)[:, None]
    # Each output pixel reads the input where the inverse transform takes it: undo the
    # shift, then rotate back about the centre (y grows downwards, so anticlockwise on
    # screen is a negative angle in these coordinates). With x, y measured from the
    # centre: source = R (p − m) + c, i.e. R p plus one offset per image.
    cy, cx = (rows - 1) / 2, (columns - 1) / 2
    x, y = _centred_grid(rows, columns)
    right, down = moved[:, :1], moved[:, 1:]
    source_x = (cos * x - sin * y + (cx - cos * right + sin * down)).astype(dtype)
    source_y = (sin * x + cos * y + (cy - sin * right - cos * down)).astype(dtype)
    return _sample(images.astype(dtype, copy=False), source_x, source_y).reshape(n, rows, columns)


@functools.cache
def _centred_grid(rows: int, columns: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Every pixel's (x, y) from the image's centre, row by row, shape (1, rows · columns)."""
    y, x = np.mgrid[0:rows, 0:columns].astype(np.float64)
    return (x - (columns - 1) / 2).reshape(1, -1), (y - (rows - 1) / 2).reshape(1, -1)


def _sample(images: Images, source_x: Images, source_y: Images) -> Images:
    """Sample each image at (source_x, source_y), shape (n, k), by bilinear interpolation in
    the images' own float dtype (augmentation keeps float32); points outside read 0."""
    n, rows, columns = images.shape
    # A zero border around every image stands for "outside": the points are clipped into
    # it, and the corner they interpolate from stays one pixel inside its far edge (so
    # that the right and lower neighbours exist; a point on the border then reads them
    # with weight 1, and reads 0).
    sx = np.clip(source_x, -1.0, columns)
    sy = np.clip(source_y, -1.0, rows)
    x0 = np.minimum(np.floor(sx), columns - 1)
    y0 = np.minimum(np.floor(sy), rows - 1)
    fx = sx - x0
    fy = sy - y0
    width = columns + 2
    padded = np.pad(images, ((0, 0), (1, 1), (1, 1))).ravel()
    base = (np.arange(n) * (rows + 2) * width + width + 1)[:, None]
    index = base + y0.astype(np.intp) * width + x0.astype(np.intp)
    top_left = np.take(padded, index)
    top = top_left + fx * (np.take(padded, index + 1) - top_left)
    index += width
    bottom_left = np.take(padded, index)
    bottom = bottom_left + fx * (np.take(padded, index + 1) - bottom_left)
    return top + fy * (bottom - top)
