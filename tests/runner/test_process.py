"""The real training process: spawned, loads its data, trains, and ends when told."""

from __future__ import annotations

import numpy as np

from nnviz.core.data import DataSet, GivenData, MnistSource
from nnviz.core.network import Network
from nnviz.core.training import Finished, TrainingConfig
from nnviz.runner import (
    DataLoaded,
    Failed,
    RunRecord,
    StartRun,
    TrainingProcess,
    TrainingProcessGone,
)


def _data() -> DataSet:
    rng = np.random.default_rng(0)
    x = rng.random((128, 4))
    y = (x.sum(axis=1) > 2).astype(int)
    return DataSet.classification(x, y, x[:32], y[:32], 2)


def test_the_process_trains_a_run_and_shuts_down_quickly() -> None:
    process = TrainingProcess()
    source = GivenData(_data())
    try:
        network = Network.initialised((4, 8, 2), ("relu", "softmax"), "cross_entropy")
        process.send(StartRun(1, network, TrainingConfig(epochs=2, batch_size=32), source))
        assert process.records.poll(30)
        loaded = process.records.recv()
        assert isinstance(loaded, DataLoaded) and loaded.n_train == 128 and loaded.n_inputs == 4
        finished = None
        while finished is None:
            assert process.records.poll(30)
            messages, ended = process.receive()
            assert not ended
            for message in messages:
                if isinstance(message, RunRecord) and isinstance(message.record, Finished):
                    finished = message.record
        assert finished.reason == "completed" and finished.step == 8
    finally:
        seconds = process.shutdown()
    assert seconds < 1.0 and not process.is_alive()
    try:
        process.send(StartRun(2, network, TrainingConfig(), source))
    except TrainingProcessGone:
        pass
    else:  # pragma: no cover
        raise AssertionError("a shut-down process took a message")


def test_bad_data_is_reported_and_the_process_serves_on(tmp_path) -> None:  # type: ignore[no-untyped-def]
    process = TrainingProcess()
    try:
        network = Network.initialised((4, 8, 2), ("relu", "softmax"), "cross_entropy")
        process.send(StartRun(1, network, TrainingConfig(epochs=1), MnistSource(str(tmp_path))))
        assert process.records.poll(30)
        failed = process.records.recv()
        assert isinstance(failed, Failed) and failed.run_id == 1
        assert "cannot load the training data" in failed.message
        assert process.is_alive()  # a document with another data set still trains
        process.send(StartRun(2, network, TrainingConfig(epochs=1), GivenData(_data())))
        assert process.records.poll(30)
        assert isinstance(process.records.recv(), DataLoaded)
    finally:
        process.shutdown()
    assert not process.is_alive()


def test_the_process_loads_no_qt() -> None:
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import sys, nnviz.runner.child, nnviz.runner\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'pyqtgraph', "
        "'superqt', 'psygnal', 'nnviz.qt', 'nnviz.session'))))"
    )
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=root, check=True
    )
    assert result.stdout.strip() == "[]"
