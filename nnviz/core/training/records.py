"""The immutable progress records a training run yields.

Every record is a frozen dataclass. Arrays in records are read-only copies and networks
are immutable :class:`~nnviz.core.network.Network` objects made from copies of the weights,
so a record can be handed to another thread (the GUI) while training goes on.

Numbering: ``epoch`` counts from 1, ``batch`` counts from 1 within its epoch, and ``step``
counts the batches trained since the run started (1 after the first batch). ``elapsed`` is
wall time since the run started, in seconds, not counting time spent paused.

Records stay valid across a pipe: unpickling rebuilds each one through its constructor
(:func:`~nnviz.core.training.frozen.freeze_on_unpickle`), so its networks are checked and
its arrays read-only on arrival, as they were when sent.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnviz.core.network import Network
from nnviz.core.training.config import TrainingConfig
from nnviz.core.training.frozen import freeze_on_unpickle
from nnviz.core.training.run_state import RunState


@freeze_on_unpickle
@dataclass(frozen=True, slots=True)
class LayerStats:
    """What one layer looked like during one batch.

    Attributes
    ----------
    layer : int
        1 .. L (the first hidden layer is 1, the output layer L).
    activation : str
        The layer's activation function.
    mean_activation : float
        Mean of the layer's activations over the batch and its neurons.
    dead_fraction : float
        Fraction of the layer's neurons whose activation is 0 for every example of the batch
        (dead ReLUs; near 0 for sigmoid and tanh).
    histogram_counts : ndarray of int64, shape (bins,)
        Histogram of the batch's activations in this layer.
    histogram_edges : ndarray of float64, shape (bins + 1,)
        Its bin edges (from the smallest to the largest activation).
    weight_norm : float
        ‖W‖, the Frobenius norm of the weights into this layer.
    gradient_norm : float
        ‖∂J/∂W‖ for this batch (weight decay included), the gradient the optimiser used.
    """

    layer: int
    activation: str
    mean_activation: float
    dead_fraction: float
    histogram_counts: NDArray[np.int64]
    histogram_edges: NDArray[np.float64]
    weight_norm: float
    gradient_norm: float


@freeze_on_unpickle
@dataclass(frozen=True, slots=True)
class Started:
    """The first record of every run.

    Attributes
    ----------
    config : TrainingConfig
    network : Network
        The weights training starts from (a copy).
    n_train, n_test : int
        Examples in the training and test sets.
    batches_per_epoch : int
    total_batches : int
        ``batches_per_epoch * config.epochs``.
    epochs_done : float
        Where a resumed run takes up (in epochs; 0 for a new run).
    step : int
        Batches the run had trained before (0 for a new run).
    """

    config: TrainingConfig
    network: Network
    n_train: int
    n_test: int
    batches_per_epoch: int
    total_batches: int
    epochs_done: float = 0.0
    step: int = 0


@freeze_on_unpickle
@dataclass(frozen=True, slots=True)
class BatchRecord:
    """One trained batch.

    Attributes
    ----------
    epoch, batch, step : int
        Where the batch was (see the module docstring).
    batches_per_epoch : int
    size : int
        Examples in the batch.
    loss : float
        Mean loss of the batch, before the update (penalty not included).
    accuracy : float
        Fraction of the batch classified right, before the update.
    learning_rate : float
        The η used for this batch's update (base rate times the schedule's factor).
    elapsed : float
    layer_stats : tuple of LayerStats, or None
        Per-layer statistics, every ``config.stats_every`` batches (and on the first).
    """

    epoch: int
    batch: int
    step: int
    batches_per_epoch: int
    size: int
    loss: float
    accuracy: float
    learning_rate: float
    elapsed: float
    layer_stats: tuple[LayerStats, ...] | None = None


@freeze_on_unpickle
@dataclass(frozen=True, slots=True)
class Evaluation:
    """How well a network classifies a labelled set.

    Attributes
    ----------
    loss : float
        Mean loss per example (the network's loss).
    accuracy : float
        Fraction classified right (the largest output is the label).
    confusion : ndarray of int64, shape (n_classes, n_classes)
        ``confusion[true, predicted]`` counts examples; rows sum to each class's count.
    n_examples : int
    """

    loss: float
    accuracy: float
    confusion: NDArray[np.int64]
    n_examples: int


@freeze_on_unpickle
@dataclass(frozen=True, slots=True)
class EpochRecord:
    """The end of an epoch, with its test-set evaluation.

    Attributes
    ----------
    epoch : int
    step : int
    train_loss, train_accuracy : float
        Means over the epoch's batches (each measured before its update), weighted by size.
    test : Evaluation
        Loss, accuracy and confusion matrix on the test set, after the epoch.
    penalty : float
        The weight-decay term (λ / 2m) Σ W² after the epoch (0 without weight decay).
    learning_rate : float
        η of the epoch's last batch.
    elapsed : float
    network : Network
        The weights after the epoch (a copy): what ``nnviz train`` saves.
    state : RunState or None
        The whole run state after the epoch: a run continued from it (with ``network``)
        ends as this one will.
    validation : Evaluation or None
        The same on the held-out validation examples, when the run holds some out.
    """

    epoch: int
    step: int
    train_loss: float
    train_accuracy: float
    test: Evaluation
    penalty: float
    learning_rate: float
    elapsed: float
    network: Network
    state: RunState | None = None
    validation: Evaluation | None = None


@freeze_on_unpickle
@dataclass(frozen=True, slots=True)
class Paused:
    """The run is paused; yielded on pausing and again as a heartbeat while paused.

    Attributes
    ----------
    reason : str
        ``"command"``, ``"start"``, ``"step batch"``, ``"step epoch"`` or ``"diverged"``.
    epoch, batch, step : int
        The last batch trained (0 before the first).
    """

    reason: str
    epoch: int
    batch: int
    step: int


@freeze_on_unpickle
@dataclass(frozen=True, slots=True)
class Resumed:
    """The run carries on after a pause (after :class:`Resume`, :class:`StepBatch` or
    :class:`StepEpoch`)."""

    epoch: int
    batch: int
    step: int


@freeze_on_unpickle
@dataclass(frozen=True, slots=True)
class LearningRateChanged:
    """The base learning rate changed.

    Attributes
    ----------
    base : float
        The new base rate η.
    current : float
        The rate the next batch uses (base times the schedule's factor).
    step : int
    """

    base: float
    current: float
    step: int


@freeze_on_unpickle
@dataclass(frozen=True, slots=True)
class Snapshot:
    """A copy of the current weights, yielded on request.

    Attributes
    ----------
    network : Network
    epoch, batch, step : int
        The last batch trained (0 before the first).
    """

    network: Network
    epoch: int
    batch: int
    step: int


@freeze_on_unpickle
@dataclass(frozen=True, slots=True)
class Diverged:
    """Training diverged; the last good weights were restored and the optimiser reset.

    Attributes
    ----------
    message : str
        One line for the user: where, what the loss did, what to try.
    loss : float
        The offending batch loss (NaN, inf or exploded).
    network : Network
        The last good weights: those of the last batch whose loss was healthy.
    epoch, batch, step : int
        The batch that diverged (it was not applied).
    learning_rate : float
    """

    message: str
    loss: float
    network: Network
    epoch: int
    batch: int
    step: int
    learning_rate: float


@freeze_on_unpickle
@dataclass(frozen=True, slots=True)
class Finished:
    """The last record of a run.

    Attributes
    ----------
    reason : str
        ``"completed"`` (all epochs), ``"stopped"`` (a :class:`Stop`) or ``"diverged"``.
    network : Network
        The final weights (the last good ones after a divergence).
    epochs_completed : int
        Epochs trained to the end (and evaluated).
    step : int
    elapsed : float
    last_epoch : EpochRecord or None
        The last completed epoch, if any.
    message : str
        One line saying how the run ended.
    state : RunState or None
        The whole run state at the end (with ``network``): a stopped run continues from
        it exactly.
    """

    reason: str
    network: Network
    epochs_completed: int
    step: int
    elapsed: float
    last_epoch: EpochRecord | None
    message: str
    state: RunState | None = None


TrainingRecord = (
    Started
    | BatchRecord
    | EpochRecord
    | Paused
    | Resumed
    | LearningRateChanged
    | Snapshot
    | Diverged
    | Finished
)
