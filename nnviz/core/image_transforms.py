"""Transforms of images a network reads: rotation, shift, added noise, stroke thickness.

Used to augment training images (a rotated or shifted digit is still the same digit, so
the network learns not to depend on the exact position) and to test how a trained network
copes with images unlike its training set. Everything is NumPy and works on a batch at
once: ``images`` has shape (n, rows, columns), float, ink bright on a dark (0) background,
as the network sees MNIST (pixel / 255). Nothing is modified in place; pixels that come
from outside the image are background (0).
"""

from __future__ import annotations

import functools

import numpy as np
from numpy.typing import ArrayLike, NDArray

Images = NDArray[np.floating]


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
    return _bilinear(images.astype(dtype, copy=False), source_x, source_y).reshape(n, rows, columns)


@functools.cache
def _centred_grid(rows: int, columns: int) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Every pixel's (x, y) from the image's centre, row by row, shape (1, rows · columns)."""
    y, x = np.mgrid[0:rows, 0:columns].astype(np.float64)
    return (x - (columns - 1) / 2).reshape(1, -1), (y - (rows - 1) / 2).reshape(1, -1)


def rotate(images: Images, degrees: ArrayLike) -> Images:
    """Rotate each image anticlockwise by ``degrees`` about its centre (see :func:`warp`).

    Parameters
    ----------
    images : ndarray of float, shape (n, rows, columns)
    degrees : float or array_like of float, shape (n,)

    Returns
    -------
    ndarray, shape (n, rows, columns)
    """
    return warp(images, degrees=degrees)


def shift(images: Images, right: ArrayLike, down: ArrayLike) -> Images:
    """Shift each image ``right`` and ``down`` pixels (fractions interpolate).

    Parameters
    ----------
    images : ndarray of float, shape (n, rows, columns)
    right, down : float or array_like of float, shape (n,)

    Returns
    -------
    ndarray, shape (n, rows, columns)
    """
    n = np.asarray(images).shape[0]
    moves = np.stack(
        [
            np.broadcast_to(np.asarray(right, float), (n,)),
            np.broadcast_to(np.asarray(down, float), (n,)),
        ],
        axis=1,
    )
    return warp(images, shift=moves)


def add_noise(images: Images, sigma: float, rng: np.random.Generator, clip: bool = True) -> Images:
    """Add Gaussian noise of standard deviation ``sigma`` to every pixel.

    Parameters
    ----------
    images : ndarray of float, shape (n, rows, columns) (any shape works)
    sigma : float
        In the images' units (pixel / 255 for MNIST: 0.1 is about 25 grey levels).
    rng : numpy.random.Generator
        The source of the noise (seeded by the caller: the same seed, the same noise).
    clip : bool
        Keep the result within [0, 1], the range of pixel / 255.

    Returns
    -------
    ndarray of the same shape and float dtype
    """
    images = np.asarray(images)
    dtype = images.dtype if images.dtype.kind == "f" else np.dtype(np.float64)
    noisy = images.astype(dtype) + rng.standard_normal(images.shape, dtype=np.float32).astype(
        dtype, copy=False
    ) * dtype.type(sigma)
    return np.clip(noisy, 0.0, 1.0, out=noisy) if clip else noisy


def thicken(images: Images, steps: int) -> Images:
    """Make strokes thicker (``steps`` > 0) or thinner (< 0) by that many pixels.

    Parameters
    ----------
    images : ndarray of float, shape (n, rows, columns)
    steps : int
        Each step takes every pixel's maximum (thicker) or minimum (thinner) over itself
        and its four neighbours (a greyscale dilation or erosion by a plus sign).

    Returns
    -------
    ndarray, shape (n, rows, columns)
    """
    out = np.array(images, dtype=np.float64 if np.asarray(images).dtype.kind != "f" else None)
    pick = np.maximum if steps > 0 else np.minimum
    for _ in range(abs(int(steps))):
        padded = np.pad(out, ((0, 0), (1, 1), (1, 1)))
        neighbours = (
            padded[:, :-2, 1:-1],
            padded[:, 2:, 1:-1],
            padded[:, 1:-1, :-2],
            padded[:, 1:-1, 2:],
        )
        for neighbour in neighbours:
            pick(out, neighbour, out=out)
    return out


def _bilinear(images: Images, source_x: Images, source_y: Images) -> Images:
    """Sample each image at (source_x, source_y), shape (n, k), by bilinear interpolation;
    points outside read 0."""
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
