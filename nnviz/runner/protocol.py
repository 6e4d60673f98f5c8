"""What the app and its training process say to each other through their pipes.

Every message is a small frozen dataclass, pickled by :mod:`multiprocessing`. The app
sends :class:`StartRun`, :class:`RunCommand` and :class:`Quit`; the training process
answers with :class:`Ready` (or :class:`Failed`) once its data is loaded, then, for each
run, :class:`BatchChunk` (many batches coalesced) and :class:`RunRecord` (every other
record of the engine, unchanged). Messages about a run carry its ``run_id``, so that the
app can ignore what an abandoned run still had in the pipe.

Networks that crossed the pipe were unpickled without their checks (their arrays are
writeable again): :func:`refrozen` makes them immutable Networks once more.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from nnviz.core.mnist import load_dataset, load_test_set
from nnviz.core.network import Network
from nnviz.core.training import Command, TrainingConfig, TrainingData, TrainingRecord

#: Statistics columns of :attr:`BatchChunk.stats`, in order.
STAT_FIELDS = ("mean_activation", "dead_fraction", "weight_norm", "gradient_norm")


@dataclass(frozen=True)
class DataSource:
    """Where the training process gets its examples.

    Attributes
    ----------
    directory : str or None
        A folder of the four MNIST-layout IDX files; None is the bundled MNIST.
    data : TrainingData or None
        Examples given directly (tests, small demonstrations); wins over ``directory``.
    """

    directory: str | None = None
    data: TrainingData | None = None

    def load(self) -> TrainingData:
        """Return the training and test sets (raises DatasetError naming a bad file)."""
        if self.data is not None:
            return self.data
        return TrainingData.from_dataset(load_dataset(self.directory))

    def test_set(self) -> tuple[NDArray[Any], NDArray[np.intp]]:
        """Return the test inputs, shape (n, n_inputs), and labels, shape (n,).

        The app evaluates (confusion matrix, gallery) on exactly the examples the training
        process tests on. Only the test files are read.
        """
        if self.data is not None:
            return self.data.test_inputs, self.data.test_labels
        images, labels = load_test_set(self.directory)
        return images.reshape(images.shape[0], -1), labels.astype(np.intp)

    def describe(self) -> str:
        """A few words for the user: "MNIST" or the folder's name."""
        if self.data is not None:
            return f"{self.data.n_train:,} given examples"
        if self.directory is None:
            return "MNIST"
        return os.path.basename(os.path.normpath(self.directory))


# -- from the app ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StartRun:
    """Train ``network`` with ``config``; a run still going is stopped first.

    Attributes
    ----------
    run_id : int
    network : Network
    config : TrainingConfig
    train_limit : int or None
        Train on the first this many training examples only (None: all of them).
    """

    run_id: int
    network: Network
    config: TrainingConfig
    train_limit: int | None = None


@dataclass(frozen=True)
class RunCommand:
    """A training command (pause, resume, step, learning rate …) for run ``run_id``."""

    run_id: int
    command: Command


@dataclass(frozen=True)
class WatchWeights:
    """Whether the app shows the weights as they change (a view of the diagram is on
    screen): only then are they sent a few times a second. Epoch ends, pauses and the
    end of a run always carry them."""

    watching: bool


@dataclass(frozen=True)
class Quit:
    """End the training process (a run still going is stopped at its next batch)."""


# -- from the training process --------------------------------------------------------------


@dataclass(frozen=True)
class Ready:
    """The data is loaded: the process takes runs now.

    Attributes
    ----------
    n_train, n_test, n_inputs, n_classes : int
    load_seconds : float
        How long loading took.
    """

    n_train: int
    n_test: int
    n_inputs: int
    n_classes: int
    load_seconds: float


@dataclass(frozen=True)
class Failed:
    """Something went wrong in the training process (one line for the user).

    Attributes
    ----------
    message : str
    run_id : int or None
        The run that failed, or None when the process could not start (bad data).
    details : str
        The traceback, for a bug report.
    """

    message: str
    run_id: int | None = None
    details: str = ""


@dataclass(frozen=True)
class BatchChunk:
    """Consecutive batches of one run, coalesced into arrays (one message instead of ~100).

    Attributes
    ----------
    run_id : int
    batches_per_epoch : int
    step, epoch, batch : ndarray of int64, shape (n,)
        Where each batch was (see :class:`~nnviz.core.training.BatchRecord`).
    size : ndarray of int64, shape (n,)
    loss, accuracy, learning_rate, elapsed : ndarray of float64, shape (n,)
    stats_step : ndarray of int64, shape (k,)
        The steps whose batch carried per-layer statistics.
    stats : ndarray of float64, shape (k, n_layers, 4)
        Their columns, in the order of :data:`STAT_FIELDS`.
    histograms : tuple of (counts, edges), or None
        The last statistics' activation histogram of each layer 1 .. L (None if the chunk
        has no statistics).
    """

    run_id: int
    batches_per_epoch: int
    step: NDArray[np.int64]
    epoch: NDArray[np.int64]
    batch: NDArray[np.int64]
    size: NDArray[np.int64]
    loss: NDArray[np.float64]
    accuracy: NDArray[np.float64]
    learning_rate: NDArray[np.float64]
    elapsed: NDArray[np.float64]
    stats_step: NDArray[np.int64]
    stats: NDArray[np.float64]
    histograms: tuple[tuple[NDArray[np.int64], NDArray[np.float64]], ...] | None

    def __len__(self) -> int:
        return int(self.step.shape[0])


@dataclass(frozen=True)
class RunRecord:
    """A record of the engine other than a batch (Started, EpochRecord, Paused …)."""

    run_id: int
    record: TrainingRecord


FromApp = StartRun | RunCommand | WatchWeights | Quit
FromTrainer = Ready | Failed | BatchChunk | RunRecord


def refrozen(record: TrainingRecord) -> TrainingRecord:
    """Return ``record`` with its networks checked and read-only again (after unpickling).

    Unpickling builds a dataclass without running its checks, so a Network that crossed
    the pipe has writeable arrays; rebuilding it makes read-only float64 copies.
    """
    changes: dict[str, object] = {}
    for field in ("network",):
        value = getattr(record, field, None)
        if isinstance(value, Network):
            changes[field] = _rebuilt(value)
    last = getattr(record, "last_epoch", None)
    if last is not None:
        changes["last_epoch"] = refrozen(last)
    return dataclasses.replace(record, **changes) if changes else record  # type: ignore[arg-type]


def _rebuilt(network: Network) -> Network:
    return Network(
        network.layer_sizes, network.weights, network.biases, network.activations, network.loss
    )
