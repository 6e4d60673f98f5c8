"""The Surgery feature: a Surgery page per document (:mod:`.surgery_page`), Train ▸ Surgery
(prune, weight noise, softmax temperature, each an action of the registry), and a node's
context-menu entries on the diagram (switch off, scale the incoming weights, shift the
bias). Every surgery is one undoable edit; the page shows its before → after."""

from __future__ import annotations

import functools

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QInputDialog, QMenu

from nnviz.core.surgery import ScaleIncoming, ShiftBias, Surgery, SwitchOff, neuron_name
from nnviz.qt.diagram.scene import Hit
from nnviz.qt.document_area import DocumentStack
from nnviz.qt.document_view import DocumentView
from nnviz.qt.shell import Shell
from nnviz.qt.training.surgery_page import SurgeryPage

#: The page's surgeries, each an action: (key, menu text, help).
PAGE_SURGERIES = (
    (
        "prune",
        "Surgery: &prune the smallest weights",
        "set the page's share of the smallest weights to 0",
    ),
    (
        "noise",
        "Surgery: add weight &noise",
        "add the page's Gaussian noise (σ, seed) to every weight",
    ),
    (
        "temperature",
        "Surgery: softmax &temperature",
        "divide the softmax output's sums by the page's T",
    ),
)


class SurgeryFeature(QObject):
    """Adds the Surgery page and its actions.

    Parameters
    ----------
    shell : Shell
    """

    def __init__(self, shell: Shell) -> None:
        super().__init__(shell.widget)
        self.shell = shell
        self.stack = DocumentStack(shell.area, self._make)
        shell.closed.connect(self._finish_jobs)
        self.index = shell.add_page(self.stack, "Surgery")
        registry = shell.registry
        registry.add(
            "train.show_surgery",
            "Show the &surgery page",
            self.show_page,
            menu="Train",
            section="show",
            help="the Surgery page: prune, add weight noise, a softmax temperature; test "
            "accuracy before → after",
        )
        self.actions = {
            key: registry.add(
                f"train.surgery_{key}",
                text,
                functools.partial(self.apply_page_surgery, key),
                menu="Train",
                section="surgery",
                tip=f"Surgery: {tip} (undoable)",
            )
            for key, text, tip in PAGE_SURGERIES
        }
        for page in self._page_list():
            page.set_actions(dict(self.actions))

    def _make(self, view: DocumentView) -> SurgeryPage:
        page = SurgeryPage(view.document)
        if hasattr(self, "actions"):
            page.set_actions(dict(self.actions))
        view.diagram.menu_extensions.append(functools.partial(self._extend_menu, view))
        return page

    def _page_list(self) -> list[SurgeryPage]:
        return [page for page in self.stack.widgets() if isinstance(page, SurgeryPage)]

    def _finish_jobs(self) -> None:
        for page in self._page_list():
            page.job.stop(1.0)

    @property
    def page(self) -> SurgeryPage:
        """The active document's Surgery page."""
        page = self.stack.currentWidget()
        assert isinstance(page, SurgeryPage)
        return page

    def show_page(self) -> None:
        """Bring the Surgery page to the front."""
        self.shell.pages.setCurrentIndex(self.index)

    def apply_page_surgery(self, key: str) -> bool:
        """Apply the page's surgery ``key`` ("prune", "noise", "temperature") to the
        active document, and show the page."""
        page = self.page
        self.show_page()
        return page.operate(page.chosen(key), self.shell.show_message)

    def operate(self, view: DocumentView, surgery: Surgery) -> bool:
        """Apply ``surgery`` to ``view``'s document and show its before → after."""
        page = self.stack.widget_for(view)
        assert isinstance(page, SurgeryPage)
        self.show_page()
        return page.operate(surgery, self.shell.show_message)

    # -- the diagram's context menu --------------------------------------------------------

    def _extend_menu(self, view: DocumentView, menu: QMenu, hit: Hit) -> None:
        network = view.document.network
        if hit.kind != "node" or hit.layer < 1:
            return
        layer, neuron = hit.layer, hit.neuron
        page = self.stack.widget_or_none(view)
        if not isinstance(page, SurgeryPage):
            return
        page.prepare()
        name = neuron_name(network, layer, neuron)
        sub = menu.addMenu("Surgery (test accuracy before → after)")
        sub.setObjectName("surgeryMenu")
        sub.setToolTipsVisible(True)
        refusal = page.refusal()
        entries = [
            (f"Switch {name} off", lambda: self.operate(view, SwitchOff(layer, neuron))),
            (f"Scale the weights into {name}…", lambda: self.ask_scale(view, layer, neuron)),
            (f"Shift the bias of {name}…", lambda: self.ask_shift(view, layer, neuron)),
        ]
        for index, (text, slot) in enumerate(entries):
            action = sub.addAction(text)
            action.triggered.connect(lambda _=False, slot=slot: slot())
            why = refusal
            if index == 0 and not why and layer == network.n_layers - 1:
                why = "an output neuron has nothing after it to switch off"
            if why:
                action.setEnabled(False)
                action.setToolTip(why)

    def ask_scale(self, view: DocumentView, layer: int, neuron: int) -> bool:
        """Ask for a factor, then scale the weights into the neuron by it."""
        name = neuron_name(view.document.network, layer, neuron)
        factor, ok = QInputDialog.getDouble(
            view, "Scale weights", f"Multiply the weights into {name} by", 0.5,
            -100.0, 100.0, 3,
        )  # fmt: skip
        return ok and self.operate(view, ScaleIncoming(layer, neuron, factor))

    def ask_shift(self, view: DocumentView, layer: int, neuron: int) -> bool:
        """Ask for an amount, then add it to the neuron's bias."""
        name = neuron_name(view.document.network, layer, neuron)
        delta, ok = QInputDialog.getDouble(
            view, "Shift bias", f"Add to the bias of {name}", 1.0, -100.0, 100.0, 3
        )
        return ok and self.operate(view, ShiftBias(layer, neuron, delta))
