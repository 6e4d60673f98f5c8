"""Labelled examples for training, and their conversion to float32 batches.

Images stay uint8 in memory (47 MB for MNIST's training set instead of 188 MB as float32)
and are converted batch by batch into a preallocated float32 buffer with the convention
used everywhere in nnviz: input = pixel / 255, flattened row by row.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnviz.core.mnist import Dataset

LabelArray = NDArray[np.intp]


@dataclass(frozen=True)
class TrainingData:
    """A training set and a test set of labelled examples.

    Attributes
    ----------
    train_inputs : ndarray, shape (n_train, n_inputs)
        uint8 pixels (scaled by 1/255 when batched) or finite floats (used as they are).
    train_labels : ndarray of intp, shape (n_train,)
        Classes 0 .. n_classes − 1.
    test_inputs : ndarray, shape (n_test, n_inputs)
    test_labels : ndarray of intp, shape (n_test,)
    n_classes : int
    """

    train_inputs: NDArray[np.generic]
    train_labels: LabelArray
    test_inputs: NDArray[np.generic]
    test_labels: LabelArray
    n_classes: int

    @classmethod
    def from_arrays(
        cls,
        train_inputs: ArrayLike,
        train_labels: ArrayLike,
        test_inputs: ArrayLike,
        test_labels: ArrayLike,
        n_classes: int | None = None,
    ) -> TrainingData:
        """Check and wrap arrays; images of shape (n, rows, columns) are flattened.

        Parameters
        ----------
        train_inputs, test_inputs : array_like, shape (n, n_inputs) or (n, rows, columns)
            uint8 pixels or real numbers.
        train_labels, test_labels : array_like of int, shape (n,)
        n_classes : int, optional
            Number of classes; by default one more than the largest label (at least 2).

        Raises
        ------
        ValueError
            Naming the problem: mismatched counts or sizes, an empty training set,
            labels that are not whole numbers in range, inputs that are not finite.
        """
        arrays = []
        for what, values in (("training", train_inputs), ("test", test_inputs)):
            array = np.asarray(values)
            if array.ndim == 3:
                # Not reshape(n, -1): with no examples the -1 cannot be worked out.
                array = array.reshape(array.shape[0], array.shape[1] * array.shape[2])
            if array.ndim != 2:
                raise ValueError(f"the {what} inputs must be a 2-D array (examples × inputs)")
            if array.dtype != np.uint8:
                if array.dtype.kind not in "fiu":
                    raise ValueError(f"the {what} inputs must be numbers")
                if not np.all(np.isfinite(array)):
                    raise ValueError(f"the {what} inputs contain a value that is not finite")
            arrays.append(array)
        train_x, test_x = arrays
        if train_x.shape[0] == 0:
            raise ValueError("the training set is empty")
        if train_x.shape[1] != test_x.shape[1]:
            raise ValueError(
                f"training examples have {train_x.shape[1]} inputs, test examples {test_x.shape[1]}"
            )
        labels = []
        for what, values, inputs in (
            ("training", train_labels, train_x),
            ("test", test_labels, test_x),
        ):
            label_array = np.asarray(values)
            if label_array.ndim != 1 or label_array.shape[0] != inputs.shape[0]:
                raise ValueError(
                    f"{label_array.size} {what} labels for {inputs.shape[0]} {what} examples"
                )
            if label_array.size and label_array.dtype.kind not in "iu":
                raise ValueError(f"the {what} labels must be whole numbers")
            labels.append(label_array.astype(np.intp))
        train_y, test_y = labels
        largest = int(max(train_y.max(), test_y.max() if test_y.size else 0))
        classes = max(largest + 1, 2) if n_classes is None else int(n_classes)
        for what, label_array in (("training", train_y), ("test", test_y)):
            if label_array.size and (label_array.min() < 0 or label_array.max() >= classes):
                raise ValueError(f"a {what} label is outside 0 to {classes - 1}")
        return cls(train_x, train_y, test_x, test_y, classes)

    @classmethod
    def from_dataset(cls, dataset: Dataset, n_classes: int = 10) -> TrainingData:
        """Wrap an MNIST-layout :class:`~nnviz.core.mnist.Dataset` (no copy of the images)."""
        return cls.from_arrays(
            dataset.train_images,
            dataset.train_labels,
            dataset.test_images,
            dataset.test_labels,
            n_classes,
        )

    @property
    def n_inputs(self) -> int:
        """Inputs per example (784 for MNIST)."""
        return int(self.train_inputs.shape[1])

    @property
    def n_train(self) -> int:
        """Examples in the training set."""
        return int(self.train_inputs.shape[0])

    @property
    def n_test(self) -> int:
        """Examples in the test set."""
        return int(self.test_inputs.shape[0])


class BatchLoader:
    """Gathers rows of a dataset into one preallocated float32 buffer.

    Parameters
    ----------
    n_inputs : int
    capacity : int
        The largest batch.
    """

    def __init__(self, n_inputs: int, capacity: int) -> None:
        self.inputs: NDArray[np.float32] = np.empty((capacity, n_inputs), np.float32)
        self.labels: LabelArray = np.empty(capacity, np.intp)
        self._pixels: NDArray[np.uint8] = np.empty((capacity, n_inputs), np.uint8)

    def gather(
        self, inputs: NDArray[np.generic], labels: LabelArray, rows: NDArray[np.intp]
    ) -> tuple[NDArray[np.float32], LabelArray]:
        """Return the examples ``rows`` as float32 inputs and their labels.

        Parameters
        ----------
        inputs : ndarray, shape (n, n_inputs), uint8 or float
        labels : ndarray of intp, shape (n,)
        rows : ndarray of intp, shape (b,)

        Returns
        -------
        inputs : ndarray of float32, shape (b, n_inputs)
            pixel / 255 for uint8 inputs; views of internal buffers, overwritten next time.
        labels : ndarray of intp, shape (b,)
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
        batch_labels = self.labels[:b]
        np.take(labels, rows, out=batch_labels, mode="clip")
        return out, batch_labels

    def slice(
        self, inputs: NDArray[np.generic], labels: LabelArray, start: int, stop: int
    ) -> tuple[NDArray[np.float32], LabelArray]:
        """Return the consecutive examples ``start:stop`` like :meth:`gather` (for evaluation)."""
        b = stop - start
        out = self.inputs[:b]
        if inputs.dtype == np.uint8:
            np.divide(inputs[start:stop], np.float32(255.0), out=out, dtype=np.float32)
        else:
            np.copyto(out, inputs[start:stop], casting="unsafe")
        return out, labels[start:stop]
