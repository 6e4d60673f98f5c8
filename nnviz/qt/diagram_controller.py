"""Binds a document to its diagram, and turns clicks, drags and wheel turns into edits.

Extension points (for the step-through and live training views):

- :attr:`DiagramController.content_filter` — a function applied to the full content before
  it is shown (hide values not reached yet, swap in animated weights); set it with
  :meth:`set_content_filter`, and call :meth:`refresh` when its output would change.
- :meth:`set_overlay` — highlight nodes and edges, add notes (δ5 = …, ∂C/∂w = …).
- ``controller.scene`` gives geometry (node rectangles, edge lines) for animations.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, QPoint, QPointF, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from nnviz.core.activations import ACTIVATION_NAMES, ACTIVATIONS
from nnviz.core.notation import format_number
from nnviz.present.diagram.content import DiagramContent, DiagramOverlay, content_from_document
from nnviz.present.diagram.texts import exact, layer_title
from nnviz.present.diagram.tooltips import edge_tooltip, header_tooltip, node_tooltip
from nnviz.qt.binding import follow
from nnviz.qt.context_menu import build_context_menu
from nnviz.qt.diagram.scene import Hit
from nnviz.qt.diagram.view import DiagramView
from nnviz.qt.editors import NeuronEditor, NumberEditor
from nnviz.session import Document, ViewSettings

#: A pause longer than this (ms) between wheel notches starts a new undo step.
WHEEL_GESTURE_MS = 900


class DiagramController(QObject):
    """The diagram's behaviour.

    Signals
    -------
    message(str)
        Something to tell the user in the status bar (a refusal, what is hovered).
    """

    message = Signal(str)

    def __init__(self, document: Document, view: DiagramView) -> None:
        super().__init__(view)
        self.document = document
        self.edits = document.edits
        self.view = view
        self.scene = view.diagram
        self.content_filter: Callable[[DiagramContent], DiagramContent] | None = None
        #: Shows a neuron's chain rule (set by the chain-rule feature; the context menu
        #: offers it when set).
        self.chain_rule: Callable[[int, int], None] | None = None
        #: Features' entries for a node's context menu (see :mod:`.context_menu`).
        self.menu_extensions: list[Callable[[QMenu, Hit], None]] = []
        self.number_editor = NumberEditor(view)
        self.neuron_editor = NeuronEditor(view)
        self._editing: tuple[str, tuple[int, ...]] | None = None
        self._anchor = QPointF()
        self._gesture = QTimer(self, singleShot=True, interval=WHEEL_GESTURE_MS)
        self._gesture.timeout.connect(self.edits.close_gesture)

        follow(self, document.trace_changed, self.refresh)
        follow(self, document.view_changed, self._show_view_settings)
        follow(self, document.opened, self._opened)
        view.clicked.connect(self._clicked)
        view.nudged.connect(self._nudged)
        view.nudge_finished.connect(lambda _hit: self.edits.close_gesture())
        view.context_requested.connect(self._context_menu)
        view.hovered.connect(self._hovered)
        view.view_changed.connect(self._follow_view)
        view.escape_pressed.connect(self.clear)
        view.tooltip_provider = self.tooltip
        view.nudgeable = lambda hit: hit.kind in ("edge", "node")
        self.number_editor.submitted.connect(self._apply_number)
        self.number_editor.cancelled.connect(self.close_editors)
        self.number_editor.focus_lost.connect(self._number_focus_lost)
        self.neuron_editor.bias_submitted.connect(self._apply_bias)
        self.neuron_editor.activation_chosen.connect(self._choose_activation)
        self.neuron_editor.own_activation_chosen.connect(self._choose_own_activation)
        self.neuron_editor.add_requested.connect(self._add_neuron_from_editor)
        self.neuron_editor.remove_requested.connect(self._remove_neuron_from_editor)
        self.neuron_editor.cancelled.connect(self.close_editors)
        self.scene.set_view_settings(document.view)
        self.refresh()

    # -- extension points ------------------------------------------------------------------

    def refresh(self) -> None:
        """Show the document's current numbers (through the content filter, if any)."""
        content = content_from_document(self.document)
        if self.content_filter is not None:
            content = self.content_filter(content)
        self.scene.set_content(content)
        layout = self.scene.layout
        self.view.nudge_needs_alt = layout is not None and not layout.detailed
        if self._editing is not None and not self._editing_is_valid():
            self.close_editors()
        hovered = self.view.hovered_hit
        if hovered is not None:
            self._hovered(hovered)

    def set_content_filter(
        self, function: Callable[[DiagramContent], DiagramContent] | None
    ) -> None:
        """Filter what the diagram shows (None shows everything) and refresh."""
        self.content_filter = function
        self.refresh()

    def set_overlay(self, overlay: DiagramOverlay) -> None:
        """Highlight nodes and edges and add notes (``DiagramOverlay()`` clears)."""
        self.scene.set_overlay(overlay)

    # -- tooltips --------------------------------------------------------------------------

    def tooltip(self, hit: Hit) -> str:
        """The tooltip of ``hit``, from the numbers shown right now."""
        content = self.scene.content
        if content is None:
            return ""
        # With a filter active (the step-through), the sentences would give away numbers
        # not revealed yet: tooltips then show only what the diagram shows.
        full = self.content_filter is None
        forward = self.document.forward if full else None
        backward = self.document.backward if full else None
        if hit.kind == "edge":
            return edge_tooltip(content, forward, backward, *hit.edge)
        if hit.kind == "node":
            return node_tooltip(content, forward, backward, *hit.node)
        return header_tooltip(content, hit.layer)

    # -- editors ---------------------------------------------------------------------------

    def close_editors(self) -> None:
        """Close any open editor (nothing is applied)."""
        self._editing = None
        self.number_editor.hide()
        self.neuron_editor.hide()
        self.view.setFocus()

    def clear(self) -> None:
        """Close editors and clear the selection (Esc)."""
        self.close_editors()
        if self.document.view.selected is not None:
            self.document.set_view(selected=None)

    def edit_weight(self, layer: int, source: int, target: int) -> None:
        """Open the number editor on edge ``(layer, source, target)``."""
        self.close_editors()
        content = self.scene.content
        assert content is not None
        value = float(content.weights[layer - 1][source, target])
        self._editing = ("weight", (layer, source, target))
        self._anchor = self.scene.edge_anchor(layer, source, target)
        name = content.weight_name(layer, source, target)
        self.number_editor.open(name, exact(value), self._anchor_point())

    def edit_input(self, index: int) -> None:
        """Open the number editor on input ``index``."""
        self.close_editors()
        content = self.scene.content
        assert content is not None
        self._editing = ("input", (index,))
        self._anchor = self.scene.node_rect(0, index).center()
        value = float(self.document.inputs[index])
        self.number_editor.open(content.value_name(0, index), exact(value), self._anchor_point())

    def edit_neuron(self, layer: int, neuron: int) -> None:
        """Open the neuron panel (bias, layer activation, add/remove)."""
        self.close_editors()
        content = self.scene.content
        assert content is not None
        self._editing = ("neuron", (layer, neuron))
        rect = self.scene.node_rect(layer, neuron)
        self._anchor = QPointF(rect.center().x(), rect.bottom() + 80)
        self.neuron_editor.open(
            title=f"{content.node_title(layer, neuron)} · {layer_title(content, layer)}",
            bias_name=content.bias_name(layer, neuron),
            bias_text=exact(float(self.document.network.biases[layer - 1][neuron])),
            activation=self.document.network.activations[layer - 1],
            own_activation=self.document.network.activation_of(layer, neuron),
            anchor=self._anchor_point(),
            structure_note=self.edits.structure_refusal(),
        )

    def _anchor_point(self) -> QPoint:
        return self.view.mapFromScene(self._anchor) + self.view.viewport().pos()

    def _follow_view(self) -> None:
        if self._editing is None:
            return
        editor = self.neuron_editor if self._editing[0] == "neuron" else self.number_editor
        editor.place_at(self._anchor_point())

    def _editing_is_valid(self) -> bool:
        assert self._editing is not None
        kind, key = self._editing
        sizes = self.document.network.layer_sizes
        if kind == "weight":
            layer, source, target = key
            return layer < len(sizes) and source < sizes[layer - 1] and target < sizes[layer]
        if kind == "input":
            return key[0] < sizes[0]
        layer, neuron = key
        return layer < len(sizes) and neuron < sizes[layer]

    def _hit_is_valid(self, hit: Hit) -> bool:
        sizes = self.document.network.layer_sizes
        if hit.layer >= len(sizes):
            return False
        if hit.kind == "edge":
            return hit.source < sizes[hit.layer - 1] and hit.target < sizes[hit.layer]
        return hit.kind != "node" or hit.neuron < sizes[hit.layer]

    def _apply_number(self, text: str) -> bool:
        if self._editing is None:
            return False
        kind, key = self._editing
        try:
            if kind == "weight":
                layer, source, target = key
                self.edits.set_weight(layer, source, target, text)
            elif kind == "input":
                self.edits.set_input(key[0], text)
        except ValueError as error:
            self.number_editor.show_error(str(error))
            return False
        self.close_editors()
        return True

    def _number_focus_lost(self, text: str) -> None:
        # Clicking elsewhere keeps a valid number (as a spreadsheet does) and drops an
        # invalid one silently; Enter is where a refusal is explained.
        if self._editing is None:
            return
        editing = self._editing
        try:
            if not self._apply_number(text) and self._editing == editing:
                self.close_editors()
        except RuntimeError:  # pragma: no cover - the window is being torn down
            pass

    def _apply_bias(self, text: str) -> None:
        if self._editing is None or self._editing[0] != "neuron":
            return
        layer, neuron = self._editing[1]
        try:
            self.edits.set_bias(layer, neuron, text)
        except ValueError as error:
            self.neuron_editor.show_error(str(error))
            return
        self.close_editors()

    def _choose_activation(self, name: str) -> None:
        if self._editing is not None and self._editing[0] == "neuron":
            layer, neuron = self._editing[1]
            self.set_layer_activation(layer, name)
            network = self.document.network
            # The layer's choice replaced the neuron's own: the editor says so.
            self.neuron_editor.show_own(
                network.activations[layer - 1], network.activation_of(layer, neuron)
            )
            self.neuron_editor.bias_field.setFocus()

    def _choose_own_activation(self, name: str) -> None:
        if self._editing is not None and self._editing[0] == "neuron":
            layer, neuron = self._editing[1]
            self.set_neuron_activation(layer, neuron, name or None)
            self.neuron_editor.bias_field.setFocus()

    def _add_neuron_from_editor(self) -> None:
        if self._editing is not None and self._editing[0] == "neuron":
            layer = self._editing[1][0]
            self.close_editors()
            self.attempt(lambda: self.edits.add_neuron(layer))

    def _remove_neuron_from_editor(self) -> None:
        if self._editing is not None and self._editing[0] == "neuron":
            layer, neuron = self._editing[1]
            self.close_editors()
            self.attempt(lambda: self.edits.remove_neuron(layer, neuron))

    def set_layer_activation(self, layer: int, name: str) -> None:
        """Give ``layer`` the activation ``name`` (undoable)."""
        self.attempt(lambda: self.edits.set_activation(layer, name))

    def set_neuron_activation(self, layer: int, neuron: int, name: str | None) -> None:
        """Give one neuron its own activation ``name`` (None: its layer's); undoable."""
        self.attempt(lambda: self.edits.set_neuron_activation(layer, neuron, name))

    def add_neuron_activation_actions(self, menu: QMenu, layer: int, neuron: int) -> None:
        """Add the neuron's own choice: its layer's, or one element-wise activation."""
        network = self.document.network
        own = network.activation_of(layer, neuron)
        default = network.activations[layer - 1]
        if not ACTIVATIONS[default].elementwise:
            action = menu.addAction(f"{default} is the whole layer's (its neurons are coupled)")
            action.setEnabled(False)
            return
        same = QAction(f"the layer's ({default})", menu, checkable=True, checked=own == default)
        same.triggered.connect(lambda _=False: self.set_neuron_activation(layer, neuron, None))
        menu.addAction(same)
        menu.addSeparator()
        for name in ACTIVATION_NAMES:
            if not ACTIVATIONS[name].elementwise or name == default:
                continue
            action = QAction(name, menu, checkable=True, checked=name == own)
            action.setToolTip(ACTIVATIONS[name].formula)
            action.triggered.connect(
                lambda _=False, n=name: self.set_neuron_activation(layer, neuron, n)
            )
            menu.addAction(action)

    def attempt(self, action: Callable[[], object]) -> None:
        """Run an edit; a refusal (ValueError, IndexError) becomes a status message."""
        try:
            action()
        except (ValueError, IndexError) as error:
            self.message.emit(str(error))

    # -- mouse -----------------------------------------------------------------------------

    def _clicked(self, hit: Hit | None, pos: QPoint) -> None:
        if hit is None:
            self.close_editors()
            if self.document.view.selected is not None:
                self.document.set_view(selected=None)
            return
        if hit.kind == "edge":
            self.edit_weight(*hit.edge)
        elif hit.kind == "node":
            self.document.set_view(selected=hit.node)
            if hit.layer == 0:
                self.edit_input(hit.neuron)
            else:
                self.edit_neuron(*hit.node)
        else:
            self.close_editors()
            self._activation_menu(hit.layer, self.view.viewport().mapToGlobal(pos))

    def _nudged(self, hit: Hit, steps: float, fine: bool) -> None:
        self.close_editors()
        key: tuple[int, ...]
        if hit.kind == "edge":
            kind, key = "weight", hit.edge
        elif hit.layer == 0:
            kind, key = "input", (hit.neuron,)
        else:
            kind, key = "bias", hit.node
        self.attempt(lambda: self.edits.nudge(kind, key, steps, fine))
        self._gesture.start()

    def _hovered(self, hit: Hit | None) -> None:
        content = self.scene.content
        if hit is None or content is None or not self._hit_is_valid(hit):
            self.message.emit("")
            return
        nudge = "Alt+scroll or Alt+drag" if self.view.nudge_needs_alt else "scroll or drag"
        if hit.kind == "edge":
            w = float(content.weights[hit.layer - 1][hit.source, hit.target])
            name = content.weight_name(*hit.edge)
            text = f"{name} = {format_number(w)} — click to type a weight, {nudge} to nudge"
        elif hit.kind == "node" and hit.layer == 0:
            name = content.value_name(0, hit.neuron)
            value = float(content.activations[0][hit.neuron])
            text = f"{name} = {format_number(value)} — click to type an input, {nudge} to nudge"
        elif hit.kind == "node":
            text = (
                f"{content.node_title(*hit.node)} — click for its bias and activation, "
                f"{nudge} to nudge the bias, right-click for more"
            )
        else:
            text = f"{layer_title(content, hit.layer)} — click to choose its activation"
        self.message.emit(text)

    def _activation_menu(self, layer: int, global_pos: QPoint) -> None:
        menu = QMenu(self.view)
        menu.setToolTipsVisible(True)
        self.add_activation_actions(menu, layer)
        menu.exec(global_pos)

    def add_activation_actions(self, menu: QMenu, layer: int) -> None:
        """Add one checkable action per activation for ``layer`` to ``menu``."""
        current = self.document.network.activations[layer - 1]
        for name in ACTIVATION_NAMES:
            action = QAction(name, menu, checkable=True, checked=name == current)
            action.setToolTip(ACTIVATIONS[name].formula)
            action.triggered.connect(lambda _=False, n=name: self.set_layer_activation(layer, n))
            menu.addAction(action)

    def _context_menu(self, hit: Hit | None, global_pos: QPoint) -> None:
        menu = build_context_menu(self, hit, self.view)
        if not menu.isEmpty():
            menu.exec(global_pos)

    # -- document ---------------------------------------------------------------------------

    def _show_view_settings(self, view: ViewSettings) -> None:
        self.scene.set_view_settings(view)

    def _opened(self) -> None:
        self.close_editors()
        self.view.fit()
