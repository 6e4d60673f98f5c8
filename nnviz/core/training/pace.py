"""How fast a run may go: at most so many batches a second, or full speed.

The pace is not the engine's business (its generator never sleeps or waits): whoever
drives the generator paces it, by not asking for the next batch before it is due (the
training process's loop, :mod:`nnviz.runner.child`). A pace is a number of batches per
second, or None for full speed.

At a slow pace (:data:`SLOW_PACE` batches a second or fewer) every batch's weights are
worth showing: the runner sends them after every batch and the window shows each, so
the diagram's numbers change with every step.
"""

from __future__ import annotations

import math

#: The slowest pace: one batch a second.
MIN_PACE = 1.0
#: At or below this pace (batches per second) every batch's weights are sent and shown.
SLOW_PACE = 10.0


def check_pace(value: float | None) -> float | None:
    """``value`` as a pace: None (full speed) or a finite number of batches per second
    of at least :data:`MIN_PACE`.

    Raises
    ------
    ValueError
        If it is anything else.
    """
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"a pace is a number of batches per second, not {value!r}")
    pace = float(value)
    if not math.isfinite(pace) or pace < MIN_PACE:
        raise ValueError(
            f"a pace is at least {MIN_PACE:g} batch a second (or full speed), not {value}"
        )
    return pace


def is_slow(pace: float | None) -> bool:
    """Whether every batch's weights are shown at ``pace``."""
    return pace is not None and pace <= SLOW_PACE
