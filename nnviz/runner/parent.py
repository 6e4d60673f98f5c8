"""The app's side of the training process: start it, talk to it, end it.

The process is started with the "spawn" method: a fresh interpreter that imports only
:mod:`nnviz.runner.child` and the core (never fork a process in which Qt runs).
It serves any number of runs and keeps the data sets it has read, so Start, Step and
Reset answer at once after the first ~0.5 s.

Two one-way pipes: commands go down one (:meth:`TrainingProcess.send`), records come up
the other. Nothing here starts a thread: the app watches :meth:`TrainingProcess.fileno`
(a ``QSocketNotifier`` in the window) and calls :meth:`TrainingProcess.receive` when it is
readable.

Both sides write whole messages, and a message can be larger than a pipe holds (a
network of 84,060 weights is 0.7 MB): if the app blocked writing one while the process
blocked writing a snapshot, neither would ever read. So :meth:`TrainingProcess.send`
never blocks on a full pipe: it writes what fits, and while it waits for room it takes
what the process sends, keeping it for :meth:`TrainingProcess.receive` (POSIX pipes and
``select``).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import select
import struct
import time
from multiprocessing.connection import Connection
from multiprocessing.reduction import ForkingPickler

from nnviz.runner.child import child_main
from nnviz.runner.protocol import FromApp, Quit

#: How long :meth:`TrainingProcess.shutdown` waits for a polite exit before terminating.
POLITE_SECONDS = 0.5
#: :meth:`TrainingProcess.receive` takes at most this many messages at a time.
MAX_MESSAGES = 64


class TrainingProcessGone(RuntimeError):
    """The training process has ended (or could not be reached)."""


class TrainingProcess:
    """A running training process.

    Parameters
    ----------
    timing : dict, optional
        Overrides of the loop's ``flush_seconds``, ``snapshot_seconds`` and
        ``poll_seconds`` (see :mod:`nnviz.runner.child`).

    Attributes
    ----------
    records : Connection
        Read end of the record pipe: :class:`DataLoaded`, :class:`RunRecord`,
        :class:`Failed`. EOF once the process has ended.
    """

    def __init__(self, timing: dict[str, float] | None = None) -> None:
        context = multiprocessing.get_context("spawn")
        command_reader, command_writer = context.Pipe(duplex=False)
        record_reader, record_writer = context.Pipe(duplex=False)
        self._process = context.Process(
            target=child_main,
            args=(command_reader, record_writer, timing),
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
        self._ended = False
        #: Messages taken from the record pipe while a send waited for room.
        self._backlog: list[object] = []
        os.set_blocking(command_writer.fileno(), False)

    @property
    def pid(self) -> int | None:
        """The process id."""
        return self._process.pid

    def is_alive(self) -> bool:
        """Whether the process is still running."""
        return self._process.is_alive()

    def send(self, message: FromApp, timeout: float | None = None) -> None:
        """Send a message to the process (taking what it sends meanwhile, see above).

        Parameters
        ----------
        message
        timeout : float, optional
            Give up after this many seconds without room in the pipe (None: wait).

        Raises
        ------
        TrainingProcessGone
            If the process has ended (or did not take the message in time).
        """
        if self._closed:
            raise TrainingProcessGone("the training process has been shut down")
        payload = bytes(ForkingPickler.dumps(message))
        # The framing Connection.recv reads: a 4-byte big-endian length, then the bytes.
        view = memoryview(struct.pack("!i", len(payload)) + payload)
        out = self._commands.fileno()
        deadline = None if timeout is None else time.monotonic() + timeout
        try:
            while view:
                left = None if deadline is None else max(deadline - time.monotonic(), 0.0)
                readable, writable, _ = select.select([self.records], [out], [], left)
                if not (readable or writable):
                    raise TrainingProcessGone("the training process did not take a message")
                if writable:
                    with contextlib.suppress(BlockingIOError):
                        view = view[os.write(out, view) :]
                if readable and not self._ended:
                    taken, self._ended = self._take(len(self._backlog) + MAX_MESSAGES)
                    self._backlog.extend(taken)
        except (BrokenPipeError, OSError) as error:
            raise TrainingProcessGone(f"the training process has ended ({error})") from None

    @property
    def pending(self) -> bool:
        """Whether messages taken while sending wait for :meth:`receive` (the pipe may not
        be readable for them any more)."""
        return bool(self._backlog)

    def fileno(self) -> int:
        """The file descriptor of the record pipe: readable when a message (or the end of
        the process) is there."""
        return self.records.fileno()

    def receive(self, limit: int = MAX_MESSAGES) -> tuple[list[object], bool]:
        """Take the messages waiting in the record pipe, without blocking.

        Parameters
        ----------
        limit : int
            At most this many (a backlog is taken in several bites, so that the caller
            keeps its own pace).

        Returns
        -------
        messages : list
        ended : bool
            Whether the pipe reached its end: the process is gone.
        """
        messages, self._backlog = self._backlog[:limit], self._backlog[limit:]
        if self._ended:
            return messages, not self._backlog
        taken, self._ended = self._take(limit - len(messages))
        messages.extend(taken)
        return messages, self._ended and not self._backlog

    def _take(self, limit: int) -> tuple[list[object], bool]:
        """Up to ``limit`` messages that are waiting, and whether the pipe has ended."""
        messages: list[object] = []
        try:
            while len(messages) < limit and self.records.poll():
                messages.append(self.records.recv())
        except (EOFError, OSError):
            return messages, True
        return messages, False

    def shutdown(self, timeout: float = POLITE_SECONDS) -> float:
        """Ask the process to quit, wait up to ``timeout`` s, then terminate, then kill.

        Safe to call more than once. Returns the seconds it took; the record pipe is
        closed.
        """
        started = time.perf_counter()
        if not self._closed:
            with contextlib.suppress(TrainingProcessGone):
                self.send(Quit(), timeout)
            self._closed = True
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
        with contextlib.suppress(OSError):
            self.records.close()
        return time.perf_counter() - started
