"""The dialog that asks for a safetensors state dict's activations (the file has none).

A PyTorch ``state_dict`` holds the ``nn.Linear`` weights and biases, not the ``nn.ReLU``
between them; opening one asks for an activation per layer, the hidden layers offered
what a hidden layer may have and ReLU first, the output layer softmax first for several
outputs and sigmoid for one.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.activations import ACTIVATION_NAMES


def default_activations(layer_sizes: Sequence[int]) -> list[str]:
    """ReLU for every hidden layer; softmax (several outputs) or sigmoid (one) last."""
    hidden = ["relu"] * (len(layer_sizes) - 2)
    return [*hidden, "softmax" if layer_sizes[-1] > 1 else "sigmoid"]


class ActivationsDialog(QDialog):
    """One activation per layer of a ``layer_sizes`` network read from ``file_name``."""

    def __init__(
        self, file_name: str, layer_sizes: Sequence[int], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Activations of the layers")
        shape = "-".join(map(str, layer_sizes))
        intro = QLabel(
            f"{file_name} holds the weights of a {shape} network but not its activations "
            "(a PyTorch state dict keeps nn.Linear layers, not the nn.ReLU between them). "
            "Choose each layer's:"
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.boxes: list[QComboBox] = []
        defaults = default_activations(layer_sizes)
        n_layers = len(layer_sizes) - 1
        for layer in range(1, n_layers + 1):
            box = QComboBox()
            box.addItems(list(ACTIVATION_NAMES))
            box.setCurrentText(defaults[layer - 1])
            kind = "output layer" if layer == n_layers else "hidden layer"
            form.addRow(f"Layer {layer} ({kind}, {layer_sizes[layer]} neurons):", box)
            self.boxes.append(box)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)

    @property
    def activations(self) -> list[str]:
        """The chosen activations, layer 1 first."""
        return [box.currentText() for box in self.boxes]


def ask_activations(
    parent: QWidget, file_name: str, layer_sizes: Sequence[int]
) -> list[str] | None:
    """Ask for the activations; None if the user cancels."""
    dialog = ActivationsDialog(file_name, layer_sizes, parent)
    try:
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return None
        return dialog.activations
    finally:
        dialog.deleteLater()
