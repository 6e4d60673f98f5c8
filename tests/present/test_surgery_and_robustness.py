"""Before → after of a surgery, robustness curves and the confidence trade-off (Qt-free)."""

from __future__ import annotations

import functools

import numpy as np
import pytest

from nnviz.core.data import DataSet
from nnviz.core.mnist import load_dataset
from nnviz.core.network import Network
from nnviz.core.surgery import Prune, Temperature
from nnviz.core.training import Finished, Trainer, TrainingConfig, evaluate
from nnviz.present.training.robustness import (
    KEYS,
    confidence_tradeoff,
    robustness_curves,
    robustness_refusal,
)
from nnviz.present.training.surgery import before_after, score


@functools.cache
def digits() -> tuple[Network, DataSet]:
    """A 784-30-10 network trained for two epochs on 2,000 MNIST images (tested on 300)."""
    data = load_dataset()
    images = DataSet.classification(
        data.train_images[:2000], data.train_labels[:2000], data.test_images[:300],
        data.test_labels[:300], 10,
    )  # fmt: skip
    network = Network.initialised((784, 30, 10), ("relu", "softmax"), "cross_entropy", seed=0)
    config = TrainingConfig(epochs=2, batch_size=32, weight_decay=0.0)
    finished = [r for r in Trainer(network, images, config).run() if isinstance(r, Finished)]
    return finished[-1].network, images


def test_before_after_is_evaluate_before_and_after() -> None:
    network, data = digits()
    result = before_after(network, data, Prune(0.9, "global"))
    exact_before, exact_after = evaluate(network, data), evaluate(result.after, data)
    assert result.score_before.accuracy == exact_before.accuracy > 0.7
    assert result.score_after.accuracy == exact_after.accuracy
    assert result.score_after.loss == pytest.approx(exact_after.loss)
    confusion = exact_after.confusion
    np.testing.assert_allclose(
        result.score_after.per_class, confusion.diagonal() / confusion.sum(1)
    )
    assert result.text == "prune 90 % of the weights (over all layers)"
    assert result.summary().startswith(
        f"accuracy {exact_before.accuracy * 100:.2f} % → {exact_after.accuracy * 100:.2f} %"
    )
    # A score already known is used, not recomputed.
    known = score(network, data)
    again = before_after(network, data, Temperature(3.0), before=known)
    assert again.score_before is known
    assert again.score_after.accuracy == known.accuracy  # a temperature keeps the answers
    assert again.score_after.loss != known.loss


def test_robustness_curves_repeat_start_clean_and_fall() -> None:
    network, data = digits()
    curves = robustness_curves(network, data, seed=3)
    assert [c.disturbance.key for c in curves] == list(KEYS)
    clean = evaluate(network, data).accuracy
    for curve in curves:
        at_zero = curve.accuracy[curve.disturbance.levels.index(0.0)]
        assert at_zero == pytest.approx(clean, abs=1 / 300)  # float32 against float64
        assert curve.accuracy.min() < at_zero - 0.1, curve.disturbance.key
        assert curve.per_class.shape == (len(curve.disturbance.levels), 10)
    again = robustness_curves(network, data, seed=3, keys=["shift", "noise"])
    np.testing.assert_array_equal(again[0].accuracy, curves[2].accuracy)
    np.testing.assert_array_equal(again[1].accuracy, curves[0].accuracy)
    other = robustness_curves(network, data, seed=4, keys=["rotation"])
    assert not np.array_equal(other[0].accuracy, curves[1].accuracy)


def test_robustness_refusals() -> None:
    network, data = digits()
    xor = DataSet.classification(np.eye(2), [0, 1], np.eye(2), [0, 1], 2)
    assert robustness_refusal(network, xor) == "robustness needs images; data has none"
    with pytest.raises(ValueError, match="no disturbance 'blur'"):
        robustness_curves(network, data, keys=["blur"])


def test_the_confidence_tradeoff_counts_what_is_answered() -> None:
    scores = np.array([[0.9, 0.1], [0.6, 0.4], [0.3, 0.7], [0.45, 0.55]])
    labels = np.array([0, 1, 1, 0])  # right, wrong, right, wrong
    tradeoff = confidence_tradeoff(scores, labels)
    assert tradeoff.at(0.0) == (1.0, 0.5)
    assert tradeoff.at(0.6) == (0.75, pytest.approx(2 / 3))  # 0.9, 0.6, 0.7 answered
    assert tradeoff.at(0.8) == (0.25, 1.0)
    coverage, accuracy = tradeoff.at(0.95)
    assert coverage == 0.0 and np.isnan(accuracy)
    assert np.all(np.diff(tradeoff.coverage) <= 0)
