"""A data set's examples as float32 batches, in buffers allocated once.

Images stay uint8 in memory (47 MB for MNIST's training set instead of 188 MB as float32)
and are converted batch by batch into a preallocated float32 buffer with the convention
used everywhere in nnviz: input = pixel / 255, flattened row by row; then the data set's
standardisation, if it has one. Targets become the vectors the outputs are compared with
(:class:`~nnviz.core.data.TargetCoding`).
"""

from __future__ import annotations

from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data import DataSet, TargetCoding

LabelArray = NDArray[np.intp]
Float32Array = NDArray[np.float32]
Batch = tuple[Float32Array, Float32Array, LabelArray | None]


class BatchLoader:
    """Gathers rows of a data set into preallocated float32 buffers.

    Parameters
    ----------
    data : DataSet
    coding : TargetCoding
        How its targets meet the network's outputs.
    capacity : int
        The largest batch.
    """

    def __init__(self, data: DataSet, coding: TargetCoding, capacity: int) -> None:
        n_inputs = data.n_inputs
        self.data = data
        self.coding = coding
        self.inputs: Float32Array = np.empty((capacity, n_inputs), np.float32)
        self.targets: Float32Array = np.empty((capacity, coding.n_outputs), np.float32)
        self.labels: LabelArray = np.empty(capacity, np.intp)
        self._pixels: NDArray[np.uint8] = np.empty((capacity, n_inputs), np.uint8)
        standardisation = data.standardisation
        self._mean = None if standardisation is None else standardisation.mean.astype(np.float32)
        self._scale = None if standardisation is None else standardisation.scale.astype(np.float32)

    def gather(self, inputs: NDArray[Any], targets: NDArray[Any], rows: LabelArray) -> Batch:
        """Return the examples ``rows`` of a split as float32 inputs and target vectors.

        Parameters
        ----------
        inputs : ndarray, shape (n, n_inputs), uint8 or float
        targets : ndarray, shape (n,) of class indices or (n, n_targets) of values
        rows : ndarray of intp, shape (b,)

        Returns
        -------
        inputs : ndarray of float32, shape (b, n_inputs)
        targets : ndarray of float32, shape (b, n_outputs)
        labels : ndarray of intp, shape (b,), or None
            The classes, when the targets are classes.
            All three are views of internal buffers, overwritten next time.
        """
        b = rows.shape[0]
        out = self.inputs[:b]
        # mode="clip" skips the bounds check that makes np.take(out=...) ~3x slower;
        # the rows come from a permutation of range(n), so nothing is ever clipped.
        if inputs.dtype == np.uint8:
            pixels = self._pixels[:b]
            np.take(inputs, rows, axis=0, out=pixels, mode="clip")
            np.divide(pixels, np.float32(255.0), out=out, dtype=np.float32)
        else:
            np.copyto(out, inputs[rows], casting="unsafe")
        labels = None
        if targets.ndim == 1:
            labels = self.labels[:b]
            np.take(targets, rows, out=labels, mode="clip")
            picked: NDArray[Any] = labels
        else:
            picked = targets[rows]
        return self._finish(out, picked, labels)

    def slice(self, inputs: NDArray[Any], targets: NDArray[Any], start: int, stop: int) -> Batch:
        """Return the consecutive examples ``start:stop`` like :meth:`gather` (for
        evaluation)."""
        b = stop - start
        out = self.inputs[:b]
        if inputs.dtype == np.uint8:
            np.divide(inputs[start:stop], np.float32(255.0), out=out, dtype=np.float32)
        else:
            np.copyto(out, inputs[start:stop], casting="unsafe")
        picked = targets[start:stop]
        return self._finish(out, picked, picked if targets.ndim == 1 else None)

    def _finish(
        self, inputs: Float32Array, targets: NDArray[Any], labels: LabelArray | None
    ) -> Batch:
        if self._mean is not None and self._scale is not None:
            inputs -= self._mean
            inputs /= self._scale
        vectors = self.coding.encode(targets, self.targets[: inputs.shape[0]])
        return inputs, vectors, labels


def check_fits(network_inputs: int, network_outputs: int, data: DataSet) -> TargetCoding:
    """The coding of ``data``'s targets for a network of that shape.

    Raises
    ------
    ValueError
        If the network's inputs or outputs do not fit the data (one line saying so).
    """
    if network_inputs != data.n_inputs:
        raise ValueError(
            f"the network takes {network_inputs} inputs, {data.name} has {data.n_inputs}"
        )
    return data.coding(network_outputs)
