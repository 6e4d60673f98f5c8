"""Where a document's data set comes from: small, picklable descriptions, loaded on demand.

A document holds a :class:`DataSource`, not the examples: MNIST is 55 MB, and it is the
training process (see :mod:`nnviz.runner`) that needs all of it, while the window only
reads the test split for its evaluation. A source knows the shape of its data before
loading it where it can (:meth:`DataSource.shape`), so the window can say at once whether
a network fits; :func:`load` reads a source once per process and keeps what it read.

Sources here: :class:`MnistSource` (the bundled MNIST, or a folder in its IDX layout) and
:class:`GivenData` (a :class:`~nnviz.core.data.DataSet` already in memory: tests, toy sets,
a CSV file read by the window). The playground adds its own (a toy set, a CSV file) by
subclassing :class:`DataSource`.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from typing import Literal

import numpy as np

from nnviz.core.data.dataset import DataSet
from nnviz.core.mnist import load_dataset, load_test_set

Part = Literal["all", "test"]


@dataclass(frozen=True)
class DataShape:
    """What a source's examples look like, known without loading them.

    Attributes
    ----------
    n_inputs : int
    n_classes : int
        0 for real-valued targets.
    n_targets : int
        Real values per example (0 for classes).
    """

    n_inputs: int
    n_classes: int = 0
    n_targets: int = 0

    def refusal(self, n_inputs: int, n_outputs: int, name: str) -> str:
        """Why a network of ``n_inputs`` inputs and ``n_outputs`` outputs cannot learn from
        this data ("" when it can)."""
        fits_outputs = (
            n_outputs == self.n_classes or (n_outputs == 1 and self.n_classes == 2)
            if self.n_classes
            else n_outputs == self.n_targets
        )
        if n_inputs == self.n_inputs and fits_outputs:
            return ""
        what = f"{self.n_classes} classes" if self.n_classes else f"{self.n_targets} targets"
        return (
            f"{name} has {self.n_inputs} inputs and {what}; this network has {n_inputs} "
            f"inputs and {n_outputs} output{'s' if n_outputs != 1 else ''}."
        )


class DataSource:
    """Where a data set comes from (subclasses say how it is read).

    Sources are compared (and cached by :func:`load`) as values: an :class:`MnistSource`
    of one folder equals another, a :class:`GivenData` only itself (and its copies).
    """

    def load(self, part: Part = "all") -> DataSet:
        """Read the data set (``"test"``: at least its test split; the training split may
        be empty). Raises ValueError (e.g. a DatasetError) naming a file that is wrong."""
        raise NotImplementedError

    def shape(self) -> DataShape | None:
        """The shape of the examples, if known without loading them."""
        return None

    def describe(self) -> str:
        """A few words for the user ("MNIST", a folder's name)."""
        raise NotImplementedError


@dataclass(frozen=True)
class MnistSource(DataSource):
    """MNIST (``directory=None``: the copy shipped with nnviz), or a folder of four files
    in its IDX layout (Fashion-MNIST …)."""

    directory: str | None = None

    def load(self, part: Part = "all") -> DataSet:
        if part == "test":
            # The test split alone (1/7 of the data): the training split is left empty.
            images, labels = load_test_set(self.directory)
            flat = images.reshape(images.shape[0], -1)
            return DataSet(
                flat[:0],
                labels[:0].astype(np.intp),
                flat,
                labels.astype(np.intp),
                self.describe(),
                class_names=tuple(str(i) for i in range(10)),
                image_shape=(int(images.shape[1]), int(images.shape[2])),
            )
        return DataSet.from_mnist(load_dataset(self.directory), self.describe())

    def shape(self) -> DataShape | None:
        return DataShape(784, n_classes=10) if self.directory is None else None

    def describe(self) -> str:
        if self.directory is None:
            return "MNIST"
        return os.path.basename(os.path.normpath(self.directory))


class GivenData(DataSource):
    """A data set already in memory.

    Each one is its own source: it is compared by a token made when it is created, which
    it keeps when it is pickled, so the training process knows it again in every message.
    """

    def __init__(self, data: DataSet) -> None:
        self.data = data
        self.token = uuid.uuid4().hex

    def __eq__(self, other: object) -> bool:
        return isinstance(other, GivenData) and other.token == self.token

    def __hash__(self) -> int:
        return hash(self.token)

    def __repr__(self) -> str:
        return f"GivenData({self.data.name!r})"

    def load(self, part: Part = "all") -> DataSet:
        return self.data

    def shape(self) -> DataShape | None:
        data = self.data
        return DataShape(data.n_inputs, data.n_classes, data.n_targets)

    def describe(self) -> str:
        return self.data.name


#: What :func:`load` has read in this process, by source (the newest few).
_LOADED: dict[tuple[DataSource, Part], DataSet] = {}
_KEEP = 4


def load(source: DataSource, part: Part = "all") -> DataSet:
    """Read ``source`` once per process (later calls return what was read).

    A whole data set also answers for its test split.
    """
    for key in ((source, part), (source, "all")):
        if key in _LOADED:
            return _LOADED[key]
    data = source.load(part)
    if len(_LOADED) >= _KEEP:
        _LOADED.pop(next(iter(_LOADED)))
    _LOADED[(source, part)] = data
    return data
