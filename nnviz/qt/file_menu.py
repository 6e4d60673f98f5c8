"""The File menu: the actions of :class:`~nnviz.qt.files.Files`, registered in the window's
action registry, with the lecture's presets and the recent files as submenus."""

from __future__ import annotations

import os
from functools import cache, partial
from pathlib import Path
from typing import Protocol

from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu, QWidget

from nnviz.core.presets import load_preset, preset_names
from nnviz.qt.preferences import Preferences
from nnviz.qt.shell import Shell


class Files(Protocol):
    """What the File menu calls (:class:`nnviz.qt.files.Files`)."""

    shell: Shell
    parent_widget: QWidget
    preferences: Preferences

    def new(self) -> bool: ...
    def open_dialog(self, weights_only: bool = False) -> bool: ...
    def open_preset(self, name: str) -> bool: ...
    def open_path(self, path: str | os.PathLike[str], ask: bool = True) -> bool: ...
    def save(self) -> bool: ...
    def save_as(self) -> bool: ...
    def export_weights_dialog(self) -> bool: ...
    def export_diagram_dialog(self, suffix: str) -> bool: ...


@cache
def preset_title(name: str) -> str:
    """``"XOR (2-2-1)"``: a preset's title and shape, as menus list it."""
    preset = load_preset(name)
    shape = "-".join(str(n) for n in preset.network.layer_sizes)
    return f"{preset.title} ({shape})"


def add_file_menu(files: Files) -> QMenu:
    """Register the File menu's actions; return the Open recent submenu."""
    actions = files.shell.registry
    add = actions.add
    add(
        "file.new",
        "&New network…",
        files.new,
        menu="File",
        section="open",
        shortcut=QKeySequence.StandardKey.New,
        help="a new network",
    )
    add(
        "file.open",
        "&Open…",
        files.open_dialog,
        menu="File",
        section="open",
        shortcut=QKeySequence.StandardKey.Open,
        help="open a session or weights file",
    )
    presets = actions.add_submenu("File", "Open a lecture &network", section="open")
    for name in preset_names():
        action = presets.addAction(preset_title(name))
        action.triggered.connect(lambda _=False, n=name: files.open_preset(n))
    recent = actions.add_submenu("File", "Open &recent", section="open")
    recent.aboutToShow.connect(lambda: _fill_recent(files, recent))
    add(
        "file.save",
        "&Save",
        files.save,
        menu="File",
        section="save",
        shortcut=QKeySequence.StandardKey.Save,
        help="save the session / save it as",
    )
    add(
        "file.save_as",
        "Save &as…",
        files.save_as,
        menu="File",
        section="save",
        shortcut="Ctrl+Shift+S",
        help_with="file.save",
    )
    add(
        "file.open_weights",
        "Open &weights…",
        partial(files.open_dialog, True),
        menu="File",
        section="weights",
    )
    add(
        "file.export_weights",
        "&Export weights…",
        files.export_weights_dialog,
        menu="File",
        section="weights",
    )
    add(
        "file.export_png",
        "Export diagram as &PNG…",
        partial(files.export_diagram_dialog, ".png"),
        menu="File",
        section="weights",
    )
    add(
        "file.export_svg",
        "Export diagram as S&VG…",
        partial(files.export_diagram_dialog, ".svg"),
        menu="File",
        section="weights",
    )
    add(
        "file.quit",
        "&Quit",
        files.parent_widget.close,
        menu="File",
        section="quit",
        shortcut=QKeySequence.StandardKey.Quit,
    )
    return recent


def _fill_recent(files: Files, menu: QMenu) -> None:
    """Open recent: the newest files first (filled as the menu opens)."""
    menu.clear()
    recent = files.preferences.recent_files
    if not recent:
        menu.addAction("(none yet)").setEnabled(False)
    for name in recent:
        action = menu.addAction(Path(name).name)
        action.setStatusTip(name)
        action.triggered.connect(lambda _=False, n=name: files.open_path(n))
