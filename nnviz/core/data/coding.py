"""How a data set's numbers meet a network: standardised features, and targets as vectors.

A :class:`Standardisation` maps features to mean 0 and standard deviation 1 (fitted on a
training split, kept with the weights so that every later input is treated alike); a
:class:`TargetCoding` turns targets into the vectors a network's outputs are compared
with, and reads outputs back as classes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

LabelArray = NDArray[np.intp]
Float32Array = NDArray[np.float32]

#: How a data set's targets meet a network's outputs.
ONE_HOT, BINARY, VALUES = "one_hot", "binary", "values"


@dataclass(frozen=True, eq=False)
class Standardisation:
    """``x' = (x − mean) / scale`` per feature, fitted on a training split.

    Attributes
    ----------
    mean, scale : ndarray of float64, shape (n_features,)
        ``scale`` is never 0, nor too small for a 32-bit float (a constant feature keeps
        scale 1).
    """

    mean: NDArray[np.float64]
    scale: NDArray[np.float64]

    @classmethod
    def fitted(cls, features: ArrayLike) -> Standardisation:
        """The standardisation of ``features`` (shape (n, n_features)): mean 0, std 1."""
        x = np.asarray(features, dtype=np.float64)
        mean = x.mean(axis=0)
        scale = x.std(axis=0)
        # A spread too small for the 32-bit floats training uses (it would divide by 0
        # there) counts as a constant feature.
        scale[~(scale >= np.finfo(np.float32).tiny)] = 1.0
        return cls(_readonly(mean), _readonly(scale))

    def apply(self, x: NDArray[np.floating]) -> NDArray[np.floating]:
        """Standardise ``x`` (shape (n, n_features)) in place and return it."""
        x -= self.mean.astype(x.dtype)
        x /= self.scale.astype(x.dtype)
        return x

    def to_json(self) -> dict[str, list[float]]:
        """``{"mean": [...], "scale": [...]}``, for a weights file's ``meta``."""
        return {"mean": self.mean.tolist(), "scale": self.scale.tolist()}

    @classmethod
    def from_json(cls, value: Any) -> Standardisation:
        """Read :meth:`to_json`'s form (ValueError if it is not that)."""
        if not isinstance(value, dict):
            raise ValueError("a standardisation is {'mean': [...], 'scale': [...]}")
        mean = np.asarray(value.get("mean"), dtype=np.float64)
        scale = np.asarray(value.get("scale"), dtype=np.float64)
        if mean.ndim != 1 or mean.shape != scale.shape:
            raise ValueError("a standardisation's mean and scale are lists of one length")
        if not (np.all(np.isfinite(mean)) and np.all(np.isfinite(scale)) and np.all(scale > 0)):
            raise ValueError("a standardisation's numbers must be finite, its scales above 0")
        return cls(_readonly(mean), _readonly(scale))


@dataclass(frozen=True)
class TargetCoding:
    """How targets become the vectors a network's outputs are compared with.

    Attributes
    ----------
    kind : {"one_hot", "binary", "values"}
        One output per class (the target is the class's one-hot vector); one output for
        two classes (the target is the class, 0 or 1, and ŷ ≥ 0.5 predicts class 1); or
        real-valued targets, one per output (no classes, no accuracy).
    n_outputs : int
    """

    kind: str
    n_outputs: int

    @property
    def classifies(self) -> bool:
        """Whether outputs are read as classes (accuracy and a confusion matrix exist)."""
        return self.kind != VALUES

    @property
    def n_classes(self) -> int:
        """Classes the outputs tell apart (0 for real values)."""
        return {ONE_HOT: self.n_outputs, BINARY: 2}.get(self.kind, 0)

    def encode(self, targets: NDArray[Any], out: Float32Array | None = None) -> NDArray[Any]:
        """The target vectors of ``targets`` (class indices, or rows of real values).

        Parameters
        ----------
        targets : ndarray, shape (b,) of int or (b, n_outputs) of float
        out : ndarray of float32, shape (b, n_outputs), optional
            Written and returned (else a new float64 array is).

        Returns
        -------
        ndarray, shape (b, n_outputs)
        """
        b = targets.shape[0]
        if out is None:
            out = np.empty((b, self.n_outputs), dtype=np.float64)
        assert out is not None
        if self.kind == ONE_HOT:
            out.fill(0.0)
            out[np.arange(b), targets] = 1.0
        elif self.kind == BINARY:
            out[:, 0] = targets
        else:
            np.copyto(out, targets.reshape(b, self.n_outputs), casting="unsafe")
        return out

    def classes(self, outputs: NDArray[Any]) -> LabelArray:
        """The class each row of ``outputs`` (shape (b, n_outputs)) predicts.

        Raises
        ------
        ValueError
            For real-valued targets (nothing is a class).
        """
        if self.kind == ONE_HOT:
            return np.argmax(outputs, axis=1).astype(np.intp)
        if self.kind == BINARY:
            return (outputs[:, 0] >= 0.5).astype(np.intp)
        raise ValueError("real-valued targets have no classes")

    def correct(self, outputs: NDArray[Any], labels: LabelArray) -> int:
        """How many rows of ``outputs`` predict their label (0 for real values)."""
        if not self.classifies:
            return 0
        return int(np.count_nonzero(self.classes(outputs) == labels))

    def uninformed(self) -> tuple[NDArray[np.float64], NDArray[np.float64]] | None:
        """An output that knows nothing, and a target: the loss of a guess (divergence is
        measured against it); None for real values, which have no such guess."""
        if self.kind == ONE_HOT:
            target = np.zeros(self.n_outputs)
            target[0] = 1.0
            return np.full(self.n_outputs, 1.0 / self.n_outputs), target
        if self.kind == BINARY:
            return np.array([0.5]), np.array([1.0])
        return None


def _readonly(array: NDArray[np.float64]) -> NDArray[np.float64]:
    array.setflags(write=False)
    return array
