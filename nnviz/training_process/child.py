"""The training process: runs the engine's generator and streams its records to the app.

Why a process and not a thread: the trainer and the GUI both need the GIL, and painting
holds it for long stretches. Measured here, a busy Python thread in the same process
slowed an epoch from ~0.5 s to 8-66 s, and a 30 Hz plot cost a same-process trainer 30-43%;
in a child process the plots cost it about nothing. So the app starts this module's
:func:`child_main` with the "spawn" method (never fork a process that runs Qt), and only
relays what comes out of the pipe.

What the loop does to keep the pipe and the GUI cheap:

- Batch records (about 2,000 a second) are coalesced into one :class:`BatchChunk` every
  ``flush_seconds`` (50 ms): a handful of arrays instead of a hundred pickled objects.
- Weights go out a few times a second (``snapshot_seconds``) while training runs and the
  app shows them (:class:`WatchWeights`), and after every pause, through the engine's own
  :class:`RequestSnapshot`.
- Commands are read from the pipe every ``poll_seconds`` while training and at once while
  paused (the engine's pause sleep is replaced by a wait on the pipe).
- Paused heartbeats are not forwarded: they only say that nothing happened.

Nothing here imports Qt; this module and :mod:`nnviz.core` are all the process loads.
"""

from __future__ import annotations

import contextlib
import time
import traceback
from multiprocessing.connection import Connection

import numpy as np

from nnviz.core.limits import memory_error_text
from nnviz.core.training import (
    BatchRecord,
    Finished,
    Paused,
    RequestSnapshot,
    Resumed,
    Stop,
    Trainer,
    TrainingData,
)
from nnviz.training_process.messages import (
    BatchChunk,
    DataSource,
    Failed,
    Quit,
    Ready,
    RunCommand,
    RunRecord,
    StartRun,
    WatchWeights,
)

#: Batches are sent in chunks at most this often (seconds).
FLUSH_SECONDS = 0.05
#: While training runs, weights are sent this often (seconds): the diagram's pace.
SNAPSHOT_SECONDS = 0.25
#: While training runs, the command pipe is checked this often (seconds).
POLL_SECONDS = 0.005


class _Quitting(Exception):
    """Raised inside a run when the app asked the process to end."""


class ChunkBuilder:
    """Collects batch records and turns them into one :class:`BatchChunk`.

    Parameters
    ----------
    run_id : int
    n_layers : int
        Layers with weights (1 .. L): the width of the statistics.
    """

    def __init__(self, run_id: int, n_layers: int) -> None:
        self.run_id = run_id
        self.n_layers = n_layers
        self.batches_per_epoch = 0
        self._rows: list[tuple[int, int, int, int, float, float, float, float]] = []
        self._stats_steps: list[int] = []
        self._stats: list[list[tuple[float, float, float, float]]] = []
        self._histograms: tuple[tuple[np.ndarray, np.ndarray], ...] | None = None

    def __len__(self) -> int:
        return len(self._rows)

    def add(self, record: BatchRecord) -> None:
        """Keep one batch record."""
        self.batches_per_epoch = record.batches_per_epoch
        self._rows.append(
            (
                record.step,
                record.epoch,
                record.batch,
                record.size,
                record.loss,
                record.accuracy,
                record.learning_rate,
                record.elapsed,
            )
        )
        if record.layer_stats is not None:
            self._stats_steps.append(record.step)
            self._stats.append(
                [
                    (s.mean_activation, s.dead_fraction, s.weight_norm, s.gradient_norm)
                    for s in record.layer_stats
                ]
            )
            self._histograms = tuple(
                (s.histogram_counts, s.histogram_edges) for s in record.layer_stats
            )

    def take(self) -> BatchChunk | None:
        """Return the batches kept so far as one chunk (None if there are none) and forget
        them."""
        if not self._rows:
            return None
        columns = list(zip(*self._rows, strict=True))
        step, epoch, batch, size = (np.array(c, dtype=np.int64) for c in columns[:4])
        loss, accuracy, rate, elapsed = (np.array(c, dtype=np.float64) for c in columns[4:])
        chunk = BatchChunk(
            run_id=self.run_id,
            batches_per_epoch=self.batches_per_epoch,
            step=step,
            epoch=epoch,
            batch=batch,
            size=size,
            loss=loss,
            accuracy=accuracy,
            learning_rate=rate,
            elapsed=elapsed,
            stats_step=np.array(self._stats_steps, dtype=np.int64),
            stats=np.array(self._stats, dtype=np.float64).reshape(-1, self.n_layers, 4),
            histograms=self._histograms,
        )
        self._rows.clear()
        self._stats_steps.clear()
        self._stats.clear()
        self._histograms = None
        return chunk


