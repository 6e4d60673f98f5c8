"""The entry point: nnviz opens the window; nnviz FILE opens that file in it."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication

from nnviz.app import main
from nnviz.cli import run
from nnviz.core.presets import load_preset
from nnviz.qt.main_window import MainWindow
from nnviz.session import Document
from nnviz.session.session_file import SessionDocument, save_session


def test_no_command_launches_the_window() -> None:
    launched: list[list[str]] = []
    assert run([], launch_window=lambda args: launched.append(args) or 0) == 0
    assert run(["lesson.nnviz"], launch_window=lambda args: launched.append(args) or 0) == 0
    assert launched == [[], ["lesson.nnviz"]]


@pytest.fixture
def windows(qapp: QApplication, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Run the real launcher with an event loop that returns at once."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setattr(QApplication, "exec", staticmethod(lambda: 0))
    monkeypatch.setattr("nnviz.qt.files.Files.warn", lambda self, title, text: None)
    before = set(QApplication.topLevelWidgets())
    opened: list[MainWindow] = []

    def new() -> list[MainWindow]:
        opened[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, MainWindow) and w not in before
        ]
        return opened

    yield new
    for window in opened:
        window.document.mark_saved()
        window.close()
        window.deleteLater()


def test_nnviz_file_opens_that_session(windows, tmp_path: Path) -> None:
    session = Document(load_preset("xor"))
    session.edits.set_inputs([0.0, 1.0])
    path = tmp_path / "xor-01.nnviz"
    save_session(path, SessionDocument(session.snapshot()))
    assert main([str(path)]) == 0
    (window,) = windows()
    assert window.document.inputs.tolist() == [0.0, 1.0]
    assert "xor-01.nnviz" in window.windowTitle() and "nnviz" in window.windowTitle()


def test_nnviz_preset_name_opens_it(windows) -> None:
    assert main(["perceptron"]) == 0
    (window,) = windows()
    assert window.scene.node_text(1, 0)[:2] == ["v4 = 6", "z4 = 36"]


def test_the_app_icon_has_every_size(qapp: QApplication) -> None:
    from nnviz.qt.application import app_icon

    icon = app_icon()
    assert not icon.isNull()
    sizes = {size.width() for size in icon.availableSizes()}
    assert {16, 32, 48, 256} <= sizes
