"""Training: a fast batched NumPy path and a generator that drives it.

The public surface, for the command line and the GUI:

- :class:`TrainingConfig` (every hyperparameter; the defaults are nnviz's best MNIST
  recipe). The examples are a :class:`nnviz.core.data.DataSet`.
- :class:`Trainer`: ``Trainer(network, data, config).run()`` returns the generator (it
  never sleeps: a driver stops asking while :attr:`Trainer.paused`);
  ``Trainer.send(command)`` queues a command from any thread.
- Commands: :class:`Pause`, :class:`Resume`, :class:`Stop`, :class:`SetLearningRate`,
  :class:`StepBatch`, :class:`StepEpoch`, :class:`RequestSnapshot`.
- Records (frozen): :class:`Started`, :class:`BatchRecord` (with :class:`LayerStats` every
  few batches), :class:`EpochRecord` (with an :class:`Evaluation` of the test set),
  :class:`Paused`, :class:`Resumed`, :class:`LearningRateChanged`, :class:`Snapshot`,
  :class:`Diverged`, :class:`Finished`.
- :class:`RunState` (``EpochRecord.state``, ``Finished.state``): a run's whole state;
  ``Trainer(network, data, config, resume=state)`` continues it exactly.
- :func:`evaluate`: loss, accuracy and confusion matrix of any network, exactly (float64);
  :func:`network_outputs`: its outputs for many examples.
- Pace (:mod:`~nnviz.core.training.pace`): at most so many batches a second, kept by the
  generator's driver, never by the generator; :func:`check_pace`, :data:`SLOW_PACE`.
- :class:`BatchChunk` (many batch records as arrays, :data:`STAT_FIELDS`) and its
  :class:`ChunkBuilder`: how batches travel and are kept.
"""

from nnviz.core.training.chunks import STAT_FIELDS, BatchChunk, ChunkBuilder
from nnviz.core.training.commands import (
    Command,
    Pause,
    RequestSnapshot,
    Resume,
    SetLearningRate,
    StepBatch,
    StepEpoch,
    Stop,
)
from nnviz.core.training.config import DEFAULT_BLAS_THREADS, TrainingConfig
from nnviz.core.training.engine import Trainer
from nnviz.core.training.evaluation import confusion_matrix, evaluate, network_outputs
from nnviz.core.training.optimizers import OPTIMIZER_NAMES, SCHEDULE_NAMES
from nnviz.core.training.pace import MIN_PACE, SLOW_PACE, check_pace, is_slow
from nnviz.core.training.records import (
    BatchRecord,
    Diverged,
    EpochRecord,
    Evaluation,
    Finished,
    LayerStats,
    LearningRateChanged,
    Paused,
    Resumed,
    Snapshot,
    Started,
    TrainingRecord,
)
from nnviz.core.training.run_state import RunState, RunStateError

__all__ = [
    "DEFAULT_BLAS_THREADS",
    "MIN_PACE",
    "OPTIMIZER_NAMES",
    "SCHEDULE_NAMES",
    "SLOW_PACE",
    "STAT_FIELDS",
    "BatchChunk",
    "BatchRecord",
    "ChunkBuilder",
    "Command",
    "Diverged",
    "EpochRecord",
    "Evaluation",
    "Finished",
    "LayerStats",
    "LearningRateChanged",
    "Pause",
    "Paused",
    "RequestSnapshot",
    "Resume",
    "Resumed",
    "RunState",
    "RunStateError",
    "SetLearningRate",
    "Snapshot",
    "Started",
    "StepBatch",
    "StepEpoch",
    "Stop",
    "Trainer",
    "TrainingConfig",
    "TrainingRecord",
    "check_pace",
    "confusion_matrix",
    "evaluate",
    "is_slow",
    "network_outputs",
]
