"""The PySide6 + pyqtgraph layer: windows, panels, canvas items and workers.

Importing this package pins the Qt binding before anything else can choose one:
pyqtgraph prefers PyQt6 when both are installed and superqt goes through qtpy, so the
environment names PySide6 and PySide6 is imported first.
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_API", "pyside6")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")

import PySide6  # noqa: F401  (imported before pyqtgraph on purpose)
