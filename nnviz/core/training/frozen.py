"""Frozen values that stay frozen across a pipe: read-only arrays, and dataclasses that
unpickling rebuilds through their constructor.

Training records (:mod:`nnviz.core.training.records`), a run's state
(:mod:`nnviz.core.training.run_state`) and the training process's messages are made of
these, so that a value handed to another thread or process cannot be changed by either.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import fields
from typing import Any, TypeVar

import numpy as np
from numpy.typing import ArrayLike, NDArray

__all__ = ["RecordType", "freeze_on_unpickle", "frozen_array"]


def frozen_array(values: ArrayLike, dtype: Any = None) -> NDArray[Any]:
    """Return a read-only copy of ``values``."""
    array = np.array(values, dtype=dtype)
    array.setflags(write=False)
    return array


RecordType = TypeVar("RecordType", bound=type)


def freeze_on_unpickle(cls: RecordType) -> RecordType:
    """Make unpickling ``cls`` (a dataclass) rebuild it through its constructor.

    Pickle would otherwise restore the fields as they are: a Network's arrays writeable
    and unchecked, a record's arrays writeable. Rebuilt, a Network checks and freezes
    itself, and every array field is made read-only again.
    """
    names = tuple(field.name for field in fields(cls))

    def __reduce__(self: object) -> tuple[Callable[..., object], tuple[object, ...]]:
        return _rebuilt, (cls, tuple(getattr(self, name) for name in names))

    cls.__reduce__ = __reduce__  # type: ignore[method-assign,assignment]
    return cls


def _rebuilt(cls: type, values: tuple[object, ...]) -> object:
    for value in values:
        _freeze(value)
    return cls(*values)


def _freeze(value: object) -> None:
    if isinstance(value, np.ndarray):
        value.setflags(write=False)
    elif isinstance(value, tuple):
        for item in value:
            _freeze(item)