class TrainingLoop:
    """The training process's main loop (see the module docstring).

    Parameters
    ----------
    commands : Connection
        Read end of the pipe from the app.
    records : Connection
        Write end of the pipe to the app.
    data : TrainingData
    flush_seconds, snapshot_seconds, poll_seconds : float
    """

    def __init__(
        self,
        commands: Connection,
        records: Connection,
        data: TrainingData,
        flush_seconds: float = FLUSH_SECONDS,
        snapshot_seconds: float = SNAPSHOT_SECONDS,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.commands = commands
        self.records = records
        self.data = data
        self.flush_seconds = flush_seconds
        self.snapshot_seconds = snapshot_seconds
        self.poll_seconds = poll_seconds
        self._pending: StartRun | None = None
        self._trainer: Trainer | None = None
        self._run_id = -1
        self._quitting = False
        self.watching = True

    def serve(self) -> None:
        """Take runs until the app says Quit or goes away."""
        while not self._quitting:
            start = self._pending
            self._pending = None
            if start is None:
                try:
                    message = self.commands.recv()
                except (EOFError, OSError):
                    return
                self._take(message)
                continue
            try:
                self._run(start)
            except _Quitting:
                return

    # -- commands -----------------------------------------------------------------------

    def _take(self, message: object) -> None:
        if isinstance(message, Quit):
            self._quitting = True
            if self._trainer is not None:
                self._trainer.send(Stop())
        elif isinstance(message, WatchWeights):
            self.watching = message.watching
        elif isinstance(message, StartRun):
            self._pending = message
            if self._trainer is not None:
                self._trainer.send(Stop())
        elif (
            isinstance(message, RunCommand)
            and message.run_id == self._run_id
            and self._trainer is not None
        ):
            self._trainer.send(message.command)

    def _poll(self, timeout: float = 0.0) -> None:
        """Take every message waiting in the pipe (waiting up to ``timeout`` for one)."""
        try:
            while self.commands.poll(timeout):
                self._take(self.commands.recv())
                timeout = 0.0
        except (EOFError, OSError):
            # The app is gone: nobody will read what this process trains.
            self._quitting = True
            if self._trainer is not None:
                self._trainer.send(Stop())

    def _wait(self, seconds: float) -> None:
        """The engine's sleep while paused: wake as soon as a command arrives."""
        self._poll(seconds)

    # -- a run --------------------------------------------------------------------------

    def _send(self, message: object) -> None:
        try:
            self.records.send(message)
        except (BrokenPipeError, OSError):
            raise _Quitting from None

    def _run(self, start: StartRun) -> None:
        self._run_id = start.run_id
        data = self.data
        if start.train_limit is not None and start.train_limit < data.n_train:
            n = start.train_limit
            data = TrainingData(
                data.train_inputs[:n],
                data.train_labels[:n],
                data.test_inputs,
                data.test_labels,
                data.n_classes,
            )
        try:
            trainer = Trainer(start.network, data, start.config, sleep=self._wait)
        except ValueError as error:  # TooLargeError included: the memory it would need
            self._send(Failed(str(error), start.run_id))
            return
        except MemoryError as error:
            self._send(Failed(memory_error_text(error, "starting to train"), start.run_id))
            return
        self._trainer = trainer
        chunk = ChunkBuilder(start.run_id, len(start.network.weights))
        clock = time.perf_counter
        last_flush = last_poll = last_snapshot = clock()
        last_paused: Paused | None = None
        snapshot_step = -1
        try:
            for record in trainer.run():
                now = clock()
                if type(record) is BatchRecord:
                    chunk.add(record)
                    if now - last_poll >= self.poll_seconds:
                        last_poll = now
                        self._poll()
                    if now - last_flush >= self.flush_seconds:
                        last_flush = now
                        self._flush(chunk)
                    if self.watching and now - last_snapshot >= self.snapshot_seconds:
                        last_snapshot = now
                        trainer.send(RequestSnapshot())
                    continue
                if isinstance(record, Paused):
                    if record == last_paused:
                        continue  # a heartbeat: nothing happened
                    last_paused = record
                    if record.step != snapshot_step:
                        # Show the weights the pause left, once (a step, a pause).
                        snapshot_step = record.step
                        trainer.send(RequestSnapshot())
                elif isinstance(record, Resumed):
                    last_paused = None
                self._flush(chunk)
                last_flush = now
                self._send(RunRecord(start.run_id, record))
                if isinstance(record, Finished):
                    break
        except _Quitting:
            raise
        except MemoryError as error:
            self._send(Failed(memory_error_text(error, "training"), start.run_id))
        except Exception as error:  # a bug: tell the app rather than die silently
            self._send(Failed(f"training failed: {error}", start.run_id, traceback.format_exc()))
        finally:
            self._trainer = None
        if self._quitting:
            raise _Quitting

    def _flush(self, chunk: ChunkBuilder) -> None:
        taken = chunk.take()
        if taken is not None:
            self._send(taken)


def child_main(
    commands: Connection,
    records: Connection,
    source: DataSource,
    timing: dict[str, float] | None = None,
) -> None:
    """The training process's entry point: load the data, then serve runs.

    Parameters
    ----------
    commands : Connection
        Read end of the app's command pipe.
    records : Connection
        Write end of the record pipe.
    source : DataSource
    timing : dict, optional
        ``flush_seconds``, ``snapshot_seconds``, ``poll_seconds`` for
        :class:`TrainingLoop` (the benchmark varies them).
    """
    started = time.perf_counter()
    try:
        data = source.load()
    except MemoryError as error:
        with contextlib.suppress(OSError):
            records.send(Failed(memory_error_text(error, "loading the training data")))
        return
    except Exception as error:
        with contextlib.suppress(OSError):
            records.send(Failed(f"cannot load the training data: {error}"))
        return
    try:
        records.send(
            Ready(
                data.n_train,
                data.n_test,
                data.n_inputs,
                data.n_classes,
                time.perf_counter() - started,
            )
        )
    except OSError:
        return
    TrainingLoop(commands, records, data, **(timing or {})).serve()
