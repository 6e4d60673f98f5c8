"""The layers depend one way: core and session never load Qt."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_core_and_session_load_no_qt() -> None:
    code = (
        "import json, sys\n"
        "import nnviz.core.network, nnviz.core.trace, nnviz.core.steps, nnviz.core.presets\n"
        "import nnviz.core.weights_io, nnviz.core.mnist\n"
        "import nnviz.session, nnviz.session.session_file, nnviz.session.numbers\n"
        "import nnviz.cli, nnviz.cli.trace\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'PyQt5', 'PyQt6', 'shiboken6', 'pyqtgraph', 'superqt', 'qtpy'))\n"
        "print(json.dumps(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []


def test_the_snapshot_command_is_registered_without_loading_qt() -> None:
    code = (
        "import json, sys\n"
        "from nnviz.cli import build_parser\n"
        "build_parser()\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('PySide6'))))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert json.loads(result.stdout) == []
