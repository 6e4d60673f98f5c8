"""Small jobs off the GUI thread: one at a time, only the latest one waiting.

Saving the training state at an epoch's end writes and flushes two files (``fsync`` can
take tens of milliseconds); evaluating the test set takes about as long. Neither may
stall the GUI thread, so they run in superqt function workers. :class:`LatestJob` runs
jobs strictly one after another and, when several are asked for while one runs, keeps
only the newest (a checkpoint of epoch 5 makes one of epoch 4 pointless; so does removing
it). Results come back on the GUI thread through ``done``.

A window that closes calls :meth:`LatestJob.stop` (or :meth:`LatestJob.wait`, to write the
newest checkpoint): a worker still running when the process exits finds its signals
deleted under it ("Signal source has been deleted" on the terminal).
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, Signal
from superqt.utils import FunctionWorker, create_worker


class LatestJob(QObject):
    """Runs callables in a worker thread, one at a time, keeping only the newest waiting.

    Signals
    -------
    done(object)
        A job's return value (on the GUI thread).
    failed(object)
        The exception a job raised (on the GUI thread).
    """

    done = Signal(object)
    failed = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._running: FunctionWorker[Any] | None = None
        self._waiting: Callable[[], object] | None = None
        self._idle = threading.Event()
        self._idle.set()
        self._stopped = False

    @property
    def busy(self) -> bool:
        """Whether a job is running or waiting."""
        return self._running is not None or self._waiting is not None

    def submit(self, job: Callable[[], object]) -> None:
        """Run ``job`` after the one running now (replacing any job still waiting); after
        :meth:`stop`, nothing."""
        if self._stopped:
            return
        if self._running is not None:
            self._waiting = job
            return
        self._start(job)

    def _start(self, job: Callable[[], object]) -> None:
        self._idle.clear()

        def run() -> object:
            try:
                return job()
            finally:
                self._idle.set()

        # Errors are the ``failed`` signal's, said in one line by the page: without
        # _ignore_errors superqt also re-raises them on the GUI thread (a traceback on
        # standard error for a network that merely has no data set).
        worker: FunctionWorker[Any] = create_worker(run, _start_thread=False, _ignore_errors=True)
        worker.returned.connect(self._returned)
        worker.errored.connect(self._errored)
        worker.finished.connect(self._finished)  # type: ignore[arg-type]
        self._running = worker
        worker.start()

    def _returned(self, value: object) -> None:
        self.done.emit(value)

    def _errored(self, error: object) -> None:
        self.failed.emit(error)

    def _finished(self) -> None:
        self._running = None
        waiting, self._waiting = self._waiting, None
        if waiting is not None:
            self._start(waiting)

    def wait(self, timeout: float) -> bool:
        """Block until the running job has ended (at most ``timeout`` s), then run the one
        waiting, if any, here and now (the window is closing: the newest checkpoint must
        be written). Returns whether the running job ended in time."""
        ended = self._idle.wait(timeout)
        waiting, self._waiting = self._waiting, None
        if waiting is not None and ended:
            try:
                waiting()
            except Exception as error:
                self.failed.emit(error)
        return ended

    def stop(self, timeout: float) -> bool:
        """Forget the job waiting, deliver nothing more, run no job submitted later (a
        page's timer may still fire while the window goes), and block until the running
        job's thread has ended (at most ``timeout`` s): the window is closing and nobody
        wants the result. Returns whether it ended in time."""
        started = time.perf_counter()
        self._stopped = True
        self._waiting = None
        running = self._running
        if running is not None:
            with contextlib.suppress(RuntimeError, TypeError):
                running.returned.disconnect(self._returned)
                running.errored.disconnect(self._errored)
                running.finished.disconnect(self._finished)  # type: ignore[arg-type]
            self._running = None
        if not self._idle.wait(timeout):
            return False
        # The job has returned; its worker still emits its last signals. The pool's threads
        # are idle once they have (other jobs of the pool are as short as this one).
        left = max(0.0, timeout - (time.perf_counter() - started))
        return QThreadPool.globalInstance().waitForDone(int(left * 1000))
