"""Right-click an edge ▸ Check ∂C/∂w numerically: backpropagation beside the central
difference (C(w + h) − C(w − h)) / 2h, with h chosen from a list (see
:mod:`nnviz.core.gradient_check`). The numbers follow the document while the dialog is
open (edit a weight, and both are computed again)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QWidget

from nnviz.core.gradient_check import STEPS, check_weight
from nnviz.core.notation import format_number, pair_label
from nnviz.qt.binding import follow
from nnviz.session import Document


def _exact(value: float) -> str:
    return format_number(value, digits=10)


class GradientCheckDialog(QDialog):
    """Check the gradient of the weight from ``source`` to ``target`` entering ``layer``."""

    def __init__(
        self, document: Document, layer: int, source: int, target: int, parent: QWidget | None
    ) -> None:
        super().__init__(parent)
        network = document.network
        self.document = document
        self.edge = (layer, source, target)
        pair = pair_label(
            network.node_number(layer - 1, source), network.node_number(layer, target)
        )
        self.name = f"w{pair}"
        self.setWindowTitle(f"Gradient check: ∂C/∂{self.name}")
        self.step = QComboBox()
        self.step.setObjectName("gradientStep")
        for h in STEPS:
            self.step.addItem(format_number(h, digits=1), h)
        self.step.setCurrentIndex(STEPS.index(1e-4))
        self.step.currentIndexChanged.connect(lambda _: self.refresh())
        self.backprop = QLabel()
        self.losses = QLabel()
        self.numeric = QLabel()
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        for label in (self.backprop, self.losses, self.numeric, self.verdict):
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        form = QFormLayout(self)
        form.addRow("Step h", self.step)
        form.addRow("Backpropagation", self.backprop)
        form.addRow("Two forward passes", self.losses)
        form.addRow("Finite difference", self.numeric)
        form.addRow("", self.verdict)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        follow(self, document.trace_changed, self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Compute both again (another h, or the document changed)."""
        document = self.document
        layer, source, target = self.edge
        name = self.name
        if document.target is None or layer >= document.network.n_layers:
            self.verdict.setText("Set a target first: without one there is no loss C.")
            for label in (self.backprop, self.losses, self.numeric):
                label.setText("")
            return
        h = float(self.step.currentData())
        check = check_weight(
            document.network, document.inputs, document.target, layer, source, target, h
        )
        self.backprop.setText(f"∂C/∂{name} = {_exact(check.backprop)}")
        self.losses.setText(
            f"C({name} + h) = {_exact(check.loss_plus)}\nC({name} − h) = {_exact(check.loss_minus)}"
        )
        self.numeric.setText(f"(C({name} + h) − C({name} − h)) / 2h = {_exact(check.numeric)}")
        relative = check.relative
        if relative < 1e-6:
            why = "they agree: backpropagation computes the same slope, exactly and at once."
        elif h >= 0.01:
            why = "h is large: the loss is curved over 2h, so the difference is not the slope."
        else:
            why = (
                "h is tiny: C(w + h) and C(w − h) agree in almost every digit, and rounding "
                "is all that is left of their difference."
            )
        self.verdict.setText(f"Relative difference {format_number(relative, digits=2)}: {why}")
