"""A data set a network learns from: examples, their targets, and how to read both.

One type for every kind of data nnviz trains on: MNIST (uint8 pixels, ten classes, a 28×28
image shape), the playground's 2-D toy sets (two real features, classes or a real value)
and CSV tables (any number of named features, class names or real targets, usually
standardised). A :class:`DataSet` holds a training and a test split; a network meets its
targets through a :class:`TargetCoding` (one-hot classes, one sigmoid output for two
classes, or real values), which also says what the network predicted.

What a network sees of an example (its input vector) is the features, with pixels scaled
to ``pixel / 255`` and then, if the data set has one, the :class:`Standardisation`
applied; :meth:`DataSet.network_inputs` gives it in float64, the training path's batch
loader in float32.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from nnviz.core.data.coding import BINARY, ONE_HOT, VALUES, Standardisation, TargetCoding

__all__ = ["DataSet", "Standardisation", "TargetCoding"]


@dataclass(frozen=True, eq=False)
class DataSet:
    """Examples with targets, split into training and test sets (see the module docstring).

    Attributes
    ----------
    train_inputs, test_inputs : ndarray, shape (n, n_features)
        uint8 pixels (read as pixel / 255) or finite real numbers.
    train_targets, test_targets : ndarray
        Class indices (intp, shape (n,)) when ``class_names`` is given, else real values
        (float64, shape (n, n_targets)).
    name : str
        What the user calls it ("MNIST", "spiral", a file's name).
    class_names : tuple of str or None
        The classes, in label order; None for real-valued targets.
    feature_names : tuple of str or None
        The columns of the inputs, when they have names.
    image_shape : (rows, columns) or None
        When each example is an image, flattened row by row.
    standardisation : Standardisation or None
        Applied to every input before the network sees it.
    """

    train_inputs: NDArray[Any]
    train_targets: NDArray[Any]
    test_inputs: NDArray[Any]
    test_targets: NDArray[Any]
    name: str = "data"
    class_names: tuple[str, ...] | None = None
    feature_names: tuple[str, ...] | None = None
    image_shape: tuple[int, int] | None = None
    standardisation: Standardisation | None = None

    def __post_init__(self) -> None:
        _check(self)

    # -- building ---------------------------------------------------------------------------

    @classmethod
    def classification(
        cls,
        train_inputs: ArrayLike,
        train_labels: ArrayLike,
        test_inputs: ArrayLike,
        test_labels: ArrayLike,
        n_classes: int | None = None,
        **details: Any,
    ) -> DataSet:
        """A data set of labelled examples; images (n, rows, columns) are flattened.

        Parameters
        ----------
        train_inputs, test_inputs : array_like, shape (n, n_features) or (n, rows, columns)
        train_labels, test_labels : array_like of int, shape (n,)
        n_classes : int, optional
            By default one more than the largest label (at least 2); class names are then
            "0", "1" … unless ``class_names`` is given.
        **details
            ``name``, ``class_names``, ``feature_names``, ``image_shape``,
            ``standardisation``.

        Raises
        ------
        ValueError
            Naming the problem: mismatched counts or sizes, an empty training set,
            labels that are not whole numbers in range, inputs that are not finite.
        """
        train_x, test_x = _inputs(train_inputs, test_inputs, details)
        labels = []
        for what, values, inputs in (
            ("training", train_labels, train_x),
            ("test", test_labels, test_x),
        ):
            array = np.asarray(values)
            if array.ndim != 1 or array.shape[0] != inputs.shape[0]:
                raise ValueError(
                    f"{array.size} {what} labels for {inputs.shape[0]} {what} examples"
                )
            if array.size and array.dtype.kind not in "iu":
                raise ValueError(f"the {what} labels must be whole numbers")
            labels.append(array.astype(np.intp))
        largest = max((int(array.max()) for array in labels if array.size), default=0)
        names = details.pop("class_names", None)
        count = len(names) if names else (max(largest + 1, 2) if n_classes is None else n_classes)
        if names is None:
            names = tuple(str(i) for i in range(count))
        return cls(train_x, labels[0], test_x, labels[1], class_names=tuple(names), **details)

    @classmethod
    def regression(
        cls,
        train_inputs: ArrayLike,
        train_values: ArrayLike,
        test_inputs: ArrayLike,
        test_values: ArrayLike,
        **details: Any,
    ) -> DataSet:
        """A data set of examples with real-valued targets (shape (n,) or (n, n_targets))."""
        train_x, test_x = _inputs(train_inputs, test_inputs, details)
        values = []
        for raw, inputs in ((train_values, train_x), (test_values, test_x)):
            array = np.asarray(raw, dtype=np.float64)
            values.append(array.reshape(inputs.shape[0], -1) if array.ndim == 1 else array)
        return cls(train_x, values[0], test_x, values[1], **details)

    @classmethod
    def from_mnist(cls, dataset: Any, name: str = "MNIST") -> DataSet:
        """Wrap an MNIST-layout :class:`~nnviz.core.mnist.Dataset` (the images are not
        copied)."""
        return cls.classification(
            dataset.train_images,
            dataset.train_labels,
            dataset.test_images,
            dataset.test_labels,
            10,
            name=name,
            image_shape=tuple(dataset.train_images.shape[1:]),
        )

    # -- what it is -------------------------------------------------------------------------

    @property
    def classifies(self) -> bool:
        """Whether the targets are classes (else real values)."""
        return self.class_names is not None

    @property
    def n_classes(self) -> int:
        """Classes (0 for real-valued targets)."""
        return 0 if self.class_names is None else len(self.class_names)

    @property
    def n_targets(self) -> int:
        """Real values per example (0 for classes)."""
        return 0 if self.classifies else int(self.train_targets.shape[1])

    @property
    def n_inputs(self) -> int:
        """Features per example (784 for MNIST)."""
        return int(self.train_inputs.shape[1])

    @property
    def n_train(self) -> int:
        """Examples in the training set."""
        return int(self.train_inputs.shape[0])

    @property
    def n_test(self) -> int:
        """Examples in the test set."""
        return int(self.test_inputs.shape[0])

    def coding(self, n_outputs: int) -> TargetCoding:
        """How a network with ``n_outputs`` outputs meets these targets.

        Raises
        ------
        ValueError
            If it cannot (one line saying what would fit).
        """
        if self.classifies:
            if n_outputs == self.n_classes:
                return TargetCoding(ONE_HOT, n_outputs)
            if n_outputs == 1 and self.n_classes == 2:
                return TargetCoding(BINARY, 1)
            two = " (or 1, for two classes)" if self.n_classes == 2 else ""
            raise ValueError(
                f"the network has {n_outputs} outputs; {self.name} has {self.n_classes} "
                f"classes, so it needs {self.n_classes}{two}"
            )
        if n_outputs == self.n_targets:
            return TargetCoding(VALUES, n_outputs)
        raise ValueError(
            f"the network has {n_outputs} outputs; {self.name} has {self.n_targets} "
            "target values per example"
        )

    def network_inputs(self, inputs: NDArray[Any], dtype: Any = np.float64) -> NDArray[Any]:
        """What the network sees of ``inputs`` (rows of this data set's features): a new
        array of ``dtype``, pixels scaled to pixel / 255 and standardised if the data set
        says so."""
        x = np.array(inputs, dtype=dtype)
        if inputs.dtype == np.uint8:
            x /= 255.0
        if self.standardisation is not None:
            self.standardisation.apply(x)
        return x

    def limited(self, n_train: int) -> DataSet:
        """The same data set with only its first ``n_train`` training examples."""
        if n_train >= self.n_train:
            return self
        return DataSet(
            self.train_inputs[:n_train],
            self.train_targets[:n_train],
            self.test_inputs,
            self.test_targets,
            self.name,
            self.class_names,
            self.feature_names,
            self.image_shape,
            self.standardisation,
        )

    def describe(self) -> str:
        """One line: ``MNIST: 60,000 training and 10,000 test examples, 10 classes``."""
        if self.classifies:
            what = f"{self.n_classes} classes"
        else:
            what = f"{self.n_targets} value{'s' if self.n_targets != 1 else ''}"
        return (
            f"{self.name}: {self.n_train:,} training and {self.n_test:,} test examples of "
            f"{self.n_inputs} feature{'s' if self.n_inputs != 1 else ''}, {what}"
        )


def _inputs(
    train_inputs: ArrayLike, test_inputs: ArrayLike, details: dict[str, Any]
) -> tuple[NDArray[Any], NDArray[Any]]:
    """Both splits' inputs as 2-D arrays (images flattened, their shape kept in details)."""
    arrays = []
    for what, values in (("training", train_inputs), ("test", test_inputs)):
        array = np.asarray(values)
        if array.ndim == 3:
            details.setdefault("image_shape", (int(array.shape[1]), int(array.shape[2])))
            array = array.reshape(array.shape[0], array.shape[1] * array.shape[2])
        if array.ndim != 2:
            raise ValueError(f"the {what} inputs must be a 2-D array (examples × inputs)")
        if array.dtype != np.uint8 and array.dtype.kind not in "fiu":
            raise ValueError(f"the {what} inputs must be numbers")
        arrays.append(array)
    if arrays[0].shape[0] == 0:
        raise ValueError("the training set is empty")
    return arrays[0], arrays[1]


def _check(data: DataSet) -> None:
    """Raise ValueError, naming the problem, if ``data`` is not a usable data set."""
    train_x, test_x = data.train_inputs, data.test_inputs
    for what, array in (("training", train_x), ("test", test_x)):
        if array.ndim != 2:
            raise ValueError(f"the {what} inputs must be a 2-D array (examples × inputs)")
        if array.dtype != np.uint8 and not np.all(np.isfinite(array)):
            raise ValueError(f"the {what} inputs contain a value that is not finite")
    if train_x.shape[1] != test_x.shape[1]:
        raise ValueError(
            f"training examples have {train_x.shape[1]} inputs, test examples {test_x.shape[1]}"
        )
    for what, targets, inputs in (
        ("training", data.train_targets, train_x),
        ("test", data.test_targets, test_x),
    ):
        if targets.shape[0] != inputs.shape[0]:
            raise ValueError(
                f"{targets.shape[0]} {what} targets for {inputs.shape[0]} {what} examples"
            )
        if data.class_names is not None:
            if targets.ndim != 1 or (targets.size and targets.dtype.kind not in "iu"):
                raise ValueError(f"the {what} labels must be whole numbers")
            if targets.size and (targets.min() < 0 or targets.max() >= len(data.class_names)):
                raise ValueError(f"a {what} label is outside 0 to {len(data.class_names) - 1}")
        elif targets.ndim != 2 or not np.all(np.isfinite(targets)):
            raise ValueError(f"the {what} targets must be rows of finite numbers")
    if data.class_names is None and data.train_targets.shape[1] != data.test_targets.shape[1]:
        raise ValueError("training and test targets differ in size")
    shape = data.image_shape
    if shape is not None and shape[0] * shape[1] != train_x.shape[1]:
        raise ValueError(f"an image of {shape[0]}×{shape[1]} is not {train_x.shape[1]} features")
    names = data.feature_names
    if names is not None and len(names) != train_x.shape[1]:
        raise ValueError(f"{len(names)} feature names for {train_x.shape[1]} features")
    if data.standardisation is not None and data.standardisation.mean.shape != (train_x.shape[1],):
        raise ValueError("the standardisation does not fit the features")
