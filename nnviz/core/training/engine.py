"""The training run: a generator that yields progress records and takes commands.

>>> trainer = Trainer(network, DataSet.from_mnist(load_dataset()), TrainingConfig())
>>> for record in trainer.run():
...     if isinstance(record, EpochRecord):
...         print(record.epoch, record.test.accuracy)

The run trains its own float32 copy of the network and hands out copies (immutable
Networks, read-only arrays), so a record can cross threads. Commands
(:mod:`~nnviz.core.training.commands`) are taken between batches, from
:meth:`Trainer.send` (safe from any thread: a deque append) or from ``generator.send``.

The generator never sleeps and never waits: it computes when asked for its next record
and only then. Pausing is not advancing it: after a
:class:`~nnviz.core.training.records.Paused` record the run waits for a command, and a
driver asks for the next record once it has sent one (:attr:`Trainer.paused` says when
to stop asking; asked anyway, the run yields the same Paused record again). How long to
wait, and how fast to go, is the driver's business (the training process paces its loop).
"""

from __future__ import annotations

import contextlib
import math
import time
from collections import deque
from collections.abc import Generator

import numpy as np
from numpy.typing import NDArray

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.core.training.augment import BatchNoise
from nnviz.core.training.commands import (
    COMMAND_TYPES,
    Command,
    Pause,
    RequestSnapshot,
    Resume,
    SetLearningRate,
    StepBatch,
    StepEpoch,
    Stop,
)
from nnviz.core.training.config import TrainingConfig
from nnviz.core.training.data import BatchLoader, check_fits
from nnviz.core.training.evaluation import evaluate_batched
from nnviz.core.training.fast import BatchedNetwork
from nnviz.core.training.memory import check_trainable, run_capacity
from nnviz.core.training.monitor import DivergenceWatch, layer_statistics
from nnviz.core.training.optimizers import (
    add_weight_decay,
    make_optimizer,
    schedule_factor,
    weight_penalty,
)
from nnviz.core.training.records import (
    BatchRecord,
    Diverged,
    EpochRecord,
    Finished,
    LearningRateChanged,
    Paused,
    Resumed,
    Snapshot,
    Started,
    TrainingRecord,
)
from nnviz.core.training.run_state import RunState, restore_generator, shuffle_state_text
from nnviz.core.training.validation import hold_out

Run = Generator[TrainingRecord, Command | None, None]


def _quiet() -> np.errstate:
    """Overflow to ∞ and NaN is expected when a run diverges, and reported in words."""
    return np.errstate(over="ignore", invalid="ignore", divide="ignore")


