"""The lecture's recap as playground lessons: a network, its data and a recipe each.

- ``linear_regression``: one neuron with the identity, h = w·x + b, on a noisy line;
  squared error, so the cost is the lecture's J = 1/(2m) Σ (h − y)²; plain (full-batch)
  gradient descent, so the path on J(w, b) is the lecture's.
- ``logistic_regression``: one sigmoid neuron on points of two classes along a line;
  binary cross-entropy (the lecture's J, divided by m); full-batch gradient descent.
- ``xor``: exclusive or learned from scratch by a 2-2-1 sigmoid network, from points
  round the four corners of the unit square.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from nnviz.core.data import DataSource
from nnviz.core.data.toys import CLASS_NAMES, TableSource, ToySource
from nnviz.core.network import Network
from nnviz.core.training.config import TrainingConfig

LESSONS = ("linear_regression", "logistic_regression", "xor")


@dataclass(frozen=True)
class Lesson:
    """A lesson: what the document becomes.

    Attributes
    ----------
    name, title, description : str
    network : Network
        The starting weights.
    data : DataSource
    config : TrainingConfig
        The recipe (its ``learning_rate`` is the document's η).
    """

    name: str
    title: str
    description: str
    network: Network
    data: DataSource
    config: TrainingConfig


def corners(n: int = 200, noise: float = 0.12, seed: int = 0) -> TableSource:
    """Points round the four corners of the unit square, labelled by exclusive or."""
    rng = np.random.default_rng(seed)
    corner = rng.integers(0, 2, (n, 2))
    points = corner + rng.normal(0, noise, (n, 2))
    labels = (corner[:, 0] ^ corner[:, 1]).astype(np.intp)
    n_test = n // 5
    return TableSource(
        "xor corners",
        points[n_test:],
        labels[n_test:],
        points[:n_test],
        labels[:n_test],
        CLASS_NAMES,
    )


def full_batch(epochs: int, learning_rate: float) -> TrainingConfig:
    """Plain gradient descent on the whole training set (one update per epoch)."""
    return TrainingConfig(
        epochs=epochs,
        batch_size=100_000,
        learning_rate=learning_rate,
        optimizer="sgd",
        momentum=0.0,
        schedule="constant",
        weight_decay=0.0,
        shuffle=False,
    )


def lesson(name: str) -> Lesson:
    """The lesson called ``name`` (KeyError listing those there are)."""
    if name == "linear_regression":
        return Lesson(
            name,
            "Linear regression",
            "One neuron with the identity: h = w·x + b, fitted to a noisy line by gradient "
            "descent on J(w, b) = 1/(2m) Σ (h − y)². Watch the path on the cost surface.",
            Network.zeros((1, 1), ("identity",), "mse"),
            ToySource("line", 100, 0.1, 0.2, 0),
            full_batch(150, 0.05),
        )
    if name == "logistic_regression":
        return Lesson(
            name,
            "Logistic regression",
            "One sigmoid neuron: h = g(w·x + b), the probability of the orange class, "
            "fitted by gradient descent on J = −1/m Σ (y ln h + (1 − y) ln(1 − h)).",
            Network.zeros((1, 1), ("sigmoid",), "binary_cross_entropy"),
            ToySource("threshold", 100, 0.1, 0.2, 0),
            full_batch(300, 0.5),
        )
    if name == "xor":
        return Lesson(
            name,
            "XOR from scratch",
            "A 2-2-1 sigmoid network learns exclusive or from random weights: each hidden "
            "neuron draws one line, the output combines them (see the maps on the nodes).",
            Network.initialised(
                (2, 2, 1), ("sigmoid", "sigmoid"), "binary_cross_entropy", seed=3, method="xavier"
            ),
            corners(),
            TrainingConfig(
                epochs=150,
                batch_size=16,
                learning_rate=0.05,
                optimizer="adam",
                schedule="constant",
                weight_decay=0.0,
            ),
        )
    raise KeyError(f"no lesson called {name!r} (lessons: {', '.join(LESSONS)})")
