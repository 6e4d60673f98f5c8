"""The core (training and export included) and the headless commands never load Qt."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nnviz.core.network import Network
from nnviz.core.training import Trainer, TrainingConfig, TrainingData

ROOT = Path(__file__).resolve().parents[1]


def test_core_and_commands_import_no_gui_modules() -> None:
    code = (
        "import sys\n"
        "import nnviz.core.training, nnviz.core.export, nnviz.cli\n"
        "nnviz.cli.build_parser()\n"
        "gui = ('PySide6', 'shiboken6', 'pyqtgraph', 'superqt', 'qtpy', 'psygnal')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in gui\n"
        "             or m.startswith(('nnviz.qt', 'nnviz.session'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_training_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    data = TrainingData.from_arrays([[0.0, 1.0], [1.0, 0.0]], [0, 1], [[0.0, 1.0]], [0])
    network = Network.initialised((2, 2), ("softmax",), "cross_entropy")
    for _ in Trainer(network, data, TrainingConfig(epochs=2, batch_size=1)).run():
        pass
    assert capsys.readouterr() == ("", "")
