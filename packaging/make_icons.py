"""Render resources/icons/nnviz.svg to the PNG sizes desktops and PyInstaller use.

Run it after changing the SVG: ``python packaging/make_icons.py``. It renders with Qt's own
SVG renderer (offscreen), so it needs nothing beyond nnviz's dependencies.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6 import QtCore, QtGui, QtSvg

SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICONS = Path(__file__).resolve().parent.parent / "resources" / "icons"


def main() -> int:
    """Write ``nnviz-<size>.png`` for every size in :data:`SIZES`; return the exit code."""
    app = QtGui.QGuiApplication(sys.argv)
    renderer = QtSvg.QSvgRenderer(str(ICONS / "nnviz.svg"))
    if not renderer.isValid():
        print("nnviz.svg is not a valid SVG", file=sys.stderr)
        return 1
    for size in SIZES:
        image = QtGui.QImage(size, size, QtGui.QImage.Format.Format_ARGB32)
        image.fill(QtCore.Qt.GlobalColor.transparent)
        painter = QtGui.QPainter(image)
        painter.setRenderHint(QtGui.QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        image.save(str(ICONS / f"nnviz-{size}.png"))
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
