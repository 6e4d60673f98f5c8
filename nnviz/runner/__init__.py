"""The training runner: a child process that trains, and the app's handle on it.

Qt-free, and imports :mod:`nnviz.core` only (the process must load nothing else); only
the Qt layer and the app know it exists. :class:`TrainingProcess` is the app's handle; the
messages are in :mod:`nnviz.runner.protocol`; the loop that runs in the child is in
:mod:`nnviz.runner.child`.
"""

from nnviz.runner.parent import TrainingProcess, TrainingProcessGone
from nnviz.runner.protocol import (
    BatchRows,
    DataLoaded,
    Failed,
    Load,
    Quit,
    RunCommand,
    RunRecord,
    SetPace,
    StartRun,
    WatchWeights,
)

__all__ = [
    "BatchRows",
    "DataLoaded",
    "Failed",
    "Load",
    "Quit",
    "RunCommand",
    "RunRecord",
    "SetPace",
    "StartRun",
    "TrainingProcess",
    "TrainingProcessGone",
    "WatchWeights",
]
