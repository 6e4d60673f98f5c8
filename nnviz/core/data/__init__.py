"""Data sets: examples and targets a network learns from, and where they come from.

- :class:`DataSet`: a training and a test split of features and targets (class indices
  or real values), with class and feature names, an optional image shape and an optional
  :class:`Standardisation`; :class:`TargetCoding` says how its targets meet a network's
  outputs.
- :class:`DataSource`: a small description a document keeps (:class:`MnistSource`,
  :class:`GivenData`), read on demand with :func:`load`.
"""

from nnviz.core.data.dataset import DataSet, Standardisation, TargetCoding
from nnviz.core.data.sources import DataShape, DataSource, GivenData, MnistSource, load

__all__ = [
    "DataSet",
    "DataShape",
    "DataSource",
    "GivenData",
    "MnistSource",
    "Standardisation",
    "TargetCoding",
    "load",
]
