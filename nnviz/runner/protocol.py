"""What the app and its training process say to each other through their pipes.

Every message is a small frozen dataclass, pickled by :mod:`multiprocessing`, made of core
types only (networks, recipes, commands, records, data sources). The app sends
:class:`StartRun`, :class:`RunCommand`, :class:`Load`, :class:`WatchWeights`,
:class:`SetPace` and :class:`Quit`; the training process answers with
:class:`DataLoaded` the first time it has read a data source, :class:`RunRecord` for
everything a run yields (its records, with the batches coalesced into
:class:`~nnviz.core.training.BatchChunk` s), :class:`BatchRows` (which examples a batch
trained on, at a slow pace on a small data set), and :class:`Failed` when a run cannot go
on. Messages about a run carry its ``run_id``, so that the app can ignore what an
abandoned run still had in the pipe.

Records arrive valid: they rebuild themselves through their constructors when unpickled
(checked, read-only networks and arrays), see :mod:`nnviz.core.training.records`.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data import DataSource
from nnviz.core.network import Network
from nnviz.core.training import (
    BatchChunk,
    Command,
    RunState,
    TrainingConfig,
    TrainingRecord,
    check_pace,
)
from nnviz.core.training.frozen import freeze_on_unpickle

# -- from the app ---------------------------------------------------------------------------


@dataclass(frozen=True)
class StartRun:
    """Train ``network`` with ``config`` on ``source``; a run still going is stopped first.

    Attributes
    ----------
    run_id : int
    network : Network
    config : TrainingConfig
    source : DataSource
        The data set (read in the training process, once: later runs reuse it).
    train_limit : int or None
        Train on the first this many training examples only (None: all of them).
    resume : RunState or None
        Continue the run this state was taken from (``network`` its weights).
    """

    run_id: int
    network: Network
    config: TrainingConfig
    source: DataSource
    train_limit: int | None = None
    resume: RunState | None = None


@dataclass(frozen=True)
class RunCommand:
    """A training command (pause, resume, step, learning rate …) for run ``run_id``."""

    run_id: int
    command: Command


@dataclass(frozen=True)
class Load:
    """Read ``source`` now (it takes MNIST about half a second), so that the first run on
    it starts at once."""

    source: DataSource


@dataclass(frozen=True)
class WatchWeights:
    """Whether the app shows the weights as they change (a view of the diagram is on
    screen): only then are they sent a few times a second. Epoch ends, pauses and the
    end of a run always carry them."""

    watching: bool


@dataclass(frozen=True)
class SetPace:
    """Train at most ``batches_per_second`` batches a second from now on, in this run and
    the next (None: full speed, the default). The loop keeps the pace by waiting for
    commands between batches; at a slow pace (:data:`~nnviz.core.training.SLOW_PACE`) it
    sends every batch's weights while the app watches them.

    Raises
    ------
    ValueError
        If the pace is not None or a finite number of at least 1.
    """

    batches_per_second: float | None

    def __post_init__(self) -> None:
        object.__setattr__(self, "batches_per_second", check_pace(self.batches_per_second))


@dataclass(frozen=True)
class Quit:
    """End the training process (a run still going is stopped at its next batch)."""


# -- from the training process --------------------------------------------------------------


@dataclass(frozen=True)
class DataLoaded:
    """A data source has been read: the answer to every :class:`Load`, and to the first
    run on a source not read before.

    Attributes
    ----------
    name : str
        The data set's name (what its source describes it as; the source itself may be
        large, a data set given in memory, so it does not travel back).
    n_train, n_test, n_inputs, n_classes, n_targets : int
        ``n_classes`` is 0 for real-valued targets, ``n_targets`` 0 for classes.
    load_seconds : float
        How long reading took.
    """

    name: str
    n_train: int
    n_test: int
    n_inputs: int
    n_classes: int
    n_targets: int
    load_seconds: float


@dataclass(frozen=True)
class Failed:
    """Something went wrong in the training process (one line for the user).

    Attributes
    ----------
    message : str
    run_id : int or None
        The run that failed, or None when no run was concerned (a :class:`Load`).
    details : str
        The traceback, for a bug report.
    """

    message: str
    run_id: int | None = None
    details: str = ""


@dataclass(frozen=True)
class RunRecord:
    """What run ``run_id`` yielded: a record of the engine (Started, EpochRecord,
    Paused …), or many batches as one :class:`~nnviz.core.training.BatchChunk`."""

    run_id: int
    record: TrainingRecord | BatchChunk


@freeze_on_unpickle
@dataclass(frozen=True)
class BatchRows:
    """The training examples batch ``step`` of run ``run_id`` trained on: their rows in the
    data set's training split. Sent only at a slow pace and for a small data set (the
    playground rings the batch's points), so a run at full speed or on MNIST sends none.

    Raises
    ------
    ValueError
        If ``rows`` is not a 1-D array of whole numbers of at least 0.
    """

    run_id: int
    step: int
    rows: NDArray[np.intp]

    def __post_init__(self) -> None:
        rows = np.asarray(self.rows)
        if rows.ndim != 1 or rows.dtype.kind not in "iu" or (rows.size and rows.min() < 0):
            raise ValueError("a batch's rows are a 1-D array of row numbers")
        rows = rows.astype(np.intp)
        rows.setflags(write=False)
        object.__setattr__(self, "rows", rows)


FromApp = StartRun | RunCommand | Load | WatchWeights | SetPace | Quit
FromTrainer = DataLoaded | Failed | RunRecord | BatchRows
