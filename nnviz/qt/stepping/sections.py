"""The panel's phase sections: the loss and its target, why gradients vanish, the update.

Every field edits through the document's :class:`~nnviz.session.edits.Edits` (undoable);
refused text (``abc``, a target of the wrong length, η ≤ 0) is marked in place with the
reason and changes nothing.
"""

from __future__ import annotations

import re

import numpy as np
from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.losses import LOSS_NAMES, LOSSES
from nnviz.core.mnist import one_hot
from nnviz.core.notation import format_number
from nnviz.present.diagram.texts import exact
from nnviz.session import Document
from nnviz.session.numbers import parse_number

_SEPARATORS = re.compile(r"[,;\s]+")


def parse_target(text: str, n_outputs: int) -> np.ndarray | None:
    """Read a typed target: ``"1"``, ``"0, 1"``, ``"0 0 1"``; empty means no target.

    Raises
    ------
    ValueError
        With a message for the user: a value that is not a number, or the wrong count.
    """
    parts = [p for p in _SEPARATORS.split(text.strip()) if p]
    if not parts:
        return None
    values = np.array([parse_number(p) for p in parts])
    if values.size != n_outputs:
        numbers = "number" if n_outputs == 1 else "numbers"
        raise ValueError(
            f"the network has {n_outputs} output{'s' if n_outputs != 1 else ''}: "
            f"type {n_outputs} {numbers}, not {values.size}"
        )
    return values


def target_text(target: np.ndarray | None) -> str:
    """The target as the field shows it (exact numbers, comma-separated)."""
    return "" if target is None else ", ".join(exact(float(v)) for v in target)


def _error_style(colour: str) -> str:
    return f"QLineEdit {{ border: 2px solid {colour}; }}"


class _Section(QGroupBox):
    def __init__(self, title: str, document: Document) -> None:
        super().__init__(title)
        self.document = document
        self.edits = document.edits
        self.error_colour = "#B3261E"
        self.message = QLabel()
        self.message.setObjectName("sectionMessage")
        self.message.setWordWrap(True)
        self.message.hide()

    def _refuse(self, field: QLineEdit, error: Exception) -> None:
        self.message.setText(str(error))
        self.message.setStyleSheet(f"color: {self.error_colour};")
        self.message.show()
        field.setStyleSheet(_error_style(self.error_colour))

    def _accept(self, field: QLineEdit) -> None:
        self.message.hide()
        field.setStyleSheet("")


class LossSection(_Section):
    """The loss (mse, binary or categorical cross-entropy), its formula, and the target."""

    def __init__(self, document: Document) -> None:
        super().__init__("The loss and its target", document)
        form = QFormLayout(self)
        self.loss = QComboBox()
        self.loss.setObjectName("stepLoss")
        for name in LOSS_NAMES:
            self.loss.addItem(LOSSES[name].title, name)
        self.loss.activated.connect(self._choose_loss)
        self.formula = QLabel()
        self.formula.setWordWrap(True)
        self.target_class = QComboBox()
        self.target_class.setObjectName("stepTargetClass")
        self.target_class.activated.connect(self._choose_class)
        self.target = QLineEdit()
        self.target.setObjectName("stepTarget")
        self.target.setPlaceholderText("none: type the wanted outputs")
        self.target.setToolTip("The wanted output y, one number per output neuron")
        self.target.editingFinished.connect(self._apply_target)
        self.value = QLabel()
        self.value.setWordWrap(True)
        form.addRow("Loss", self.loss)
        form.addRow("", self.formula)
        form.addRow("Class", self.target_class)
        form.addRow("Target y", self.target)
        form.addRow(self.message)
        form.addRow(self.value)
        self._form = form

    def refresh(self, loss_shown: float | None) -> None:
        """Show the document's loss and target; ``loss_shown`` is the loss once revealed."""
        network = self.document.network
        self.loss.setCurrentIndex(self.loss.findData(network.loss))
        self.formula.setText(LOSSES[network.loss].formula)
        labels = self.document.description.output_labels
        target = self.document.target
        self._form.setRowVisible(self.target_class, labels is not None)
        if labels is not None:
            self.target_class.clear()
            self.target_class.addItem("(choose)", None)
            for index, label in enumerate(labels):
                self.target_class.addItem(f"“{label}”", index)
            if target is not None and np.array_equal(
                target, one_hot(int(np.argmax(target)), network.output_size)
            ):
                self.target_class.setCurrentIndex(int(np.argmax(target)) + 1)
        if not self.target.hasFocus():
            self.target.setText(target_text(target))
            self._accept(self.target)
        if target is None:
            self.value.setText("No target: type one to step into the loss and the backward pass.")
        elif loss_shown is None:
            self.value.setText("C is computed in the loss steps.")
        else:
            self.value.setText(f"C = {format_number(loss_shown)}")

    def _choose_loss(self, index: int) -> None:
        try:
            self.edits.set_loss(self.loss.itemData(index))
        except ValueError as error:
            self._refuse(self.target, error)

    def _choose_class(self, index: int) -> None:
        data = self.target_class.itemData(index)
        if data is None:
            return
        n = self.document.network.output_size
        label = self.target_class.itemText(index)
        self.edits.set_target(one_hot(int(data), n), f"target class {label}")

    def _apply_target(self) -> None:
        text = self.target.text()
        if text == target_text(self.document.target):
            return
        try:
            values = parse_target(text, self.document.network.output_size)
            shown = "none" if values is None else ", ".join(format_number(v) for v in values)
            self.edits.set_target(values, f"set the target to ({shown})")
        except ValueError as error:
            self._refuse(self.target, error)
            return
        self._accept(self.target)


