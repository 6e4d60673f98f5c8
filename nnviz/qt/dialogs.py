"""Dialogs: a new network, and About."""

from __future__ import annotations

import html
import itertools

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nnviz import __version__
from nnviz.core.activations import ACTIVATION_NAMES
from nnviz.core.losses import LOSS_NAMES, LOSSES
from nnviz.core.network import Network
from nnviz.session.numbers import NumberTextError

#: The New dialog builds networks up to this many parameters (larger ones are for files).
MAX_NEW_PARAMETERS = 200_000


def parse_layer_sizes(text: str) -> list[int]:
    """Read ``"2, 3, 1"`` or ``"2-3-1"`` as layer sizes.

    Raises
    ------
    NumberTextError
        With a message for the user.
    """
    parts = [p for p in text.replace("-", ",").replace(" ", ",").split(",") if p]
    if len(parts) < 2:
        raise NumberTextError("give at least two layer sizes, e.g. 2, 2, 1")
    sizes = []
    for part in parts:
        if not part.isdigit() or int(part) < 1:
            raise NumberTextError(f"“{part}” is not a number of neurons (1 or more)")
        sizes.append(int(part))
    parameters = sum(a * b + b for a, b in itertools.pairwise(sizes))
    if parameters > MAX_NEW_PARAMETERS:
        raise NumberTextError(
            f"{parameters:,} parameters is more than this dialog builds ({MAX_NEW_PARAMETERS:,})"
        )
    return sizes


class NewNetworkDialog(QDialog):
    """Choose the shape, activations, loss and starting weights of a new network."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("New network")
        self.sizes = QLineEdit("2, 2, 1")
        self.sizes.setToolTip("Neurons per layer, input layer first")
        self.hidden = QComboBox()
        self.output = QComboBox()
        for box, default in ((self.hidden, "sigmoid"), (self.output, "sigmoid")):
            box.addItems(list(ACTIVATION_NAMES))
            box.setCurrentText(default)
        self.loss = QComboBox()
        for name in LOSS_NAMES:
            self.loss.addItem(f"{name} — {LOSSES[name].formula}", name)
        self.start = QComboBox()
        self.start.addItem("random (Xavier, for sigmoid and tanh)", "xavier")
        self.start.addItem("random (He, for ReLU)", "he")
        self.start.addItem("all zero", "zeros")
        self.seed = QSpinBox()
        self.seed.setRange(0, 1_000_000)
        self.message = QLabel()
        self.message.setStyleSheet("color: #B3261E;")
        self.message.hide()
        form = QFormLayout()
        form.addRow("Layer sizes", self.sizes)
        form.addRow("Hidden activation", self.hidden)
        form.addRow("Output activation", self.output)
        form.addRow("Loss", self.loss)
        form.addRow("Starting weights", self.start)
        form.addRow("Seed", self.seed)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self._accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.network: Network | None = None

    def build(self) -> Network:
        """The network the fields describe.

        Raises
        ------
        ValueError
            With a message for the user.
        """
        sizes = parse_layer_sizes(self.sizes.text())
        activations = [self.hidden.currentText()] * (len(sizes) - 2) + [self.output.currentText()]
        loss = str(self.loss.currentData())
        method = str(self.start.currentData())
        if method == "zeros":
            return Network.zeros(sizes, activations, loss)
        return Network.initialised(sizes, activations, loss, seed=self.seed.value(), method=method)

    def _accept(self) -> None:
        try:
            self.network = self.build()
        except ValueError as error:
            self.message.setText(str(error))
            self.message.show()
            return
        self.accept()


def about_text() -> str:
    """What Help ▸ About says."""
    return (
        f"<h3>nnviz {html.escape(__version__)}</h3>"
        "<p>See inside a neural network and play with it: every weight, weighted sum, "
        "activation, delta and gradient, computed exactly and editable in place.</p>"
        "<p>Built with PySide6 (Qt), pyqtgraph and NumPy. MIT licence.</p>"
        "<p>MNIST: Yann LeCun, Corinna Cortes and Christopher J. C. Burges, under the "
        "Creative Commons Attribution-Share Alike 3.0 licence.</p>"
    )


def show_about(parent: QWidget) -> None:
    """Show Help ▸ About."""
    QMessageBox.about(parent, "About nnviz", about_text())
