"""A surgery's before → after, as plain data: the test accuracy, loss and per-class
accuracy of the network before a change (:mod:`nnviz.core.surgery`) and after it.

The numbers are :func:`nnviz.core.training.evaluate`'s (float64, the readable losses), the
same as ``nnviz evaluate`` prints. Qt-free; the Surgery page computes this off the GUI
thread and draws it.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.core.surgery import Surgery
from nnviz.core.training import evaluate
from nnviz.present.training.analysis import class_accuracies


@dataclass(frozen=True)
class Score:
    """A network on a test set.

    Attributes
    ----------
    accuracy : float
        Share answered right (NaN for real-valued targets).
    loss : float
        Mean test loss.
    per_class : ndarray of float64, shape (K,)
        Each class's accuracy (NaN for a class with no test examples; empty for real
        values).
    """

    accuracy: float
    loss: float
    per_class: NDArray[np.float64]


def score(network: Network, data: DataSet) -> Score:
    """Evaluate ``network`` on ``data``'s test split."""
    result = evaluate(network, data)
    per_class = np.array(
        [np.nan if a is None else a for a in class_accuracies(result.confusion)], np.float64
    )
    return Score(float(result.accuracy), float(result.loss), per_class)


@dataclass(frozen=True)
class BeforeAfter:
    """A surgery's effect.

    Attributes
    ----------
    text : str
        What was done (``"switch off z²₇"``).
    before, after : Network
    score_before, score_after : Score
    seconds : float
        How long the two evaluations took.
    """

    text: str
    before: Network
    after: Network
    score_before: Score
    score_after: Score
    seconds: float = 0.0

    def summary(self) -> str:
        """``"accuracy 97.78 % → 96.10 %, loss 0.0743 → 0.1234"``."""
        b, a = self.score_before, self.score_after
        parts = []
        if np.isfinite(b.accuracy):
            parts.append(f"accuracy {_percent(b.accuracy)} → {_percent(a.accuracy)}")
        parts.append(f"loss {b.loss:.4f} → {a.loss:.4f}")
        return ", ".join(parts)


def _percent(value: float) -> str:
    return f"{value * 100:.2f} %" if np.isfinite(value) else "—"


def before_after(
    network: Network, data: DataSet, surgery: Surgery, before: Score | None = None
) -> BeforeAfter:
    """Apply ``surgery`` to ``network`` and score both on ``data``'s test split.

    Parameters
    ----------
    network : Network
    data : DataSet
    surgery : Surgery
    before : Score, optional
        ``network``'s score if already known (it is not computed again).

    Raises
    ------
    ValueError
        The surgery is refused (with its one-line reason), or the data does not fit.
    """
    import time

    started = time.perf_counter()
    after = surgery.apply(network)
    first = before if before is not None else score(network, data)
    second = score(after, data)
    return BeforeAfter(
        surgery.text(network), network, after, first, second, time.perf_counter() - started
    )
