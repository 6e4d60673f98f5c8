"""How robust a trained network is, as plain data: its test accuracy as the test images
are disturbed (added noise, rotation, shift, stroke thickness), and what rejecting unsure
answers buys ("reject when unsure": coverage against accuracy).

One function, :func:`robustness_curves`, gives the numbers the Robustness page plots and
``nnviz evaluate --robustness`` prints; both call it with the same seed, so they agree.
The transforms are :mod:`nnviz.core.image_transforms`; every (transform, level) draws its
randomness from its own generator seeded by ``(seed, transform, level)``, so a curve
repeats and does not depend on which others were computed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data import DataSet
from nnviz.core.image_transforms import add_noise, rotate, shift, thicken
from nnviz.core.network import Network
from nnviz.core.training import confusion_matrix
from nnviz.present.training.analysis import layer_activations


@dataclass(frozen=True)
class Disturbance:
    """One way of disturbing the test images.

    Attributes
    ----------
    key : str
        ``"noise"``, ``"rotation"``, ``"shift"``, ``"thickness"`` (the JSON's keys).
    title : str
        What the plot's axis says.
    levels : tuple of float
        The strengths tried (the first, 0, leaves the images as they are).
    """

    key: str
    title: str
    levels: tuple[float, ...]


#: The disturbances and the levels tried, in the order plotted.
DISTURBANCES: tuple[Disturbance, ...] = (
    Disturbance("noise", "added noise σ (of the pixel range)", (0.0, 0.1, 0.2, 0.3, 0.4, 0.5)),
    Disturbance("rotation", "rotation (degrees, either way)", (0.0, 10.0, 20.0, 30.0, 45.0, 60.0)),
    Disturbance("shift", "shift (pixels, any direction)", (0.0, 1.0, 2.0, 3.0, 4.0, 5.0)),
    Disturbance(
        "thickness",
        "stroke thickness (pixels: − thinner, + thicker)",
        (-2.0, -1.0, 0.0, 1.0, 2.0, 3.0),
    ),
)
KEYS = tuple(d.key for d in DISTURBANCES)
#: Test images disturbed at once (memory stays small, and faster: see below).
CHUNK = 1_000


def disturbed(
    images: NDArray[Any], key: str, level: float, rng: np.random.Generator
) -> NDArray[Any]:
    """``images`` (n, rows, columns) disturbed by ``key`` at ``level``.

    Rotation turns each image by ``level`` degrees, clockwise or counter-clockwise at
    random; shift moves each by ``level`` pixels in a random direction (rounded to whole
    pixels); thickness dilates (> 0) or erodes (< 0) the strokes.
    """
    n = len(images)
    if key == "noise":
        return add_noise(images, level, rng)
    if key == "rotation":
        return rotate(images, level * rng.choice([-1.0, 1.0], n))
    if key == "shift":
        angle = rng.uniform(0.0, 2 * np.pi, n)
        down = np.rint(level * np.sin(angle)).astype(np.intp)
        right = np.rint(level * np.cos(angle)).astype(np.intp)
        return shift(images, down, right)
    if key == "thickness":
        return thicken(images, int(level))
    raise ValueError(f"no disturbance {key!r} (there are {', '.join(KEYS)})")


@dataclass(frozen=True)
class RobustnessCurve:
    """Test accuracy along one disturbance.

    Attributes
    ----------
    disturbance : Disturbance
    accuracy : ndarray of float64, shape (n_levels,)
    per_class : ndarray of float64, shape (n_levels, K)
        Each class's accuracy at each level (NaN: no examples of it).
    """

    disturbance: Disturbance
    accuracy: NDArray[np.float64]
    per_class: NDArray[np.float64]

    def as_json(self) -> dict[str, Any]:
        """``{"levels": [...], "accuracy": [...], "per_class_accuracy": [[...], ...]}``."""
        return {
            "levels": list(self.disturbance.levels),
            "accuracy": [round(float(a), 6) for a in self.accuracy],
            "per_class_accuracy": [
                [None if np.isnan(a) else round(float(a), 6) for a in row] for row in self.per_class
            ],
        }


def robustness_refusal(network: Network, data: DataSet) -> str:
    """Why robustness cannot be measured for ``network`` on ``data`` ("" if it can)."""
    if data.image_shape is None:
        return f"robustness needs images; {data.name} has none"
    if not data.classifies:
        return "robustness needs classes (accuracy); these targets are values"
    if data.n_test == 0:
        return "the data set has no test examples"
    if network.input_size != data.n_inputs:
        return (
            f"the network takes {network.input_size} inputs, the images have {data.n_inputs} pixels"
        )
    if network.output_size != data.n_classes and not (
        network.output_size == 1 and data.n_classes == 2
    ):
        return f"the network has {network.output_size} outputs for {data.n_classes} classes"
    return ""


def robustness_curves(
    network: Network,
    data: DataSet,
    seed: int = 0,
    keys: Sequence[str] = KEYS,
    limit: int | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> list[RobustnessCurve]:
    """Test accuracy of ``network`` as ``data``'s test images are disturbed.

    Parameters
    ----------
    network : Network
    data : DataSet
        Image data with classes (see :func:`robustness_refusal`).
    seed : int
        Seeds every disturbance (same seed, same numbers).
    keys : sequence of str
        Which disturbances (:data:`KEYS` by default).
    limit : int, optional
        Use only the first ``limit`` test images.
    cancelled : callable, optional
        Asked between levels; True stops early (returns the curves so far).

    Raises
    ------
    ValueError
        See :func:`robustness_refusal`, or an unknown key.
    """
    refusal = robustness_refusal(network, data)
    if refusal:
        raise ValueError(refusal)
    chosen = {d.key: d for d in DISTURBANCES}
    unknown = [k for k in keys if k not in chosen]
    if unknown:
        raise ValueError(f"no disturbance {unknown[0]!r} (there are {', '.join(KEYS)})")
    rows, columns = data.image_shape  # type: ignore[misc]
    n = data.n_test if limit is None else min(limit, data.n_test)
    images = np.asarray(data.test_inputs[:n]).reshape(n, rows, columns)
    labels = np.asarray(data.test_targets[:n]).astype(np.intp)
    coding = data.coding(network.output_size)
    curves: list[RobustnessCurve] = []
    for key in keys:
        disturbance = chosen[key]
        accuracy, per_class = [], []
        for index, level in enumerate(disturbance.levels):
            if cancelled is not None and cancelled():
                return curves
            rng = np.random.default_rng([seed, KEYS.index(key), index])
            predicted = np.empty(n, np.intp)
            # A chunk at a time: whole-set temporaries (10,000 × 784 × 8 bytes each) made
            # the rotation 15 times slower here than chunks of 1,000.
            for start in range(0, n, CHUNK):
                block = disturbed(images[start : start + CHUNK], key, level, rng)
                pixels = block.reshape(len(block), rows * columns)
                outputs = layer_activations(network, data, pixels, network.n_layers - 1)
                predicted[start : start + len(block)] = coding.classes(outputs)
            confusion = confusion_matrix(labels, predicted, coding.n_classes)
            totals = confusion.sum(axis=1)
            accuracy.append(float(np.trace(confusion)) / max(n, 1))
            with np.errstate(invalid="ignore", divide="ignore"):
                per_class.append(np.diag(confusion) / np.where(totals > 0, totals, np.nan))
        curves.append(
            RobustnessCurve(disturbance, np.array(accuracy), np.array(per_class, np.float64))
        )
    return curves


@dataclass(frozen=True)
class Tradeoff:
    """What rejecting unsure answers buys: for each confidence threshold, the share of test
    examples still answered (coverage) and the accuracy on those.

    Attributes
    ----------
    thresholds : ndarray of float64, shape (m,)
        0 … 1; an example is answered when its top class's score is at least this.
    coverage : ndarray of float64, shape (m,)
    accuracy : ndarray of float64, shape (m,)
        NaN where nothing is answered.
    """

    thresholds: NDArray[np.float64]
    coverage: NDArray[np.float64]
    accuracy: NDArray[np.float64]

    def at(self, threshold: float) -> tuple[float, float]:
        """Coverage and accuracy at ``threshold`` (the nearest threshold computed)."""
        i = int(np.argmin(np.abs(self.thresholds - threshold)))
        return float(self.coverage[i]), float(self.accuracy[i])


def confidence_tradeoff(scores: NDArray[Any], labels: NDArray[Any], steps: int = 101) -> Tradeoff:
    """Coverage and accuracy when answers less sure than a threshold are rejected.

    Parameters
    ----------
    scores : ndarray, shape (n, K)
        Each example's score per class (softmax probabilities).
    labels : ndarray of int, shape (n,)
    steps : int
        Thresholds 0, 1/(steps − 1), … 1.
    """
    scores = np.asarray(scores, np.float64)
    confidence = scores.max(axis=1)
    correct = np.argmax(scores, axis=1) == np.asarray(labels)
    thresholds = np.linspace(0.0, 1.0, steps)
    order = np.argsort(confidence)
    sorted_confidence = confidence[order]
    # Examples at or above each threshold are the tail of the sorted order.
    right_from_here = np.concatenate([np.cumsum(correct[order][::-1])[::-1], [0]])
    first = np.searchsorted(sorted_confidence, thresholds, side="left")
    answered = len(confidence) - first
    n = max(len(confidence), 1)
    with np.errstate(invalid="ignore", divide="ignore"):
        accuracy = np.where(answered > 0, right_from_here[first] / np.maximum(answered, 1), np.nan)
    return Tradeoff(thresholds, answered / n, accuracy.astype(np.float64))
