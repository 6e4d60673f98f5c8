"""The Network panel beside the diagram: what the network is, its loss, target and input.

One panel per document (the window shows the active document's). Everything here edits
through the document's :class:`~nnviz.session.edits.Edits` (undoable), and refused text is
marked in place with the reason, changing nothing.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Callable

import numpy as np
from numpy.typing import NDArray
from PySide6.QtCore import QEvent, QSignalBlocker, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from nnviz.core.losses import LOSS_NAMES, LOSSES
from nnviz.core.mnist import load_test_set, one_hot, pixels_to_inputs
from nnviz.core.nonfinite import explain_non_finite
from nnviz.core.notation import format_number, target_name, unbroken
from nnviz.present.diagram.texts import exact
from nnviz.qt.binding import follow
from nnviz.qt.data_inputs import DataInputsBox
from nnviz.qt.description_dialog import DescriptionDialog
from nnviz.session import Document

#: Networks with up to this many outputs get one target field per output.
MAX_TARGET_FIELDS = 12
_ERROR_STYLE = "QLineEdit { border: 2px solid %s; }"


@functools.cache
def _test_set() -> tuple[NDArray[np.uint8], NDArray[np.uint8]]:
    return load_test_set()


class NetworkPanel(QScrollArea):
    """Title, description, shape, loss, target, learning rate and (for images) the digit."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        self.edits = edits = document.edits
        self.error_colour = "#B3261E"
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMinimumWidth(250)
        body = QWidget()
        self.setWidget(body)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(10, 8, 10, 8)
        self.title = QLabel()
        self.title.setWordWrap(True)
        self._title_font()
        self.description = QLabel()
        self.description.setWordWrap(True)
        self.description.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shape = QLabel()
        self.shape.setObjectName("muted")
        self.stale = QLabel(
            "Written for the numbers the network was opened with: they have changed "
            "since, so the text may not say what the diagram shows."
        )
        self.stale.setObjectName("staleDescription")
        self.stale.setWordWrap(True)
        self.edit_description = QPushButton("Edit…")
        self.edit_description.setToolTip("Write your own title and description")
        self.edit_description.clicked.connect(self.describe)
        title_row = QHBoxLayout()
        title_row.addWidget(self.title, 1)
        title_row.addWidget(self.edit_description, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(title_row)
        layout.addWidget(self.shape)
        layout.addWidget(self.description)
        layout.addWidget(self.stale)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.image_index = QSpinBox()
        self.image_index.setKeyboardTracking(False)
        self.image_index.setToolTip(
            "Show a digit from the MNIST test set (its label becomes the target)"
        )
        self.image_index.valueChanged.connect(self._show_test_image)
        self.image_row_label = QLabel("Test digit")
        form.addRow(self.image_row_label, self.image_index)
        self.loss = QComboBox()
        for name in LOSS_NAMES:
            self.loss.addItem(LOSSES[name].title, name)
        self.loss.activated.connect(
            lambda i: self._run(lambda: edits.set_loss(self.loss.itemData(i)))
        )
        form.addRow("Loss", self.loss)
        self.loss_formula = QLabel()
        self.loss_formula.setWordWrap(True)
        form.addRow("", self.loss_formula)
        self.target_class = QComboBox()
        self.target_class.activated.connect(self._choose_class)
        form.addRow("Target class", self.target_class)
        self.target_grid_holder = QWidget()
        self.target_grid = QGridLayout(self.target_grid_holder)
        self.target_grid.setContentsMargins(0, 0, 0, 0)
        form.addRow("Target", self.target_grid_holder)
        self.target_fields: list[QLineEdit] = []
        self._field_names: list[str] = []
        self.learning_rate = QLineEdit()
        self.learning_rate.setToolTip("η, the step size of gradient descent")
        self.learning_rate.editingFinished.connect(self._apply_learning_rate)
        form.addRow("Learning rate η", self.learning_rate)
        layout.addLayout(form)
        # A table-trained network's inputs in the data's units (hidden for the others).
        self.data_inputs = DataInputsBox(document)
        layout.addWidget(self.data_inputs)
        self.loss_value = QLabel()
        self.loss_value.setWordWrap(True)
        self.prediction = QLabel()
        self.prediction.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        # Where the first ∞ or NaN appeared and why, said once (nnviz.core.nonfinite).
        self.non_finite = QLabel()
        self.non_finite.setObjectName("nonFinite")
        self.non_finite.setWordWrap(True)
        self.non_finite.hide()
        layout.addWidget(self.loss_value)
        layout.addWidget(self.non_finite)
        layout.addWidget(self.prediction)
        layout.addWidget(self.message)
        layout.addStretch(1)
        self._form = form
        follow(self, document.trace_changed, self.refresh)
        follow(self, document.description_changed, self.refresh)
        self.refresh()

    def _title_font(self) -> None:
        """The title a size larger than the panel's text (following the text size)."""
        font = QFont(self.font())
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        self.title.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        """Follow the text size."""
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._title_font()

    # -- showing ------------------------------------------------------------------------------

    def refresh(self, *_: object) -> None:
        """Show the document's current state."""
        document = self.document
        network = document.network
        description = document.description
        self.title.setText(description.title)
        self.description.setText(description.description)
        self.description.setVisible(bool(description.description))
        current = document.snapshot().description_is_current
        self.stale.setVisible(bool(description.description) and not current)
        # A stale text reads as a footnote, not as the truth about the diagram.
        self.description.setEnabled(current)
        shape = " → ".join(str(n) for n in network.layer_sizes)
        self.shape.setText(f"{shape} · {network.n_parameters:,} parameters")
        is_image = description.input_image_shape == (28, 28)
        self._form.setRowVisible(self.image_index, is_image)
        if is_image:
            self._show_digit_shown(_test_set()[0])
        self.loss.setCurrentIndex(self.loss.findData(network.loss))
        self.loss_formula.setText(LOSSES[network.loss].formula)
        self._show_target()
        if not self.learning_rate.hasFocus():
            self.learning_rate.setText(exact(document.learning_rate))
            self.learning_rate.setStyleSheet("")
        backward = document.backward
        if backward is None:
            self.loss_value.setText("No target: set one to see the loss.")
        else:
            self.loss_value.setText(f"Loss C = {format_number(backward.loss)}")
        problem = explain_non_finite(document.forward, backward)
        self.non_finite.setVisible(problem is not None)
        if problem is not None:
            text = unbroken(html.escape(problem.explanation))
            self.non_finite.setText(f"<b>{problem.title}</b> {text}.")
            self.non_finite.setStyleSheet(f"color: {self.error_colour};")
        labels = description.output_labels
        output = document.forward.output
        if labels is not None:
            best = int(np.argmax(output))
            self.prediction.setText(
                f"Prediction: “{labels[best]}” (z = {format_number(float(output[best]))})"
            )
        else:
            self.prediction.setText("")
        self.prediction.setVisible(labels is not None)

    def describe(self) -> None:
        """Open the dialog that writes the network's title and description."""
        DescriptionDialog(self.document, self).exec()

    def _show_target(self) -> None:
        network = self.document.network
        labels = self.document.description.output_labels
        target = self.document.target
        use_classes = labels is not None
        self._form.setRowVisible(self.target_class, use_classes)
        self._form.setRowVisible(self.target_grid_holder, not use_classes)
        if use_classes:
            assert labels is not None
            self.target_class.clear()
            self.target_class.addItem("(no target)", None)
            for index, label in enumerate(labels):
                self.target_class.addItem(f"“{label}”", index)
            if target is None:
                self.target_class.setCurrentIndex(0)
            elif np.array_equal(target, one_hot(int(np.argmax(target)), network.output_size)):
                self.target_class.setCurrentIndex(int(np.argmax(target)) + 1)
            else:
                self.target_class.addItem("(custom)", -1)
                self.target_class.setCurrentIndex(self.target_class.count() - 1)
            return
        n = network.output_size
        names = self._target_names(min(n, MAX_TARGET_FIELDS))
        if names != self._field_names:
            self._rebuild_target_fields(names)
        for index, field in enumerate(self.target_fields):
            if field.hasFocus():
                continue
            value = "" if target is None else exact(float(target[index]))
            field.setText(value)
            field.setPlaceholderText("none")
            field.setStyleSheet("")

    def _target_names(self, count: int) -> list[str]:
        last = self.document.network.n_layers - 1
        return [target_name(self.document.network.node_number(last, i)) for i in range(count)]

    def _rebuild_target_fields(self, names: list[str]) -> None:
        self._field_names = names
        while self.target_grid.count():
            item = self.target_grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.target_fields = []
        for index, text in enumerate(names):
            name = QLabel(f"{text} =")
            field = QLineEdit()
            field.setObjectName(f"target{index}")
            field.editingFinished.connect(functools.partial(self._apply_target, index))
            self.target_grid.addWidget(name, index // 2, (index % 2) * 2)
            self.target_grid.addWidget(field, index // 2, (index % 2) * 2 + 1)
            self.target_fields.append(field)

    # -- editing ------------------------------------------------------------------------------

    def _run(self, action: Callable[[], object], field: QLineEdit | None = None) -> bool:
        try:
            action()
        except (ValueError, IndexError) as error:
            self.message.setText(str(error))
            self.message.setStyleSheet(f"color: {self.error_colour};")
            self.message.show()
            if field is not None:
                field.setStyleSheet(_ERROR_STYLE % self.error_colour)
            return False
        self.message.hide()
        if field is not None:
            field.setStyleSheet("")
        return True

    def _apply_target(self, index: int) -> None:
        field = self.target_fields[index]
        text = field.text()
        target = self.document.target
        if not text.strip() and target is None:
            return
        current = None if target is None else exact(float(target[index]))
        if text == current:
            return
        self._run(lambda: self.edits.set_target_value(index, text), field)

    def _choose_class(self, row: int) -> None:
        data = self.target_class.itemData(row)
        if data == -1:
            return
        n = self.document.network.output_size
        if data is None:
            self._run(lambda: self.edits.set_target(None, "remove the target"))
            return
        label = self.target_class.itemText(row)
        self._run(lambda: self.edits.set_target(one_hot(int(data), n), f"target class {label}"))

    def _apply_learning_rate(self) -> None:
        text = self.learning_rate.text()
        if text == exact(self.document.learning_rate):
            return
        self._run(lambda: self.edits.set_learning_rate(text), self.learning_rate)

    def _show_digit_shown(self, images: NDArray[np.uint8]) -> None:
        """Name the test digit the input is, or none: a weights file opened (its input all
        zeros) or a drawn digit read "Test digit 0" while the diagram showed no such digit."""
        spin = self.image_index
        with QSignalBlocker(spin):
            spin.setRange(-1, images.shape[0] - 1)
            spin.setSpecialValueText("—")
            index = spin.value()
            inputs = self.document.inputs
            if index >= 0 and not np.array_equal(pixels_to_inputs(images[index]), inputs):
                spin.setValue(-1)

    def _show_test_image(self, index: int) -> None:
        if index < 0:  # "none": there is no digit to show
            return
        images, labels = _test_set()
        network = self.document.network
        target = (
            one_hot(int(labels[index]), network.output_size) if network.output_size == 10 else None
        )
        self._run(
            lambda: self.edits.set_example(
                pixels_to_inputs(images[index]), target, f"show test digit {index}"
            )
        )
