"""The playground's data: built-in 2-D and 1-D sets, and tables of points kept as values.

Two sources a document can train on:

- :class:`ToySource`: a built-in set by its recipe (``kind``, ``n`` samples, ``noise``,
  ``test_share``, ``seed``, ``features``); the same recipe gives the same points.
  Classification in the plane: ``xor``, ``circles``, ``gaussians``, ``spiral``, ``moons``;
  regression: ``line`` and ``sine`` (1-D, y over x) and ``plane`` (a value over the plane).
- :class:`TableSource`: examples given as numbers (a toy set whose points were edited, a
  CSV file once read), compared by a digest of their contents.

Both have *raw* inputs (the points as plotted: x1, x2, or x alone) and *features* the
network sees, computed from them (:data:`FEATURES`: x1, x2, x1², x2², x1·x2, sin x1,
sin x2, like TensorFlow Playground's switches), optionally standardised from the training
split.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data.coding import Standardisation
from nnviz.core.data.dataset import DataSet
from nnviz.core.data.sources import DataShape, DataSource, Part

#: Input features computable from the raw points (names as in a file; see FEATURE_TITLES).
FEATURES = ("x1", "x2", "x1^2", "x2^2", "x1*x2", "sin(x1)", "sin(x2)")
#: How the features are written for a reader.
FEATURE_TITLES = {
    "x1": "x₁",
    "x2": "x₂",
    "x1^2": "x₁²",
    "x2^2": "x₂²",
    "x1*x2": "x₁·x₂",
    "sin(x1)": "sin x₁",
    "sin(x2)": "sin x₂",
}
#: Built-in classification sets: two classes in the plane, and ``threshold``, two classes
#: on a line (class 1 above x = 1; logistic regression's data).
CLASSIFICATION_KINDS = ("xor", "circles", "gaussians", "spiral", "moons", "threshold")
#: Built-in regression sets: (kind, raw inputs).
REGRESSION_KINDS = {"line": 1, "sine": 1, "plane": 2}
KINDS = (*CLASSIFICATION_KINDS, *REGRESSION_KINDS)
CLASS_NAMES = ("blue", "orange")
#: Most points a built-in set makes (or a table holds).
MAX_SAMPLES = 100_000
#: Most numbers a table holds (inputs and targets of both splits).
MAX_TABLE_VALUES = 2_000_000


def raw_size(kind: str) -> int:
    """Raw inputs of a built-in set (1 for ``line``, ``sine`` and ``threshold``, else 2)."""
    return 1 if kind == "threshold" else REGRESSION_KINDS.get(kind, 2)


def check_features(features: tuple[str, ...], n_raw: int) -> tuple[str, ...]:
    """Return ``features`` if they can be computed from ``n_raw`` raw inputs.

    Raises
    ------
    ValueError
        Naming a feature that is unknown or needs x2 of 1-D data, or none chosen.
    """
    if not features:
        raise ValueError("choose at least one input feature")
    for name in features:
        if name not in FEATURES:
            raise ValueError(f"unknown feature {name!r} (known: {', '.join(FEATURES)})")
        if n_raw < 2 and "x2" in name:
            raise ValueError(f"{FEATURE_TITLES[name]} needs two inputs; this data has one")
    if len(set(features)) != len(features):
        raise ValueError("a feature is chosen twice")
    return tuple(features)


def expand(raw: NDArray[Any], features: tuple[str, ...]) -> NDArray[np.float64]:
    """The features of raw points.

    Parameters
    ----------
    raw : ndarray, shape (n, 1) or (n, 2)
    features : tuple of str
        Names from :data:`FEATURES`.

    Returns
    -------
    ndarray of float64, shape (n, len(features))
    """
    x1 = raw[:, 0].astype(np.float64)
    x2 = raw[:, 1].astype(np.float64) if raw.shape[1] > 1 else np.zeros_like(x1)
    columns: dict[str, Callable[[], NDArray[np.float64]]] = {
        "x1": lambda: x1,
        "x2": lambda: x2,
        "x1^2": lambda: x1 * x1,
        "x2^2": lambda: x2 * x2,
        "x1*x2": lambda: x1 * x2,
        "sin(x1)": lambda: np.sin(x1),
        "sin(x2)": lambda: np.sin(x2),
    }
    out = np.empty((raw.shape[0], len(features)), dtype=np.float64)
    for j, name in enumerate(features):
        out[:, j] = columns[name]()
    return out


def toy_points(
    kind: str, n: int, noise: float, seed: int
) -> tuple[NDArray[np.float64], NDArray[Any]]:
    """Generate ``n`` points of a built-in set.

    Returns
    -------
    raw : ndarray of float64, shape (n, 1) or (n, 2)
        Roughly within [-6, 6].
    targets : ndarray
        Class indices (intp, shape (n,)) for classification sets, else float64 (n, 1).
    """
    rng = np.random.default_rng(seed)
    half = n // 2
    labels = np.concatenate([np.zeros(n - half, np.intp), np.ones(half, np.intp)])
    if kind == "xor":
        x = rng.uniform(-5, 5, (n, 2))
        x += np.sign(x) * 0.3  # a margin round the axes, as in TensorFlow Playground
        x += rng.normal(0, noise * 5, x.shape)
        return x, (x[:, 0] * x[:, 1] < 0).astype(np.intp)
    if kind == "circles":
        radius = np.where(labels == 0, rng.uniform(0, 2.5, n), rng.uniform(3.5, 5, n))
        angle = rng.uniform(0, 2 * np.pi, n)
        x = np.stack([radius * np.cos(angle), radius * np.sin(angle)], axis=1)
        return x + rng.normal(0, noise * 5, x.shape), labels
    if kind == "gaussians":
        centre = np.where(labels[:, None] == 0, 2.0, -2.0)
        return centre + rng.normal(0, 1.0 + noise * 5, (n, 2)), labels
    if kind == "spiral":
        t = rng.uniform(0, 1, n) ** 0.5 * 1.75 * 2 * np.pi
        radius = t / (1.75 * 2 * np.pi) * 5
        angle = t + np.pi * labels
        x = np.stack([radius * np.sin(angle), radius * np.cos(angle)], axis=1)
        return x + rng.normal(0, noise * 2, x.shape), labels
    if kind == "moons":
        angle = rng.uniform(0, np.pi, n)
        x = np.where(
            labels[:, None] == 0,
            np.stack([np.cos(angle), np.sin(angle)], axis=1),
            np.stack([1 - np.cos(angle), 0.5 - np.sin(angle)], axis=1),
        )
        x = (x - [0.5, 0.25]) * 3
        return x + rng.normal(0, noise * 3, x.shape), labels
    if kind == "threshold":
        x = rng.uniform(-5, 5, (n, 1))
        blurred = x[:, 0] + rng.normal(0, noise * 5, n)
        return x, (blurred > 1).astype(np.intp)
    if kind == "line":
        x = rng.uniform(-5, 5, (n, 1))
        y = 0.5 * x + 1 + rng.normal(0, noise * 5, x.shape)
        return x, y
    if kind == "sine":
        x = rng.uniform(-5, 5, (n, 1))
        y = np.sin(x) * 2 + rng.normal(0, noise * 2, x.shape)
        return x, y
    if kind == "plane":
        x = rng.uniform(-5, 5, (n, 2))
        y = (x[:, :1] + x[:, 1:] * 0.5) / 2 + rng.normal(0, noise * 2, (n, 1))
        return x, y
    raise ValueError(f"unknown data set {kind!r} (built in: {', '.join(KINDS)})")


@dataclass(frozen=True, eq=False)
class TableSource(DataSource):
    """Examples given as numbers: raw inputs and targets of both splits.

    Attributes
    ----------
    name : str
    train_inputs, test_inputs : ndarray of float64, shape (n, n_raw)
        The raw inputs (the points as plotted, or a table's columns).
    train_targets, test_targets : ndarray
        Class indices (intp, shape (n,)) when ``class_names`` is given, else float64
        (n, n_targets).
    class_names : tuple of str or None
    input_names : tuple of str
        Names of the raw inputs.
    features : tuple of str or None
        Features the network sees, computed from 1 or 2 raw inputs (None: the raw inputs).
    standardise : bool
        Fit a :class:`Standardisation` of the features on the training split.
    """

    name: str
    train_inputs: NDArray[np.float64]
    train_targets: NDArray[Any]
    test_inputs: NDArray[np.float64]
    test_targets: NDArray[Any]
    class_names: tuple[str, ...] | None = None
    input_names: tuple[str, ...] = ("x1", "x2")
    features: tuple[str, ...] | None = None
    standardise: bool = False
    digest: str = field(init=False, default="")

    def __post_init__(self) -> None:
        arrays = {}
        for key in ("train_inputs", "test_inputs", "train_targets", "test_targets"):
            value = np.asarray(getattr(self, key))
            if key.endswith("inputs"):
                value = value.astype(np.float64)
            elif self.class_names is None:
                value = value.astype(np.float64).reshape(value.shape[0], -1)
            else:
                value = value.astype(np.intp)
            value = np.array(value)
            value.setflags(write=False)
            arrays[key] = value
            object.__setattr__(self, key, value)
        object.__setattr__(self, "input_names", tuple(self.input_names))
        if self.class_names is not None:
            object.__setattr__(self, "class_names", tuple(self.class_names))
        if self.features is not None:
            object.__setattr__(self, "features", check_features(tuple(self.features), self.n_raw))
        total = arrays["train_inputs"].shape[0] + arrays["test_inputs"].shape[0]
        if total > MAX_SAMPLES:
            raise ValueError(f"{total:,} examples; the playground takes at most {MAX_SAMPLES:,}")
        values = sum(value.size for value in arrays.values())
        if values > MAX_TABLE_VALUES:
            raise ValueError(
                f"{values:,} numbers; the playground takes tables of at most {MAX_TABLE_VALUES:,}"
            )
        hasher = hashlib.sha1(repr((self.name, self.class_names, self.input_names)).encode())
        hasher.update(repr((self.features, self.standardise)).encode())
        for value in arrays.values():
            hasher.update(repr(value.shape).encode())
            hasher.update(np.ascontiguousarray(value).tobytes())
        object.__setattr__(self, "digest", hasher.hexdigest())
        self.load()  # refuses what is not a data set now, not when training starts

    def __eq__(self, other: object) -> bool:
        return isinstance(other, TableSource) and other.digest == self.digest

    def __hash__(self) -> int:
        return hash(self.digest)

    def __repr__(self) -> str:
        return (
            f"TableSource({self.name!r}, {self.train_inputs.shape[0]}+{self.test_inputs.shape[0]})"
        )

    @property
    def n_raw(self) -> int:
        """Raw inputs per example."""
        return int(self.train_inputs.shape[1])

    @property
    def feature_names(self) -> tuple[str, ...]:
        """The names of the inputs the network sees."""
        return self.input_names if self.features is None else self.features

    def network_features(self, raw: NDArray[Any]) -> NDArray[np.float64]:
        """The features (not yet standardised) of raw inputs, shape (n, n_features)."""
        if self.features is None:
            return np.asarray(raw, dtype=np.float64)
        return expand(raw, self.features)

    def load(self, part: Part = "all") -> DataSet:
        train = self.network_features(self.train_inputs)
        test = self.network_features(self.test_inputs)
        details: dict[str, Any] = {
            "name": self.name,
            "feature_names": self.feature_names,
            "standardisation": Standardisation.fitted(train) if self.standardise else None,
        }
        if self.class_names is not None:
            return DataSet.classification(
                train,
                self.train_targets,
                test,
                self.test_targets,
                class_names=self.class_names,
                **details,
            )
        return DataSet.regression(train, self.train_targets, test, self.test_targets, **details)

    def shape(self) -> DataShape | None:
        if self.class_names is not None:
            return DataShape(len(self.feature_names), n_classes=len(self.class_names))
        return DataShape(len(self.feature_names), n_targets=int(self.train_targets.shape[1]))

    def describe(self) -> str:
        return self.name

    def with_points(
        self, train_inputs: NDArray[Any], train_targets: NDArray[Any], name: str | None = None
    ) -> TableSource:
        """The same table with other training points (the test split is kept)."""
        return TableSource(
            self.name if name is None else name,
            train_inputs,
            train_targets,
            self.test_inputs,
            self.test_targets,
            self.class_names,
            self.input_names,
            self.features,
            self.standardise,
        )

    def with_features(self, features: tuple[str, ...] | None) -> TableSource:
        """The same points with other input features."""
        return TableSource(
            self.name,
            self.train_inputs,
            self.train_targets,
            self.test_inputs,
            self.test_targets,
            self.class_names,
            self.input_names,
            features,
            self.standardise,
        )


@dataclass(frozen=True)
class ToySource(DataSource):
    """A built-in set by its recipe (see the module docstring).

    Attributes
    ----------
    kind : str
        One of :data:`KINDS`.
    n : int
        Points in all (2 to :data:`MAX_SAMPLES`).
    noise : float
        0 (none) to 1 (a lot).
    test_share : float
        The share of the points held out for testing (0 to 0.9).
    seed : int
    features : tuple of str or None
        Features the network sees (None: the raw inputs, x1 and x2, or x1 alone).
    """

    kind: str = "spiral"
    n: int = 1000
    noise: float = 0.1
    test_share: float = 0.2
    seed: int = 0
    features: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown data set {self.kind!r} (built in: {', '.join(KINDS)})")
        if isinstance(self.n, bool) or not 4 <= int(self.n) <= MAX_SAMPLES:
            raise ValueError(f"the number of samples must be 4 to {MAX_SAMPLES:,}, not {self.n}")
        if not 0 <= float(self.noise) <= 1:
            raise ValueError(f"the noise must be 0 to 1, not {self.noise}")
        if not 0 <= float(self.test_share) <= 0.9:
            raise ValueError(f"the test share must be 0 to 0.9, not {self.test_share}")
        if isinstance(self.seed, bool) or int(self.seed) < 0:
            raise ValueError(f"the seed must be a whole number of at least 0, not {self.seed}")
        object.__setattr__(self, "n", int(self.n))
        object.__setattr__(self, "seed", int(self.seed))
        object.__setattr__(self, "noise", float(self.noise))
        object.__setattr__(self, "test_share", float(self.test_share))
        if self.features is not None:
            features = check_features(tuple(self.features), raw_size(self.kind))
            object.__setattr__(self, "features", features)

    @property
    def classifies(self) -> bool:
        """Whether the set's targets are classes."""
        return self.kind in CLASSIFICATION_KINDS

    def table(self) -> TableSource:
        """The points this recipe makes, as a :class:`TableSource`."""
        raw, targets = toy_points(self.kind, self.n, self.noise, self.seed)
        order = np.random.default_rng(self.seed + 1).permutation(self.n)
        n_test = round(self.n * self.test_share)
        test, train = order[:n_test], order[n_test:]
        return TableSource(
            self.kind,
            raw[train],
            targets[train],
            raw[test],
            targets[test],
            CLASS_NAMES if self.classifies else None,
            ("x1", "x2")[: raw_size(self.kind)],
            self.features,
        )

    def load(self, part: Part = "all") -> DataSet:
        return self.table().load(part)

    def shape(self) -> DataShape | None:
        n_inputs = raw_size(self.kind) if self.features is None else len(self.features)
        if self.classifies:
            return DataShape(n_inputs, n_classes=2)
        return DataShape(n_inputs, n_targets=1)

    def describe(self) -> str:
        return f"{self.kind} ({self.n:,} points, noise {self.noise:g})"


def raw_table(source: DataSource) -> TableSource | None:
    """The raw points of a playground source (None for other sources, e.g. MNIST)."""
    if isinstance(source, ToySource):
        return source.table()
    if isinstance(source, TableSource):
        return source
    return None
