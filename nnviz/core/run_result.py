"""Where a training run's result is written: a failed run never replaces a file you keep.

A run that completed writes where it was told. A run that ended ``"interrupted"`` (Ctrl-C,
the window closed, a run still going) or ``"diverged"`` (the loss exploded; its weights are
the last healthy ones, often far worse than what you had) writes there only if nothing is
there yet; otherwise it writes beside it, ``important.interrupted.npz`` (then
``important.interrupted-2.npz`` …), and says where. The command line's ``--out``, the
window's File ▸ Export weights and the training checkpoints all go through
:func:`save_run_result`, so the rule lives here once.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

COMPLETED = "completed"
INTERRUPTED = "interrupted"
DIVERGED = "diverged"
#: Statuses whose result never replaces an existing file.
FAILED_STATUSES = (INTERRUPTED, DIVERGED)


@dataclass(frozen=True)
class ResultPlace:
    """Where a run's result goes.

    Attributes
    ----------
    path : Path
        The file to write.
    kept : Path or None
        The file that was asked for and is left as it was (None when ``path`` is it).
    status : str
        The run's status.
    """

    path: Path
    kept: Path | None
    status: str

    def describe(self, what: str = "the weights") -> str:
        """One line saying where ``what`` went, and why there.

        ``"saved the weights to digits.npz"``, or ``"digits.npz was kept (this run
        diverged); saved the weights beside it, to digits.diverged.npz"``.
        """
        if self.kept is None:
            return f"saved {what} to {self.path}"
        return (
            f"{self.kept} was kept (this run {self.status}, and a file was already there); "
            f"saved {what} beside it, to {self.path}"
        )


def _beside(target: Path, status: str, number: int) -> Path:
    tag = status if number == 1 else f"{status}-{number}"
    return target.with_name(f"{target.stem}.{tag}{target.suffix}")


def result_destination(target: str | os.PathLike[str], status: str) -> ResultPlace:
    """Decide where the result of a run that ended with ``status`` may be written.

    Parameters
    ----------
    target : path
        Where the user asked for it.
    status : str
        ``"completed"`` (or any status not in :data:`FAILED_STATUSES`: written to
        ``target``), ``"interrupted"`` or ``"diverged"``.

    Returns
    -------
    ResultPlace
        ``target`` itself when the run completed or nothing is there (not even a dangling
        link); otherwise the first free ``NAME.<status>[-N].SUFFIX`` beside it.
    """
    path = Path(target)
    if status not in FAILED_STATUSES or not os.path.lexists(path):
        return ResultPlace(path, None, status)
    number = 1
    while os.path.lexists(_beside(path, status, number)):
        number += 1
    return ResultPlace(_beside(path, status, number), path, status)


def save_run_result(
    target: str | os.PathLike[str], status: str, write: Callable[[Path], object]
) -> ResultPlace:
    """Write a run's result through ``write`` where :func:`result_destination` says.

    Parameters
    ----------
    target : path
    status : str
    write : callable
        Called with the path to write (an atomic writer such as ``save_weights``).

    Returns
    -------
    ResultPlace
        Where it went (tell the user when ``kept`` is set).
    """
    place = result_destination(target, status)
    write(place.path)
    return place
