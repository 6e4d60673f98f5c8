"""Commands a training run accepts between batches.

Send them with :meth:`~nnviz.core.training.engine.Trainer.send` (from any thread) or as
the value of ``generator.send(command)``; both go into the same queue, which the run
drains before every batch. Each command is a small frozen dataclass, validated when it is
made, so a refused value raises in the sender's thread and never reaches the run.
"""

from __future__ import annotations

from dataclasses import dataclass

from nnviz.core.training.config import check_learning_rate


@dataclass(frozen=True, slots=True)
class Pause:
    """Stop before the next batch and wait (yielding :class:`Paused` heartbeats)."""


@dataclass(frozen=True, slots=True)
class Resume:
    """Carry on training freely (also cancels a pending step)."""


@dataclass(frozen=True, slots=True)
class Stop:
    """End the run before the next batch; the run yields :class:`Finished` and returns."""


@dataclass(frozen=True, slots=True)
class SetLearningRate:
    """Change the base learning rate η; the schedule's factor still applies to it.

    Raises
    ------
    ValueError
        If ``value`` is not a finite number above 0.
    """

    value: float

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", check_learning_rate(self.value))


@dataclass(frozen=True, slots=True)
class StepBatch:
    """Train exactly one batch, then pause (from paused or running)."""


@dataclass(frozen=True, slots=True)
class StepEpoch:
    """Train to the end of the current epoch (a whole epoch when at its start), evaluate,
    then pause."""


@dataclass(frozen=True, slots=True)
class RequestSnapshot:
    """Yield a :class:`Snapshot` holding a copy of the current weights, before the next batch."""


Command = Pause | Resume | Stop | SetLearningRate | StepBatch | StepEpoch | RequestSnapshot
COMMAND_TYPES = (Pause, Resume, Stop, SetLearningRate, StepBatch, StepEpoch, RequestSnapshot)
