"""The GUI process's one training thread: it relays what the training process sends.

A superqt ``thread_worker`` generator that spends its life blocked in ``Connection.poll``
(a system call that releases the GIL, so it costs the GUI thread nothing), and yields
everything waiting in the pipe as one list: a single queued signal per wake-up, delivered
on the GUI thread. Networks are re-checked and made read-only here (unpickling skips
their checks), off the GUI thread. The generator ends when the training process does
(end of file on the pipe) or when the worker is asked to quit (at its next yield, at most
``IDLE_SECONDS`` later).
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from multiprocessing.connection import Connection

from superqt.utils import GeneratorWorker, create_worker

from nnviz.runner import RunRecord, refrozen

#: With nothing to relay, the generator still yields this often (seconds), so that a quit
#: request is seen.
IDLE_SECONDS = 0.2
#: At most this many messages per yield (a backlog is relayed in several bites).
MAX_BATCH = 64


def relay_messages(connection: Connection) -> Generator[list[object], None, None]:
    """Yield lists of messages from ``connection`` until it reaches end of file.

    Yields
    ------
    list
        The messages that were waiting (empty after ``IDLE_SECONDS`` of silence).
    """
    while True:
        messages: list[object] = []
        try:
            if connection.poll(IDLE_SECONDS):
                while len(messages) < MAX_BATCH:
                    message = connection.recv()
                    if isinstance(message, RunRecord):
                        message = RunRecord(message.run_id, refrozen(message.record))
                    messages.append(message)
                    if not connection.poll():
                        break
        except (EOFError, OSError):
            if messages:
                yield messages
            return
        yield messages


def start_relay(
    connection: Connection,
    received: Callable[[list[object]], None],
    ended: Callable[[], None],
) -> GeneratorWorker[list[object], None, None]:
    """Start relaying ``connection`` in a worker thread.

    Parameters
    ----------
    connection : Connection
        The read end of the training process's record pipe.
    received : callable
        Called on the GUI thread with each list of messages (make it a method of a
        QObject living there, so that the call is queued to that thread).
    ended : callable
        Called on the GUI thread when the relay has ended.

    Returns
    -------
    GeneratorWorker
        ``quit()`` it to stop early.
    """
    worker: GeneratorWorker[list[object], None, None] = create_worker(
        relay_messages, connection, _start_thread=False
    )
    worker.yielded.connect(received)
    worker.finished.connect(ended)  # type: ignore[arg-type]
    worker.start()
    return worker
