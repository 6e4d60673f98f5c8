"""What a document's :class:`~nnviz.session.training.TrainingModel` asks for and keeps.

Its states, the run it asks the Qt layer to start (:class:`RunPlan`), the command it asks
to carry to a run (:class:`RunOrder`), what a run learnt about its data set
(:class:`DataFacts`) and where the run is (:class:`Progress`). Frozen, Qt-free.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz.core.data import DataSource
from nnviz.core.network import Network
from nnviz.core.training import Command, RunState, TrainingConfig

IDLE, STARTING, RUNNING, PAUSED, STOPPING = "idle", "starting", "running", "paused", "stopping"
ACTIVE = (STARTING, RUNNING, PAUSED, STOPPING)


@dataclass(frozen=True)
class RunPlan:
    """A run to start: train ``network`` with ``config`` on ``data``.

    Attributes
    ----------
    run_id : int
        Names the run in everything it reports (records of an abandoned run are ignored).
    network : Network
    config : TrainingConfig
    data : DataSource
    train_limit : int or None
        Train on the first this many training examples (None: all of them).
    resume : RunState or None
        Continue the run this state was taken from, exactly (None: a new run).
    """

    run_id: int
    network: Network
    config: TrainingConfig
    data: DataSource
    train_limit: int | None = None
    resume: RunState | None = None


@dataclass(frozen=True)
class RunOrder:
    """A command (pause, resume, step, learning rate …) for run ``run_id``."""

    run_id: int
    command: Command


@dataclass(frozen=True)
class DataFacts:
    """What a run learnt about its data set once it was read.

    Attributes
    ----------
    n_train, n_test, n_inputs : int
    n_classes : int
        0 for real-valued targets.
    load_seconds : float
    """

    n_train: int
    n_test: int
    n_inputs: int
    n_classes: int
    load_seconds: float = 0.0


@dataclass(frozen=True)
class Progress:
    """Where the current (or last) run is.

    Attributes
    ----------
    epoch, batch, step : int
        The last batch trained (epoch and batch count from 1; 0 before the first).
    batches_per_epoch, epochs : int
    elapsed : float
        Training seconds of the run.
    examples_per_second : float
        Over the last chunk of batches (0 when unknown).
    """

    epoch: int = 0
    batch: int = 0
    step: int = 0
    batches_per_epoch: int = 0
    epochs: int = 0
    elapsed: float = 0.0
    examples_per_second: float = 0.0
