"""Training for the window: the training process, its relay thread, and the buttons.

What runs where:

- the **training process** (spawned once, on first use; :mod:`nnviz.training_process`)
  loads the data and runs the engine's generator flat out on one core;
- one **relay thread** in the GUI process (superqt ``thread_worker``,
  :mod:`nnviz.qt.training.relay`) waits on the pipe and hands batches of messages to
- the **GUI thread**, where :class:`TrainingController` feeds them to the Qt-free
  :class:`~nnviz.session.training.TrainingModel`, whose signals the views follow. Plots
  repaint on their own timer (at most 30 times a second); the session follows the weights
  through :class:`~nnviz.qt.training.following.SessionFollower`; checkpoints are written
  by a background job.

The controller's actions are what the buttons and the Train menu call. Nothing it does
blocks: messages for a process still loading its data wait in a queue, and shutting down
(the window closes) takes at most about a second.
"""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from superqt.utils import GeneratorWorker

from nnviz.core.network import Network
from nnviz.core.training import EpochRecord, Finished, Pause, Resume, StepBatch, StepEpoch, Stop
from nnviz.qt.training.background import LatestJob, ensure_pool_threads
from nnviz.qt.training.relay import start_relay
from nnviz.session import Session
from nnviz.session.training import IDLE, PAUSED, RUNNING, STARTING, TrainingModel
from nnviz.session.training_checkpoint import remove_checkpoint, save_checkpoint
from nnviz.training_process import (
    DataSource,
    Failed,
    Ready,
    RunCommand,
    StartRun,
    TrainingProcess,
    TrainingProcessGone,
    WatchWeights,
)

#: The shape of the bundled MNIST data: known before the training process has loaded it.
MNIST_SHAPE = (784, 10)


