"""A document's training: its recipe, its state, its history (Qt-free).

:class:`TrainingModel` decides what each button means (it returns what the training
process should be asked, a :class:`RunPlan` or a :class:`RunOrder`, rather than sending
anything, so it is tested without any process), and turns what a run reports (its
records, chunks of batches, a failure) into state, history and past-tense signals. It
knows nothing of how runs are carried out: the Qt layer owns the training process, sends
what the model returns, feeds it what arrives, and follows its signals. Main thread only.

The learning rate is the document's (one η for the update step and for training): the
document tells the model when it changes (:meth:`TrainingModel.follow_learning_rate`), and
the recipe's other fields are the model's own. So is the pace (at most so many batches a
second, or full speed: :meth:`TrainingModel.set_pace`), which can change at any time; it
is how fast runs go, not what they learn, so it is not part of the recipe.

States: ``idle`` (no run; the history of earlier runs may be shown), ``starting`` (a run
was asked for), ``running``, ``paused`` and ``stopping``.
"""

from __future__ import annotations

import dataclasses

from psygnal import Signal

from nnviz.core.data import DataSource
from nnviz.core.network import Network
from nnviz.core.run_result import DIVERGED, INTERRUPTED
from nnviz.core.training import (
    BatchChunk,
    Command,
    Diverged,
    EpochRecord,
    Finished,
    LearningRateChanged,
    Paused,
    Resumed,
    RunState,
    SetLearningRate,
    Snapshot,
    Started,
    StepBatch,
    StepEpoch,
    Stop,
    TrainingConfig,
    TrainingRecord,
    check_pace,
)
from nnviz.session.run_memory import RunMemory
from nnviz.session.training_history import TrainingHistory
from nnviz.session.training_messages import continuing_text, finished_text
from nnviz.session.training_speed import SpeedMeter
from nnviz.session.training_types import (
    ACTIVE,
    IDLE,
    PAUSED,
    RUNNING,
    STARTING,
    STOPPING,
    DataFacts,
    Progress,
    RunOrder,
    RunPlan,
)

__all__ = [
    "ACTIVE",
    "IDLE",
    "PAUSED",
    "RUNNING",
    "STARTING",
    "STOPPING",
    "DataFacts",
    "Progress",
    "RunOrder",
    "RunPlan",
    "TrainingModel",
]


