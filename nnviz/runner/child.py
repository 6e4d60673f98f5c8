"""The training process: runs the engine's generator and streams its records to the app.

Why a process and not a thread: the trainer and the GUI both need the GIL, and painting
holds it for long stretches. Measured here, a busy Python thread in the same process
slowed an epoch from ~0.5 s to 8-66 s, and a 30 Hz plot cost a same-process trainer 30-43%;
in a child process the plots cost it about nothing. So the app starts this module's
:func:`child_main` with the "spawn" method (never fork a process that runs Qt).

What the loop does to keep the pipe and the GUI cheap:

- Batch records (about 2,000 a second) are coalesced into one
  :class:`~nnviz.core.training.BatchChunk` every ``flush_seconds`` (50 ms): a handful of
  arrays instead of a hundred pickled objects.
- Weights go out a few times a second (``snapshot_seconds``) while training runs and the
  app shows them (:class:`WatchWeights`), and after every pause, through the engine's own
  :class:`RequestSnapshot`.
- Commands are read from the pipe every ``poll_seconds`` while training. While the run is
  paused the loop stops asking the generator for records (the generator never sleeps or
  waits: pausing is not advancing it) and blocks on the pipe until a command comes.
- A pace (:class:`SetPace`, at most N batches a second) is kept the same way: after a
  batch the loop waits on the command pipe until the next one is due (a command for the
  run, such as Pause or Stop, ends the wait at once), then asks the generator again. At a
  slow pace (:data:`~nnviz.core.training.SLOW_PACE` or fewer batches a second) every
  batch is sent at once, with its weights while the app watches them.
- At a slow pace on a small data set (at most :data:`ROWS_EXAMPLES` training examples)
  each batch's rows follow it (:class:`BatchRows`), so the playground can ring the batch's
  points; at full speed, and for MNIST, nothing more is sent.
- Data sets are read when a run (or a :class:`Load`) first names them, and kept.

Nothing here imports Qt; this module and :mod:`nnviz.core` are all the process loads.
"""

from __future__ import annotations

import time
import traceback
from multiprocessing.connection import Connection

from nnviz.core.data import DataSet, DataSource, load
from nnviz.core.limits import memory_error_text
from nnviz.core.training import (
    BatchRecord,
    ChunkBuilder,
    Finished,
    Paused,
    RequestSnapshot,
    Resumed,
    SetLearningRate,
    Stop,
    Trainer,
    is_slow,
)
from nnviz.runner.protocol import (
    BatchRows,
    DataLoaded,
    Failed,
    Load,
    Quit,
    RunCommand,
    RunRecord,
    SetPace,
    StartRun,
    WatchWeights,
)

#: Batches are sent in chunks at most this often (seconds).
FLUSH_SECONDS = 0.05
#: While training runs, weights are sent this often (seconds): the diagram's pace.
SNAPSHOT_SECONDS = 0.25
#: A small network's weights (the playground's) are sent this often instead: its neuron
#: maps follow at 25 a second, and its snapshot is a few hundred numbers.
SMALL_SNAPSHOT_SECONDS = 0.04
#: A network of at most this many parameters is small.
SMALL_NETWORK_PARAMETERS = 5_000
#: A data set of at most this many training examples has its slow batches' rows sent.
ROWS_EXAMPLES = 10_000
#: While training runs, the command pipe is checked this often (seconds).
POLL_SECONDS = 0.005


class _Quitting(Exception):
    """Raised inside a run when the app asked the process to end."""


