"""The layers depend in one direction: core and session never load Qt."""

from __future__ import annotations

import subprocess
import sys


def test_core_and_session_load_no_qt() -> None:
    code = (
        "import sys\n"
        "import nnviz.core.network, nnviz.core.trace, nnviz.core.steps, nnviz.core.presets\n"
        "import nnviz.core.weights_io, nnviz.core.mnist, nnviz.session\n"
        "import nnviz.cli, nnviz.cli.trace\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in "
        "('PySide6', 'shiboken6', 'PyQt5', 'PyQt6', 'pyqtgraph', 'superqt', 'qtpy'))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == ""


def test_core_loads_no_psygnal_or_threads() -> None:
    code = (
        "import sys\n"
        "import nnviz.core.network, nnviz.core.trace, nnviz.core.steps, nnviz.core.presets\n"
        "import nnviz.core.weights_io, nnviz.core.mnist\n"
        "print('psygnal' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
