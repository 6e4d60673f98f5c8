"""Training in a child process, so that the GUI never costs the trainer its speed.

Qt-free (the process must not load Qt), and no part of :mod:`nnviz.core` (which has no
threads or processes). :class:`TrainingProcess` is the app's handle; the messages are in
:mod:`nnviz.runner.protocol`; the loop that runs in the child is in
:mod:`nnviz.runner.child`.
"""

from nnviz.runner.parent import TrainingProcess, TrainingProcessGone
from nnviz.runner.protocol import (
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
