"""The layers depend in one direction: core never loads Qt, psygnal or the session; the
session never loads Qt; the headless commands load neither."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nnviz.core.data import DataSet
from nnviz.core.network import Network
from nnviz.core.training import Trainer, TrainingConfig

ROOT = Path(__file__).resolve().parent.parent
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "pyqtgraph", "superqt", "qtpy")


def _loaded_after(imports: str, forbidden: tuple[str, ...]) -> list[str]:
    """Run ``imports`` in a fresh interpreter; return the loaded modules under ``forbidden``."""
    code = (
        f"import json, sys\n{imports}\n"
        f"print(json.dumps(sorted(m for m in sys.modules if m.startswith({forbidden!r}))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return list(json.loads(result.stdout))


def test_core_and_headless_commands_load_no_gui_psygnal_or_session() -> None:
    imports = (
        "import nnviz.core.network, nnviz.core.trace, nnviz.core.steps, nnviz.core.presets\n"
        "import nnviz.core.weights_io, nnviz.core.mnist, nnviz.core.training, nnviz.core.export\n"
        "import nnviz.cli\nnnviz.cli.build_parser()"
    )
    assert _loaded_after(imports, (*QT, "psygnal", "nnviz.qt", "nnviz.session")) == []


def test_session_loads_no_qt() -> None:
    assert _loaded_after("import nnviz.session", (*QT, "nnviz.qt")) == []


def test_training_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    data = DataSet.classification([[0.0, 1.0], [1.0, 0.0]], [0, 1], [[0.0, 1.0]], [0])
    network = Network.initialised((2, 2), ("softmax",), "cross_entropy")
    for _ in Trainer(network, data, TrainingConfig(epochs=2, batch_size=1)).run():
        pass
    assert capsys.readouterr() == ("", "")