class TrainingLoop:
    """The training process's main loop (see the module docstring).

    Parameters
    ----------
    commands : Connection
        Read end of the pipe from the app.
    records : Connection
        Write end of the pipe to the app.
    flush_seconds, snapshot_seconds, poll_seconds : float
    """

    def __init__(
        self,
        commands: Connection,
        records: Connection,
        flush_seconds: float = FLUSH_SECONDS,
        snapshot_seconds: float = SNAPSHOT_SECONDS,
        poll_seconds: float = POLL_SECONDS,
    ) -> None:
        self.commands = commands
        self.records = records
        self.flush_seconds = flush_seconds
        self.snapshot_seconds = snapshot_seconds
        self.poll_seconds = poll_seconds
        self._pending: StartRun | None = None
        self._loads: list[DataSource] = []
        self._trainer: Trainer | None = None
        self._run_id = -1
        self._quitting = False
        self._read: set[DataSource] = set()
        self.watching = True
        #: At most this many batches a second (None: full speed).
        self.pace: float | None = None
        #: A command for the run came since its last batch: a pace's wait ends.
        self._interrupted = False

    def serve(self) -> None:
        """Take runs until the app says Quit or goes away."""
        try:
            while not self._quitting:
                while self._loads:
                    self._data(self._loads.pop(0), None, announce=True)
                start = self._pending
                self._pending = None
                if start is not None:
                    self._run(start)
                    continue
                try:
                    message = self.commands.recv()
                except (EOFError, OSError):
                    return
                self._take(message)
        except _Quitting:
            return

    # -- commands -----------------------------------------------------------------------

    def _take(self, message: object) -> None:
        if isinstance(message, Quit):
            self._quitting = True
            self._interrupted = True
            if self._trainer is not None:
                self._trainer.send(Stop())
        elif isinstance(message, WatchWeights):
            self.watching = message.watching
        elif isinstance(message, SetPace):
            self.pace = message.batches_per_second
        elif isinstance(message, Load):
            self._loads.append(message.source)
        elif isinstance(message, StartRun):
            self._pending = message
            self._interrupted = True
            if self._trainer is not None:
                self._trainer.send(Stop())
        elif (
            isinstance(message, RunCommand)
            and message.run_id == self._run_id
            and self._trainer is not None
        ):
            self._trainer.send(message.command)
            if not isinstance(message.command, SetLearningRate | RequestSnapshot):
                self._interrupted = True

    def _poll(self, timeout: float | None = 0.0) -> None:
        """Take every message waiting in the pipe (waiting up to ``timeout`` seconds for
        one; None: until one comes)."""
        try:
            while self.commands.poll(timeout):
                self._take(self.commands.recv())
                timeout = 0.0
        except (EOFError, OSError):
            # The app is gone: nobody will read what this process trains.
            self._quitting = True
            if self._trainer is not None:
                self._trainer.send(Stop())

    # -- a run --------------------------------------------------------------------------

    def _send(self, message: object) -> None:
        try:
            self.records.send(message)
        except (BrokenPipeError, OSError):
            raise _Quitting from None

    def _data(
        self, source: DataSource, run_id: int | None, announce: bool = False
    ) -> DataSet | None:
        """The data set of ``source`` (read once); None after a Failed. It is announced
        the first time, and whenever ``announce`` (a Load asks what it holds)."""
        started = time.perf_counter()
        try:
            data = load(source)
        except MemoryError as error:
            self._send(Failed(memory_error_text(error, "loading the training data"), run_id))
            return None
        except Exception as error:
            self._send(Failed(f"cannot load the training data: {error}", run_id))
            return None
        if source not in self._read or announce:
            self._read.add(source)
            self._send(
                DataLoaded(
                    source.describe(),
                    data.n_train,
                    data.n_test,
                    data.n_inputs,
                    data.n_classes,
                    data.n_targets,
                    time.perf_counter() - started,
                )
            )
        return data

    def _run(self, start: StartRun) -> None:
        self._run_id = start.run_id
        data = self._data(start.source, start.run_id)
        if data is None:
            return
        if start.train_limit is not None:
            data = data.limited(start.train_limit)
        try:
            trainer = Trainer(start.network, data, start.config, resume=start.resume)
        except ValueError as error:  # TooLargeError included: the memory it would need
            self._send(Failed(str(error), start.run_id))
            return
        except MemoryError as error:
            self._send(Failed(memory_error_text(error, "starting to train"), start.run_id))
            return
        self._trainer = trainer
        try:
            self._drive(start.run_id, trainer, ChunkBuilder(len(start.network.weights)))
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

    def _drive(self, run_id: int, trainer: Trainer, chunk: ChunkBuilder) -> None:
        """Ask the run for its records and send them on (see the module docstring)."""
        clock = time.perf_counter
        last_flush = last_poll = last_snapshot = released = clock()
        last_paused: Paused | None = None
        snapshot_step = -1
        snapshot_seconds = self.snapshot_seconds
        if trainer.network.n_parameters <= SMALL_NETWORK_PARAMETERS:
            snapshot_seconds = min(snapshot_seconds, SMALL_SNAPSHOT_SECONDS)
        owed = False  # a pace's wait, kept once the snapshot asked for is sent
        run = trainer.run()
        for record in run:
            now = clock()
            if type(record) is BatchRecord:
                self._interrupted = owed = False
                chunk.add(record)
                slow = is_slow(self.pace)
                if slow or now - last_poll >= self.poll_seconds:
                    last_poll = now
                    self._poll()
                if slow and trainer.data.n_train <= ROWS_EXAMPLES:
                    # Ahead of its batch's chunk, which is sent at once at a slow pace.
                    self._send(BatchRows(run_id, record.step, trainer.batch_rows))
                if slow or now - last_flush >= self.flush_seconds:
                    last_flush = now
                    self._flush(run_id, chunk)
                snapshot = self.watching and (slow or now - last_snapshot >= snapshot_seconds)
                if snapshot:
                    last_snapshot = now
                    trainer.send(RequestSnapshot())
                if self.pace is not None:
                    if snapshot:
                        owed = True
                    else:
                        released = self._keep_pace(released)
                continue
            if isinstance(record, Paused):
                owed = False
                if record != last_paused:
                    last_paused = record
                    self._flush(run_id, chunk)
                    self._send(RunRecord(run_id, record))
                if record.step != snapshot_step:
                    # Show the weights the pause left, once (a step, a pause).
                    snapshot_step = record.step
                    trainer.send(RequestSnapshot())
                    continue
                # Waiting for a command: the generator is not asked again until one comes.
                while trainer.paused and not self._quitting:
                    self._poll(None)
                released = clock()
                continue
            if isinstance(record, Resumed):
                last_paused = None
            self._flush(run_id, chunk)
            last_flush = now
            self._send(RunRecord(run_id, record))
            if isinstance(record, Finished):
                break
            if owed:
                owed = False
                released = self._keep_pace(released)

    def _keep_pace(self, released: float) -> float:
        """Wait until the next batch is due at the pace (taking commands meanwhile); return
        when the generator is let go again.

        ``released`` is when it was let go to train the batch just done. The wait ends
        early when a command for the run comes (Pause, Stop, a step …), when the pace is
        raised past the wait, and when the process is to quit.
        """
        clock = time.perf_counter
        while not (self._quitting or self._interrupted or self.pace is None):
            left = released + 1.0 / self.pace - clock()
            if left <= 0:
                break
            self._poll(left)
        return clock()

    def _flush(self, run_id: int, chunk: ChunkBuilder) -> None:
        taken = chunk.take()
        if taken is not None:
            self._send(RunRecord(run_id, taken))


def child_main(
    commands: Connection, records: Connection, timing: dict[str, float] | None = None
) -> None:
    """The training process's entry point: serve runs until told to quit.

    Parameters
    ----------
    commands : Connection
        Read end of the app's command pipe.
    records : Connection
        Write end of the record pipe.
    timing : dict, optional
        ``flush_seconds``, ``snapshot_seconds``, ``poll_seconds`` for
        :class:`TrainingLoop` (the benchmark varies them).
    """
    TrainingLoop(commands, records, **(timing or {})).serve()
