"""The validation split: training examples held out to choose a recipe by.

A recipe chosen by its test accuracy has seen the test set, and the test figure no longer
says how the network does on images it has never met. The validation split holds out
``count`` of the training examples instead (drawn at random, seeded, the same for the
same seed and count); the run trains on the rest and evaluates the held-out ones after
every epoch, beside the test set. ``bench/recipe_search.py`` chooses nnviz's default
recipe by these figures alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data import DataSet

#: Mixed into the seed so the held-out examples do not depend on the shuffling's draws.
_STREAM = 0x5A11D


@dataclass(frozen=True, eq=False)
class ValidationSplit:
    """A data set's training examples split into the ones trained on and the held-out ones.

    Attributes
    ----------
    training : DataSet
        The data set with only the examples trained on (its test set unchanged).
    inputs : ndarray, shape (count, n_features)
        The held-out examples, as the data set stores them (uint8 pixels for MNIST).
    targets : ndarray
        Their targets, shape (count,) for classes or (count, n_targets).
    rows : ndarray of intp, shape (count,)
        Where the held-out examples were in the original training set (sorted).
    """

    training: DataSet
    inputs: NDArray[Any]
    targets: NDArray[Any]
    rows: NDArray[np.intp]

    @property
    def count(self) -> int:
        """How many examples are held out."""
        return int(self.rows.size)


def check_validation(count: int, n_train: int) -> None:
    """Raise ValueError (one line) unless ``count`` examples of ``n_train`` can be held out
    and leave at least one to train on."""
    if isinstance(count, bool) or not isinstance(count, int) or count < 0:
        raise ValueError(
            f"the validation split must be a whole number of at least 0, got {count!r}"
        )
    if count >= n_train:
        raise ValueError(
            f"a validation split of {count:,} leaves nothing to train on "
            f"({n_train:,} training examples)"
        )


def validation_count(value: str, n_train: int) -> int:
    """Read a validation split as a count (``10000``) or a share of the training set
    (``0.1``, ``10%``) and return the count.

    Raises
    ------
    ValueError
        If ``value`` is neither, or leaves nothing to train on.
    """
    text = value.strip()
    try:
        if text.endswith("%"):
            count = round(float(text[:-1]) / 100 * n_train)
        elif any(c in text for c in ".eE"):
            share = float(text)
            if not 0.0 <= share < 1.0:
                raise ValueError
            count = round(share * n_train)
        else:
            count = int(text)
    except ValueError:
        raise ValueError(
            f"the validation split must be a count (10000) or a share (0.1, 10%), got {value!r}"
        ) from None
    check_validation(count, n_train)
    return count


def hold_out(data: DataSet, count: int, seed: int) -> ValidationSplit:
    """Hold ``count`` random training examples of ``data`` out of training.

    Parameters
    ----------
    data : DataSet
    count : int
        Examples to hold out, 0 ≤ count < ``data.n_train``.
    seed : int
        The run's seed; the same seed and count hold out the same examples.

    Returns
    -------
    ValidationSplit
        With ``count`` = 0 the data set itself and empty held-out arrays.
    """
    check_validation(count, data.n_train)
    if count == 0:
        empty = np.empty(0, dtype=np.intp)
        return ValidationSplit(data, data.train_inputs[:0], data.train_targets[:0], empty)
    rng = np.random.default_rng([seed, _STREAM])
    held = np.zeros(data.n_train, dtype=bool)
    held[rng.choice(data.n_train, size=count, replace=False)] = True
    rows = np.flatnonzero(held)
    keep = np.flatnonzero(~held)
    training = DataSet(
        data.train_inputs[keep],
        data.train_targets[keep],
        data.test_inputs,
        data.test_targets,
        data.name,
        data.class_names,
        data.feature_names,
        data.image_shape,
        data.standardisation,
    )
    return ValidationSplit(training, data.train_inputs[rows], data.train_targets[rows], rows)
