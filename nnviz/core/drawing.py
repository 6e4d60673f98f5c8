"""Turn a hand-drawn digit into an MNIST-like 28×28 input.

MNIST's digits were size-normalised to fit a 20×20 box (keeping their aspect ratio) and
then placed in a 28×28 image so that their centre of mass sits at the centre. A digit drawn
on a canvas only looks like the training data after the same treatment; without it, a
digit drawn small or off-centre is misread by even a well-trained network.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from nnviz.core.types import FloatArray

MNIST_SIDE = 28
DIGIT_BOX = 20
#: Pixels below this intensity (of 1) do not count as ink when finding the digit's box.
INK_THRESHOLD = 0.05


def _area_matrix(n_in: int, n_out: int) -> FloatArray:
    """Return the (n_out, n_in) matrix that resamples a line by area averaging."""
    scale = n_in / n_out
    matrix = np.zeros((n_out, n_in))
    for i in range(n_out):
        start, stop = i * scale, (i + 1) * scale
        first, last = int(np.floor(start)), int(np.ceil(stop))
        for j in range(first, min(last, n_in)):
            overlap = min(stop, j + 1) - max(start, j)
            if overlap > 0:
                matrix[i, j] = overlap / scale
    return matrix


def resample(image: ArrayLike, rows: int, columns: int) -> FloatArray:
    """Resize a grey image by area averaging (exact for shrinking, blocky for growing).

    Parameters
    ----------
    image : array_like of float, shape (h, w)
    rows, columns : int
        The size of the result.

    Returns
    -------
    ndarray of float64, shape (rows, columns)
    """
    values = np.asarray(image, dtype=np.float64)
    return _area_matrix(values.shape[0], rows) @ values @ _area_matrix(values.shape[1], columns).T


def to_mnist_image(canvas: ArrayLike) -> FloatArray:
    """Normalise a drawing the way MNIST's digits were normalised.

    Parameters
    ----------
    canvas : array_like of float, shape (h, w)
        Ink intensity in [0, 1] (1 = full ink), any size.

    Returns
    -------
    ndarray of float64, shape (28, 28)
        The digit scaled to fit 20×20 (aspect kept), centred by its centre of mass, values
        in [0, 1]. An empty canvas gives all zeros.
    """
    values = np.clip(np.asarray(canvas, dtype=np.float64), 0.0, 1.0)
    ink_rows = np.flatnonzero(values.max(axis=1) > INK_THRESHOLD)
    ink_columns = np.flatnonzero(values.max(axis=0) > INK_THRESHOLD)
    if ink_rows.size == 0:
        return np.zeros((MNIST_SIDE, MNIST_SIDE))
    digit = values[ink_rows[0] : ink_rows[-1] + 1, ink_columns[0] : ink_columns[-1] + 1]
    height, width = digit.shape
    scale = DIGIT_BOX / max(height, width)
    rows = max(1, round(height * scale))
    columns = max(1, round(width * scale))
    small = resample(digit, rows, columns)
    image = np.zeros((MNIST_SIDE, MNIST_SIDE))
    top = (MNIST_SIDE - rows) // 2
    left = (MNIST_SIDE - columns) // 2
    image[top : top + rows, left : left + columns] = small
    total = image.sum()
    centre_row = float((image.sum(axis=1) * np.arange(MNIST_SIDE)).sum() / total)
    centre_column = float((image.sum(axis=0) * np.arange(MNIST_SIDE)).sum() / total)
    shift_rows = round((MNIST_SIDE - 1) / 2 - centre_row)
    shift_columns = round((MNIST_SIDE - 1) / 2 - centre_column)
    # Keep the digit whole: never shift it past the border.
    shift_rows = int(np.clip(shift_rows, -top, MNIST_SIDE - rows - top))
    shift_columns = int(np.clip(shift_columns, -left, MNIST_SIDE - columns - left))
    shifted = np.zeros_like(image)
    shifted[
        top + shift_rows : top + shift_rows + rows,
        left + shift_columns : left + shift_columns + columns,
    ] = small
    return np.clip(shifted, 0.0, 1.0)
