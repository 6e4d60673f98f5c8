"""The Training panel's speed control: the paces it offers and what it calls them.

A pace is at most so many batches a second, or None for full speed (see
:mod:`nnviz.core.training.pace`); the control is a slider over :data:`PACES`, slowest
first, full speed last (the default).
"""

from __future__ import annotations

#: The paces the control offers, slowest first; None is full speed.
PACES: tuple[float | None, ...] = (1, 2, 5, 10, 20, 50, 100, 200, 500, None)

PACE_TIP = (
    "How fast training runs: from 1 batch a second (the diagram shows every batch's "
    "weights, so you can watch its numbers change step by step) to full speed. It can be "
    "changed while training runs; it changes how fast, never what is learnt."
)


def pace_text(pace: float | None) -> str:
    """``"1 batch/s"``, ``"20 batches/s"``, ``"full speed"``."""
    if pace is None:
        return "full speed"
    count = f"{pace:g}"
    return f"{count} batch/s" if pace == 1 else f"{count} batches/s"


def pace_position(pace: float | None) -> int:
    """The position in :data:`PACES` of ``pace`` (the nearest one not faster)."""
    if pace is None:
        return len(PACES) - 1
    slower = [i for i, p in enumerate(PACES) if p is not None and p <= pace]
    return slower[-1] if slower else 0
