"""Step ▸ Show the chain rule: one neuron's computation as a graph, and the backward pass
stepped through it (issue 14, item 8).

Right-click a hidden or output neuron ▸ Show the chain rule…, or select one and choose
Step ▸ Show the chain rule for the selected neuron (Ctrl+Shift+K). The Chain rule panel
(docked at the bottom; it can float) draws the neuron's ×, + and activation nodes, and for
an output the loss C, each with its value and gradient
(:func:`nnviz.core.chain_rule.chain_graph`); Shift+→ / Shift+← (or its buttons) step the
backward pass one node at a time, Shift+Home / Shift+End go to either end. The panel
follows its document live: an edit, an undo, a new input or target redraws the numbers and
keeps the place; selecting another neuron shows that one. One panel per document
(:class:`~nnviz.qt.document_area.DocumentStack`); the actions act on the active one.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QAction, QPainter
from PySide6.QtWidgets import (
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.chain_graph import activation_name
from nnviz.core.chain_rule import chain_graph
from nnviz.present.chain_rule import ChainWalk
from nnviz.qt.appearance import Appearance
from nnviz.qt.binding import follow
from nnviz.qt.chain_rule_scene import ChainScene, ChainView
from nnviz.qt.document_area import DocumentStack
from nnviz.qt.document_view import DocumentView
from nnviz.qt.shell import Shell
from nnviz.session import Document

#: The share of the window's height the panel takes when it first shows (docked).
DOCK_SHARE = 0.45

_HINT = (
    "Right-click a hidden or output neuron ▸ Show the chain rule…, or select one and choose "
    "Step ▸ Show the chain rule for the selected neuron."
)


class ChainRulePanel(QWidget):
    """One document's chain-rule graph and its backward-pass controls.

    Signals
    -------
    changed()
        The graph or the place in it changed (the feature updates its actions).
    """

    changed = Signal()

    def __init__(self, document: Document, appearance: Appearance) -> None:
        super().__init__()
        self.document = document
        self.appearance = appearance
        self.neuron: tuple[int, int] | None = None
        self.walk: ChainWalk | None = None
        self.title = QLabel(_HINT)
        self.title.setObjectName("chainRuleTitle")
        self.title.setWordWrap(True)
        self.notes = QLabel()
        self.notes.setWordWrap(True)
        self.scene = ChainScene(appearance.style, self)
        self.view = ChainView(self.scene)
        self.view.setRenderHints(
            QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing
        )
        self.caption = QLabel()
        self.caption.setObjectName("chainRuleCaption")
        self.caption.setWordWrap(True)
        self.caption.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QHBoxLayout()
        self.buttons.setContentsMargins(0, 0, 0, 0)
        controls = QHBoxLayout()
        controls.addLayout(self.buttons)
        controls.addWidget(self.caption, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        layout.addWidget(self.title)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.notes)
        layout.addLayout(controls)
        follow(self, document.trace_changed, self.refresh)
        follow(self, document.view_changed, self._selection_changed)
        follow(self, document.opened, self._opened)
        appearance.changed.connect(self._restyle)
        self.notes.hide()

    def add_buttons(self, actions: list[QAction]) -> None:
        """Put a button for each of ``actions`` (the feature's stepping actions) left of the
        sentence."""
        for action in actions:
            button = QToolButton()
            button.setDefaultAction(action)
            button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            self.buttons.addWidget(button)

    # -- what is shown ------------------------------------------------------------------------

    def show_neuron(self, layer: int, neuron: int) -> None:
        """Show neuron ``neuron`` (from 0) of ``layer`` (1 .. L), from the start of its
        backward pass.

        Raises
        ------
        ValueError
            If the network has no such hidden or output neuron (nothing changes).
        """
        chain_graph(self.document.forward, self.document.backward, layer, neuron)
        self.neuron = (layer, neuron)
        self.walk = None
        self.refresh()

    def refresh(self) -> None:
        """Compute the graph again from the document (it changed) and redraw it."""
        document = self.document
        if self.neuron is None:
            self._empty(_HINT)
            return
        layer, neuron = self.neuron
        network = document.network
        if not (1 <= layer < network.n_layers and neuron < network.layer_sizes[layer]):
            self.neuron = None
            self._empty(f"That neuron is no longer in the network. {_HINT}")
            return
        graph = chain_graph(document.forward, document.backward, layer, neuron)
        if self.walk is None:
            self.walk = ChainWalk(graph)
        else:
            self.walk.replace_graph(graph)
        role = "output" if layer == network.n_layers - 1 else "hidden"
        activation = activation_name(network, layer, neuron)
        self.title.setText(f"<b>Chain rule for {graph.title}</b> ({role} neuron, {activation})")
        self.notes.setText(" ".join(graph.notes))
        self.notes.setVisible(bool(graph.notes))
        self._redraw()

    def _empty(self, text: str) -> None:
        self.walk = None
        self.title.setText(text)
        self.notes.hide()
        self.caption.setText("")
        self.scene.clear()
        self.scene.boxes = {}
        self.scene.lines = {}
        self.changed.emit()

    def _redraw(self) -> None:
        walk = self.walk
        if walk is None:
            return
        appearance = self.appearance
        self.scene.set_style(appearance.style, appearance.text_scale)
        texts = walk.texts()
        self.scene.draw(walk.graph, texts)
        current = [key for key, text in texts.items() if text.state == "current"]
        self.view.focus_box = self.scene.boxes.get(current[-1] if current else "v")
        self.caption.setText(walk.caption())
        self.view.fit()
        self.changed.emit()

    def _restyle(self, *_: object) -> None:
        self._redraw()

    def _selection_changed(self, *_: object) -> None:
        selected = self.document.view.selected
        if self.neuron is None or selected is None or selected == self.neuron:
            return
        if selected[0] >= 1:
            self.show_neuron(*selected)

    def _opened(self) -> None:
        self.neuron = None
        self._empty(_HINT)

    # -- stepping -----------------------------------------------------------------------------

    def step(self, move: Callable[[ChainWalk], object]) -> None:
        """Move the backward pass (``ChainWalk.forward`` …) and redraw."""
        if self.walk is not None:
            move(self.walk)
            self._redraw()


class ChainRule(QObject):
    """The chain-rule feature: the panel, the Step menu entry, the stepping keys.

    Parameters
    ----------
    shell : Shell
    """

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell.widget)
        self.shell = shell
        registry = shell.registry
        self.show_action = registry.add(
            "step.chain_rule",
            "Show the &chain rule for the selected neuron",
            self.show_selected,
            menu="Step",
            section="chain",
            shortcut="Ctrl+Shift+K",
            help="show the selected neuron's chain rule as a graph",
            help_section="step",
        )
        moves: list[tuple[str, str, str, Callable[[ChainWalk], object], str]] = [
            (
                "forward",
                "Next ▶",
                "Shift+Right",
                ChainWalk.forward,
                "one step on, towards the weights",
            ),
            ("back", "◀ Back", "Shift+Left", ChainWalk.back, "one step back, towards C"),
            ("start", "Start", "Shift+Home", ChainWalk.to_start, "back to the forward values"),
            ("end", "End", "Shift+End", ChainWalk.to_end, "every gradient"),
        ]
        self.moves: dict[str, QAction] = {}
        for name, text, key, move, tip in moves:
            self.moves[name] = registry.add(
                f"chain.{name}",
                text,
                functools.partial(self._step, move),
                shortcut=key,
                tip=f"Chain rule: {tip} ({key})",
                help="the chain-rule graph's backward pass: next / previous step, start / end"
                if name == "forward"
                else "",
                help_with="" if name == "forward" else "chain.forward",
                help_section="step",
            )
        self.panels = DocumentStack(shell.area, self._make)
        self.panels.currentChanged.connect(lambda _: self._update_actions())
        self.dock: QDockWidget = shell.add_panel(
            self.panels, "Chain rule", "chainRulePanel", Qt.DockWidgetArea.BottomDockWidgetArea
        )
        self.dock.hide()
        self._update_actions()

    def _make(self, view: DocumentView) -> ChainRulePanel:
        panel = ChainRulePanel(view.document, self.shell.appearance)
        panel.add_buttons([self.moves[name] for name in ("start", "back", "forward", "end")])
        panel.changed.connect(self._update_actions)
        view.diagram.chain_rule = lambda layer, neuron: self.show_neuron(layer, neuron)
        return panel

    @property
    def panel(self) -> ChainRulePanel:
        """The active document's panel."""
        panel = self.panels.currentWidget()
        assert isinstance(panel, ChainRulePanel)
        return panel

    def show_neuron(self, layer: int, neuron: int) -> None:
        """Show the chain rule of a neuron of the active document (and the panel)."""
        try:
            self.panel.show_neuron(layer, neuron)
        except ValueError as error:
            self.shell.show_message(str(error))
            return
        if not self.dock.isVisible():
            self.dock.show()
            if not self.dock.isFloating():
                # Room for the graph: about half the window's height, the diagram keeps the rest.
                window = self.shell.widget
                window.resizeDocks(
                    [self.dock], [int(window.height() * DOCK_SHARE)], Qt.Orientation.Vertical
                )
        self.dock.raise_()

    def show_selected(self) -> None:
        """Step ▸ Show the chain rule for the selected neuron."""
        selected = self.shell.document.view.selected
        if selected is None or selected[0] == 0:
            self.shell.show_message(
                "Select a hidden or output neuron first (click it), then show its chain rule."
            )
            return
        self.show_neuron(*selected)

    def _step(self, move: Callable[[ChainWalk], object]) -> None:
        if self.dock.isVisible():
            self.panel.step(move)

    def _update_actions(self) -> None:
        panel = self.panels.currentWidget()
        walk = panel.walk if isinstance(panel, ChainRulePanel) else None
        at_start = walk is None or walk.position == 0
        at_end = walk is None or walk.position >= walk.n_steps
        self.moves["start"].setEnabled(not at_start)
        self.moves["back"].setEnabled(not at_start)
        self.moves["forward"].setEnabled(not at_end)
        self.moves["end"].setEnabled(not at_end)
