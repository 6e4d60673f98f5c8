"""The QApplication nnviz runs in: its name, its icon, and the window's command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from nnviz import __version__
from nnviz.core.presets import preset_names
from nnviz.core.resources import resource_path


def create_application(argv: Sequence[str] | None = None) -> QApplication:
    """Return the running QApplication, creating it (named "nnviz") if needed."""
    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(list(argv) if argv is not None else [sys.argv[0]])
    app.setApplicationName("nnviz")
    app.setOrganizationName("nnviz")
    app.setApplicationVersion(__version__)
    # Matches packaging/io.github.nnviz.nnviz.desktop, so desktops group the window with it.
    app.setDesktopFileName("io.github.nnviz.nnviz")
    app.setWindowIcon(app_icon())
    return app


def app_icon() -> QIcon:
    """nnviz's icon, from the SVG and the PNG sizes in resources/icons."""
    icon = QIcon()
    folder = resource_path("icons")
    for png in sorted(folder.glob("nnviz-*.png")):
        icon.addFile(str(png))
    icon.addFile(str(folder / "nnviz.svg"))
    return icon


def window_parser() -> argparse.ArgumentParser:
    """The arguments of ``nnviz`` without a sub-command."""
    parser = argparse.ArgumentParser(
        prog="nnviz",
        description="Open the nnviz window (with a session file, a weights file or a preset).",
    )
    parser.add_argument(
        "source",
        nargs="?",
        metavar="FILE",
        help=(
            "a session (.nnviz), a weights file (.npz, .json) or a preset "
            f"({', '.join(preset_names())})"
        ),
    )
    return parser
