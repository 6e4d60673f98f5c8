"""Training: a fast batched NumPy path and a generator that drives it.

The public surface, for the command line and the GUI:

- :class:`TrainingData` (``TrainingData.from_dataset(load_dataset())``) and
  :class:`TrainingConfig` (every hyperparameter; the defaults are nnviz's best MNIST recipe).
- :class:`Trainer`: ``Trainer(network, data, config).run()`` returns the generator;
  ``Trainer.send(command)`` queues a command from any thread.
- Commands: :class:`Pause`, :class:`Resume`, :class:`Stop`, :class:`SetLearningRate`,
  :class:`StepBatch`, :class:`StepEpoch`, :class:`RequestSnapshot`.
- Records (frozen): :class:`Started`, :class:`BatchRecord` (with :class:`LayerStats` every
  few batches), :class:`EpochRecord` (with an :class:`Evaluation` of the test set),
  :class:`Paused`, :class:`Resumed`, :class:`LearningRateChanged`, :class:`Snapshot`,
  :class:`Diverged`, :class:`Finished`.
- :func:`evaluate`: loss, accuracy and confusion matrix of any network, exactly (float64);
  :func:`class_probabilities`: its outputs for many examples.
"""

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
from nnviz.core.training.data import TrainingData
from nnviz.core.training.engine import Trainer
from nnviz.core.training.evaluation import class_probabilities, confusion_matrix, evaluate
from nnviz.core.training.optimizers import OPTIMIZER_NAMES, SCHEDULE_NAMES
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

__all__ = [
    "DEFAULT_BLAS_THREADS",
    "OPTIMIZER_NAMES",
    "SCHEDULE_NAMES",
    "BatchRecord",
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
    "SetLearningRate",
    "Snapshot",
    "Started",
    "StepBatch",
    "StepEpoch",
    "Stop",
    "Trainer",
    "TrainingConfig",
    "TrainingData",
    "TrainingRecord",
    "class_probabilities",
    "confusion_matrix",
    "evaluate",
]
