"""A teacher's own title and description for the network (Network panel ▸ Edit…).

The text is written through :meth:`nnviz.session.edits.Edits.set_description` (undoable,
saved with the session) and is then known to describe the numbers as they are; a refused
text (an empty title) is said in the dialog, which stays open.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from nnviz.session import Document


class DescriptionDialog(QDialog):
    """Edit the title and description of ``document``'s network."""

    def __init__(self, document: Document, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Describe the network")
        self.document = document
        description = document.description
        self.title = QLineEdit(description.title)
        self.title.setObjectName("descriptionTitle")
        self.text = QPlainTextEdit(description.description)
        self.text.setObjectName("descriptionText")
        self.text.setMinimumSize(420, 180)
        self.error = QLabel()
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        form = QFormLayout(self)
        form.addRow("Title", self.title)
        form.addRow("Description", self.text)
        hint = QLabel("What the class should notice; it is saved with the session.")
        hint.setObjectName("hint")
        form.addRow("", hint)
        form.addRow("", self.error)
        form.addRow(buttons)

    def save(self) -> None:
        """Write the title and text (one undoable edit) and close; refused: say why."""
        try:
            self.document.edits.set_description(self.title.text(), self.text.toPlainText())
        except ValueError as error:
            self.error.setText(f"Not saved: {error}.")
            self.error.show()
            return
        self.accept()
