"""The diagram's right-click menu: structure edits, activations, quick weight values."""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from nnviz.present.diagram.texts import layer_title
from nnviz.qt.diagram.scene import DiagramScene, Hit
from nnviz.qt.diagram.view import DiagramView
from nnviz.session import Document, Edits


class MenuOwner(Protocol):
    """What the menu acts through: the diagram's controller."""

    document: Document
    edits: Edits
    scene: DiagramScene
    view: DiagramView
    chain_rule: Callable[[int, int], None] | None

    def attempt(self, action: Callable[[], object]) -> None: ...
    def edit_weight(self, layer: int, source: int, target: int) -> None: ...
    def edit_input(self, index: int) -> None: ...
    def edit_neuron(self, layer: int, neuron: int) -> None: ...
    def add_activation_actions(self, menu: QMenu, layer: int) -> None: ...
    def add_neuron_activation_actions(self, menu: QMenu, layer: int, neuron: int) -> None: ...

    #: Features' additions to a node's menu (surgery): each adds its entries for ``hit``.
    menu_extensions: list[Callable[[QMenu, Hit], None]]


def _action(menu: QMenu, text: str, slot: Callable[[], object], refusal: str = "") -> QAction:
    action = menu.addAction(text)
    action.triggered.connect(lambda _=False: slot())
    if refusal:
        action.setEnabled(False)
        action.setToolTip(refusal)
    return action


def build_context_menu(controller: MenuOwner, hit: Hit | None, parent: QWidget) -> QMenu:
    """Return the menu for a right click on ``hit`` (a node, an edge, a title, or nothing)."""
    menu = QMenu(parent)
    menu.setToolTipsVisible(True)
    edits = controller.edits
    network = controller.document.network
    content = controller.scene.content
    run = controller.attempt
    if hit is None or content is None:
        _action(menu, "Fit the diagram to the window", controller.view.fit)
        _action(menu, "Zoom in", controller.view.zoom_in)
        _action(menu, "Zoom out", controller.view.zoom_out)
        return menu
    last = network.n_layers - 1
    if hit.kind == "edge":
        layer, source, target = hit.edge
        name = content.weight_name(layer, source, target)
        w = float(network.weights[layer - 1][source, target])
        _action(menu, f"Type {name}…", lambda: controller.edit_weight(layer, source, target))
        _action(
            menu,
            f"Set {name} to 0",
            lambda: run(lambda: edits.set_weight(layer, source, target, 0.0)),
        )
        _action(
            menu,
            f"Flip the sign of {name}",
            lambda: run(lambda: edits.set_weight(layer, source, target, -w)),
        )
        menu.addSeparator()
        _action(
            menu,
            f"Check ∂C/∂{name} against a finite difference…",
            lambda: _check_gradient(controller, layer, source, target, parent),
            "" if controller.document.target is not None else "needs a target (a loss)",
        )
        return menu
    layer = hit.layer
    if hit.kind == "node":
        neuron = hit.neuron
        if layer == 0:
            _action(menu, f"Type x{neuron + 1}…", lambda: controller.edit_input(neuron))
        else:
            title = content.node_title(layer, neuron)
            _action(menu, f"Edit {title}…", lambda: controller.edit_neuron(layer, neuron))
            show_chain_rule = controller.chain_rule
            if show_chain_rule is not None:
                _action(menu, "Show the chain rule…", lambda: show_chain_rule(layer, neuron))
        menu.addSeparator()
        grow = edits.structure_refusal(growing_layer=layer)
        what = "an input" if layer == 0 else "a neuron to this layer"
        _action(menu, f"Add {what}", lambda: run(lambda: edits.add_neuron(layer)), grow)
        refusal = edits.structure_refusal() or (
            "A layer needs at least one neuron." if network.layer_sizes[layer] == 1 else ""
        )
        _action(
            menu,
            f"Remove {content.node_title(layer, neuron)}",
            lambda: run(lambda: edits.remove_neuron(layer, neuron)),
            refusal,
        )
        for extend in controller.menu_extensions:
            extend(menu, hit)
    if layer >= 1 and hit.kind == "node":
        own = menu.addMenu(f"Activation of {content.value_name(layer, hit.neuron)}")
        own.setToolTipsVisible(True)
        controller.add_neuron_activation_actions(own, layer, hit.neuron)
    if layer >= 1:
        activations = menu.addMenu(f"Activation of the {layer_title(content, layer)}")
        activations.setToolTipsVisible(True)
        controller.add_activation_actions(activations, layer)
    menu.addSeparator()
    new_layer = edits.structure_refusal(new_layer=True)
    if layer < last:
        _action(
            menu,
            "Insert a hidden layer after this one",
            lambda: run(lambda: edits.add_layer(layer + 1)),
            new_layer,
        )
    if layer >= 1:
        _action(
            menu,
            "Insert a hidden layer before this one",
            lambda: run(lambda: edits.add_layer(layer)),
            new_layer,
        )
    if 1 <= layer < last:
        _action(
            menu,
            "Remove this hidden layer",
            lambda: run(lambda: edits.remove_layer(layer)),
            edits.structure_refusal(),
        )
    return menu


def _check_gradient(
    controller: MenuOwner, layer: int, source: int, target: int, parent: QWidget
) -> None:
    from nnviz.qt.gradient_check_dialog import GradientCheckDialog

    dialog = GradientCheckDialog(controller.document, layer, source, target, parent)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.show()
