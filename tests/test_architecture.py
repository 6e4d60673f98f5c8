"""The layers depend in one direction, as pyproject.toml's import-linter contracts say:
app, cli -> qt -> present | runner -> session -> core. Checked two ways: the contracts on
the import graph (lint-imports, as CI runs it), and what a fresh interpreter really loads
when it imports a layer."""

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


def _every_module_of(package: str) -> str:
    """Code that imports every module of ``package`` (found by walking it, not listed)."""
    return (
        "import importlib, pkgutil\n"
        f"import {package} as root\n"
        "for info in pkgutil.walk_packages(root.__path__, root.__name__ + '.'):\n"
        "    importlib.import_module(info.name)\n"
    )


def test_the_import_contracts_hold() -> None:
    """lint-imports checks every contract in pyproject.toml on the whole import graph."""
    # Never skipped: a contract nobody checks is no contract (the test extra installs it).
    lint = Path(sys.executable).with_name("lint-imports")
    assert lint.exists(), "import-linter is not installed: pip install -e '.[test]'"
    result = subprocess.run([str(lint)], cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout[-3000:]
    assert "0 broken" in result.stdout


def test_the_core_loads_no_gui_signals_threads_or_upper_layers() -> None:
    loaded = _loaded_after(
        _every_module_of("nnviz.core"),
        (*QT, "psygnal", "multiprocessing", "nnviz.session", "nnviz.present", "nnviz.runner"),
    )
    assert loaded == []


def test_the_session_loads_no_qt_no_multiprocessing_and_no_runner() -> None:
    forbidden = (*QT, "multiprocessing", "nnviz.runner", "nnviz.present", "nnviz.qt")
    assert _loaded_after("import nnviz.session", forbidden) == []
    assert _loaded_after(_every_module_of("nnviz.session"), forbidden) == []


def test_the_presentation_layer_loads_no_qt_and_no_runner() -> None:
    forbidden = (*QT, "multiprocessing", "nnviz.runner", "nnviz.qt")
    assert _loaded_after(_every_module_of("nnviz.present"), forbidden) == []


def test_the_runner_loads_the_core_only() -> None:
    forbidden = (*QT, "psygnal", "nnviz.session", "nnviz.present", "nnviz.qt")
    assert _loaded_after(_every_module_of("nnviz.runner"), forbidden) == []


def test_the_headless_commands_load_no_gui_and_no_session() -> None:
    imports = "import nnviz.cli\nnnviz.cli.build_parser()\nimport nnviz.app"
    assert _loaded_after(imports, (*QT, "psygnal", "nnviz.qt", "nnviz.session")) == []


def test_training_prints_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    data = DataSet.classification([[0.0, 1.0], [1.0, 0.0]], [0, 1], [[0.0, 1.0]], [0])
    network = Network.initialised((2, 2), ("softmax",), "cross_entropy")
    for _ in Trainer(network, data, TrainingConfig(epochs=2, batch_size=1)).run():
        pass
    assert capsys.readouterr() == ("", "")
