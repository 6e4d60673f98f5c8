"""The main window's menus and toolbar."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache, partial
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QLabel, QMenu, QSpinBox, QToolBar
from shiboken6 import isValid

from nnviz.core.presets import load_preset, preset_names
from nnviz.qt.dialogs import show_about, show_shortcuts
from nnviz.qt.palette import PALETTES
from nnviz.qt.theme import THEMES
from nnviz.session.view import MAX_TOP_K, MIN_TOP_K

if TYPE_CHECKING:
    from nnviz.qt.main_window import MainWindow


Shortcut = QKeySequence | QKeySequence.StandardKey | list[QKeySequence] | None


def _add(
    menu: QMenu, text: str, slot: Callable[[], object], shortcut: Shortcut = None, tip: str = ""
) -> QAction:
    action = menu.addAction(text)
    action.triggered.connect(lambda _=False: slot())
    if isinstance(shortcut, list):
        action.setShortcuts(shortcut)
    elif shortcut is not None:
        action.setShortcut(shortcut)
    if tip:
        action.setStatusTip(tip)
    return action


def build_menus(window: MainWindow) -> None:
    """Create File, Edit, View and Help."""
    bar = window.menuBar()
    documents = window.documents
    view = window.view

    file_menu = bar.addMenu("&File")
    _add(file_menu, "&New network…", documents.new, QKeySequence.StandardKey.New)
    _add(file_menu, "&Open…", documents.open_dialog, QKeySequence.StandardKey.Open)
    presets = file_menu.addMenu("Open a lecture &network")
    for name in preset_names():
        _add(presets, _preset_title(name), partial(documents.open_preset, name))
    window.recent_menu = file_menu.addMenu("Open &recent")
    window.recent_menu.aboutToShow.connect(lambda: _fill_recent(window))
    file_menu.addSeparator()
    _add(file_menu, "&Save", documents.save, QKeySequence.StandardKey.Save)
    _add(file_menu, "Save &as…", documents.save_as, QKeySequence("Ctrl+Shift+S"))
    file_menu.addSeparator()
    _add(file_menu, "Open &weights…", partial(documents.open_dialog, True))
    _add(file_menu, "&Export weights…", documents.export_weights_dialog)
    _add(file_menu, "Export diagram as &PNG…", partial(documents.export_diagram_dialog, ".png"))
    _add(file_menu, "Export diagram as S&VG…", partial(documents.export_diagram_dialog, ".svg"))
    file_menu.addSeparator()
    _add(file_menu, "&Quit", window.close, QKeySequence.StandardKey.Quit)

    edit_menu = bar.addMenu("&Edit")
    window.undo_action = window.undo_stack.createUndoAction(window, "&Undo")
    window.undo_action.setShortcut(QKeySequence("Ctrl+Z"))
    window.redo_action = window.undo_stack.createRedoAction(window, "&Redo")
    window.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
    edit_menu.addAction(window.undo_action)
    edit_menu.addAction(window.redo_action)
    edit_menu.addSeparator()
    _build_structure_actions(window, edit_menu)

    view_menu = bar.addMenu("&View")
    _add(view_menu, "Zoom &in", view.zoom_in, [QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
    _add(view_menu, "Zoom &out", view.zoom_out, QKeySequence("Ctrl+-"))
    _add(view_menu, "&Fit the diagram", view.fit, QKeySequence("Ctrl+0"))
    view_menu.addSeparator()
    theme_menu = view_menu.addMenu("&Theme")
    group = QActionGroup(window)
    window.theme_actions = {}
    for key in THEMES:
        action = _add(theme_menu, key.capitalize(), partial(_set_theme, window, key))
        action.setCheckable(True)
        group.addAction(action)
        window.theme_actions[key] = action
    palette_menu = view_menu.addMenu("&Colours")
    group = QActionGroup(window)
    window.palette_actions = {}
    for key, palette in PALETTES.items():
        action = _add(palette_menu, palette.title, partial(_set_palette, window, key))
        action.setCheckable(True)
        group.addAction(action)
        window.palette_actions[key] = action
    legend = _add(view_menu, "Show the colour &legend", lambda: None)
    legend.setCheckable(True)
    legend.setChecked(True)
    legend.toggled.connect(view.legend.setVisible)
    view_menu.addSeparator()
    view_menu.addMenu(window.panels_menu)
    window.apply_appearance(window.preferences.theme, window.preferences.palette)

    help_menu = bar.addMenu("&Help")
    _add(
        help_menu,
        "&Keyboard and mouse shortcuts",
        partial(show_shortcuts, window),
        QKeySequence("F1"),
    )
    _add(help_menu, "&About nnviz", partial(show_about, window))


def _set_theme(window: MainWindow, key: str) -> None:
    window.apply_appearance(key, window.preferences.palette)


def _set_palette(window: MainWindow, key: str) -> None:
    window.apply_appearance(window.preferences.theme, key)


def _fill_recent(window: MainWindow) -> None:
    menu = window.recent_menu
    menu.clear()
    files = window.preferences.recent_files
    if not files:
        menu.addAction("(none yet)").setEnabled(False)
    for name in files:
        _add(menu, Path(name).name, partial(window.documents.open_path, name), tip=name)


def _build_structure_actions(window: MainWindow, menu: QMenu) -> None:
    session = window.session
    edits = window.edits
    diagram = window.diagram

    def selected() -> tuple[int, int] | None:
        return session.view.selected

    def edit_selected() -> None:
        chosen = selected()
        if chosen is not None:
            if chosen[0] == 0:
                diagram.edit_input(chosen[1])
            else:
                diagram.edit_neuron(*chosen)

    def run(action: object) -> None:
        chosen = selected()
        if chosen is not None:
            diagram.attempt(lambda: action(*chosen))  # type: ignore[operator]

    actions = [
        _add(menu, "Edit the selected node…", edit_selected),
        _add(
            menu,
            "Add a neuron to the selected layer",
            lambda: run(lambda layer, _neuron: edits.add_neuron(layer)),
        ),
        _add(
            menu,
            "Remove the selected neuron",
            lambda: run(edits.remove_neuron),
            QKeySequence.StandardKey.Delete,
        ),
        _add(
            menu,
            "Insert a hidden layer after the selected one",
            lambda: run(lambda layer, _neuron: edits.add_layer(layer + 1)),
        ),
        _add(
            menu,
            "Remove the selected hidden layer",
            lambda: run(lambda layer, _neuron: edits.remove_layer(layer)),
        ),
    ]
    for action in actions:
        action.setStatusTip("Select a node by clicking it first")
    # Delete removes the selected neuron only while the diagram has the focus, never while
    # a number is being typed elsewhere.
    actions[2].setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    window.view.addAction(actions[2])

    def update(*_: object) -> None:
        chosen = selected()
        for action in actions:
            action.setEnabled(chosen is not None)

    session.view_changed.connect(update)
    session.network_changed.connect(update)
    update()


def build_toolbar(window: MainWindow) -> None:
    """The toolbar: network chooser, undo/redo, zoom, and the edges of large networks."""
    bar = QToolBar("Diagram")
    bar.setObjectName("diagramToolbar")
    bar.setMovable(False)
    window.addToolBar(bar)
    bar.addWidget(QLabel(" Network "))
    chooser = QComboBox()
    chooser.setObjectName("presetChooser")
    chooser.addItem("(another network)", None)
    for name in preset_names():
        chooser.addItem(_preset_title(name), name)
    chooser.activated.connect(lambda i: _choose_preset(window, chooser, i))
    bar.addWidget(chooser)
    bar.addSeparator()
    # The Edit menu's actions rename themselves ("Undo set w45 to 1"); the toolbar keeps
    # short fixed labels so that it does not jump about, and says the rest in a tooltip.
    stack = window.undo_stack
    undo = bar.addAction("Undo")
    undo.triggered.connect(lambda _=False: stack.undo())
    redo = bar.addAction("Redo")
    redo.triggered.connect(lambda _=False: stack.redo())
    stack.canUndoChanged.connect(undo.setEnabled)
    stack.canRedoChanged.connect(redo.setEnabled)

    def tips(text: str, action: QAction, template: str) -> None:
        # The stack outlives the toolbar while the window is torn down (and still emits).
        if isValid(action):
            action.setToolTip(template.format(text))

    stack.undoTextChanged.connect(lambda text: tips(text, undo, "Undo {} (Ctrl+Z)"))
    stack.redoTextChanged.connect(lambda text: tips(text, redo, "Redo {} (Ctrl+Shift+Z)"))
    undo.setEnabled(stack.canUndo())
    redo.setEnabled(stack.canRedo())
    bar.addSeparator()
    for text, slot in (
        ("−", window.view.zoom_out),
        ("+", window.view.zoom_in),
        ("Fit", window.view.fit),
    ):
        action = bar.addAction(text)
        action.triggered.connect(lambda _=False, s=slot: s())
        action.setToolTip(
            {"−": "Zoom out (Ctrl+−)", "+": "Zoom in (Ctrl++)", "Fit": "Fit (Ctrl+0)"}[text]
        )
    bar.addSeparator()
    label = QLabel(" Edges: strongest ")
    top_k = QSpinBox()
    top_k.setObjectName("topK")
    top_k.setRange(MIN_TOP_K, MAX_TOP_K)
    top_k.setSingleStep(200)
    top_k.setKeyboardTracking(False)
    top_k.setSuffix(" per layer")
    top_k.setToolTip("How many of the strongest edges each layer of a large network draws")
    ranking = QComboBox()
    ranking.setObjectName("edgeRanking")
    ranking.addItem("by |w·a| (this input)", "activity")
    ranking.addItem("by |w|", "weight")
    ranking.setToolTip("Rank edges by what flows for this input (|w·a|) or by weight alone (|w|)")
    edge_actions = [bar.addWidget(widget) for widget in (label, top_k, ranking)]
    session = window.session
    top_k.valueChanged.connect(lambda value: session.set_view(top_k=int(value)))
    ranking.activated.connect(lambda i: session.set_view(edge_ranking=ranking.itemData(i)))
    window.top_k_box = top_k
    window.ranking_box = ranking
    window.edge_actions = edge_actions

    def update(*_: object) -> None:
        view = session.view
        top_k.blockSignals(True)
        top_k.setValue(view.top_k)
        top_k.blockSignals(False)
        ranking.setCurrentIndex(ranking.findData(view.edge_ranking))
        layout = window.scene.layout
        large = layout is not None and not layout.detailed
        # Small networks draw every edge: the controls would only confuse there.
        for action in edge_actions:
            action.setVisible(large)
        name = session.description.name
        index = chooser.findData(name)
        chooser.setCurrentIndex(max(index, 0))

    session.view_changed.connect(update)
    session.trace_changed.connect(update)
    session.description_changed.connect(update)
    update()


@cache
def _preset_title(name: str) -> str:
    preset = load_preset(name)
    shape = "-".join(str(n) for n in preset.network.layer_sizes)
    return f"{preset.title} ({shape})"


def _choose_preset(window: MainWindow, chooser: QComboBox, index: int) -> None:
    name = chooser.itemData(index)
    if name is not None and name != window.session.description.name:
        window.documents.open_preset(name)
    # Cancelled, or "(another network)": show what is really open.
    chooser.setCurrentIndex(max(chooser.findData(window.session.description.name), 0))