class TrainingModel:
    """Recipe, state and history of training (see the module docstring).

    Parameters
    ----------
    config : TrainingConfig, optional
        The recipe; ``TrainingConfig()`` by default (a document on MNIST passes
        ``MNIST_RECIPE``, which moves the images too). Runs always pause on divergence.

    Signals
    -------
    status_changed(str)
    progress_changed()
    config_changed(TrainingConfig)
    network_arrived(Network, str)
        New weights from the run: ``"snapshot"`` (a few a second), ``"epoch"``,
        ``"diverged"`` (the last good ones) or ``"final"``.
    epoch_ended(EpochRecord)
    diverged(Diverged)
    finished(Finished)
    message_changed(str)
        One line about the run for the user ("" clears it).
    data_ready(DataFacts)
    pace_changed(object)
        The new pace: batches per second, or None for full speed.
    batch_trained(ndarray of intp, shape (batch_size,))
        The training rows of the batch just trained (at a slow pace on a small data set
        only; the training process sends them nowhere else).
    """

    status_changed = Signal(str)
    progress_changed = Signal()
    config_changed = Signal(object)
    network_arrived = Signal(object, str)
    epoch_ended = Signal(object)
    diverged = Signal(object)
    finished = Signal(object)
    message_changed = Signal(str)
    data_ready = Signal(object)
    pace_changed = Signal(object)
    batch_trained = Signal(object)

    def __init__(self, config: TrainingConfig | None = None) -> None:
        self.config = dataclasses.replace(config or TrainingConfig(), on_divergence="pause")
        self.train_limit: int | None = None
        self.history = TrainingHistory()
        self.status = IDLE
        self.progress = Progress()
        self.origin: Network | None = None
        self.data: DataFacts | None = None
        self.message = ""
        #: At most this many batches a second (None: full speed).
        self.pace: float | None = None
        self._run_id = 0
        self._active: int | None = None
        self._diverged_message = ""
        self._speed = SpeedMeter()
        #: Where the last run got to, and which weights are a failed run's result.
        self._runs = RunMemory()

    # -- the recipe ---------------------------------------------------------------------------

    @property
    def active(self) -> bool:
        """Whether a run is going (starting, running, paused or stopping)."""
        return self.status in ACTIVE

    def set_config(self, **changes: object) -> TrainingConfig:
        """Change hyperparameters (``set_config(epochs=5)``), while no run is active.

        The learning rate is the document's: it is changed by editing the document
        (:meth:`~nnviz.session.edits.Edits.set_learning_rate`), which calls
        :meth:`follow_learning_rate`.

        Raises
        ------
        ValueError
            If a value is refused (the recipe is unchanged), or a run is active.
        """
        if "learning_rate" in changes:
            raise ValueError("the learning rate is the document's: edit it there")
        if self.active:
            raise ValueError("the recipe can change when no training runs (Stop first)")
        return self._replace_config(**changes)

    def follow_learning_rate(self, value: float) -> RunOrder | None:
        """The document's η changed: it is the recipe's from now on, and the active run's
        from its next batch (the returned order carries it there; None without a run).

        Raises
        ------
        ValueError
            If ``value`` is not a finite number above 0.
        """
        command = SetLearningRate(value)
        self._replace_config(learning_rate=command.value)
        return self.command(command) if self._active is not None else None

    def _replace_config(self, **changes: object) -> TrainingConfig:
        config = dataclasses.replace(self.config, **changes)  # type: ignore[arg-type]
        if config != self.config:
            self.config = config
            self.config_changed.emit(config)
        return config

    def set_train_limit(self, limit: int | None) -> None:
        """Train on the first ``limit`` training examples (None: all)."""
        if limit is not None and (isinstance(limit, bool) or limit < 1):
            raise ValueError(f"the number of training examples must be at least 1, not {limit}")
        self.train_limit = limit

    def set_pace(self, pace: float | None) -> None:
        """Train at most ``pace`` batches a second (None: full speed), from now on, in the
        active run too (the Qt layer passes it on to the training process).

        Raises
        ------
        ValueError
            If ``pace`` is not None or a finite number of at least 1.
        """
        pace = check_pace(pace)
        if pace != self.pace:
            self.pace = pace
            self.pace_changed.emit(pace)

    def say(self, text: str) -> None:
        """Show ``text`` as the message about training ("" clears it)."""
        self._set_message(text)

    def result_status(self, network: Network) -> str | None:
        """Whether ``network`` is the result of a run that failed, for
        :func:`~nnviz.core.run_result.save_run_result`.

        Returns
        -------
        str or None
            ``"diverged"`` while the active run is paused on a divergence, or when the run
            that ended with ``network`` had diverged; ``"interrupted"`` while a run is going
            (its weights are half-trained) or when the training process died with them;
            None for anything else (a completed or stopped run, the user's own edits).
        """
        return self._runs.result_status(network, self.active)

    # -- what the buttons mean ----------------------------------------------------------------

    def continuation(self, network: Network) -> RunState | None:
        """The state a Start on ``network`` continues: the last run's (stopped, or
        restored from a checkpoint), if ``network`` holds its weights, the recipe and the
        training-set limit are still its own, and it has batches left; else None (a new
        run and schedule)."""
        return self._runs.continuation(network, self.config, self.train_limit)

    def finished_schedule(self, network: Network) -> bool:
        """Whether ``network`` is what the last run ended with after its whole schedule:
        training on is then a new schedule (the window asks first)."""
        return self._runs.finished_schedule(network)

    def restore_run(self, state: RunState, network: Network) -> None:
        """A checkpoint's run, restored into the document as ``network``: Start continues
        it (with the model's training-set limit)."""
        self._runs.keep(state, network, self.train_limit)

    def start(self, network: Network, data: DataSource, paused: bool = False) -> RunPlan:
        """Begin a run on ``network`` and ``data`` (continuing the history's curves); if
        it is where the last run stopped (:meth:`continuation`), continue that run
        exactly, at the document's η.

        Raises
        ------
        ValueError
            If a run is already active.
        """
        if self.active:
            raise ValueError("a training run is already going")
        if self.history.empty or self.origin is None:
            self.origin = network
        resume = self.continuation(network)
        self._run_id += 1
        self._active = self._run_id
        self._runs.diverged = False
        self._runs.failed = None
        self._runs.latest = None
        config = dataclasses.replace(self.config, start_paused=paused, on_divergence="pause")
        if resume is not None:
            resume = dataclasses.replace(resume.with_config(config), base_rate=config.learning_rate)
        self._set_message("" if resume is None else continuing_text(resume))
        self._set_status(STARTING)
        return RunPlan(self._run_id, network, config, data, self.train_limit, resume)

    def command(self, command: Command) -> RunOrder | None:
        """The order carrying ``command`` to the active run (None when there is none)."""
        if self._active is None:
            return None
        if isinstance(command, Stop):
            self._set_status(STOPPING)
        return RunOrder(self._active, command)

    def step(
        self, network: Network, data: DataSource, command: StepBatch | StepEpoch
    ) -> list[RunPlan | RunOrder]:
        """Step one batch or one epoch: from a paused run, or from a new run begun paused."""
        asks: list[RunPlan | RunOrder] = []
        if not self.active:
            asks.append(self.start(network, data, paused=True))
        order = self.command(command)
        if order is not None:
            asks.append(order)
        return asks

    def abandon(self, reason: str) -> RunOrder | None:
        """Give up the active run: its later records are ignored; returns its Stop."""
        stop = self.command(Stop())
        self._active = None
        self._runs.last = None
        if self.status != IDLE:
            self._set_status(IDLE)
        if reason:
            self._set_message(reason)
        return stop

    def reset(self) -> tuple[Network | None, RunOrder | None]:
        """Stop any run and forget the history; return the weights it began from."""
        stop = self.abandon("")
        origin = self.origin
        self.history.clear()
        self.origin = None
        self.progress = Progress()
        self._set_message("")
        self.progress_changed.emit()
        return origin, stop

    # -- what runs report -------------------------------------------------------------------------

    def receive(self, run_id: int, record: TrainingRecord | BatchChunk) -> None:
        """Take one record (or chunk of batches) of run ``run_id`` (ignored unless it is the
        active run)."""
        if run_id != self._active:
            return
        if isinstance(record, BatchChunk):
            self._chunk(record)
        else:
            self._record(record)

    def receive_failure(self, message: str, run_id: int | None = None) -> None:
        """Run ``run_id`` (None: whatever runs) failed: say ``message`` and stop."""
        if run_id is None or run_id == self._active:
            if self._active is not None and self._runs.latest is not None:
                self._runs.failed = (INTERRUPTED, self._runs.latest)
            self._active = None
            self._set_message(message)
            self._set_status(IDLE)

    def receive_rows(self, run_id: int, rows: object) -> None:
        """The rows batch ``run_id``'s latest batch trained on (ignored unless it is the
        active run)."""
        if run_id == self._active:
            self.batch_trained.emit(rows)

    def receive_data(self, facts: DataFacts | None) -> None:
        """The data set has been read: this is what it holds (None: the document has
        another data set, not read yet)."""
        self.data = facts
        self.data_ready.emit(facts)

    def _chunk(self, chunk: BatchChunk) -> None:
        self.history.add_chunk(chunk)
        if self._diverged_message and self.message == self._diverged_message:
            # Healthy batches after the divergence: the advice has been taken.
            self._set_message("")
        self._diverged_message = ""
        self.progress = self._speed.progress(self.progress, chunk)
        self.progress_changed.emit()

    def _record(self, record: TrainingRecord) -> None:
        if isinstance(record, Started):
            self.history.begin_run(record)
            self._speed = SpeedMeter()
            self.progress = Progress(
                batches_per_epoch=record.batches_per_epoch, epochs=record.config.epochs
            )
            self.progress_changed.emit()
            if not record.config.start_paused:
                self._set_status(RUNNING)
        elif isinstance(record, Paused):
            if self.status != STOPPING:
                self._set_status(PAUSED)
        elif isinstance(record, Resumed):
            self._runs.diverged = False
            if self.status != STOPPING:
                self._set_status(RUNNING)
        elif isinstance(record, LearningRateChanged):
            pass  # the document's η, which the run now uses: nothing to change here
        elif isinstance(record, Snapshot):
            self._runs.latest = record.network
            self.network_arrived.emit(record.network, "snapshot")
        elif isinstance(record, EpochRecord):
            self._runs.keep(record.state, record.network, self.train_limit)
            self._runs.latest = record.network
            self.history.add_epoch(record)
            self.progress = dataclasses.replace(self.progress, elapsed=record.elapsed)
            self.epoch_ended.emit(record)
            self.network_arrived.emit(record.network, "epoch")
        elif isinstance(record, Diverged):
            self.history.add_divergence(record)
            self._diverged_message = record.message
            self._runs.diverged = True
            self._runs.latest = record.network
            self._set_message(record.message)
            self.diverged.emit(record)
            self.network_arrived.emit(record.network, "diverged")
        elif isinstance(record, Finished):
            self._runs.keep(record.state, record.network, self.train_limit)
            self._active = None
            # Stopped while paused on a divergence: still a diverged run's weights.
            failed = record.reason == "diverged" or self._runs.diverged
            self._runs.failed = (DIVERGED, record.network) if failed else None
            self._runs.diverged = False
            if record.reason != "diverged":
                self._set_message(finished_text(record))
            self.network_arrived.emit(record.network, "final")
            self._set_status(IDLE)
            self.finished.emit(record)

    def _set_status(self, status: str) -> None:
        if status != self.status:
            self.status = status
            self.status_changed.emit(status)

    def _set_message(self, text: str) -> None:
        if text != self.message:
            self.message = text
            self.message_changed.emit(text)
