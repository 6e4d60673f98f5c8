"""How fast a run trains, as the status line shows it: images a second over the last two
seconds of training, so that it reads steadily (chunk by chunk the rate swung between
10,000 and 135,000 images a second on a busy machine: a chunk of 50 ms holds one to a few
dozen batches, and any pause of the process in between counts against it)."""

from __future__ import annotations

import dataclasses
from collections import deque

from nnviz.core.training import BatchChunk
from nnviz.session.training_types import Progress

#: The span of training time the speed is measured over (seconds).
WINDOW = 2.0


class SpeedMeter:
    """Images per second over the last :data:`WINDOW` seconds of a run's training time."""

    def __init__(self, window: float = WINDOW) -> None:
        self.window = window
        self._marks: deque[tuple[float, int]] = deque()  # (elapsed, images so far)
        self._images = 0

    def add(self, chunk: BatchChunk, last_step: int, last_elapsed: float, last: float) -> float:
        """Take a chunk of batches; return the speed (``last`` when it cannot be told yet).

        ``last_step`` and ``last_elapsed`` are where the run was before the chunk: the
        chunk's first batch is counted from there if the chunk follows it directly (else
        from the end of that batch).
        """
        if not len(chunk):
            return last
        follows = last_step > 0 and int(chunk.step[0]) == last_step + 1
        sizes = chunk.size
        if not (follows and self._marks):
            self._marks.clear()
            self._images = 0
            if follows:
                self._marks.append((last_elapsed, 0))
            else:
                self._marks.append((float(chunk.elapsed[0]), 0))
                sizes = sizes[1:]
        self._images += int(sizes.sum())
        now = float(chunk.elapsed[-1])
        self._marks.append((now, self._images))
        while len(self._marks) > 2 and now - self._marks[1][0] >= self.window:
            self._marks.popleft()
        start, images = self._marks[0]
        span = now - start
        return (self._images - images) / span if span > 0 else last

    def progress(self, old: Progress, chunk: BatchChunk) -> Progress:
        """Where the run is after ``chunk`` (its last batch), at the speed measured so far;
        ``old`` is where it was before."""
        rate = self.add(chunk, old.step, old.elapsed, old.examples_per_second)
        return dataclasses.replace(
            old,
            epoch=int(chunk.epoch[-1]),
            batch=int(chunk.batch[-1]),
            step=int(chunk.step[-1]),
            batches_per_epoch=chunk.batches_per_epoch,
            elapsed=float(chunk.elapsed[-1]),
            examples_per_second=rate,
        )
