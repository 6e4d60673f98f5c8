"""The inputs of a network trained on a standardised table, in the data's units.

A weights file exported from the playground (or by ``nnviz train --data FILE.csv``) keeps
the table's feature names and standardisation in its ``meta``; opened in the window, its
network's inputs are standardised numbers x = (value − mean) / scale. This box says so,
shows each input as the value in the data's units it stands for, and reads a value typed
there in those units: the network gets (value − mean) / scale (one undo step). The
diagram keeps showing the network's inputs xᵢ: they are what its arithmetic uses.
"""

from __future__ import annotations

import html

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from nnviz.core.notation import format_number
from nnviz.qt.binding import follow
from nnviz.session import Document
from nnviz.session.edits import number

#: A box with more inputs than this says what they are but shows no fields.
MAX_FIELDS = 16


class DataInputsBox(QWidget):
    """The data's-units inputs of ``document`` (hidden unless its inputs are standardised).

    Attributes
    ----------
    fields : list of QLineEdit
        One per input, in the data's units.
    note : QLabel
        What the inputs are, in words.
    """

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.document = document
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        self.note = QLabel()
        self.note.setWordWrap(True)
        layout.addWidget(self.note)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.setStyleSheet("color: #B3261E;")
        self.error.hide()
        layout.addWidget(self.error)
        self.fields: list[QLineEdit] = []
        self._shown: list[str] = []
        self._shape: tuple[object, ...] = ()
        follow(self, document.trace_changed, self.refresh)
        follow(self, document.description_changed, self.refresh)
        self.refresh()

    def refresh(self, *_: object) -> None:
        """Show the document's inputs in the data's units (or hide)."""
        description = self.document.description
        scaled = description.input_standardisation
        n = self.document.network.input_size
        self.setVisible(scaled is not None)
        if scaled is None:
            return
        names = [description.input_name(i) for i in range(n)]
        shape = (tuple(names), scaled)
        if shape != self._shape:
            self._shape = shape
            self._rebuild(names)
        mean, scale = scaled
        formulas = ", ".join(
            f"x{i + 1} = ({html.escape(names[i])} − {format_number(mean[i])}) / "
            f"{format_number(scale[i])}"
            for i in range(min(n, 4))
        )
        more = ", …" if n > 4 else ""
        typed = " Type them in the data's units:" if self.fields else ""
        self.note.setText(
            "<b>Inputs are standardised</b> (“std.” in the diagram; the weights file keeps "
            f"the table's mean and scale): {formulas}{more}.{typed}"
        )
        values = description.data_values(self.document.inputs)
        self._shown = [_shown(float(value)) for value in values]
        for field, text in zip(self.fields, self._shown, strict=False):
            if not field.hasFocus():
                field.setText(text)
                field.setStyleSheet("")

    def _rebuild(self, names: list[str]) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.fields = []
        if len(names) > MAX_FIELDS:
            return
        for index, name in enumerate(names):
            field = QLineEdit()
            field.setToolTip(f"{name} in the data's units (x{index + 1} is standardised)")
            field.editingFinished.connect(lambda i=index: self.apply(i))
            self.form.addRow(name, field)
            self.fields.append(field)

    def apply(self, index: int) -> bool:
        """Give input ``index`` the value typed in its field, in the data's units."""
        field = self.fields[index]
        document = self.document
        description = document.description
        if index < len(self._shown) and field.text().strip() == self._shown[index]:
            return True  # the value shown, rounded: not a change
        try:
            value = number(field.text(), "an input")
        except ValueError as error:
            self.error.setText(str(error))
            self.error.show()
            field.setStyleSheet("border: 1px solid #B3261E;")
            return False
        self.error.hide()
        field.setStyleSheet("")
        values = description.data_values(document.inputs)
        if values[index] == value:
            return True
        values[index] = value
        name = description.input_name(index)
        document.edits.set_inputs(
            description.network_inputs(values), f"set {name} to {format_number(value)}"
        )
        return True


def _shown(value: float) -> str:
    """A value in the data's units as a field shows it (six significant digits)."""
    return format_number(value, 6)