def _one_blas_thread_here() -> None:
    """From now on, matrix products in this (the GUI) process use one BLAS thread.

    With two, OpenBLAS spin-waits for the other core between products, and that core is
    the training process's (the evaluation page's 10,000-image forward passes would steal
    it); the GUI's own products are small.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


class TrainingController(QObject):
    """Runs training for one session (see the module docstring).

    Parameters
    ----------
    session : Session
    source : DataSource
        The examples (the bundled MNIST by default).
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
        session: Session,
        source: DataSource | None = None,
        checkpoint_dir: Path | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session = session
        self.source = source if source is not None else DataSource()
        self.checkpoint_dir = checkpoint_dir
        self.model = TrainingModel()
        self.process: TrainingProcess | None = None
        self._relay: GeneratorWorker[list[object], None, None] | None = None
        self._queue: list[StartRun | RunCommand] = []
        self._ready = False
        self._closing = False
        self._watching = True
        #: Overrides of the training loop's timing (the benchmark varies them).
        self.timing: dict[str, float] | None = None
        self.checkpoints = LatestJob(self)
        self.checkpoints.failed.connect(
            lambda error: self.message.emit(f"Could not save the training state: {error}")
        )
        self.model.epoch_ended.connect(self._save_checkpoint)
        self.model.finished.connect(self._finished)
        ensure_pool_threads()

    # -- what can be trained ----------------------------------------------------------------------

    def data_shape(self) -> tuple[int, int] | None:
        """(inputs, classes) of the training data, if known yet."""
        if self.source.data is not None:
            return self.source.data.n_inputs, self.source.data.n_classes
        if self.model.data is not None:
            return self.model.data.n_inputs, self.model.data.n_classes
        return MNIST_SHAPE if self.source.directory is None else None

    def refusal(self, network: Network | None = None) -> str:
        """Why the session's network cannot be trained here ("" if it can)."""
        network = network or self.session.network
        shape = self.data_shape()
        if shape is None:
            return ""
        inputs, classes = shape
        if network.input_size == inputs and network.output_size == classes:
            if network.activations[-1] != "softmax" or network.loss != "cross_entropy":
                return (
                    "Training here needs a softmax output layer and the cross-entropy loss "
                    "(the lecture's MNIST network has both)."
                )
            return ""
        return (
            f"The training data has {inputs} inputs and {classes} classes; this network "
            f"has {network.input_size} inputs and {network.output_size} outputs. Open the "
            "MNIST network (File ▸ Open a lecture network) to train it."
        )

    # -- actions ----------------------------------------------------------------------------------

    def start(self) -> bool:
        """Start (or, after a finished run, continue) training the session's network."""
        if self.model.active:
            return False
        if not self._allowed():
            return False
        self._send([self.model.start(self.session.network)])
        return True

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
        """Stop the run at its next batch (its weights stay in the session)."""
        if self.model.active:
            self._send_one(self.model.command(Stop()))

    def step_batch(self) -> None:
        """Train exactly one batch, then pause."""
        self._step(StepBatch())

    def step_epoch(self) -> None:
        """Train to the end of the epoch, evaluate, then pause."""
        self._step(StepEpoch())

    def _step(self, command: StepBatch | StepEpoch) -> None:
        if self.model.status == "stopping" or (not self.model.active and not self._allowed()):
            return
        self._send(self.model.step(self.session.network, command))

    def set_learning_rate(self, value: float) -> None:
        """Change η now (in a run at its next batch). Raises ValueError if refused."""
        self._send_one(self.model.set_learning_rate(value))

    def reset(self, forget_saved: bool = True) -> Network | None:
        """Stop any run, clear the curves, and return the weights they began from.

        ``forget_saved`` also removes the training state saved on disk (Reset does; opening
        another network does not, so that a state offered for restoring stays there).
        """
        was_active = self.model.active
        origin, stop = self.model.reset()
        self._send_one(stop)
        if forget_saved or was_active:
            self._remove_checkpoint()
        return origin

    def abandon(self, reason: str) -> None:
        """Stop the run because the session moved on (edited, another network opened)."""
        if self.model.active:
            self._send_one(self.model.abandon(reason))
            self._remove_checkpoint()

    def _allowed(self) -> bool:
        reason = self.refusal()
        if reason:
            self.model.say(reason)
            self.message.emit(reason)
        return not reason

    # -- the training process ------------------------------------------------------------------

    def warm_up(self) -> None:
        """Start the training process now (it takes ~0.5 s to load the data)."""
        if not self._closing and not self.refusal():
            self._ensure_process()

    def _ensure_process(self) -> TrainingProcess:
        if self.process is None or not self.process.is_alive():
            _one_blas_thread_here()
            self._ready = False
            self.process = TrainingProcess(self.source, self.timing)
            self._relay = start_relay(self.process.records, self._received, self._relay_ended)
        return self.process

    def watch_weights(self, watching: bool) -> None:
        """Say whether the weights are on screen (the process then sends them a few times
        a second; otherwise only at epoch ends, pauses and the end)."""
        if watching != self._watching:
            self._watching = watching
            if self.process is not None and self._ready and not self._closing:
                self._send_raw(WatchWeights(watching))

    def _send_raw(self, message: StartRun | RunCommand | WatchWeights) -> None:
        assert self.process is not None
        try:
            self.process.send(message)
        except TrainingProcessGone as error:
            self.model.receive(Failed(str(error)))

    def _send_one(self, message: StartRun | RunCommand | None) -> None:
        if message is not None:
            self._send([message])

    def _send(self, messages: list[StartRun | RunCommand]) -> None:
        if self._closing or not messages:
            return
        self._ensure_process()
        if not self._ready:
            self._queue.extend(messages)
            return
        for message in messages:
            self._send_raw(message)

    def _received(self, messages: list[object]) -> None:
        for message in messages:
            if isinstance(message, Ready):
                self._ready = True
                queued, self._queue = self._queue, []
                self.model.receive(message)
                self._send_raw(WatchWeights(self._watching))
                self._send(queued)
            else:
                self.model.receive(message)

    def _relay_ended(self) -> None:
        if self._closing:
            return
        self._relay = None
        self._ready = False
        process, self.process = self.process, None
        if process is not None:
            process.shutdown(0.1)
        if self.model.active or self._queue:
            self._queue = []
            self.model.receive(Failed("the training process ended unexpectedly"))

    # -- checkpoints ----------------------------------------------------------------------------

    def _save_checkpoint(self, record: EpochRecord) -> None:
        folder = self.checkpoint_dir
        if folder is None:
            return
        history = self.model.history.to_arrays()
        config = self.model.config
        limit = self.model.train_limit
        description = self.session.description
        meta: dict[str, object] = {
            "title": description.title,
            "description": description.description,
        }
        if description.output_labels is not None:
            meta["output_labels"] = list(description.output_labels)
        if description.input_image_shape is not None:
            meta["input_image_shape"] = list(description.input_image_shape)
        network = record.network
        # An epoch that ended on a divergence's last good weights does not replace the
        # healthy checkpoint (nnviz.core.run_result's rule).
        status = "diverged" if self.model.result_status(network) == "diverged" else "in progress"
        self.checkpoints.submit(
            lambda: save_checkpoint(folder, network, config, history, meta, limit, status)
        )

    def _remove_checkpoint(self) -> None:
        folder = self.checkpoint_dir
        if folder is not None:
            self.checkpoints.submit(lambda: remove_checkpoint(folder))

    def _finished(self, record: Finished) -> None:
        if record.reason != "diverged":
            # The run ended: its result is in the session, nothing is left to restore.
            self._remove_checkpoint()

    # -- the end ------------------------------------------------------------------------------

    @property
    def closing(self) -> bool:
        """Whether :meth:`shutdown` has been called."""
        return self._closing

    def shutdown(self, timeout: float = 0.6) -> float:
        """Stop the training process and the relay (safe to call twice); return seconds.

        A run in progress keeps its last checkpoint (it did not end: the next start-up
        offers to restore it).
        """
        started = time.perf_counter()
        if self._closing:
            return 0.0
        self._closing = True
        self._queue = []
        if self.process is not None:
            self.process.shutdown(timeout)
        if self._relay is not None:
            self._relay.quit()
        with contextlib.suppress(RuntimeError):
            self.checkpoints.wait(max(0.0, 1.0 - (time.perf_counter() - started)))
        if self.model.status != IDLE:
            self.model.abandon("")
        return time.perf_counter() - started
