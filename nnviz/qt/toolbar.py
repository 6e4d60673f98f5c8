"""The toolbar: the network chooser, undo and redo, zoom, and the edges of large networks.

It acts on the window's active document: the chooser shows which preset it is, the edge
controls its view settings (and only for a network large enough to draw a selection of
its edges).
"""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QToolBar

from nnviz.core.presets import preset_names
from nnviz.qt.binding import Following
from nnviz.qt.document_view import DocumentView
from nnviz.qt.file_menu import preset_title
from nnviz.qt.files import Files
from nnviz.qt.shell import Shell
from nnviz.session.view import MAX_TOP_K, MIN_TOP_K


class Toolbar(QObject):
    """The window's toolbar (see the module docstring).

    Parameters
    ----------
    shell : Shell
    files : Files
        Opens the preset chosen.
    """

    def __init__(self, shell: Shell, files: Files) -> None:
        super().__init__(shell.widget)
        self.shell = shell
        self.files = files
        bar = QToolBar("Diagram")
        bar.setObjectName("diagramToolbar")
        bar.setMovable(False)
        shell.widget.addToolBar(bar)
        self.bar = bar
        bar.addWidget(QLabel(" Network "))
        chooser = QComboBox()
        chooser.setObjectName("presetChooser")
        chooser.addItem("(another network)", None)
        for name in preset_names():
            chooser.addItem(preset_title(name), name)
        chooser.activated.connect(self._choose_preset)
        bar.addWidget(chooser)
        self.chooser = chooser
        bar.addSeparator()
        # The Edit menu's actions rename themselves ("Undo set w45 to 1"); the toolbar keeps
        # short fixed labels so that it does not jump about, and says the rest in a tooltip.
        group = shell.area.undo_group
        self.undo = bar.addAction("Undo")
        self.undo.triggered.connect(lambda _=False: group.undo())
        self.redo = bar.addAction("Redo")
        self.redo.triggered.connect(lambda _=False: group.redo())
        group.canUndoChanged.connect(self.undo.setEnabled)
        group.canRedoChanged.connect(self.redo.setEnabled)
        group.undoTextChanged.connect(self._undo_text)
        group.redoTextChanged.connect(self._redo_text)
        self.undo.setEnabled(group.canUndo())
        self.redo.setEnabled(group.canRedo())
        bar.addSeparator()
        for text, tip, slot in (
            ("−", "Zoom out (Ctrl+−)", lambda: shell.view.zoom_out()),
            ("+", "Zoom in (Ctrl++)", lambda: shell.view.zoom_in()),
            ("Fit", "Fit (Ctrl+0)", lambda: shell.view.fit()),
        ):
            action = bar.addAction(text)
            action.triggered.connect(lambda _=False, s=slot: s())
            action.setToolTip(tip)
        bar.addSeparator()
        label = QLabel(" Edges: strongest ")
        self.top_k_box = QSpinBox()
        self.top_k_box.setObjectName("topK")
        self.top_k_box.setRange(MIN_TOP_K, MAX_TOP_K)
        # 10, 20 … 100, 200 …: the default 30 and the thousands are both a few steps away.
        self.top_k_box.setStepType(QSpinBox.StepType.AdaptiveDecimalStepType)
        self.top_k_box.setKeyboardTracking(False)
        self.top_k_box.setSuffix(" per layer")
        self.top_k_box.setToolTip(
            "How many of the strongest edges each layer of a large network draws"
        )
        self.ranking_box = QComboBox()
        self.ranking_box.setObjectName("edgeRanking")
        self.ranking_box.addItem("by |w·a| (this input)", "activity")
        self.ranking_box.addItem("by |w|", "weight")
        self.ranking_box.setToolTip(
            "Rank edges by what flows for this input (|w·a|) or by weight alone (|w|)"
        )
        self.edge_actions: list[QAction] = [
            bar.addWidget(widget) for widget in (label, self.top_k_box, self.ranking_box)
        ]
        self.top_k_box.valueChanged.connect(lambda value: shell.document.set_view(top_k=int(value)))
        self.ranking_box.activated.connect(
            lambda i: shell.document.set_view(edge_ranking=self.ranking_box.itemData(i))
        )
        self._watched = Following(self)
        shell.area.active_changed.connect(self._follow)
        self._follow(shell.area.active_view)

    def _choose_preset(self, index: int) -> None:
        name = self.chooser.itemData(index)
        document = self.shell.document
        if name is not None and name != document.description.name:
            self.files.open_preset(name)
        # Cancelled, or "(another network)": show what is really open.
        self.chooser.setCurrentIndex(max(self.chooser.findData(document.description.name), 0))

    def _undo_text(self, text: str) -> None:
        self.undo.setToolTip(f"Undo {text} (Ctrl+Z)")

    def _redo_text(self, text: str) -> None:
        self.redo.setToolTip(f"Redo {text} (Ctrl+Shift+Z)")

    def _follow(self, view: DocumentView) -> None:
        document = view.document
        self._watched.clear()
        for signal in (document.view_changed, document.trace_changed, document.description_changed):
            self._watched.link(signal, self.update)
        self.update()

    def update(self, *_: object) -> None:
        """Show the active document's settings."""
        document = self.shell.document
        settings = document.view
        self.top_k_box.blockSignals(True)
        self.top_k_box.setValue(settings.top_k)
        self.top_k_box.blockSignals(False)
        self.ranking_box.setCurrentIndex(self.ranking_box.findData(settings.edge_ranking))
        layout = self.shell.scene.layout
        large = layout is not None and not layout.detailed
        # Small networks draw every edge: the controls would only confuse there.
        for action in self.edge_actions:
            action.setVisible(large)
        index = self.chooser.findData(document.description.name)
        self.chooser.setCurrentIndex(max(index, 0))
