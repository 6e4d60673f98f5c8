"""Test set-up shared by every test.

Qt must never try to open a real display in the tests: the offscreen platform is chosen
here, before anything imports Qt. The binding is pinned to PySide6 for pyqtgraph and for
superqt (which goes through qtpy), in case PyQt is also installed.
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"
os.environ.setdefault("QT_API", "pyside6")
os.environ.setdefault("PYQTGRAPH_QT_LIB", "PySide6")
# Keep settings written by the app under test out of the user's real configuration.
os.environ.setdefault("XDG_CONFIG_HOME", os.path.join(os.path.dirname(__file__), ".config-tmp"))
# ... and any training state it saves out of the user's data folder.
os.environ.setdefault("XDG_DATA_HOME", os.path.join(os.path.dirname(__file__), ".data-tmp"))