class GradientNotice(QFrame):
    """Why every gradient is 0, with buttons to switch step layers to sigmoid or ReLU.

    Signals
    -------
    switch_requested(str)
        Replace every step activation by this one.
    """

    switch_requested = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("gradientNotice")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        self.title = QLabel("Why is every gradient 0?")
        self.title.setStyleSheet("font-weight: bold;")
        self.text = QLabel()
        self.text.setWordWrap(True)
        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for name, title in (("sigmoid", "Use sigmoid"), ("relu", "Use ReLU")):
            button = QPushButton(title)
            button.setToolTip(f"Replace every step activation by {name} (undoable)")
            button.clicked.connect(lambda _=False, n=name: self.switch_requested.emit(n))
            row.addWidget(button)
            self.buttons[name] = button
        row.addStretch(1)
        layout.addWidget(self.title)
        layout.addWidget(self.text)
        layout.addLayout(row)

    def show_reason(self, title: str, text: str, offer_switch: bool) -> None:
        """Say why; offer the switch when step layers are to blame."""
        self.title.setText(title)
        self.text.setText(text)
        for button in self.buttons.values():
            button.setVisible(offer_switch)
        self.show()


class UpdateSection(_Section):
    """η, the loss before and after one gradient-descent step, and Apply.

    Signals
    -------
    apply_requested()
    """

    apply_requested = Signal()

    def __init__(self, document: Document) -> None:
        super().__init__("Update", document)
        form = QFormLayout(self)
        self.learning_rate = QLineEdit()
        self.learning_rate.setObjectName("stepLearningRate")
        self.learning_rate.setToolTip("η, the step size of gradient descent: w ← w − η·∂C/∂w")
        self.learning_rate.editingFinished.connect(self._apply_learning_rate)
        self.comparison = QLabel()
        self.comparison.setObjectName("lossComparison")
        self.comparison.setWordWrap(True)
        font = self.comparison.font()
        font.setBold(True)
        self.comparison.setFont(font)
        self.apply = QPushButton("Apply this update")
        self.apply.setObjectName("applyUpdate")
        self.apply.setToolTip("Make the new weights the network's (undo with Ctrl+Z)")
        self.apply.clicked.connect(self.apply_requested.emit)
        self.history = QLabel()
        self.history.setObjectName("muted")
        self.history.setWordWrap(True)
        form.addRow("Learning rate η", self.learning_rate)
        form.addRow(self.message)
        form.addRow(self.comparison)
        form.addRow(self.apply)
        form.addRow(self.history)

    def refresh(
        self, before: float | None, after: float | None, history: list[tuple[float, float]]
    ) -> None:
        """Show η, the loss before and (once revealed) after, and the updates applied."""
        if not self.learning_rate.hasFocus():
            self.learning_rate.setText(exact(self.document.learning_rate))
            self._accept(self.learning_rate)
        has_target = self.document.target is not None
        self.apply.setEnabled(has_target)
        if before is None:
            self.comparison.setText("")
        elif after is None:
            self.comparison.setText(f"C before the update = {format_number(before)}")
        else:
            change = "lower" if after < before else "higher" if after > before else "unchanged"
            self.comparison.setText(
                f"C before = {format_number(before)}  →  after = {format_number(after)} ({change})"
            )
        if history:
            chain = " → ".join(
                [format_number(history[0][0])] + [format_number(after) for _, after in history]
            )
            self.history.setText(f"Updates applied so far: C = {chain}")
        self.history.setVisible(bool(history))
        self.comparison.setVisible(bool(self.comparison.text()))

    def _apply_learning_rate(self) -> None:
        text = self.learning_rate.text()
        if text == exact(self.document.learning_rate):
            return
        try:
            self.edits.set_learning_rate(text)
        except ValueError as error:
            self._refuse(self.learning_rate, error)
            return
        self._accept(self.learning_rate)
