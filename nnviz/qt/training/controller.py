"""A document's training in the window: its training process, and what the buttons do.

What runs where:

- the **training process** (spawned on first use, one per document;
  :mod:`nnviz.runner`) reads the document's data set and runs the engine's generator flat
  out on one core;
- the **GUI thread** reads the process's record pipe when it is readable (a
  ``QSocketNotifier`` on the pipe: no thread of our own) and feeds what arrives to the
  document's Qt-free :class:`~nnviz.session.training.TrainingModel`, whose signals the
  views follow. Plots repaint on their own timer (at most 30 times a second); the
  document follows the weights through :class:`~nnviz.qt.training.following.DocumentFollower`;
  checkpoints are written by a background job (:mod:`~nnviz.qt.training.checkpointing`).

The controller's actions are what the buttons and the Train menu call. Nothing it does
blocks, and shutting down (the window closes) takes at most about a second.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QSocketNotifier, Signal

from nnviz.core.data import DataShape, DataSource
from nnviz.core.network import Network
from nnviz.core.training import (
    Pause,
    Resume,
    SetLearningRate,
    StepBatch,
    StepEpoch,
    Stop,
)
from nnviz.qt.binding import follow, later
from nnviz.qt.training.background import LatestJob
from nnviz.qt.training.checkpointing import CheckpointKeeper
from nnviz.runner import (
    BatchRows,
    DataLoaded,
    Failed,
    Load,
    RunCommand,
    RunRecord,
    SetPace,
    StartRun,
    TrainingProcess,
    TrainingProcessGone,
    WatchWeights,
)
from nnviz.session import Document
from nnviz.session.training import (
    IDLE,
    PAUSED,
    RUNNING,
    STARTING,
    DataFacts,
    RunOrder,
    RunPlan,
    TrainingModel,
)
from nnviz.session.training_refusal import data_shape, training_refusal


def _one_blas_thread_here() -> None:
    """From now on, matrix products in this (the GUI) process use one BLAS thread.

    With two, OpenBLAS spin-waits for the other core between products, and that core is
    the training process's (the evaluation page's 10,000-image forward passes would steal
    it); the GUI's own products are small.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class TrainingController(QObject):
    """Runs training for one document (see the module docstring).

    Parameters
    ----------
    document : Document
        Its network, data set and training model.
    checkpoint_dir : Path or None
        Where the training state is saved at each epoch's end (None: not saved).
    parent : QObject, optional

    Signals
    -------
    message(str)
        Something to say in the status bar.
    """

    message = Signal(str)

    def __init__(
        self,
        document: Document,
        checkpoint_dir: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.document = document
        self.checkpoint_dir = checkpoint_dir
        self.model: TrainingModel = document.training
        self.process: TrainingProcess | None = None
        self._notifier: QSocketNotifier | None = None
        self._closing = False
        self._watching = True
        #: Overrides of the training loop's timing (the benchmark varies them).
        self.timing: dict[str, float] | None = None
        #: Asks whether to begin a new schedule after a finished one (the question given):
        #: a dialog by default; tests answer it themselves.
        self.confirm_new_schedule: Callable[[str], bool] = self._ask
        self.checkpoints = LatestJob(self)
        self.checkpoints.failed.connect(self._checkpoint_failed)
        self._keeper = CheckpointKeeper(document, checkpoint_dir, self.checkpoints, self)
        follow(self, document.learning_rate_changed, self._learning_rate_changed)
        follow(self, self.model.pace_changed, self._pace_changed)
        follow(self, document.data_changed, self._data_changed)

    # -- what can be trained ----------------------------------------------------------------------

    @property
    def source(self) -> DataSource | None:
        """The document's data set."""
        return self.document.data

    def data_shape(self) -> DataShape | None:
        """The shape of the document's data, if known yet."""
        return data_shape(self.source, self.model.data)

    def refusal(self, network: Network | None = None) -> str:
        """Why the document's network cannot be trained ("" if it can)."""
        return training_refusal(network or self.document.network, self.source, self.model.data)

    # -- actions ----------------------------------------------------------------------------------

    def start(self) -> bool:
        """Start training the document's network: continue the last run exactly if it
        stopped on these weights; after a run that finished its schedule, ask first
        whether to begin a new one."""
        if self.model.active or not self._allowed() or not self._may_begin():
            return False
        assert self.source is not None
        self._send([self.model.start(self.document.network, self.source)])
        return True

    def _may_begin(self) -> bool:
        """False if the user declines a new schedule after a finished one."""
        if not self.model.finished_schedule(self.document.network):
            return True
        epochs = self.model.config.epochs
        return self.confirm_new_schedule(
            f"The last run finished its {epochs}-epoch schedule (its learning rate has "
            f"decayed to its end). Train these weights for {epochs} more epochs with a new "
            "schedule, starting again at the full learning rate?"
        )

    def pause_or_resume(self) -> None:
        """Pause a running run; resume a paused one."""
        if self.model.status == RUNNING:
            self._send_one(self.model.command(Pause()))
        elif self.model.status == PAUSED:
            self._send_one(self.model.command(Resume()))

    def pause(self) -> bool:
        """Pause a run that is going or starting; return whether one was."""
        if self.model.status not in (STARTING, RUNNING):
            return False
        self._send_one(self.model.command(Pause()))
        return True

    def resume(self) -> None:
        """Resume a paused run (or one whose pause is still on its way)."""
        if self.model.active and self.model.status != "stopping":
            self._send_one(self.model.command(Resume()))

    def stop(self) -> None:
        """Stop the run at its next batch (its weights stay in the document)."""
        if self.model.active:
            self._send_one(self.model.command(Stop()))

    def step_batch(self) -> None:
        """Train exactly one batch, then pause."""
        self._step(StepBatch())

    def step_epoch(self) -> None:
        """Train to the end of the epoch, evaluate, then pause."""
        self._step(StepEpoch())

    def _step(self, command: StepBatch | StepEpoch) -> None:
        if self.model.status == "stopping":
            return
        if not self.model.active and (not self._allowed() or not self._may_begin()):
            return
        source = self.source
        assert source is not None or self.model.active
        self._send(self.model.step(self.document.network, source, command))  # type: ignore[arg-type]

    def _ask(self, question: str) -> bool:
        from PySide6.QtWidgets import QApplication, QMessageBox

        window = QApplication.activeWindow()
        answer = QMessageBox.question(
            window,
            "Start a new schedule?",
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _learning_rate_changed(self, value: float) -> None:
        # The document's η (the model follows it by itself): the run takes it too.
        if self.model.active:
            self._send_one(self.model.command(SetLearningRate(value)))

    def reset(self, forget_saved: bool = True) -> Network | None:
        """Stop any run, clear the curves, and return the weights they began from.

        ``forget_saved`` also removes the training state saved on disk (Reset does; opening
        another network does not, so that a state offered for restoring stays there).
        """
        was_active = self.model.active
        origin, stop = self.model.reset()
        self._send_one(stop)
        if forget_saved or was_active:
            self._keeper.remove()
        return origin

    def abandon(self, reason: str) -> None:
        """Stop the run because the document moved on (edited, another network opened)."""
        if self.model.active:
            self._send_one(self.model.abandon(reason))
            self._keeper.remove()

    def _allowed(self) -> bool:
        reason = self.refusal()
        if reason:
            self.model.say(reason)
            self.message.emit(reason)
        return not reason

    # -- the training process ------------------------------------------------------------------

    def warm_up(self) -> None:
        """Start the training process now and have it read the data set (~0.5 s)."""
        if not self._closing and not self.refusal() and self.source is not None:
            started = self.process is None or not self.process.is_alive()
            process = self._ensure_process()
            if started:
                self._send_raw(process, Load(self.source))

    def _ensure_process(self) -> TrainingProcess:
        if self.process is None or not self.process.is_alive():
            _one_blas_thread_here()
            self._stop_reading()
            process = TrainingProcess(self.timing)
            self.process = process
            notifier = QSocketNotifier(process.fileno(), QSocketNotifier.Type.Read, self)
            notifier.activated.connect(self._readable)
            self._notifier = notifier
            self._send_raw(process, WatchWeights(self._watching))
            if self.model.pace is not None:
                self._send_raw(process, SetPace(self.model.pace))
        return self.process

    def _stop_reading(self) -> None:
        if self._notifier is not None:
            self._notifier.setEnabled(False)
            self._notifier.deleteLater()
            self._notifier = None

    def watch_weights(self, watching: bool) -> None:
        """Say whether the weights are on screen (the process then sends them a few times
        a second; otherwise only at epoch ends, pauses and the end)."""
        if watching != self._watching:
            self._watching = watching
            if self.process is not None and not self._closing:
                self._send_raw(self.process, WatchWeights(watching))

    def _data_changed(self, source: DataSource | None) -> None:
        # Another data set: what was known of the last one no longer holds; a training
        # process already running reads the new one now and says what it holds.
        self.model.receive_data(None)
        if source is not None and self.process is not None and not self._closing:
            self._send_raw(self.process, Load(source))

    def _pace_changed(self, pace: float | None) -> None:
        # The process keeps the pace for this run and the next.
        if self.process is not None and not self._closing:
            self._send_raw(self.process, SetPace(pace))

    def _send_raw(
        self,
        process: TrainingProcess,
        message: StartRun | RunCommand | WatchWeights | SetPace | Load,
    ) -> None:
        try:
            process.send(message)
        except TrainingProcessGone as error:
            self.model.receive_failure(str(error))
        if process.pending:
            # What arrived while the message was being written: the pipe may not say so.
            later(self, self._readable)

    def _send_one(self, ask: RunPlan | RunOrder | None) -> None:
        if ask is not None:
            self._send([ask])

    def _send(self, asks: list[RunPlan | RunOrder]) -> None:
        if self._closing or not asks:
            return
        process = self._ensure_process()
        for ask in asks:
            if isinstance(ask, RunPlan):
                message: StartRun | RunCommand = StartRun(
                    ask.run_id, ask.network, ask.config, ask.data, ask.train_limit, ask.resume
                )
            else:
                message = RunCommand(ask.run_id, ask.command)
            self._send_raw(process, message)

    def _readable(self) -> None:
        """The record pipe has something: take what is there (a bounded bite)."""
        process = self.process
        if process is None:
            return
        messages, ended = process.receive()
        for message in messages:
            if isinstance(message, RunRecord):
                self.model.receive(message.run_id, message.record)
            elif isinstance(message, DataLoaded):
                if self.source is None or message.name != self.source.describe():
                    continue  # about a data set the document had before
                facts = DataFacts(
                    message.n_train,
                    message.n_test,
                    message.n_inputs,
                    message.n_classes,
                    message.load_seconds,
                )
                self.model.receive_data(facts)
            elif isinstance(message, BatchRows):
                self.model.receive_rows(message.run_id, message.rows)
            elif isinstance(message, Failed):
                self.model.receive_failure(message.message, message.run_id)
        if ended:
            self._process_ended()
        elif process.pending:
            later(self, self._readable)

    def _process_ended(self) -> None:
        self._stop_reading()
        if self._closing:
            return
        process, self.process = self.process, None
        if process is not None:
            process.shutdown(0.1)
        if self.model.active:
            self.model.receive_failure("the training process ended unexpectedly")

    # -- checkpoints ----------------------------------------------------------------------------

    def _checkpoint_failed(self, error: object) -> None:
        self.message.emit(f"Could not save the training state: {error}")

    # -- the end ------------------------------------------------------------------------------

    @property
    def closing(self) -> bool:
        """Whether :meth:`shutdown` has been called."""
        return self._closing

    def shutdown(self, timeout: float = 0.6) -> float:
        """Stop the training process (safe to call twice); return the seconds it took.

        A run in progress keeps its last checkpoint (it did not end: the next start-up
        offers to restore it).
        """
        started = time.perf_counter()
        if self._closing:
            return 0.0
        self._closing = True
        self._stop_reading()
        if self.process is not None:
            self.process.shutdown(timeout)
        with contextlib.suppress(RuntimeError):
            self.checkpoints.wait(max(0.0, 1.0 - (time.perf_counter() - started)))
        if self.model.status != IDLE:
            self.model.abandon("")
        self.document.learning_rate_changed.disconnect(self._learning_rate_changed)
        self._keeper.unfollow()
        self.model.pace_changed.disconnect(self._pace_changed)
        self.document.data_changed.disconnect(self._data_changed)
        return time.perf_counter() - started