class Trainer:
    """One training run of a network on a data set.

    Any network the registries describe trains: its activations and loss bring their own
    kernels (cross-entropy with softmax, binary cross-entropy with sigmoid, squared error
    with identity, for any number of outputs). Its input size must match the data's
    features and its outputs the data's targets (see :meth:`DataSet.coding`).

    Parameters
    ----------
    network : Network
        The starting weights (not modified: the trainer copies them).
    data : DataSet
    config : TrainingConfig, optional
        The recipe; nnviz's default recipe when omitted.
    resume : RunState, optional
        Continue the run this state was taken from (``network`` being the weights it was
        taken with): same schedule position, optimiser state and shuffling, so the run
        ends as the uninterrupted one would (see :mod:`~nnviz.core.training.run_state`).

    Raises
    ------
    ValueError
        If the network does not fit the data, or the training set is empty;
        :class:`~nnviz.core.limits.TooLargeError` if training it would need more memory
        than there is;
        :class:`~nnviz.core.training.run_state.RunStateError` if ``resume`` is not a state
        of a run with this recipe, data and network shape.
    """

    def __init__(
        self,
        network: Network,
        data: DataSet,
        config: TrainingConfig | None = None,
        resume: RunState | None = None,
    ) -> None:
        self.config = config or TrainingConfig()
        coding = check_fits(network.input_size, network.output_size, data)
        if data.n_train == 0:
            raise ValueError(f"{data.name} has no training examples")
        # The held-out examples leave the training set here, before anything is sized by it.
        self.validation = hold_out(data, self.config.validation, self.config.seed)
        data = self.validation.training
        self.coding = coding
        self.network = network
        self.data = data
        #: The rows of ``data``'s training set in the latest batch (the playground rings them).
        self.batch_rows: NDArray[np.intp] = np.zeros(0, dtype=np.intp)
        cfg = self.config
        self.batches_per_epoch = -(-data.n_train // cfg.batch_size)
        self.total_batches = self.batches_per_epoch * cfg.epochs
        # The buffers are sized by what can really be in a batch, and checked against the
        # memory there is before anything is allocated.
        capacity = run_capacity(cfg.batch_size, data.n_train, data.n_test)
        check_trainable(network.layer_sizes, capacity, cfg.optimizer)
        self._batched = BatchedNetwork(network, capacity)
        self._loader = BatchLoader(data, coding, capacity)
        self._noise = BatchNoise(cfg, network.layer_sizes, data.image_shape, capacity, data.n_train)
        self._optimizer = make_optimizer(cfg.optimizer, self._batched.parameters.size, cfg.momentum)
        self._good = self._batched.parameters.copy()
        self._decay = cfg.weight_decay / data.n_train
        self._base_rate = cfg.learning_rate
        self._watch = DivergenceWatch(network.loss, coding, cfg.divergence_factor)
        self._queue: deque[Command] = deque()
        self._started = False
        # Where the run is: the last batch trained, and the state of the command machine.
        self._epoch = self._batch = self._step = 0
        self._running = not cfg.start_paused
        self._pause_pending: str | None = "start" if cfg.start_paused else None
        self._step_batch = self._step_epoch = False
        self._paused_record: Paused | None = None
        self._start_time = self._paused_since = 0.0
        self._paused_total = 0.0
        self._rng = np.random.default_rng(cfg.seed)
        self._shuffle_state = shuffle_state_text(self._rng)
        self._sums = (0.0, 0.0, 0.0)
        self.resumed = resume
        if resume is not None:
            resume.check_continues(cfg, data.n_train, self._batched.parameters.size)
            self._continue(resume)

    def _continue(self, state: RunState) -> None:
        """Put the run where ``state`` says it was."""
        self._epoch, self._batch, self._step = state.epoch, state.batch, state.step
        self._base_rate = state.base_rate
        self._optimizer.load_state(state.optimizer, state.optimizer_step)
        self._watch.reference = state.reference_loss
        self._watch.seen_first = state.seen_first
        self._rng = restore_generator(state.shuffle_state)
        self._shuffle_state = state.shuffle_state
        self._sums = state.epoch_sums

    # -- the public surface ---------------------------------------------------------------

    def send(self, command: Command) -> None:
        """Queue a command for the run; safe to call from any thread.

        Raises
        ------
        TypeError
            If ``command`` is not one of the commands in
            :mod:`nnviz.core.training.commands`.
        """
        if not isinstance(command, COMMAND_TYPES):
            raise TypeError(f"not a training command: {command!r}")
        self._queue.append(command)

    def run(self) -> Run:
        """Return the generator of the run (a Trainer runs once).

        Yields
        ------
        TrainingRecord
            :class:`Started` first and :class:`Finished` last; between them a
            :class:`BatchRecord` per batch, an :class:`EpochRecord` per epoch, and records
            answering commands. ``generator.send(command)`` queues a command.
        """
        if self._started:
            raise RuntimeError("a Trainer runs once; make a new one to train again")
        self._started = True
        return self._guarded()

    @property
    def paused(self) -> bool:
        """Whether the run waits for a command (after a Paused record): a driver sends one
        before asking for the next record."""
        return not self._running and not self._queue and self._pause_pending is None

    def state(self) -> RunState:
        """Where the run is now, whole (to continue it later exactly)."""
        arrays, optimizer_step = self._optimizer.state()
        return RunState(
            config=self.config,
            n_train=self.data.n_train,
            epoch=self._epoch,
            batch=self._batch,
            step=self._step,
            base_rate=self._base_rate,
            optimizer=arrays,
            optimizer_step=optimizer_step,
            shuffle_state=self._shuffle_state,
            reference_loss=self._watch.reference,
            seen_first=self._watch.seen_first,
            epoch_sums=self._sums,
        )

    @property
    def learning_rate(self) -> float:
        """The rate the next batch will use: base η times the schedule's factor."""
        progress = self._step / self.total_batches
        return self._base_rate * schedule_factor(self.config.schedule, progress)

    # -- the run --------------------------------------------------------------------------

    def _guarded(self) -> Run:
        with self._blas_threads():
            yield from self._run()

    def _blas_threads(self) -> contextlib.AbstractContextManager[object]:
        if self.config.blas_threads is None:
            return contextlib.nullcontext()
        from threadpoolctl import threadpool_limits

        return threadpool_limits(limits=self.config.blas_threads, user_api="blas")

    def _run(self) -> Run:
        cfg, data = self.config, self.data
        self._start_time = time.perf_counter()
        yield from self._emit(
            Started(
                cfg,
                self.network,
                data.n_train,
                data.n_test,
                self.batches_per_epoch,
                self.total_batches,
                0.0 if self.resumed is None else self.resumed.epochs_done,
                self._step,
            )
        )
        rng = self._rng
        first_epoch, first_batch = 1, 1
        if self._epoch > 0 and self._batch >= self.batches_per_epoch:
            # Resumed after a whole epoch: its order was drawn from the saved state.
            first_epoch = self._epoch + 1
            self._draw_order(rng)
        elif self._epoch > 0:
            first_epoch, first_batch = self._epoch, self._batch + 1
        last_epoch: EpochRecord | None = None
        for epoch in range(first_epoch, cfg.epochs + 1):
            self._shuffle_state = shuffle_state_text(rng)
            order = self._draw_order(rng)
            loss_sum, correct_sum, seen_sum = self._sums if epoch == first_epoch else (0, 0, 0)
            correct, seen = round(correct_sum), round(seen_sum)
            start = first_batch if epoch == first_epoch else 1
            for batch in range(start, self.batches_per_epoch + 1):
                if (yield from self._between_batches()):
                    yield from self._finish("stopped", last_epoch)
                    return
                rows = order[(batch - 1) * cfg.batch_size : batch * cfg.batch_size]
                self.batch_rows = rows
                outcome = self._train_batch(epoch, batch, rows)
                if isinstance(outcome, Diverged):
                    if (yield from self._diverged(outcome)):
                        yield from self._finish("diverged", last_epoch, outcome.message)
                        return
                    continue
                loss_sum += outcome.loss * outcome.size
                if self.coding.classifies:
                    correct += round(outcome.accuracy * outcome.size)
                seen += outcome.size
                self._sums = (loss_sum, float(correct), float(seen))
                yield from self._emit(outcome)
                if self._step_batch:
                    self._step_batch = False
                    self._pause_pending = "step batch"
            unhealthy = self._check_weights(epoch, self.batches_per_epoch)
            if unhealthy is not None and (yield from self._diverged(unhealthy)):
                yield from self._finish("diverged", last_epoch, unhealthy.message)
                return
            accuracy = correct / max(seen, 1) if self.coding.classifies else math.nan
            self._sums = (0.0, 0.0, 0.0)
            last_epoch = self._end_epoch(epoch, loss_sum / max(seen, 1), accuracy)
            yield from self._emit(last_epoch)
            if self._step_epoch:
                self._step_epoch = False
                self._pause_pending = "step epoch"
        yield from self._finish("completed", last_epoch)

    def _draw_order(self, rng: np.random.Generator) -> NDArray[np.intp]:
        n = self.data.n_train
        return rng.permutation(n) if self.config.shuffle else np.arange(n)

    def _emit(self, record: TrainingRecord) -> Run:
        sent = yield record
        if sent is not None:
            self.send(sent)

    def _between_batches(self) -> Generator[TrainingRecord, Command | None, bool]:
        """Handle pauses and commands; return True when the run must stop."""
        while True:
            if self._pause_pending is not None:
                reason, self._pause_pending = self._pause_pending, None
                yield from self._pause(reason)
            while self._queue:
                if (yield from self._apply(self._queue.popleft())):
                    return True
            if self._running:
                return False
            # Paused with nothing to do: asked again, say so again (see the module
            # docstring); the driver waits for a command, the generator never does.
            if self._paused_record is not None:
                yield from self._emit(self._paused_record)

    def _apply(self, command: Command) -> Generator[TrainingRecord, Command | None, bool]:
        if isinstance(command, Stop):
            return True
        if isinstance(command, Pause):
            self._step_batch = self._step_epoch = False
            if self._running:
                yield from self._pause("command")
        elif isinstance(command, Resume | StepBatch | StepEpoch):
            self._step_batch = isinstance(command, StepBatch)
            self._step_epoch = isinstance(command, StepEpoch)
            if not self._running:
                self._running = True
                self._paused_total += time.perf_counter() - self._paused_since
                self._paused_record = None
                yield from self._emit(Resumed(self._epoch, self._batch, self._step))
        elif isinstance(command, SetLearningRate):
            self._base_rate = command.value
            yield from self._emit(
                LearningRateChanged(command.value, self.learning_rate, self._step)
            )
        elif isinstance(command, RequestSnapshot) and np.all(np.isfinite(self._batched.parameters)):
            network = self._batched.to_network()
            yield from self._emit(Snapshot(network, self._epoch, self._batch, self._step))
        return False

    def _pause(self, reason: str) -> Run:
        if self._running or self._paused_record is None:
            self._paused_since = time.perf_counter()
        self._running = False
        self._paused_record = Paused(reason, self._epoch, self._batch, self._step)
        yield from self._emit(self._paused_record)

    def _elapsed(self) -> float:
        paused = self._paused_total
        if not self._running:
            paused += time.perf_counter() - self._paused_since
        return time.perf_counter() - self._start_time - paused

    # -- one batch, one epoch -------------------------------------------------------------

    def _train_batch(
        self, epoch: int, batch: int, rows: NDArray[np.intp]
    ) -> BatchRecord | Diverged:
        # A diverging run overflows to ∞ and NaN: the divergence watch reports that in
        # words, so NumPy's RuntimeWarnings never reach the terminal. The state is set per
        # batch, never across a yield (it would leak into the caller).
        with _quiet():
            return self._train_batch_quietly(epoch, batch, rows)

    def _train_batch_quietly(
        self, epoch: int, batch: int, rows: NDArray[np.intp]
    ) -> BatchRecord | Diverged:
        bn = self._batched
        x, y, labels = self._loader.gather(self.data.train_inputs, self.data.train_targets, rows)
        # Dropout and augmentation are drawn for this batch's step and place (exact on
        # resume).
        x = self._noise.augment(
            x, self._step + 1, epoch=epoch, position=(batch - 1) * self.config.batch_size
        )
        dropout = self._noise.masks(self._step + 1, len(rows))
        output = bn.forward(x, dropout)
        # Accuracy before the update, from this forward pass (NaN for real values).
        accuracy = (
            self.coding.correct(output, labels) / len(rows) if labels is not None else math.nan
        )
        loss = bn.backward(x, y, dropout)
        learning_rate = self.learning_rate
        self._epoch, self._batch = epoch, batch
        problem = self._watch.problem(loss)
        if problem is not None:
            return self._divergence(problem, loss, learning_rate)
        # These weights gave a healthy loss: they are the ones restored after a divergence.
        np.copyto(self._good, bn.parameters)
        add_weight_decay(bn.gradients, bn.parameters, bn.n_weights, self._decay)
        self._step += 1
        stats = None
        if (self._step - 1) % self.config.stats_every == 0:
            stats = layer_statistics(bn, len(rows), self.config.histogram_bins)
        self._optimizer.step(bn.parameters, bn.gradients, learning_rate)
        return BatchRecord(
            epoch=epoch,
            batch=batch,
            step=self._step,
            batches_per_epoch=self.batches_per_epoch,
            size=len(rows),
            loss=loss,
            accuracy=accuracy,
            learning_rate=learning_rate,
            elapsed=self._elapsed(),
            layer_stats=stats,
        )

    def _end_epoch(self, epoch: int, train_loss: float, train_accuracy: float) -> EpochRecord:
        bn = self._batched
        data = self.data
        held = self.validation
        with _quiet():
            test = evaluate_batched(bn, self._loader, data.test_inputs, data.test_targets)
            validation = (
                evaluate_batched(bn, self._loader, held.inputs, held.targets)
                if held.count
                else None
            )
        return EpochRecord(
            epoch=epoch,
            step=self._step,
            train_loss=train_loss,
            train_accuracy=train_accuracy,
            test=test,
            penalty=weight_penalty(bn.parameters, bn.n_weights, self._decay),
            learning_rate=self._base_rate
            * schedule_factor(self.config.schedule, (self._step - 1) / self.total_batches),
            elapsed=self._elapsed(),
            network=bn.to_network(),
            state=self.state(),
            validation=validation,
        )

    # -- divergence and the end -----------------------------------------------------------

    def _divergence(self, problem: str, loss: float, learning_rate: float) -> Diverged:
        """Restore the last good weights, reset the optimiser, describe what happened."""
        np.copyto(self._batched.parameters, self._good)
        self._optimizer.reset()
        rate = f"learning rate {self._base_rate:g}"
        if not math.isclose(learning_rate, self._base_rate):
            rate += f", {learning_rate:.4g} after the {self.config.schedule} schedule"
        message = (
            f"training diverged at epoch {self._epoch}, batch {self._batch}: {problem} "
            f"({rate}); kept the last good weights. Try a smaller learning rate."
        )
        return Diverged(
            message,
            loss,
            self._batched.to_network(),
            self._epoch,
            self._batch,
            self._step,
            learning_rate,
        )

    def _check_weights(self, epoch: int, batch: int) -> Diverged | None:
        """Weights leave the trainer at an epoch's end: make sure they are all finite."""
        if np.all(np.isfinite(self._batched.parameters)):
            return None
        self._epoch, self._batch = epoch, batch
        return self._divergence("a weight became NaN or infinite", math.nan, self.learning_rate)

    def _diverged(self, record: Diverged) -> Generator[TrainingRecord, Command | None, bool]:
        """Yield the divergence; return True when the run must end (else it pauses)."""
        yield from self._emit(record)
        if self.config.on_divergence == "stop":
            return True
        self._step_batch = self._step_epoch = False
        self._pause_pending = "diverged"
        return False

    def _finish(self, reason: str, last_epoch: EpochRecord | None, message: str = "") -> Run:
        if not np.all(np.isfinite(self._batched.parameters)):
            np.copyto(self._batched.parameters, self._good)
        epochs = 0 if last_epoch is None else last_epoch.epoch
        if not message:
            message = {
                "completed": f"trained {epochs} epochs",
                "stopped": f"stopped after {self._step} batches ({epochs} whole epochs)",
            }.get(reason, reason)
        if not self._running:
            self._paused_total += time.perf_counter() - self._paused_since
            self._running = True
        yield Finished(
            reason=reason,
            network=self._batched.to_network(),
            epochs_completed=epochs,
            step=self._step,
            elapsed=self._elapsed(),
            last_epoch=last_epoch,
            message=message,
            state=self.state(),
        )
