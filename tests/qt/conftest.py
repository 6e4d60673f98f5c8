"""Fixtures for the window tests: settings kept in a temporary folder, a shown window."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from tempfile import mkdtemp

import pytest
from PySide6.QtCore import QCoreApplication, QEvent, QSettings
from PySide6.QtWidgets import QApplication, QMenu, QMessageBox
from pytestqt.qtbot import QtBot

from nnviz.app import build_window
from nnviz.core.presets import load_preset
from nnviz.qt.main_window import MainWindow
from nnviz.qt.preferences import Preferences
from nnviz.session import Document


@pytest.fixture
def preferences(tmp_path: Path) -> Preferences:
    """Settings in a throw-away INI file, never the user's own."""
    return Preferences(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture(autouse=True)
def windows_deleted_by_their_own_test(qapp: QApplication) -> Iterator[None]:
    """Delete what a test's windows left for deletion before the next test starts.

    pytest-qt closes a test's widgets and calls ``deleteLater`` on them, but deferred
    deletions only happen inside an event loop, so without this they pile up and are all
    carried out in the next event loop some later test runs: a 60 ms animation then
    waited two seconds behind the destruction of forty earlier windows.

    pyqtgraph also gives every ViewBox a top-level context menu (with a dozen submenus)
    that outlives its plot: the Training page's plots left about 300 menus per window, and
    with thousands of them the event loop slowed until a 60 ms animation did not get one
    frame in 3 s. Those are deleted too.
    """
    yield
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMenu) and widget.parent() is None and not widget.isVisible():
            widget.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete.value)


@pytest.fixture(autouse=True)
def warnings(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Messages the window would have shown in a dialog, recorded instead.

    Modal dialogs would block a test forever, so "save changes?" answers Discard (tests
    of that question set their own answer) and warnings are recorded.
    """
    shown: list[tuple[str, str]] = []
    monkeypatch.setattr(
        "nnviz.qt.files.Files.warn", lambda self, title, text: shown.append((title, text))
    )
    monkeypatch.setattr(
        "nnviz.qt.files.Files.ask_to_save",
        lambda self: QMessageBox.StandardButton.Discard,
    )
    # "Start a new schedule?" after a finished run: yes (tests of it answer themselves).
    monkeypatch.setattr(
        "nnviz.qt.training.controller.TrainingController._ask",
        lambda self, question: shown.append(("new schedule", question)) or True,
    )
    return shown


def open_window(qtbot: QtBot, preferences: Preferences, preset: str) -> MainWindow:
    window = build_window(Document(load_preset(preset)), preferences, Path(mkdtemp()))
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
