"""Training in a child process, so that the GUI never costs the trainer its speed.

Qt-free (the process must not load Qt), and no part of :mod:`nnviz.core` (which has no
threads or processes). :class:`TrainingProcess` is the app's handle; the messages are in
:mod:`nnviz.training_process.messages`; the loop that runs in the child is in
:mod:`nnviz.training_process.child`.
"""

from nnviz.training_process.messages import (
    BatchChunk,
    DataSource,
    Failed,
    Quit,
    Ready,
    RunCommand,
    RunRecord,
    StartRun,
    WatchWeights,
    refrozen,
)
from nnviz.training_process.parent import TrainingProcess, TrainingProcessGone

__all__ = [
    "BatchChunk",
    "DataSource",
    "Failed",
    "Quit",
    "Ready",
    "RunCommand",
    "RunRecord",
    "StartRun",
    "TrainingProcess",
    "TrainingProcessGone",
    "WatchWeights",
    "refrozen",
]
