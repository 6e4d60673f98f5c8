"""The app's side of the training process: start it, talk to it, end it.

The process is started with the "spawn" method: a fresh interpreter that imports only
:mod:`nnviz.runner.child` and the core (never fork a process in which Qt runs).
It loads the data once and then serves any number of runs, so Start, Step and Reset
answer at once after the first ~0.5 s.

Two one-way pipes: commands go down one (:meth:`TrainingProcess.send`, from the GUI
thread), records come up the other (:attr:`TrainingProcess.records`, read by one relay
thread that spends its time blocked in ``poll``, holding no GIL).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import time
from multiprocessing.connection import Connection

from nnviz.runner.child import child_main
from nnviz.runner.protocol import DataSource, FromApp, Quit

#: How long :meth:`TrainingProcess.shutdown` waits for a polite exit before terminating.
POLITE_SECONDS = 0.5


class TrainingProcessGone(RuntimeError):
    """The training process has ended (or could not be reached)."""


class TrainingProcess:
    """A running training process.

    Parameters
    ----------
    source : DataSource
        What it trains on (loaded in the process, not here).
    timing : dict, optional
        Overrides of the loop's ``flush_seconds``, ``snapshot_seconds`` and
        ``poll_seconds`` (see :mod:`nnviz.runner.child`).

    Attributes
    ----------
    records : Connection
        Read end of the record pipe: :class:`Ready`, :class:`BatchChunk`, :class:`RunRecord`,
        :class:`Failed`. EOF once the process has ended.
    """

    def __init__(self, source: DataSource, timing: dict[str, float] | None = None) -> None:
        context = multiprocessing.get_context("spawn")
        command_reader, command_writer = context.Pipe(duplex=False)
        record_reader, record_writer = context.Pipe(duplex=False)
        self._process = context.Process(
            target=child_main,
            args=(command_reader, record_writer, source, timing),
            name="nnviz-training",
            daemon=True,
        )
        self.started_at = time.perf_counter()
        self._process.start()
        # The child holds its own copies; closing ours lets each side see EOF when the
        # other goes away.
        command_reader.close()
        record_writer.close()
        self._commands: Connection = command_writer
        self.records: Connection = record_reader
        self._closed = False

    @property
    def pid(self) -> int | None:
        """The process id."""
        return self._process.pid

    def is_alive(self) -> bool:
        """Whether the process is still running."""
        return self._process.is_alive()

    def send(self, message: FromApp) -> None:
        """Send a message to the process.

        Raises
        ------
        TrainingProcessGone
            If the process has ended.
        """
        if self._closed:
            raise TrainingProcessGone("the training process has been shut down")
        try:
            self._commands.send(message)
        except (BrokenPipeError, OSError) as error:
            raise TrainingProcessGone(f"the training process has ended ({error})") from None

    def shutdown(self, timeout: float = POLITE_SECONDS) -> float:
        """Ask the process to quit, wait up to ``timeout`` s, then terminate, then kill.

        Safe to call more than once. Returns the seconds it took. The record pipe is left
        open for the relay thread, which reads EOF and ends.
        """
        started = time.perf_counter()
        if not self._closed:
            self._closed = True
            with contextlib.suppress(OSError):
                self._commands.send(Quit())
            with contextlib.suppress(OSError):
                self._commands.close()
        process = self._process
        process.join(timeout)
        if process.is_alive():
            process.terminate()
            process.join(0.3)
        if process.is_alive():  # pragma: no cover - a process that ignores SIGTERM
            process.kill()
            process.join(0.2)
        return time.perf_counter() - started
