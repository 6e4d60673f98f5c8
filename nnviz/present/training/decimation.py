"""Fewer points for a curve than a plot has pixels, without hiding its spikes.

A plot a few hundred pixels wide cannot show 14,000 batch losses, and handing it all of
them costs the GUI thread every repaint. :func:`envelope` keeps each bucket's lowest and
highest point (in order), so a single exploding batch still shows; :func:`thinned` keeps
every n-th point of a smooth curve. Both are plain NumPy (no Qt) and return views or
small copies.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


def envelope(x: FloatArray, y: FloatArray, max_points: int) -> tuple[FloatArray, FloatArray]:
    """Return at most about ``max_points`` points tracing the minimum and maximum of ``y``.

    Parameters
    ----------
    x, y : ndarray of float64, shape (n,)
        ``x`` ascending.
    max_points : int
        At least 2.

    Returns
    -------
    x, y : ndarray of float64
        Unchanged if ``n <= max_points``; else, per bucket of consecutive points, the
        lowest and the highest, in the order they occur.
    """
    n = len(y)
    if n <= max_points:
        return x, y
    buckets = max(max_points // 2, 1)
    size = -(-n // buckets)
    usable = (n // size) * size
    shaped = y[:usable].reshape(-1, size)
    finite = np.where(np.isfinite(shaped), shaped, np.nan)
    all_nan = np.all(np.isnan(finite), axis=1)
    safe = np.where(all_nan[:, None], 0.0, finite)
    low = np.nanargmin(np.where(np.isnan(safe), np.inf, safe), axis=1)
    high = np.nanargmax(np.where(np.isnan(safe), -np.inf, safe), axis=1)
    first = np.minimum(low, high)
    second = np.maximum(low, high)
    base = np.arange(len(shaped)) * size
    order = np.stack([base + first, base + second], axis=1).ravel()
    if usable < n:
        order = np.concatenate([order, np.arange(usable, n)])
    return x[order], y[order]


def thinned(x: FloatArray, y: FloatArray, max_points: int) -> tuple[FloatArray, FloatArray]:
    """Return every k-th point of a smooth curve (and its last), at most ~``max_points``."""
    n = len(y)
    if n <= max_points:
        return x, y
    step = -(-n // max_points)
    keep = np.arange(0, n, step)
    if keep[-1] != n - 1:
        keep = np.append(keep, n - 1)
    return x[keep], y[keep]
