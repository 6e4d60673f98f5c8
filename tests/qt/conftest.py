"""Fixtures for the window tests: settings kept in a temporary folder, a shown window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from nnviz.core.presets import load_preset
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.session import Session


@pytest.fixture
def preferences(tmp_path: Path) -> Preferences:
    """Settings in a throw-away INI file, never the user's own."""
    return Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def no_orphan_menus(qapp: QApplication) -> Iterator[None]:
    """Delete the parentless menus a test's windows leave behind.

    pyqtgraph gives every ViewBox a top-level context menu (with a dozen submenus) that
    outlives its plot: the Training page's 27 plots left about 300 menus per window, 5,000
    over the window tests, and with them the event loop slowed until a 60 ms animation did
    not get one frame in 3 s (test_stepping's animation test failed in full runs only).
    """
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMenu) and widget.parent() is None and not widget.isVisible():
            widget.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


@pytest.fixture(autouse=True)
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Messages the window would have shown in a dialog, recorded instead.

    Modal dialogs would block a test forever, so "save changes?" answers Discard (tests
    of that question set their own answer) and warnings are recorded.
    """
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "nnviz.qt.documents.Documents.warn", lambda self, title, text: shown.append((title, text))
    )
    monkeypatch.setattr(
        "nnviz.qt.documents.Documents.ask_to_save",
        lambda self: QMessageBox.StandardButton.Discard,
    )
    return shown


def open_window(qtbot: QtBot, preferences: Preferences, preset: str) -> MainWindow:
    window = MainWindow(Session(load_preset(preset)), preferences)
    qtbot.addWidget(window)
    window.resize(1280, 800)
    window.show()
    qtbot.waitExposed(window)
    window.view.fit()
    return window


@pytest.fixture
def make_window(qtbot: QtBot, preferences: Preferences) -> Callable[[str], MainWindow]:
    """Open a window on a preset (with the test's preferences)."""
    return lambda preset: open_window(qtbot, preferences, preset)


@pytest.fixture
def window(qtbot: QtBot, preferences: Preferences) -> MainWindow:
    """The main window on the lecture's feedforward example, shown at 1280×800."""
    return open_window(qtbot, preferences, "feedforward")
