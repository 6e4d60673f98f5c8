"""Watching a run: per-layer statistics for the plots, and divergence for the alarm."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data import TargetCoding
from nnviz.core.losses import loss_value
from nnviz.core.training.fast import BatchedNetwork
from nnviz.core.training.frozen import frozen_array
from nnviz.core.training.records import LayerStats


def layer_statistics(batched: BatchedNetwork, b: int, bins: int) -> tuple[LayerStats, ...]:
    """Describe every layer of the batch of ``b`` rows just run forward and backward.

    Parameters
    ----------
    batched : BatchedNetwork
        After ``forward`` and ``backward`` on the batch (and weight decay added).
    b : int
        Rows in the batch.
    bins : int
        Bins of each activation histogram.

    Returns
    -------
    tuple of LayerStats
        One per layer, 1 .. L.
    """
    stats = []
    for i, name in enumerate(batched.activation_names):
        a = batched.activations_out[i][:b]
        counts, edges = _histogram(a, bins)
        w = batched.weights[i].ravel()
        g = batched.weight_gradients[i].ravel()
        stats.append(
            LayerStats(
                layer=i + 1,
                activation=name,
                mean_activation=float(np.mean(a, dtype=np.float64)),
                dead_fraction=float(np.count_nonzero(~a.any(axis=0))) / a.shape[1],
                histogram_counts=frozen_array(counts, np.int64),
                histogram_edges=frozen_array(edges, np.float64),
                weight_norm=math.sqrt(float(np.dot(w, w))),
                gradient_norm=math.sqrt(float(np.dot(g, g))),
            )
        )
    return tuple(stats)


def _histogram(
    values: NDArray[np.float32], bins: int
) -> tuple[NDArray[np.int64], NDArray[np.float64]]:
    """``np.histogram(values, bins)``'s counts and edges, in a third of its time.

    It runs every few batches of a run, where np.histogram's generality (weights, ranges,
    blocks) cost 8 % of an MNIST epoch. Equal bins from the smallest to the largest value
    (± 0.5 when they are equal, as NumPy does); a value on an inner edge counts in the bin
    above it, the largest in the last bin. Only a value within rounding of an edge can
    land in the neighbouring bin from NumPy's choice.
    """
    lo, hi = float(values.min()), float(values.max())
    if lo == hi:
        lo, hi = lo - 0.5, hi + 0.5
    edges = lo + (hi - lo) / bins * np.arange(bins + 1, dtype=np.float64)
    edges[-1] = hi
    index = (values.ravel() - np.float32(lo)) * np.float32(bins / (hi - lo))
    which = np.minimum(index.astype(np.intp), bins - 1)
    return np.bincount(which, minlength=bins).astype(np.int64), edges


class DivergenceWatch:
    """Decides when a batch loss means training has diverged.

    A loss that is NaN or infinite has diverged; so has one above ``factor`` times the
    reference: the larger of the first batch's loss and the loss of an uninformed guess
    (1/K for each of K classes, ½ for one output of two classes; real-valued targets have
    no such floor). The floor keeps a network that starts out well trained (a resumed run,
    with a tiny first loss) from calling an ordinary bad batch divergence.

    Parameters
    ----------
    loss : str
        The network's loss.
    coding : TargetCoding
        How the targets meet the outputs.
    factor : float
        Greater than 1.
    """

    def __init__(self, loss: str, coding: TargetCoding, factor: float) -> None:
        guess = coding.uninformed()
        self.reference = 0.0 if guess is None else loss_value(loss, *guess)
        self.factor = factor
        self.seen_first = False

    def problem(self, loss: float) -> str | None:
        """Return what is wrong with ``loss`` (one phrase), or None if it is healthy.

        The first healthy loss seen raises the reference if it is larger than the floor.
        """
        if math.isnan(loss):
            return "the loss became NaN"
        if math.isinf(loss):
            return "the loss became infinite"
        if self.reference > 0 and loss > self.factor * self.reference:
            return (
                f"the loss exploded to {loss:.4g}, more than {self.factor:g}× "
                f"its reference {self.reference:.4g}"
            )
        if not self.seen_first:
            self.seen_first = True
            self.reference = max(self.reference, loss)
        return None
