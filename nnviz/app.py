"""Composition root: the ``nnviz`` entry point.

Sub-commands (``nnviz trace …``, ``nnviz snapshot …``) run without the window; ``trace``
never imports Qt. Without a sub-command the window opens (``nnviz FILE`` opens that session
or weights file, ``nnviz mnist`` a preset). The Qt binding is pinned here, before anything
imports pyqtgraph or superqt: PySide6 is imported first and named in QT_API and
PYQTGRAPH_QT_LIB.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence


def launch_window(arguments: list[str]) -> int:
    """Open the main window with ``arguments`` (``[FILE]``); return the exit code."""
    os.environ.setdefault("QT_API", "pyside6")
    os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
    import PySide6  # noqa: F401  (before pyqtgraph, so that it picks this binding)

    from nnviz.qt.application import launch_window as launch

    return launch(arguments)


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``nnviz`` with ``argv`` (default: the process arguments); return the exit code."""
    from nnviz.cli import run

    return run(sys.argv[1:] if argv is None else argv, launch_window=launch_window)


if __name__ == "__main__":
    sys.exit(main())
